/**
 * A proof, for the simple patterns charters use, that a moderation pattern runs in linear time on
 * JavaScript's backtracking engine: then recheck (seconds of CPU per pattern with `\s+` or `\S+`) need
 * not run. Anything the proof does not cover goes to recheck, so this only ever says "safe" early.
 *
 * The patterns covered (flags `iu`, as moderation compiles them): alternatives of sequences made of
 *   - finite parts: characters, classes, `\b` `^` `$`, groups and alternations, bounded quantifiers
 *     (`?`, `{m,n}`), with no look-around, back-reference, modifier or lazy quantifier;
 *   - unbounded greedy quantifiers (`+`, `*`, `{m,}`) on ONE character matcher (a character, a class,
 *     `\s`, `\S`, `.`, `\p{…}`…), directly in the top-level sequence, never inside a group.
 * A quantifier on one character matcher C is deterministic when no character C matches can start what
 * follows it (FIRST(rest) ∩ C = ∅): after it takes the longest run, every shorter try fails at the first
 * character of the rest (or ends the search by matching the empty rest), so only one path goes on.
 *
 * Rules, for each top-level unbounded quantifier U = C{m,}:
 *   (F) U ends its alternative and m ≤ 16: reaching U either matches (the run is long enough) or fails
 *       after fewer than m characters;
 *   otherwise both
 *   (X) U is deterministic (FIRST of what follows ∩ C = ∅), and
 *   (E) the finite part just before U always consumes a character, and never one C matches: U starts
 *       only at the first character of a maximal run of C, so different entries scan disjoint runs.
 * Then, from any start position, the search follows a bounded number of paths (the product of the
 * finite parts' paths, a deterministic quantifier counting one), each entry of a quantifier costs
 * O(length of its run), and (E) lets only a bounded number of start positions reach a given run: the
 * whole search is O(text length). The finite parts' path count must stay ≤ MAX_PATHS.
 *
 * Character sets are compared exactly, never guessed: an intersection is decided only when one side is
 * an explicit list of characters that case-insensitive matching cannot reach from any other character
 * (ASCII characters that are not letters, and white space; checked over every code point in the tests),
 * by testing each of them against the other side with the real engine.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';

/** Bounded paths per start position beyond which the proof gives up (recheck decides). */
const MAX_PATHS = 100_000;

/** (F): the longest run an unbounded quantifier ending a pattern may need before it matches. */
const MAX_FINAL_MIN = 16;

/** JavaScript's `\s`: WhiteSpace and LineTerminator (checked against `/\s/u` over every code point). */
export const WHITE_SPACE = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)), '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const DIGITS = [...'0123456789'];

/** Characters no other character matches under `iu`: ASCII non-letters and white space (tested). */
export function isCaseless(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return ch.length === 1 && ((c < 0x80 && !/[A-Za-z]/.test(ch)) || WHITE_SPACE.includes(ch));
}

type Matcher = AST.Character | AST.CharacterClass | AST.CharacterSet | AST.ExpressionCharacterClass;

/** Why the proof does not apply: recheck decides. */
class Unproven extends Error {}

const compiled = new Map<string, RegExp>();
function accepts(matcher: Matcher, ch: string): boolean {
  let re = compiled.get(matcher.raw);
  if (!re) compiled.set(matcher.raw, (re = new RegExp(`^(?:${matcher.raw})$`, 'iu')));
  return re.test(ch);
}

/** The characters a matcher accepts, when that is a short list of caseless characters. */
function explicitMembers(matcher: Matcher): string[] | undefined {
  if (matcher.type === 'Character') {
    const ch = String.fromCodePoint(matcher.value);
    return isCaseless(ch) ? [ch] : undefined;
  }
  if (matcher.type === 'CharacterSet') {
    if (matcher.kind === 'space' && !matcher.negate) return WHITE_SPACE;
    if (matcher.kind === 'digit' && !matcher.negate) return DIGITS;
    return undefined;
  }
  if (matcher.type !== 'CharacterClass' || matcher.negate || matcher.unicodeSets) return undefined;
  const out: string[] = [];
  for (const element of matcher.elements) {
    if (element.type === 'Character' || element.type === 'CharacterSet') {
      const members = explicitMembers(element as Matcher);
      if (!members) return undefined;
      out.push(...members);
    } else if (element.type === 'CharacterClassRange') {
      if (element.max.value - element.min.value > 128) return undefined;
      for (let c = element.min.value; c <= element.max.value; c++) {
        const ch = String.fromCodePoint(c);
        if (!isCaseless(ch)) return undefined;
        out.push(ch);
      }
    } else return undefined;
  }
  return out;
}

/** True only when no character is accepted by both (decided exactly, or not at all). */
function disjoint(a: Matcher, b: Matcher): boolean {
  // Two characters: under `iu` each accepts its case-folding class, and two classes meet only when equal.
  if (a.type === 'Character' && b.type === 'Character') return !accepts(b, String.fromCodePoint(a.value));
  const ofA = explicitMembers(a);
  if (ofA) return ofA.every((ch) => !accepts(b, ch));
  const ofB = explicitMembers(b);
  if (ofB) return ofB.every((ch) => !accepts(a, ch));
  return false;
}

interface Info {
  /** Matchers of the first character consumed. */
  first: Matcher[];
  /** Matchers of the last character consumed. */
  last: Matcher[];
  nullable: boolean;
  /** Paths the backtracking search can follow through it (deterministic quantifiers count one). */
  paths: number;
}

const cap = (n: number) => Math.min(n, Number.MAX_SAFE_INTEGER);

function isMatcher(node: AST.Node): node is Matcher {
  return node.type === 'Character' || node.type === 'CharacterClass' || node.type === 'CharacterSet' || node.type === 'ExpressionCharacterClass';
}

/** A finite part, given the matchers that can start what follows it. */
function finite(node: AST.Node, follow: readonly Matcher[]): Info {
  if (isMatcher(node)) {
    if (node.type === 'ExpressionCharacterClass' || (node.type === 'CharacterClass' && node.unicodeSets) || (node.type === 'CharacterSet' && node.kind === 'property' && node.strings)) throw new Unproven();
    return { first: [node], last: [node], nullable: false, paths: 1 };
  }
  switch (node.type) {
    case 'Assertion':
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') throw new Unproven();
      return { first: [], last: [], nullable: true, paths: 1 };
    case 'Group':
    case 'CapturingGroup': {
      if (node.type === 'Group' && node.modifiers) throw new Unproven();
      const alternatives = node.alternatives.map((alternative) => sequence(alternative.elements, follow));
      // Alternatives that each consume a first character no other can (`a|b|c`): past that character at
      // most one goes on, so the paths are the most of one, not their sum.
      const exclusive = alternatives.every((a, i) => !a.nullable && alternatives.slice(i + 1).every((b) => a.first.every((f) => b.first.every((g) => disjoint(f, g)))));
      return {
        first: alternatives.flatMap((a) => a.first),
        last: alternatives.flatMap((a) => a.last),
        nullable: alternatives.some((a) => a.nullable),
        paths: exclusive ? Math.max(...alternatives.map((a) => a.paths)) : cap(alternatives.reduce((sum, a) => sum + a.paths, 0)),
      };
    }
    case 'Quantifier': {
      if (!node.greedy || node.max === Number.POSITIVE_INFINITY) throw new Unproven();
      const element = node.element;
      if (isMatcher(element)) {
        const one = finite(element, follow);
        const deterministic = follow.every((f) => disjoint(element, f));
        return { ...one, nullable: node.min === 0, paths: deterministic ? 1 : node.max - node.min + 1 };
      }
      // A repeated group: what follows an iteration is another iteration or what follows the group.
      const first = finite(element, []).first;
      const body = finite(element, [...first, ...follow]);
      let paths = 0;
      for (let k = node.min; k <= node.max && paths < MAX_PATHS; k++) paths = cap(paths + body.paths ** k);
      return { first: body.first, last: body.last, nullable: node.min === 0 || body.nullable, paths };
    }
    default:
      throw new Unproven();
  }
}

/** A sequence of finite parts, right to left so that each knows what can follow it. */
function sequence(elements: readonly AST.Node[], follow: readonly Matcher[]): Info {
  let after: Matcher[] = [...follow];
  let restNullable = true;
  let first: Matcher[] = [];
  let last: Matcher[] = [];
  let lastDone = false;
  let paths = 1;
  for (let i = elements.length - 1; i >= 0; i--) {
    const info = finite(elements[i]!, after);
    paths = cap(paths * info.paths);
    if (!lastDone) {
      last = [...last, ...info.last];
      lastDone = !info.nullable;
    }
    after = info.nullable ? [...info.first, ...after] : [...info.first];
    first = info.nullable ? [...info.first, ...first] : [...info.first];
    restNullable &&= info.nullable;
  }
  return { first, last, nullable: restNullable, paths };
}

/**
 * One top-level alternative: finite parts and unbounded quantifiers on one character matcher. Its paths
 * per start position when it is linear, else undefined.
 */
function alternativePaths(elements: readonly AST.Element[]): number | undefined {
  const unbounded = (e: AST.Element): e is AST.Quantifier => e.type === 'Quantifier' && e.max === Number.POSITIVE_INFINITY;
  // Right to left: what can start the rest after each element.
  const followOf: Matcher[][] = [];
  let after: Matcher[] = [];
  for (let i = elements.length - 1; i >= 0; i--) {
    followOf[i] = after;
    const e = elements[i]!;
    if (unbounded(e)) {
      if (!e.greedy || !isMatcher(e.element)) return undefined;
      after = e.min === 0 ? [e.element, ...after] : [e.element];
    } else {
      const info = finite(e, after);
      after = info.nullable ? [...info.first, ...after] : info.first;
    }
  }
  let paths = 1;
  let segment: AST.Element[] = [];
  let segmentStart = 0;
  for (let i = 0; i <= elements.length; i++) {
    const e = elements[i];
    if (e !== undefined && !unbounded(e)) {
      segment.push(e);
      continue;
    }
    // What can start the rest after the segment: followOf its last element (the quantifier, and past it when it may take nothing).
    const before = segment.length ? sequence(segment, followOf[segmentStart + segment.length - 1]!) : undefined;
    if (before) paths = cap(paths * before.paths);
    if (e === undefined) break;
    const quantifier = e as AST.Quantifier;
    const matcher = quantifier.element as Matcher;
    const final = i === elements.length - 1;
    if (!(final && quantifier.min <= MAX_FINAL_MIN)) {
      // (X) deterministic; (E) entered only at the start of a maximal run.
      if (!followOf[i]!.every((f) => disjoint(matcher, f))) return undefined;
      if (!before || before.nullable || !before.last.every((l) => disjoint(matcher, l))) return undefined;
    }
    segment = [];
    segmentStart = i + 1;
  }
  return paths;
}

/**
 * When the pattern (flags `iu`) has the structure above: the paths its search can follow from one start
 * position (a bound; counting stops a little past MAX_PATHS). Its time on a text is at most about that
 * many times the text's length: linear, but with that constant. Undefined: not shown, not "unsafe".
 */
export function linearPaths(source: string): number | undefined {
  // A moderation run asks twice for each charter pattern (the lint of the charter, then the budget of its
  // patterns): parsed and analysed once.
  if (!known.has(source)) known.set(source, pathsOf(source));
  return known.get(source);
}

const known = new Map<string, number | undefined>();

function pathsOf(source: string): number | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    return undefined;
  }
  try {
    let total = 0;
    for (const alternative of pattern.alternatives) {
      const paths = alternativePaths(alternative.elements);
      if (paths === undefined) return undefined;
      total = cap(total + paths);
    }
    return total;
  } catch (error) {
    if (error instanceof Unproven) return undefined;
    throw error;
  }
}

/** Whether the pattern (flags `iu`) provably runs in linear time; false means "not shown", not "unsafe". */
export function provablyLinear(source: string): boolean {
  const paths = linearPaths(source);
  return paths !== undefined && paths <= MAX_PATHS;
}
