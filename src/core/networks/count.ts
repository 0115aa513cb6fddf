/**
 * Text length exactly as each network counts it (networks.md §1 "Text limit / how counted", §2).
 */
import { NETWORK_LIMITS, textLimit, type NetworkLimits, type SocialChannelId } from './limits.ts';
import { countMastodon } from './mastodon-text.ts';
import {
  codePointIndex,
  countCodePoints,
  countGraphemes,
  graphemeBoundaryAtOrBefore,
  graphemeOverflow,
  sumGraphemes,
  threadsWeight,
  utf8Length,
} from './unicode.ts';
import { countX } from './x-text.ts';

export type CountUnit = 'weighted' | 'graphemes' | 'bytes' | 'emoji-bytes' | 'code points' | 'UTF-16 units';

export interface TextCount {
  length: number;
  limit: number;
  unit: CountUnit;
  /**
   * When over the limit: the UTF-16 index in the text of the first character that does not fit, on a
   * grapheme boundary, so `text.slice(0, overflowIndex)` is what would fit ("would be cut here").
   */
  overflowIndex?: number;
}

export interface CountOptions {
  /** Mastodon's content warning, counted with the text. */
  spoiler?: string;
  /** Media go with the text: Telegram and Slack then have a lower (caption) limit. */
  withMedia?: boolean;
}

const one = () => 1;

export function countText(channel: SocialChannelId, text: string, limits: NetworkLimits = NETWORK_LIMITS[channel], options: CountOptions = {}): TextCount {
  const limit = textLimit(limits, options.withMedia ?? false);
  const counting = limits.text;
  const over = (length: number, unit: CountUnit, overflow: () => number): TextCount =>
    length > limit ? { length, limit, unit, overflowIndex: overflow() } : { length, limit, unit };

  switch (counting.counting) {
    case 'x-weighted': {
      const { length, overflowIndex } = countX(text, limit, counting.charactersPerUrl ?? 23);
      return overflowIndex === undefined ? { length, limit, unit: 'weighted' } : { length, limit, unit: 'weighted', overflowIndex };
    }
    case 'graphemes': {
      const { length, overflowIndex } = countMastodon(text, limit, {
        urlLength: counting.charactersPerUrl,
        mentionDomainFree: counting.mentionDomainFree ?? false,
        spoiler: counting.countsSpoiler ? (options.spoiler ?? '') : '',
      });
      return overflowIndex === undefined ? { length, limit, unit: 'graphemes' } : { length, limit, unit: 'graphemes', overflowIndex };
    }
    case 'bluesky':
      return countBluesky(text, limit, counting.maxBytes ?? Infinity);
    case 'threads-emoji-bytes':
      return over(sumGraphemes(text, threadsWeight), 'emoji-bytes', () => graphemeOverflow(text, limit, threadsWeight) ?? text.length);
    case 'codepoints':
      return over(countCodePoints(text), 'code points', () => graphemeBoundaryAtOrBefore(text, codePointIndex(text, limit)));
    case 'utf16':
      return over(text.length, 'UTF-16 units', () => graphemeBoundaryAtOrBefore(text, limit));
  }
}

/**
 * Bluesky has two limits (300 graphemes, 3000 UTF-8 bytes). The one reported is the one violated;
 * when both are, the one crossed first, since cutting there satisfies both.
 */
function countBluesky(text: string, maxGraphemes: number, maxBytes: number): TextCount {
  const graphemes = countGraphemes(text);
  // A grapheme is at least one byte, so under maxGraphemes bytes the byte limit cannot be reached.
  const bytes = text.length * 3 <= maxBytes ? -1 : utf8Length(text);
  const graphemesOver = graphemes > maxGraphemes;
  const bytesOver = bytes > maxBytes;
  if (!graphemesOver && !bytesOver) return { length: graphemes, limit: maxGraphemes, unit: 'graphemes' };
  const graphemeCut = graphemesOver ? (graphemeOverflow(text, maxGraphemes, one) ?? text.length) : Infinity;
  const byteCut = bytesOver ? (graphemeOverflow(text, maxBytes, utf8Length) ?? text.length) : Infinity;
  return byteCut < graphemeCut
    ? { length: bytes, limit: maxBytes, unit: 'bytes', overflowIndex: byteCut }
    : { length: graphemes, limit: maxGraphemes, unit: 'graphemes', overflowIndex: graphemeCut };
}

/** How a network counts, for messages: "weighted, URLs count 23". */
export function describeCounting(limits: NetworkLimits, count: TextCount): string {
  const text = limits.text;
  switch (text.counting) {
    case 'x-weighted':
      return `weighted: most non-Latin characters and every emoji count 2, URLs count ${text.charactersPerUrl ?? 23}`;
    case 'graphemes': {
      const parts = ['characters'];
      if (text.charactersPerUrl !== undefined) parts.push(`URLs count ${text.charactersPerUrl}`);
      if (text.mentionDomainFree) parts.push('@user@domain counts as @user');
      if (text.countsSpoiler) parts.push('content warning included');
      return parts.join(', ');
    }
    case 'bluesky':
      return count.unit === 'bytes'
        ? `UTF-8 bytes; also at most ${text.maxCharacters} characters`
        : `characters; also at most ${text.maxBytes ?? 3000} UTF-8 bytes`;
    case 'threads-emoji-bytes':
      return 'characters, each emoji counting its UTF-8 bytes (usually 4, more for combined emoji)';
    case 'codepoints':
      return count.limit === text.maxCharactersWithMedia ? 'code points; a caption of a message with media' : 'code points';
    case 'utf16':
      return count.limit === text.maxCharactersWithMedia ? 'characters, UTF-16; text that goes with media' : 'characters, UTF-16';
  }
}
