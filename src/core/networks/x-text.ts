/**
 * X's weighted length, exactly as twitter-text 3.1.0 `parseTweet` computes it (config v3, NFC first):
 * code points in 0–4351, 8192–8205, 8208–8223 and 8242–8247 weigh 1, others 2, an emoji (even a ZWJ
 * sequence) 2, a URL `charactersPerUrl` (23).
 */
import type TwitterText from 'twitter-text';
import type { ParseTweetOptions } from 'twitter-text';
import { lazyModule } from '../lazy.ts';
import { mayHoldUrl } from './entities.ts';

const twitter = lazyModule<typeof TwitterText>('twitter-text');
import { graphemeBoundaryAtOrBefore, segmentGraphemes } from './unicode.ts';

const LIGHT_RANGES: readonly [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

const optionsCache = new Map<string, ParseTweetOptions>();

/** twitter-text config v3 (config/v3.json) with the brand's limit and URL length. */
function parseOptions(limit: number, urlLength: number): ParseTweetOptions {
  const key = `${limit}/${urlLength}`;
  let options = optionsCache.get(key);
  if (!options) {
    options = {
      version: 3,
      maxWeightedTweetLength: limit,
      scale: 100,
      defaultWeight: 200,
      emojiParsingEnabled: true,
      transformedURLLength: urlLength,
      ranges: LIGHT_RANGES.map(([start, end]) => ({ start, end, weight: 100 })),
    };
    optionsCache.set(key, options);
  }
  return options;
}

/**
 * Texts with no character that can start or join a multi-code-point emoji: no astral character
 * (surrogates), no ZWJ, no combining enclosing keycap, no variation selector. In them twitter-text's
 * emoji parser changes nothing, since a lone BMP emoji weighs 2 like any character outside the light
 * ranges (checked for every BMP character in the tests). Also excludes X's invalid characters.
 */
const NO_EMOJI_SEQUENCE = /^[^\uD800-\uDFFF\u200D\u20E3\uFE00-\uFE0F\uFEFF\uFFFE\uFFFF]*$/;

const INVALID_CHARACTERS = /[\uFFFE\uFEFF\uFFFF]/g;

function lightCharacter(unit: number): boolean {
  for (const [start, end] of LIGHT_RANGES) if (unit >= start && unit <= end) return true;
  return false;
}

/** parseTweet's weightedLength without its emoji parser, for texts where it is provably the same. */
function weighWithoutEmoji(nfc: string, urlLength: number): number {
  let weight = 0;
  let index = 0;
  // Same URL extraction as parseTweet (with protocol-less URLs).
  for (const url of mayHoldUrl(nfc) ? twitter().extractUrlsWithIndices(nfc) : []) {
    for (; index < url.indices[0]; index++) weight += lightCharacter(nfc.charCodeAt(index)) ? 1 : 2;
    weight += urlLength;
    index = url.indices[1];
  }
  for (; index < nfc.length; index++) weight += lightCharacter(nfc.charCodeAt(index)) ? 1 : 2;
  return weight;
}

export interface XCount {
  length: number;
  /** UTF-16 index, in the text as given, of the first character past the limit. */
  overflowIndex?: number;
}

export function countX(text: string, limit: number, urlLength: number): XCount {
  const nfc = text.normalize('NFC');
  const options = parseOptions(limit, urlLength);
  const length = NO_EMOJI_SEQUENCE.test(nfc) ? weighWithoutEmoji(nfc, urlLength) : twitter().parseTweet(nfc, options).weightedLength;
  if (length <= limit) return { length };
  return { length, overflowIndex: xOverflowIndex(text, nfc, limit, options) };
}

function xOverflowIndex(text: string, nfc: string, limit: number, options: ParseTweetOptions): number {
  // validRangeEnd is the last UTF-16 index that still fits (inclusive) while the text is valid; an
  // invalid character freezes it, so those are replaced by a neutral character of the same weight.
  const parsed = twitter().parseTweet(nfc.replace(INVALID_CHARACTERS, '\u3000'), options);
  let nfcIndex = parsed.validRangeEnd + 1;
  // validRangeEnd starts at 0, so "nothing fits" and "the first character fits" look alike: weigh
  // the first unit (a URL at the start, else the first grapheme) to tell.
  if (parsed.validRangeEnd === 0 && firstUnitWeight(nfc, options) > limit) nfcIndex = 0;
  return nfc === text ? graphemeBoundaryAtOrBefore(text, nfcIndex) : indexBeforeNormalization(text, nfcIndex);
}

function firstUnitWeight(nfc: string, options: ParseTweetOptions): number {
  const url = twitter().extractUrlsWithIndices(nfc)[0];
  if (url?.indices[0] === 0) return options.transformedURLLength ?? 23;
  for (const { segment } of segmentGraphemes(nfc)) return twitter().parseTweet(segment, options).weightedLength;
  return 0;
}

/** Maps an index of text.normalize('NFC') back to `text`, grapheme by grapheme (NFC stays within one). */
function indexBeforeNormalization(text: string, nfcIndex: number): number {
  let normalizedEnd = 0;
  for (const { segment, index } of segmentGraphemes(text)) {
    normalizedEnd += segment.normalize('NFC').length;
    if (normalizedEnd > nfcIndex) return index;
  }
  return text.length;
}
