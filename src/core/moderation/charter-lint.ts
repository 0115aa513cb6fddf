/**
 * Checks of the netiquette that its schema cannot express, reported by `cadence lint` on
 * content/netiquette.mdx. The ReDoS check itself is a well-kept checker's (recheck), injected by the
 * edge as `patternSafety`, since it is slow enough to be memoized on disk.
 */
import type { Finding, Severity } from '../diagnostics.ts';
import type { Netiquette } from '../schema/netiquette.ts';
import { PATTERN_TEXT_LIMIT } from './decide.ts';
import { normalizeForTerms } from './text.ts';

/** 10000 → "10,000" without Intl: this module loads with every lint, and the first Intl call starts ICU (~30 ms). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export type PatternSafety =
  | { status: 'safe' }
  | { status: 'vulnerable'; complexity: 'exponential' | 'polynomial'; degree?: number; attack?: string }
  /** Linear, but with so many ways to try from each position (nested bounded repetitions) that one long reply takes seconds. */
  | { status: 'vulnerable'; complexity: 'bounded'; paths: number }
  | { status: 'unknown'; reason: string };

export const MAX_PATTERN_LENGTH = 200;
/**
 * Paths per start position (core/moderation/pattern-linear.ts) beyond which a pattern, linear or not, is
 * too slow for moderation: `(?:[a-z]{1,10}\s?){1,4}!` (11,110) takes 0.6 s on a reply of 5,000 letters.
 */
export const MAX_PATTERN_PATHS = 10_000;

/** The rule ids below, for `cadence rules` and docs/rules.md. */
export const NETIQUETTE_RULES: readonly { id: string; severity: Severity; description: string }[] = [
  { id: 'netiquette/pattern-redos', severity: 'error', description: `A moderation pattern cannot backtrack catastrophically on what an attacker writes (checked with recheck; a quadratic one is a warning), nor try more than ${thousands(MAX_PATTERN_PATHS)} ways to match from one position (nested bounded repetitions such as (?:[a-z]{1,20}\\s?){1,10}).` },
  { id: 'netiquette/pattern-length', severity: 'error', description: `A moderation pattern stays under ${MAX_PATTERN_LENGTH} characters (readable, and cheap to check).` },
  { id: 'netiquette/duplicate-rule', severity: 'error', description: 'Rule ids are unique: the moderation log and the queue labels name rules by id.' },
  { id: 'netiquette/term', severity: 'warning', description: 'A moderation term has letters or digits and is listed once.' },
  { id: 'netiquette/account', severity: 'warning', description: 'An account is not both in `team` (never moderated) and in `allow` (at most flagged).' },
  { id: 'netiquette/contact', severity: 'warning', description: 'A charter that hides or reports gives a `contact` to appeal a decision (notice and appeal).' },
];

export interface CharterFinding extends Finding {
  rule: string;
}

export function netiquetteFindings(charter: Netiquette, patternSafety?: (source: string) => PatternSafety): CharterFinding[] {
  const findings: CharterFinding[] = [];
  const seen = new Map<string, number>();
  charter.rules.forEach((rule, r) => {
    const first = seen.get(rule.id);
    if (first !== undefined) findings.push({ rule: 'netiquette/duplicate-rule', severity: 'error', at: ['rules', r, 'id'], message: `rule id \`${rule.id}\` is already used by rule ${first + 1}` });
    else seen.set(rule.id, r);

    const terms = new Set<string>();
    (rule.match.terms ?? []).forEach((term, t) => {
      const normalized = normalizeForTerms(term).trim();
      if (!/[\p{L}\p{N}]/u.test(normalized)) findings.push({ rule: 'netiquette/term', at: ['rules', r, 'match', 'terms', t], message: `term « ${term} » has no letter or digit: it can never match a whole word` });
      else if (terms.has(normalized)) findings.push({ rule: 'netiquette/term', at: ['rules', r, 'match', 'terms', t], message: `term « ${term} » is listed twice in rule \`${rule.id}\` (the same once accents, case and doubled letters are ignored)` });
      terms.add(normalized);
    });

    (rule.match.patterns ?? []).forEach((pattern, p) => {
      const at = ['rules', r, 'match', 'patterns', p];
      if (pattern.length > MAX_PATTERN_LENGTH) {
        findings.push({ rule: 'netiquette/pattern-length', severity: 'error', at, message: `pattern is ${pattern.length} characters long (at most ${MAX_PATTERN_LENGTH}): split it into several patterns` });
        return;
      }
      const safety = patternSafety?.(pattern);
      if (!safety || safety.status === 'safe') return;
      if (safety.status === 'unknown') {
        findings.push({ rule: 'netiquette/pattern-redos', severity: 'warning', at, message: `pattern could not be checked for catastrophic backtracking (${safety.reason}); prefer a simpler pattern` });
        return;
      }
      if (safety.complexity === 'bounded') {
        const shown = pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern;
        findings.push({ rule: 'netiquette/pattern-redos', severity: 'error', at, message: `rule \`${rule.id}\`: pattern « ${shown} » can try ${safety.paths > MAX_PATTERN_PATHS * 10 ? `more than ${thousands(MAX_PATTERN_PATHS * 10)}` : thousands(safety.paths)} ways to match from each position of a reply (at most ${thousands(MAX_PATTERN_PATHS)}): its nested bounded repetitions let one long reply stall moderation for seconds or more. Repeat the group fewer times, bound the inner repetition tightly, or make the parts exclusive (a repetition followed by a character it cannot match)` });
        return;
      }
      const attack = safety.attack ? `, e.g. on « ${safety.attack.length > 40 ? `${safety.attack.slice(0, 40)}…` : safety.attack} »` : '';
      if (safety.complexity === 'polynomial' && (safety.degree ?? 2) <= 2) {
        findings.push({ rule: 'netiquette/pattern-redos', severity: 'warning', at, message: `pattern takes quadratic time on some texts${attack}; moderation bounds it by reading at most ${PATTERN_TEXT_LIMIT} characters, but a bounded repetition ({1,64}) would make it linear` });
        return;
      }
      const how = safety.complexity === 'exponential' ? 'exponential' : `polynomial (degree ${safety.degree})`;
      findings.push({ rule: 'netiquette/pattern-redos', severity: 'error', at, message: `pattern can backtrack catastrophically: ${how} time${attack}. A commenter could stall moderation with one reply; remove nested or overlapping repetitions such as (a+)+ or (\\w+\\s?)+` });
    });
  });

  const keys = (a: Netiquette['team'][number]) => [a.id ? `id:${a.id}` : '', a.handle ? `handle:${a.handle.trim().replace(/^@/, '').toLowerCase()}` : ''].filter(Boolean);
  charter.allow.forEach((trusted, j) => {
    const i = charter.team.findIndex((member) => (member.network === 'all' || trusted.network === 'all' || member.network === trusted.network) && keys(member).some((k) => keys(trusted).includes(k)));
    if (i >= 0) findings.push({ rule: 'netiquette/account', at: ['allow', j], message: `this account is also in \`team\` (entry ${i + 1}): team members are never moderated; keep it in one list` });
  });

  if (!charter.contact && charter.rules.some((r) => r.action !== 'flag' && r.mode === 'enforce')) {
    findings.push({ rule: 'netiquette/contact', at: [], message: 'rules hide or report replies but the charter gives no `contact` for people to appeal a decision' });
  }
  return findings;
}
