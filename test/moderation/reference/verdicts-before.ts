/**
 * The verdict code as it was before the speed pass (commit 8d32e71: src/core/moderation/text.ts and
 * decide.ts, and termMatcher of src/core/text.ts), frozen: the oracle the optimized matcher is compared
 * with in verdict-equivalence.test.ts. Do not "fix" or speed up this file: it must stay the old behaviour.
 */
/* eslint-disable */
import type { ChannelId } from '../../../src/core/channels.ts';
import type { MatchRef, Verdict, Interaction } from '../../../src/core/moderation/types.ts';
import { extractUrls } from '../../../src/core/networks/entities.ts';
import type { CharterAccount, ModerationRule, Netiquette } from '../../../src/core/schema/netiquette.ts';
import { foldForMatch } from '../../../src/core/text.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the code point ending just before `index` is a letter or a digit. */
function wordCharBefore(text: string, index: number): boolean {
  if (index === 0) return false;
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}

/** A matcher for whole words or phrases, ignoring case, accents and the spacing between words. */
function termMatcher(terms: readonly string[]): (text: string) => string[] {
  if (terms.length === 0) return () => [];
  const alternatives = terms.map((term) => foldForMatch(term).trim().split(/\s+/).map(escapeRegExp).join('\\s+'));
  // The word boundary before a term is checked by hand: a lookbehind would run at every position.
  const pattern = new RegExp(`(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return (text) => {
    const folded = foldForMatch(text);
    const found = new Set<string>();
    pattern.lastIndex = 0;
    for (let match = pattern.exec(folded); match; match = pattern.exec(folded)) {
      if (wordCharBefore(folded, match.index)) {
        pattern.lastIndex = match.index + 1;
        continue;
      }
      found.add(match[0].replace(/\s+/g, ' '));
    }
    return [...found];
  };
}

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

/** Patterns run on at most this many characters: bounded work per reply whatever a pattern does. */
const PATTERN_TEXT_LIMIT = 5000;

interface CompiledRule {
  rule: ModerationRule;
  terms?: (normalized: string) => number[];
  patterns: RegExp[];
}

export interface CompiledCharter {
  charter: Netiquette;
  rules: CompiledRule[];
  /** Widest repetition window of the rules, in ms (how long repetition state is kept). */
  repetitionWindowMs: number;
}

/** Compiles matchers once per run (not once per reply). */
export function compileCharter(charter: Netiquette): CompiledCharter {
  const rules = charter.rules.map((rule) => ({
    rule,
    ...(rule.match.terms?.length ? { terms: obfuscationAwareMatcher(rule.match.terms) } : {}),
    patterns: (rule.match.patterns ?? []).map((p) => new RegExp(p, 'iu')),
  }));
  const windows = charter.rules.map((r) => (r.match.repetition ? r.match.repetition.windowHours * 3_600_000 : 0));
  return { charter, rules, repetitionWindowMs: Math.max(0, ...windows) };
}

function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** Whether an account of the charter's `team` or `allow` list is the interaction's author. */
export function accountMatches(account: CharterAccount, network: ChannelId, author: { id: string; handle?: string | undefined }): boolean {
  if (account.network !== 'all' && account.network !== network) return false;
  if (account.id !== undefined && account.id === author.id) return true;
  if (account.handle === undefined || !author.handle) return false;
  const wanted = normalizeHandle(account.handle);
  const got = normalizeHandle(author.handle);
  // A Mastodon account is `name@instance`; a local account may come without its instance.
  return wanted === got || (network === 'mastodon' && (wanted.split('@')[0] === got || got.split('@')[0] === wanted) && !(wanted.includes('@') && got.includes('@')));
}

export interface RepetitionView {
  /** Earlier messages of the same author with the same text key (instants in ms), within the state kept. */
  earlier(authorKey: string, textKey: string): readonly number[];
}

export interface DecideInput {
  interaction: Interaction;
  /** Keyed pseudonym of the author (core/pseudonym.ts). */
  authorKey: string;
  /** Keyed hash of the normalized text: equal for the same message. */
  textKey: string;
  repetition: RepetitionView;
}

function firstMatch(compiled: CompiledRule, input: DecideInput, normalized: () => string): MatchRef | undefined {
  const { rule } = compiled;
  const text = input.interaction.text;
  if (compiled.terms) {
    const found = compiled.terms(normalized());
    if (found.length > 0) return { kind: 'term', index: Math.min(...found) };
  }
  if (compiled.patterns.length > 0) {
    const bounded = text.length > PATTERN_TEXT_LIMIT ? text.slice(0, PATTERN_TEXT_LIMIT) : text;
    const index = compiled.patterns.findIndex((p) => p.test(bounded));
    if (index >= 0) return { kind: 'pattern', index };
  }
  if (rule.match.maxLinks !== undefined) {
    const links = countLinks(text);
    if (links > rule.match.maxLinks) return { kind: 'links', count: links };
  }
  if (rule.match.shouting) {
    const s = shouting(text);
    if (s.letters >= rule.match.shouting.minLetters && s.ratio >= rule.match.shouting.ratio) return { kind: 'shouting' };
  }
  if (rule.match.repetition) {
    const createdMs = Date.parse(input.interaction.createdAt);
    const windowMs = rule.match.repetition.windowHours * 3_600_000;
    const count = input.repetition.earlier(input.authorKey, input.textKey).filter((at) => at <= createdMs && createdMs - at <= windowMs).length + 1;
    if (count > rule.match.repetition.maxRepeats) return { kind: 'repetition', count };
  }
  return undefined;
}

export function decide(compiled: CompiledCharter, input: DecideInput): Verdict {
  const { interaction } = input;
  const { charter } = compiled;
  if (interaction.author.isBrand) return { action: 'none', mode: 'enforce', exempt: 'brand', question: false };
  if (charter.team.some((a) => accountMatches(a, interaction.network, interaction.author))) return { action: 'none', mode: 'enforce', exempt: 'team', question: false };
  let normalizedText: string | undefined;
  const normalized = () => (normalizedText ??= normalizeForTerms(interaction.text));
  const question = interaction.kind !== 'quote' && isQuestion(interaction.text);
  for (const compiledRule of compiled.rules) {
    const match = firstMatch(compiledRule, input, normalized);
    if (!match) continue;
    const { rule } = compiledRule;
    const allowListed = rule.action !== 'flag' && charter.allow.some((a) => accountMatches(a, interaction.network, interaction.author));
    return {
      action: allowListed ? 'flag' : rule.action,
      ruleId: rule.id,
      match,
      mode: rule.mode,
      ...(allowListed ? { allowListed: true } : {}),
      // A reply hidden as spam or abuse is not a question to answer; a flagged one may still be.
      question: question && rule.action === 'flag',
      category: rule.category,
    };
  }
  return { action: 'none', mode: 'enforce', question };
}
