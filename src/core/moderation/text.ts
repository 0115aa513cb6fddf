/**
 * Text checks of the moderation rules: terms through the obfuscations people really use, links (also
 * written `exemple(point)com`), shouting, questions. Pure and synchronous.
 */
import { extractUrls } from '../networks/entities.ts';
import { foldedTermMatcher, foldForMatch } from '../text.ts';

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '€': 'e' };
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff\ufe0f]|\p{Extended_Pictographic}/gu;
/** No character of INVISIBLE is ASCII (tested): an ASCII text skips that replace. */
const ASCII = /^[\x00-\x7f]*$/;
const LETTER = /\p{L}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const LEET_CHAR = /[013457@$€]/;
/** The tokens (runs of non-spaces) that hold a leetspeak character: the only ones leetspeak can change. */
const LEET_TOKEN = /[^\s]*[013457@$€][^\s]*/g;
const LEET_DIGIT = /[013457@$€]/g;
const SPELT_OUT = /(?<![\p{L}\p{N}])\p{L}(?:[\s.\-_*·|/]+\p{L}(?![\p{L}\p{N}])){2,}/gu;
/**
 * A letter alone between two separators. Every run SPELT_OUT finds has one (its second letter), and most
 * texts have none: this scan has no lookbehind to try at every position.
 */
const SPELT_OUT_HINT = /[\s.\-_*·|/]\p{L}[\s.\-_*·|/]/u;

/**
 * Text as compared with the charter's terms, on both sides: no case, no accents, no zero-width or emoji
 * inside words, leetspeak digits inside words (c0nn4rd), single letters spelt out (c.o.n.n.a.r.d,
 * c o n n a r d), and no doubled letters (connnnard and connard both become conard).
 * Each step is skipped when a cheap scan shows it cannot change the text; test/moderation/
 * verdict-equivalence.test.ts compares the result with the plain chain of replacements.
 */
export function normalizeForTerms(text: string): string {
  let out = foldForMatch(ASCII.test(text) ? text : text.replace(INVISIBLE, ''));
  // Leetspeak only inside tokens that have letters: « 06 12 » and « 2026 » stay numbers.
  if (LEET_CHAR.test(out)) out = out.replace(LEET_TOKEN, (token) => (LETTER.test(token) ? token.replace(LEET_DIGIT, (c) => LEET[c] ?? c) : token));
  // Three or more single letters with separators between them: one word.
  if (SPELT_OUT_HINT.test(out)) out = out.replace(SPELT_OUT, (run) => run.replace(/[^\p{L}]/gu, ''));
  return collapseRepeatedLetters(out);
}

const letters = new Map<number, boolean>();
function isLetter(codePoint: number): boolean {
  if (codePoint < 0x80) return (codePoint | 32) >= 97 && (codePoint | 32) <= 122;
  let letter = letters.get(codePoint);
  if (letter === undefined) letters.set(codePoint, (letter = LETTER.test(String.fromCodePoint(codePoint))));
  return letter;
}

/** `text.replace(/(\p{L})\1+/gu, '$1')`, in one pass: the regular expression tried a back-reference at every letter. */
function collapseRepeatedLetters(text: string): string {
  let out = '';
  let copied = 0;
  let previous = -1;
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i)!;
    const size = codePoint > 0xffff ? 2 : 1;
    if (codePoint === previous && isLetter(codePoint)) {
      out += text.slice(copied, i);
      copied = i + size;
    }
    previous = codePoint;
    i += size;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** French inflections a single-word term also matches: « abruti » finds « abrutis », « abrutie », « abruties ». */
const INFLECTIONS = ['', 's', 'x', 'e', 'es'];

/**
 * A matcher for a rule's terms on normalizeForTerms' output once folded by foldForMatch (a run folds each
 * reply once for all the rules): the indices of the terms found.
 */
export function obfuscationAwareMatcher(terms: readonly string[]): (folded: string) => number[] {
  const { forms, indexOf } = expandTerms(terms);
  const match = foldedTermMatcher(forms);
  return (folded) => match(folded).map((found) => indexOf.get(found) ?? -1).filter((i) => i >= 0);
}

/**
 * Whether any term of any of the lists is in a folded normalized text, with one scan. Sound as a filter:
 * a list's own scan finds a term at some position only if, at that position, the union also matches
 * (with the same boundary check), and the union scan tries every position until its first valid match.
 */
export function anyTermMatcher(lists: readonly (readonly string[])[]): (folded: string) => boolean {
  const match = foldedTermMatcher(lists.flatMap((terms) => expandTerms(terms).forms));
  return (folded) => match(folded).length > 0;
}

function expandTerms(terms: readonly string[]): { forms: string[]; indexOf: Map<string, number> } {
  const forms: string[] = [];
  const indexOf = new Map<string, number>();
  terms.forEach((term, i) => {
    const base = normalizeForTerms(term).trim().split(/\s+/).join(' ');
    // No letter or digit (an emoji, punctuation): lint warns that it can never match a whole word, and its
    // inflections alone would match lone « s » or « e ».
    if (!WORD_CHAR.test(base)) return;
    for (const form of base.includes(' ') ? [base] : INFLECTIONS.map((suffix) => normalizeForTerms(base + suffix))) {
      if (indexOf.has(form)) continue;
      indexOf.set(form, i);
      forms.push(form);
    }
  });
  return { forms, indexOf };
}

const DOT_WORD = /\s*[([{]\s*(?:dot|point|\.)\s*[)\]}]\s*/gi;
const OPENING = /[([{]/;

const SCHEME_URL = /\bhttps?:\/\/[^\s<>"«»]+/gi;

/** The text with `(dot)` / `[.]` / `(point)` written back as dots. */
function undoDotWords(text: string): string {
  return OPENING.test(text) ? text.replace(DOT_WORD, '.') : text;
}

/**
 * Links in a text: every http(s) URL whatever its domain, and the bare domains twitter-text knows
 * (`boutique.fr/promo`), after undoing `(dot)` / `[.]` / `(point)`.
 */
export function countLinks(text: string): number {
  const plain = undoDotWords(text);
  const spans = [...plain.matchAll(SCHEME_URL)].map((m) => [m.index, m.index + m[0].length] as const);
  const bare = extractUrls(plain, { requireProtocol: false }).filter((u) => spans.every(([start, end]) => u.end <= start || u.start >= end));
  return spans.length + bare.length;
}

/**
 * At least countLinks(text), without twitter-text: every http(s) URL has its own `://`, and every bare
 * domain twitter-text accepts its own dot (`name.tld`). When this is within a rule's maxLinks, the exact
 * count is not needed.
 */
export function linkCountBound(text: string): number {
  const plain = undoDotWords(text);
  return occurrences(plain, '.') + occurrences(plain, '://');
}

function occurrences(text: string, part: string): number {
  let n = 0;
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + part.length)) n++;
  return n;
}

/** 0 no case, 1 lower case, 2 upper case, per code point above ASCII (computed once). */
const cases = new Map<number, number>();
function caseOf(codePoint: number): number {
  if (codePoint < 0x80) return codePoint >= 65 && codePoint <= 90 ? 2 : codePoint >= 97 && codePoint <= 122 ? 1 : 0;
  let kind = cases.get(codePoint);
  if (kind === undefined) {
    const ch = String.fromCodePoint(codePoint);
    const up = ch.toUpperCase();
    kind = ch.toLowerCase() === up ? 0 : ch === up ? 2 : 1;
    cases.set(codePoint, kind);
  }
  return kind;
}

/** Share of capital letters among letters that have a case (a character whose lower and upper forms differ), and how many there are. */
export function shouting(text: string): { letters: number; ratio: number } {
  let cased = 0;
  let upper = 0;
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i)!;
    i += codePoint > 0xffff ? 2 : 1;
    const kind = caseOf(codePoint);
    if (kind === 0) continue;
    cased++;
    if (kind === 2) upper++;
  }
  return { letters: cased, ratio: cased === 0 ? 0 : upper / cased };
}

const QUESTION_START = /^(?:est[- ]ce qu|comment\b|pourquoi\b|quand\b|combien\b|o[uù]\b|quel(?:le)?s?\b|qui\b|a(?:vez|urez|urais)[- ]vous\b|vous (?:avez|faites|livrez|ouvrez|fermez|acceptez|prenez)\b|faites[- ]vous\b|peut[- ]on\b|on peut\b|(?:serait|est)[- ]il possible\b|c'?est possible\b|y a[- ]t[- ]il\b|il y a\b.*\?|how\b|when\b|where\b|why\b|do you\b|can i\b|is there\b)/i;

/** Whether a reply asks the brand something (service client): a question mark, or a question's first words. */
export function isQuestion(text: string): boolean {
  const plain = text.replace(/https?:\/\/\S+/g, '').trim();
  if (plain.includes('?') || plain.includes('？')) return true;
  const start = foldForMatch(plain).replace(/^(?:@\S+\s+)+/, '').replace(/^(?:bonjour|bonsoir|salut|hello|coucou)[\s,!.]*/, '');
  return QUESTION_START.test(start);
}
