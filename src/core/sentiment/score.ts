/**
 * A rule-based sentiment scorer for short French (and English) social texts, pure and fast. Why our own:
 * the packaged French lexicons on npm have no negation and miss the words of a food business
 * (../../../docs/watch.md, "Sentiment"). The method is VADER's, adapted to French:
 *
 * - each word's polarity from the lexicon (phrases first, longest match), emoji from their own table;
 * - negation (« ne … pas », « pas », « jamais », « sans »…) flips the words that follow in the same clause,
 *   up to three words on (× −0.75: « pas mauvais » is mildly positive);
 * - boosters (très, vraiment, trop…) × 1.3, dampeners (un peu, assez…) × 0.6; « trop » before a neutral
 *   taste or a price (trop sucré, trop cher) makes a complaint; capitals × 1.2;
 * - « mais », « par contre »…: what comes before counts half, what comes after 1.5 times;
 * - a question counts half; 🙃 🙄 turn praise into sarcasm; exclamation marks add weight;
 * - the sum s becomes a score in −1…1 (s / √(s² + 15)); ±0.15 separates the three labels;
 * - risk words (risk.ts) force `negative` unless the text is clearly positive (score ≥ 0.5);
 * - a review's stars, when given, decide the label (1–2 negative, 3 neutral, 4–5 positive).
 */
import { foldForMatch } from '../text.ts';
import { EMOJI_SCORES, SARCASM_EMOJI } from './emoji.ts';
import * as en from './lexicon-en.ts';
import * as fr from './lexicon-fr.ts';
import { RISK_TERMS } from './risk.ts';
import { foldLigatures, tokenize, type Token } from './tokens.ts';

export const SENTIMENT_LABELS = ['positive', 'neutral', 'negative'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];
export type SentimentLanguage = 'fr' | 'en';

export interface SentimentHit {
  /** The word, phrase or emoji as written. */
  word: string;
  /** What it added to the sum, modifiers applied. */
  score: number;
  negated?: boolean;
}

export interface SentimentResult {
  label: SentimentLabel;
  /** −1 (very negative) … 1 (very positive); from the stars when a rating decided. */
  score: number;
  /** Risk words found (folded, as in the list), whatever the label. */
  risk: string[];
  /** The words that decided, strongest first. */
  hits: SentimentHit[];
  lang: SentimentLanguage;
  /** What set the label: the text, a risk word, or the review's stars. */
  decidedBy: 'text' | 'risk' | 'rating';
}

/** What a brand adds in watch.mdx (`sentiment:`): its own words and risk words, and words to ignore. */
export interface LexiconExtension {
  words?: Readonly<Record<string, number>>;
  risk?: readonly string[];
  ignore?: readonly string[];
}

export interface ScoreOptions {
  /** The platform's language tag (fr, fr-FR, en…); detected from the words when absent or other. */
  lang?: string | undefined;
  /** A review's stars, 1–5. */
  rating?: number | undefined;
}

export interface Scorer {
  score(text: string, options?: ScoreOptions): SentimentResult;
}

/** The band around zero that is neutral. */
export const NEUTRAL_BAND = 0.15;
/** A text at least this positive keeps its label despite a risk word. */
const CLEARLY_POSITIVE = 0.5;
const NEGATION = -0.75;
const BOOST = 1.3;
const DAMPEN = 0.6;
const NEGATION_REACH = 3;

interface Phrase {
  keys: string[];
  score: number;
}

interface Language {
  words: Map<string, number>;
  prefixes: Map<string, number>;
  /** By first word, longest first. */
  phrases: Map<string, Phrase[]>;
  negators: ReadonlySet<string>;
  boosters: ReadonlySet<string>;
  dampeners: ReadonlySet<string>;
  dual: ReadonlySet<string>;
  excess: ReadonlySet<string>;
  contrasts: ReadonlySet<string>;
  contrastPhrases: Phrase[];
}

function compile(
  lexicon: Readonly<Record<string, number>>,
  phrases: Readonly<Record<string, number>>,
  sets: Pick<Language, 'negators' | 'boosters' | 'dampeners' | 'dual' | 'excess' | 'contrasts'>,
  contrastPhrases: readonly string[],
  extension: LexiconExtension,
): Language {
  const words = new Map<string, number>();
  const prefixes = new Map<string, number>();
  const byFirst = new Map<string, Phrase[]>();
  const ignore = new Set((extension.ignore ?? []).map(keyOf));
  const add = (raw: string, score: number) => {
    const key = keyOf(raw);
    if (ignore.has(key)) return;
    if (key.includes(' ')) {
      const keys = key.split(' ');
      const list = byFirst.get(keys[0]!) ?? [];
      const existing = list.findIndex((p) => p.keys.join(' ') === key);
      if (existing >= 0) list.splice(existing, 1);
      list.push({ keys, score });
      byFirst.set(keys[0]!, list);
    } else if (key.endsWith('*')) prefixes.set(key.slice(0, -1), score);
    else words.set(key, score);
  };
  for (const [raw, score] of Object.entries(lexicon)) add(raw, score);
  for (const [raw, score] of Object.entries(phrases)) add(raw, score);
  for (const [raw, score] of Object.entries(extension.words ?? {})) add(raw, score);
  for (const list of byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  return { words, prefixes, phrases: byFirst, ...sets, contrastPhrases: contrastPhrases.map((p) => ({ keys: p.split(' '), score: 0 })) };
}

/** Lowercase, no accents, apostrophes and hyphens as spaces between words: the lexicons' keys. */
function keyOf(raw: string): string {
  return foldLigatures(foldForMatch(raw.normalize('NFC')))
    .replace(/['’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function lookup(lang: Language, key: string): number | undefined {
  const exact = lang.words.get(key);
  if (exact !== undefined) return exact;
  for (let length = key.length; length >= 3; length--) {
    const score = lang.prefixes.get(key.slice(0, length));
    if (score !== undefined) return score;
  }
  return undefined;
}

const FR_STOP = new Set(['le', 'la', 'les', 'de', 'des', 'du', 'un', 'une', 'et', 'est', 'sont', 'pas', 'je', 'j', 'tu', 'il', 'elle', 'nous', 'vous', 'on', 'ce', 'c', 'cette', 'qu', 'que', 'qui', 'au', 'aux', 'pour', 'avec', 'sur', 'dans', 'tres', 'mais', 'n', 'l', 'd', 'leur', 'mon', 'ma', 'mes', 'votre', 'vos', 'chez', 'trop', 'ete', 'etait']);
const EN_STOP = new Set(['the', 'an', 'and', 'is', 'are', 'was', 'were', 'not', 'i', 'you', 'it', 'this', 'that', 'to', 'of', 'for', 'with', 'very', 'but', 'my', 'your', 'our', 'they', 'we', 'at', 'in', 'on', 'be', 'have', 'has', 'had', 'do', 'does', 'did', 'just', 'so', 'will', 'their', 'what']);

export function detectLanguage(tokens: readonly Token[], hint?: string): SentimentLanguage {
  const tag = hint?.toLowerCase().slice(0, 2);
  if (tag === 'fr' || tag === 'en') return tag;
  let french = 0;
  let english = 0;
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    if (FR_STOP.has(token.key)) french++;
    if (EN_STOP.has(token.key)) english++;
  }
  return english > french ? 'en' : 'fr';
}

type UnitKind = 'sentiment' | 'negator' | 'booster' | 'dampener' | 'dual' | 'contrast' | 'clause-end' | 'other';

interface Unit {
  kind: UnitKind;
  text: string;
  key: string;
  value: number;
  /** A phrase's value already says what it means: no negation on top. */
  fixed: boolean;
  caps: boolean;
  emoji: boolean;
  /** Index of the clause (between punctuation marks). */
  clause: number;
  question: boolean;
}

function units(tokens: readonly Token[], lang: Language, isEnglish: boolean): Unit[] {
  const out: Unit[] = [];
  let clause = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct') {
      out.push({ kind: 'clause-end', text: token.text, key: token.key, value: 0, fixed: true, caps: false, emoji: false, clause, question: false });
      clause++;
      continue;
    }
    if (token.kind === 'emoji') {
      const value = EMOJI_SCORES[token.key] ?? EMOJI_SCORES[[...token.key][0] ?? ''] ?? 0;
      out.push({ kind: value ? 'sentiment' : 'other', text: token.text, key: token.key, value, fixed: true, caps: false, emoji: true, clause, question: false });
      continue;
    }
    // English "don't", "wasn't": the tokenizer sees don' + t.
    if (isEnglish && token.elided && token.key.endsWith('n') && tokens[i + 1]?.key === 't') {
      out.push({ kind: 'negator', text: `${token.text}t`, key: "n't", value: 0, fixed: true, caps: false, emoji: false, clause, question: false });
      i++;
      continue;
    }
    const phrase = matchPhrase(tokens, i, lang.phrases.get(token.key));
    if (phrase) {
      const text = tokens.slice(i, i + phrase.keys.length).map((t) => t.text).join(' ');
      out.push({ kind: phrase.score === 0 ? 'other' : 'sentiment', text, key: phrase.keys.join(' '), value: phrase.score, fixed: true, caps: false, emoji: false, clause, question: false });
      i += phrase.keys.length - 1;
      continue;
    }
    const contrast = lang.contrastPhrases.find((p) => matchPhrase(tokens, i, [p]));
    if (contrast) {
      out.push({ kind: 'contrast', text: contrast.keys.join(' '), key: contrast.keys.join(' '), value: 0, fixed: true, caps: false, emoji: false, clause, question: false });
      i += contrast.keys.length - 1;
      continue;
    }
    const key = token.key;
    const base = { text: token.text, key, fixed: false, caps: token.caps, emoji: false, clause, question: false };
    if (lang.negators.has(key) || (token.elided && key === 'n')) out.push({ ...base, kind: 'negator', value: 0 });
    else if (lang.contrasts.has(key)) out.push({ ...base, kind: 'contrast', value: 0 });
    else if (lang.dual.has(key)) out.push({ ...base, kind: 'dual', value: lookup(lang, key) ?? 0 });
    else if (lang.boosters.has(key)) out.push({ ...base, kind: 'booster', value: 0 });
    else if (lang.dampeners.has(key)) out.push({ ...base, kind: 'dampener', value: 0 });
    else {
      let value = lookup(lang, key);
      // A hyphenated word not in the lexicon: its parts (anti-gaspi, sous-cuit).
      if (value === undefined && key.includes('-')) value = key.split('-').reduce((sum, part) => sum + (lookup(lang, part) ?? 0), 0);
      out.push({ ...base, kind: value ? 'sentiment' : 'other', value: value ?? 0 });
    }
  }
  // A clause that ends with « ? » is a question.
  const questions = new Set(out.filter((u) => u.kind === 'clause-end' && u.key.includes('?')).map((u) => u.clause));
  if (questions.size > 0) for (const unit of out) unit.question = questions.has(unit.clause);
  return out;
}

function matchPhrase(tokens: readonly Token[], at: number, candidates: readonly Phrase[] | undefined): Phrase | undefined {
  if (!candidates) return undefined;
  outer: for (const phrase of candidates) {
    for (let k = 0; k < phrase.keys.length; k++) {
      const token = tokens[at + k];
      if (!token || token.kind !== 'word' || token.key !== phrase.keys[k]) continue outer;
    }
    return phrase;
  }
  return undefined;
}

interface CompiledRisk {
  words: Set<string>;
  prefixes: string[];
  phrases: string[][];
}

function compileRisk(terms: readonly string[]): CompiledRisk {
  const risk: CompiledRisk = { words: new Set(), prefixes: [], phrases: [] };
  for (const raw of terms) {
    const key = keyOf(raw).replace(/\.\s*/g, ' ');
    if (key.includes(' ')) risk.phrases.push(key.split(' '));
    else if (key.endsWith('*')) risk.prefixes.push(key.slice(0, -1));
    else risk.words.add(key);
  }
  return risk;
}

function findRisk(tokens: readonly Token[], risk: CompiledRisk): string[] {
  const found = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'word') continue;
    const key = token.key;
    if (risk.words.has(key)) found.add(key);
    else {
      const prefix = risk.prefixes.find((p) => key.startsWith(p));
      if (prefix !== undefined) found.add(key);
    }
    for (const phrase of risk.phrases) {
      if (phrase[0] !== key) continue;
      if (phrase.every((part, k) => tokens[i + k]?.key === part)) found.add(phrase.join(' '));
    }
  }
  return [...found];
}

export function createScorer(extension: LexiconExtension = {}): Scorer {
  const languages: Record<SentimentLanguage, Language> = {
    fr: compile(fr.LEXICON_FR, fr.PHRASES_FR, { negators: fr.NEGATORS_FR, boosters: fr.BOOSTERS_FR, dampeners: fr.DAMPENERS_FR, dual: fr.DUAL_FR, excess: fr.EXCESS_FR, contrasts: fr.CONTRASTS_FR }, fr.CONTRAST_PHRASES_FR, extension),
    en: compile(en.LEXICON_EN, en.PHRASES_EN, { negators: en.NEGATORS_EN, boosters: en.BOOSTERS_EN, dampeners: en.DAMPENERS_EN, dual: en.DUAL_EN, excess: en.EXCESS_EN, contrasts: en.CONTRASTS_EN }, en.CONTRAST_PHRASES_EN, extension),
  };
  const ignoredRisk = new Set((extension.ignore ?? []).map(keyOf));
  const risk = compileRisk([...RISK_TERMS, ...(extension.risk ?? [])].filter((t) => !ignoredRisk.has(keyOf(t))));
  return {
    score(text, options = {}) {
      const tokens = tokenize(text);
      const langId = detectLanguage(tokens, options.lang);
      const result = scoreTokens(tokens, languages[langId], langId);
      const risks = findRisk(tokens, risk);
      const rating = options.rating;
      if (rating !== undefined && rating >= 1 && rating <= 5) {
        const label: SentimentLabel = rating <= 2 ? 'negative' : rating === 3 ? 'neutral' : 'positive';
        return { label, score: round((rating - 3) / 2), risk: risks, hits: result.hits, lang: langId, decidedBy: 'rating' };
      }
      if (risks.length > 0 && result.score < CLEARLY_POSITIVE) return { label: 'negative', score: result.score, risk: risks, hits: result.hits, lang: langId, decidedBy: labelOf(result.score) === 'negative' ? 'text' : 'risk' };
      return { label: labelOf(result.score), score: result.score, risk: risks, hits: result.hits, lang: langId, decidedBy: 'text' };
    },
  };
}

export function labelOf(score: number): SentimentLabel {
  return score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
}

function scoreTokens(tokens: readonly Token[], lang: Language, langId: SentimentLanguage): { score: number; hits: SentimentHit[] } {
  const list = units(tokens, lang, langId === 'en');
  const lastContrast = list.findLastIndex((u) => u.kind === 'contrast');
  const allCaps = tokens.filter((t) => t.kind === 'word').every((t) => t.caps);
  const sarcastic = tokens.some((t) => t.kind === 'emoji' && SARCASM_EMOJI.has(t.key));
  const hits: SentimentHit[] = [];
  let sum = 0;
  let negatedUntil = -1;
  let negatedClause = -1;
  let content = 0;

  for (let i = 0; i < list.length; i++) {
    const unit = list[i]!;
    if (unit.kind === 'clause-end') {
      negatedUntil = -1;
      continue;
    }
    if (unit.kind === 'negator') {
      negatedUntil = content + NEGATION_REACH;
      negatedClause = unit.clause;
      continue;
    }
    if (unit.kind === 'contrast' || unit.kind === 'booster' || unit.kind === 'dampener') continue;
    content++;
    let value = unit.value;
    let modifiers = 1;
    let excess = false;
    if (unit.kind === 'dual') {
      // Before a sentiment word, « super », « trop », « bien » strengthen it; alone they are words.
      const next = nextContent(list, i);
      if (next && (next.kind === 'sentiment' || (next.kind === 'dual' && next.value !== 0) || lang.excess.has(next.key))) continue;
      if (unit.key === 'trop') continue;
    }
    // « trop » right before a taste, a size or a price: too much of it.
    const previous = list[i - 1];
    if (previous?.key === 'trop' && lang.excess.has(unit.key)) {
      value = Math.min(value, -1.5);
      excess = true;
    }
    if (value === 0) continue;
    for (let back = i - 1, seen = 0; back >= 0 && seen < 2; back--) {
      const before = list[back]!;
      if (before.kind === 'clause-end') break;
      if (before.kind === 'negator') continue;
      if (before.kind === 'booster' || (before.kind === 'dual' && !(excess && before.key === 'trop'))) modifiers *= BOOST;
      else if (before.kind === 'dampener') modifiers *= DAMPEN;
      else break;
      seen++;
    }
    if (unit.caps && !allCaps) modifiers *= 1.2;
    const negated = !unit.fixed && negatedUntil >= content && negatedClause === unit.clause;
    if (negated) modifiers *= NEGATION;
    if (lastContrast >= 0) modifiers *= i < lastContrast ? 0.5 : 1.5;
    if (unit.question) modifiers *= 0.5;
    let contribution = value * modifiers;
    if (sarcastic && contribution > 0 && !unit.emoji) contribution *= -0.5;
    sum += contribution;
    hits.push({ word: unit.text, score: round(contribution), ...(negated ? { negated: true } : {}) });
  }
  if (sum !== 0) {
    const bangs = Math.min(4, tokens.filter((t) => t.kind === 'punct' && t.key.includes('!')).reduce((n, t) => n + (t.key.match(/!/g)?.length ?? 0), 0));
    sum += Math.sign(sum) * bangs * 0.3;
  }
  hits.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
  return { score: round(sum / Math.sqrt(sum * sum + 15)), hits };
}

function nextContent(list: readonly Unit[], i: number): Unit | undefined {
  for (let j = i + 1; j < list.length; j++) {
    const unit = list[j]!;
    if (unit.kind === 'clause-end') return undefined;
    if (unit.kind === 'booster' || unit.kind === 'dampener') continue;
    return unit;
  }
  return undefined;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
