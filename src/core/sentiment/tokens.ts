/**
 * Tokens of a short social text for the sentiment engine: words (elisions split off: « n'est » → n', est),
 * emoji (a ZWJ sequence or a skin-tone variant is one emoji), and the punctuation that ends a clause.
 * URLs and @handles are dropped (they carry no opinion and may carry names); a #hashtag keeps its word.
 * A regular expression, not Intl.Segmenter: scoring 10,000 mentions must take well under a second.
 */
import { foldForMatch } from '../text.ts';

export type TokenKind = 'word' | 'emoji' | 'punct';

export interface Token {
  kind: TokenKind;
  /** As written (for the explanation of a score). */
  text: string;
  /** Lowercase, accents removed, apostrophe dropped: what the lexicons are keyed by. */
  key: string;
  /** An elided form: n', l', qu'… */
  elided: boolean;
  /** Written in capitals (at least two letters): shouting adds weight. */
  caps: boolean;
}

const DROPPED = /https?:\/\/\S+|www\.\S+|(?<![\p{L}\p{N}])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?/gu;
const TOKEN =
  /(\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*|[\u{1F1E6}-\u{1F1FF}]{2})|([\p{L}\p{M}]+(?:[-][\p{L}\p{M}]+)*)(['’](?=[\p{L}]))?|(\d+(?:[.,]\d+)?)|([!?]+|[.;:…,]+)/gu;
const VARIATION = /\uFE0F/g;

/** œ and æ do not decompose: « écœuré » must find the key ecoeur*. */
export function foldLigatures(text: string): string {
  return text.includes('œ') || text.includes('æ') ? text.replace(/œ/g, 'oe').replace(/æ/g, 'ae') : text;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const cleaned = text.normalize('NFC').replace(DROPPED, ' ');
  for (const match of cleaned.matchAll(TOKEN)) {
    const [whole, emoji, word, apostrophe, number, punct] = match;
    if (emoji !== undefined) {
      const bare = emoji.replace(VARIATION, '');
      tokens.push({ kind: 'emoji', text: emoji, key: bare, elided: false, caps: false });
    } else if (word !== undefined) {
      const letters = word.replace(/[^\p{L}]/gu, '');
      tokens.push({
        kind: 'word',
        text: apostrophe ? `${word}'` : word,
        key: foldLigatures(foldForMatch(word)),
        elided: apostrophe !== undefined,
        caps: letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase(),
      });
    } else if (number !== undefined) {
      tokens.push({ kind: 'word', text: number, key: number, elided: false, caps: false });
    } else if (punct !== undefined) {
      tokens.push({ kind: 'punct', text: whole, key: punct[0] === '…' ? '.' : punct, elided: false, caps: false });
    }
  }
  return tokens;
}
