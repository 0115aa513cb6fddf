/**
 * Text checks of the moderation rules: terms through the obfuscations people really use, links (also
 * written `exemple(point)com`), shouting, questions. Pure and synchronous.
 */
import { extractUrls } from '../networks/entities.ts';
import { foldForMatch, termMatcher } from '../text.ts';

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '€': 'e' };
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff\ufe0f]|\p{Extended_Pictographic}/gu;
const LETTER = /\p{L}/u;
const LEET_CHAR = /[013457@$€]/;

/**
 * Text as compared with the charter's terms, on both sides: no case, no accents, no zero-width or emoji
 * inside words, leetspeak digits inside words (c0nn4rd), single letters spelt out (c.o.n.n.a.r.d,
 * c o n n a r d), and no doubled letters (connnnard and connard both become conard).
 */
export function normalizeForTerms(text: string): string {
  let out = foldForMatch(text.replace(INVISIBLE, ''));
  // Leetspeak only inside tokens that have letters: « 06 12 » and « 2026 » stay numbers.
  if (LEET_CHAR.test(out)) out = out.replace(/[^\s]+/g, (token) => (LETTER.test(token) ? token.replace(/[013457@$€]/g, (c) => LEET[c] ?? c) : token));
  // Three or more single letters with separators between them: one word.
  out = out.replace(/(?<![\p{L}\p{N}])\p{L}(?:[\s.\-_*·|/]+\p{L}(?![\p{L}\p{N}])){2,}/gu, (run) => run.replace(/[^\p{L}]/gu, ''));
  return out.replace(/(\p{L})\1+/gu, '$1');
}

/** French inflections a single-word term also matches: « abruti » finds « abrutis », « abrutie », « abruties ». */
const INFLECTIONS = ['', 's', 'x', 'e', 'es'];

/** A matcher for a rule's terms, as termMatcher, on normalized texts: indices of the terms found. */
export function obfuscationAwareMatcher(terms: readonly string[]): (normalized: string) => number[] {
  const expanded: string[] = [];
  const indexOf = new Map<string, number>();
  terms.forEach((term, i) => {
    const base = normalizeForTerms(term).trim().split(/\s+/).join(' ');
    const forms = base.includes(' ') ? [base] : INFLECTIONS.map((suffix) => normalizeForTerms(base + suffix));
    for (const form of forms) {
      if (indexOf.has(form)) continue;
      indexOf.set(form, i);
      expanded.push(form);
    }
  });
  const match = termMatcher(expanded);
  return (text) => match(text).map((found) => indexOf.get(found) ?? -1).filter((i) => i >= 0);
}

const DOT_WORD = /\s*[([{]\s*(?:dot|point|\.)\s*[)\]}]\s*/gi;

const SCHEME_URL = /\bhttps?:\/\/[^\s<>"«»]+/gi;

/**
 * Links in a text: every http(s) URL whatever its domain, and the bare domains twitter-text knows
 * (`boutique.fr/promo`), after undoing `(dot)` / `[.]` / `(point)`.
 */
export function countLinks(text: string): number {
  const plain = text.replace(DOT_WORD, '.');
  const spans = [...plain.matchAll(SCHEME_URL)].map((m) => [m.index, m.index + m[0].length] as const);
  const bare = extractUrls(plain, { requireProtocol: false }).filter((u) => spans.every(([start, end]) => u.end <= start || u.start >= end));
  return spans.length + bare.length;
}

/** Share of capital letters among letters that have a case, and how many there are. */
export function shouting(text: string): { letters: number; ratio: number } {
  let letters = 0;
  let upper = 0;
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lower === up) continue;
    letters++;
    if (ch === up) upper++;
  }
  return { letters, ratio: letters === 0 ? 0 : upper / letters };
}

const QUESTION_START = /^(?:est[- ]ce qu|comment\b|pourquoi\b|quand\b|combien\b|o[uù]\b|quel(?:le)?s?\b|qui\b|a(?:vez|urez|urais)[- ]vous\b|vous (?:avez|faites|livrez|ouvrez|fermez|acceptez|prenez)\b|faites[- ]vous\b|peut[- ]on\b|on peut\b|(?:serait|est)[- ]il possible\b|c'?est possible\b|y a[- ]t[- ]il\b|il y a\b.*\?|how\b|when\b|where\b|why\b|do you\b|can i\b|is there\b)/i;

/** Whether a reply asks the brand something (service client): a question mark, or a question's first words. */
export function isQuestion(text: string): boolean {
  const plain = text.replace(/https?:\/\/\S+/g, '').trim();
  if (plain.includes('?') || plain.includes('？')) return true;
  const start = foldForMatch(plain).replace(/^(?:@\S+\s+)+/, '').replace(/^(?:bonjour|bonsoir|salut|hello|coucou)[\s,!.]*/, '');
  return QUESTION_START.test(start);
}
