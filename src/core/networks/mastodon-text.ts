/**
 * Mastodon's StatusLengthValidator: graphemes of `spoiler_text + countable_text(text)`, where
 * countable_text replaces every http(s) URL with `x` × characters_reserved_per_url and every
 * `@user@domain` with `@user` (entities found as its Extractor finds them, overlaps removed).
 */
import { extractMastodonMentions, extractUrls, type Entity } from './entities.ts';
import { countGraphemes, segmentGraphemes } from './unicode.ts';

/** A piece of the countable text and the part of the original text it stands for. */
interface Piece {
  text: string;
  sourceStart: number;
  /** A URL or a mention: cut before it, never inside. */
  atomic: boolean;
}

function countablePieces(text: string, urlLength: number | undefined, mentionDomainFree: boolean): Piece[] {
  if (text.trim() === '') return []; // `return '' if str.blank?`
  const entities: (Entity & { kind: 'url' | 'mention' })[] = [
    ...(urlLength !== undefined ? extractUrls(text, { requireProtocol: true }).map((e) => ({ ...e, kind: 'url' as const })) : []),
    ...(mentionDomainFree ? extractMastodonMentions(text).map((e) => ({ ...e, kind: 'mention' as const })) : []),
  ].sort((a, b) => a.start - b.start);
  const pieces: Piece[] = [];
  let cursor = 0;
  for (const entity of entities) {
    if (entity.start < cursor) continue; // remove_overlapping_entities: the earlier one wins
    if (entity.start > cursor) pieces.push({ text: text.slice(cursor, entity.start), sourceStart: cursor, atomic: false });
    const replacement = entity.kind === 'url' ? 'x'.repeat(urlLength ?? 0) : `@${entity.value.split('@')[0]}`;
    pieces.push({ text: replacement, sourceStart: entity.start, atomic: true });
    cursor = entity.end;
  }
  if (cursor < text.length) pieces.push({ text: text.slice(cursor), sourceStart: cursor, atomic: false });
  return pieces;
}

export interface MastodonCountOptions {
  /** Characters per http(s) URL; undefined: URLs count as written. */
  urlLength: number | undefined;
  mentionDomainFree: boolean;
  spoiler: string;
}

export interface MastodonCount {
  length: number;
  overflowIndex?: number;
}

export function countMastodon(text: string, limit: number, options: MastodonCountOptions): MastodonCount {
  const pieces = countablePieces(text, options.urlLength, options.mentionDomainFree);
  const countable = pieces.map((p) => p.text).join('');
  const combined = options.spoiler + countable;
  const length = countGraphemes(combined);
  if (length <= limit) return { length };
  return { length, overflowIndex: overflowInText(combined, options.spoiler.length, pieces, limit, text.length) };
}

/** Where the text (not the spoiler) stops fitting; 0 when the spoiler alone fills the limit. */
function overflowInText(combined: string, spoilerLength: number, pieces: readonly Piece[], limit: number, textLength: number): number {
  let count = 0;
  let crossing = -1;
  for (const { index } of segmentGraphemes(combined)) {
    if (++count > limit) {
      crossing = index;
      break;
    }
  }
  const countableIndex = crossing - spoilerLength;
  if (countableIndex <= 0) return 0;
  let pieceStart = 0;
  for (const piece of pieces) {
    const pieceEnd = pieceStart + piece.text.length;
    if (countableIndex < pieceEnd) return piece.atomic ? piece.sourceStart : piece.sourceStart + (countableIndex - pieceStart);
    pieceStart = pieceEnd;
  }
  return textLength;
}
