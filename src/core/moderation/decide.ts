/**
 * One verdict per interaction, from the charter, in the pure core (research/moderation.md §5):
 * 1. the brand's own accounts and its `team` are never moderated;
 * 2. rules in order, first match wins: terms (whole words, no case or accents, through obfuscations),
 *    patterns, links, shouting, repetition by the same author within a window;
 * 3. an `allow`-listed author is never hidden or reported automatically: at most flagged.
 * The edge passes keyed pseudonyms of the author and of the text (for repetition): the core never
 * needs the handle, and what it returns holds no third party's words.
 */
import type { ChannelId } from '../channels.ts';
import type { CharterAccount, ModerationRule, Netiquette } from '../schema/netiquette.ts';
import { foldForMatch } from '../text.ts';
import { anyTermMatcher, countLinks, isQuestion, linkCountBound, normalizeForTerms, obfuscationAwareMatcher, shouting } from './text.ts';
import type { Interaction, MatchRef, Verdict } from './types.ts';

/** Patterns run on at most this many characters: bounded work per reply whatever a pattern does. */
export const PATTERN_TEXT_LIMIT = 5000;

/** The part of a reply the patterns read. */
export function boundedForPatterns(text: string): string {
  return text.length > PATTERN_TEXT_LIMIT ? text.slice(0, PATTERN_TEXT_LIMIT) : text;
}

/**
 * One pattern on one (bounded) reply: whether it matches, or `over-budget` when it ran past the time the
 * edge allows it (src/moderation/pattern-budget.ts): then nobody knows, and a person decides.
 */
export type PatternTest = (text: string) => boolean | 'over-budget';

interface CompiledRule {
  rule: ModerationRule;
  /** On the folded normalized text (TextFacts.folded). */
  terms?: (folded: string) => number[];
  patterns: PatternTest[];
}

export interface CompiledCharter {
  charter: Netiquette;
  rules: CompiledRule[];
  /** Whether any rule's term is in a folded normalized text: most replies are ruled out with one scan. */
  anyTerm: (folded: string) => boolean;
  /** Widest repetition window of the rules, in ms (how long repetition state is kept). */
  repetitionWindowMs: number;
  /** What the rules found in each text seen (a spam wave, « Merci ! »: the same words many times a run). */
  facts: Map<string, TextFacts>;
}

/** Texts whose facts a compiled charter remembers; beyond, it starts again (memory stays bounded). */
const FACTS_KEPT = 50_000;

/**
 * Compiles matchers once per run (not once per reply). `patternTest` runs a rule's pattern (the edge runs
 * the ones it cannot prove fast under a time budget); by default, the regular expression itself.
 */
export function compileCharter(charter: Netiquette, options: { patternTest?: (source: string, regex: RegExp) => PatternTest } = {}): CompiledCharter {
  const direct = (_source: string, regex: RegExp): PatternTest => (text) => regex.test(text);
  const patternTest = options.patternTest ?? direct;
  const rules = charter.rules.map((rule) => ({
    rule,
    ...(rule.match.terms?.length ? { terms: obfuscationAwareMatcher(rule.match.terms) } : {}),
    patterns: (rule.match.patterns ?? []).map((p) => patternTest(p, new RegExp(p, 'iu'))),
  }));
  const windows = charter.rules.map((r) => (r.match.repetition ? r.match.repetition.windowHours * 3_600_000 : 0));
  return { charter, rules, anyTerm: anyTermMatcher(charter.rules.map((r) => r.match.terms ?? [])), repetitionWindowMs: Math.max(0, ...windows), facts: new Map() };
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

/**
 * What the rules look at in one reply, each computed at most once and only when a rule needs it, and
 * shared by every reply of the run with the same text.
 */
class TextFacts {
  /** Per rule: what its text-only criteria found (null: nothing), once computed. */
  readonly ruleMatches: (MatchRef | null | undefined)[] = [];
  #question: boolean | undefined;
  #folded: string | undefined;
  #anyTerm: boolean | undefined;
  #linkBound: number | undefined;
  #links: number | undefined;
  #shouting: { letters: number; ratio: number } | undefined;
  readonly text: string;
  readonly #compiled: CompiledCharter;
  constructor(text: string, compiled: CompiledCharter) {
    this.text = text;
    this.#compiled = compiled;
  }
  /** normalizeForTerms, folded once for every rule's terms. */
  get folded(): string {
    return (this.#folded ??= foldForMatch(normalizeForTerms(this.text)));
  }
  get anyTerm(): boolean {
    return (this.#anyTerm ??= this.#compiled.anyTerm(this.folded));
  }
  get linkBound(): number {
    return (this.#linkBound ??= linkCountBound(this.text));
  }
  get links(): number {
    return (this.#links ??= countLinks(this.text));
  }
  get shouting(): { letters: number; ratio: number } {
    return (this.#shouting ??= shouting(this.text));
  }
  get question(): boolean {
    return (this.#question ??= isQuestion(this.text));
  }
}

function factsOf(compiled: CompiledCharter, text: string): TextFacts {
  let facts = compiled.facts.get(text);
  if (!facts) {
    if (compiled.facts.size >= FACTS_KEPT) compiled.facts.clear();
    compiled.facts.set(text, (facts = new TextFacts(text, compiled)));
  }
  return facts;
}

/** What a rule's criteria on the text alone find: terms, patterns, links, shouting (in that order). */
function textMatch(compiled: CompiledRule, facts: TextFacts): MatchRef | null {
  const { rule } = compiled;
  const text = facts.text;
  if (compiled.terms && facts.anyTerm) {
    const found = compiled.terms(facts.folded);
    if (found.length > 0) return { kind: 'term', index: Math.min(...found) };
  }
  if (compiled.patterns.length > 0) {
    const bounded = boundedForPatterns(text);
    for (let index = 0; index < compiled.patterns.length; index++) {
      const found = compiled.patterns[index]!(bounded);
      if (found === 'over-budget') return { kind: 'pattern-budget', index };
      if (found) return { kind: 'pattern', index };
    }
  }
  // The exact count (twitter-text) only when the cheap bound says it could be over the limit.
  if (rule.match.maxLinks !== undefined && facts.linkBound > rule.match.maxLinks && facts.links > rule.match.maxLinks) return { kind: 'links', count: facts.links };
  if (rule.match.shouting) {
    const s = facts.shouting;
    if (s.letters >= rule.match.shouting.minLetters && s.ratio >= rule.match.shouting.ratio) return { kind: 'shouting' };
  }
  return null;
}

function firstMatch(compiled: CompiledRule, ruleIndex: number, input: DecideInput, facts: TextFacts): MatchRef | undefined {
  const { rule } = compiled;
  let found = facts.ruleMatches[ruleIndex];
  if (found === undefined) facts.ruleMatches[ruleIndex] = found = textMatch(compiled, facts);
  if (found) return found;
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
  const facts = factsOf(compiled, interaction.text);
  const question = interaction.kind !== 'quote' && facts.question;
  for (let i = 0; i < compiled.rules.length; i++) {
    const compiledRule = compiled.rules[i]!;
    const match = firstMatch(compiledRule, i, input, facts);
    if (!match) continue;
    const { rule } = compiledRule;
    if (match.kind === 'pattern-budget') {
      // Whether this rule matches is unknown, and it comes first: neither act on a later rule nor let it go.
      return { action: 'flag', ruleId: rule.id, match, mode: rule.mode, question, category: rule.category };
    }
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
