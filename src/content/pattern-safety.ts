/**
 * Whether a moderation pattern can backtrack catastrophically, by recheck (makenowjust-labs/recheck,
 * "the trustworthy ReDoS checker"), not by a heuristic of ours. Its automaton checker is deterministic
 * but takes from milliseconds to a few seconds per pattern, so verdicts are memoized in
 * `.cadence/cache/regex-safety.json`, keyed by recheck's version, the flags and the pattern. The memo
 * is a pure function of those (never stale, unlike the lint cache), so lint and moderate read it even
 * with --no-cache: a charter's patterns are checked once per machine, not once per run.
 * Before either, a pattern whose structure is proven to run in linear time (core/moderation/
 * pattern-linear.ts: every pattern of the sample charter) is safe at once: a fresh clone, `npm start`
 * or a pull request's review never starts recheck for those.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { MAX_PATTERN_PATHS, type PatternSafety } from '../core/moderation/charter-lint.ts';
import { linearPaths } from '../core/moderation/pattern-linear.ts';
import { readJson, writeAtomically } from './cache.ts';
import { CACHE_DIR } from './paths.ts';

const require = createRequire(import.meta.url);
const MEMO_FILE = 'regex-safety.json';
/** The flags the moderation engine compiles patterns with (core/moderation/decide.ts). */
const FLAGS = 'iu';

interface RecheckResult {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: { type: 'safe' | 'linear' | 'polynomial' | 'exponential'; degree?: number };
  attack?: { pattern?: string; string?: string };
  error?: { kind: string };
}

interface Memo {
  version: string;
  verdicts: Record<string, PatternSafety>;
}

let recheck: { checkSync: (source: string, flags: string, params?: Record<string, unknown>) => RecheckResult; version: string } | undefined;
function checker() {
  if (!recheck) {
    const module = require('recheck') as { checkSync: (source: string, flags: string, params?: Record<string, unknown>) => RecheckResult };
    const version = (require('recheck/package.json') as { version: string }).version;
    recheck = { checkSync: module.checkSync, version };
  }
  return recheck;
}

function toSafety(result: RecheckResult): PatternSafety {
  if (result.status === 'safe') return { status: 'safe' };
  if (result.status === 'vulnerable' && (result.complexity?.type === 'exponential' || result.complexity?.type === 'polynomial')) {
    return {
      status: 'vulnerable',
      complexity: result.complexity.type,
      ...(result.complexity.degree !== undefined ? { degree: result.complexity.degree } : {}),
      ...(result.attack?.pattern ? { attack: result.attack.pattern } : {}),
    };
  }
  return { status: 'unknown', reason: result.error?.kind === 'timeout' ? 'the checker timed out' : result.error?.kind === 'unsupported' ? 'a construct the checker does not support, such as a look-behind' : (result.error?.kind ?? 'no verdict') };
}

/**
 * A `patternSafety` function for core/lint.ts and the moderation run: recheck's verdict, from the memo
 * when it has it. The memo is written once, after the run (`save`).
 */
export function patternSafetyMemo(root: string): { safety: (source: string) => PatternSafety; save: () => void } {
  const file = path.join(root, CACHE_DIR, MEMO_FILE);
  const loaded = readJson<Memo>(file);
  let memo: Memo | undefined;
  let dirty = false;
  const current = (): Memo => {
    if (!memo) {
      const version = checker().version;
      memo = loaded?.version === version && loaded.verdicts && typeof loaded.verdicts === 'object' ? loaded : { version, verdicts: {} };
    }
    return memo;
  };
  return {
    safety(source) {
      // Proven linear, but the constant matters: recheck calls every pattern without an unbounded
      // repetition safe, and (?:[a-z]{1,20}\s?){1,10}! takes 50 s on 40 letters.
      const paths = linearPaths(source);
      if (paths !== undefined) return paths > MAX_PATTERN_PATHS ? { status: 'vulnerable', complexity: 'bounded', paths } : { status: 'safe' };
      const key = `${FLAGS}\0${source}`;
      // The memo's version is checked only when a verdict is missing: a hit never loads recheck.
      const hit = loaded?.verdicts?.[key];
      if (hit && (memo === undefined || memo === loaded)) return hit;
      const m = current();
      const known = m.verdicts[key];
      if (known) return known;
      // The automaton checker is deterministic (the fuzzer is random); 10 s bounds a pathological pattern.
      const verdict = toSafety(checker().checkSync(source, FLAGS, { checker: 'automaton', timeout: 10_000 }));
      m.verdicts[key] = verdict;
      dirty = true;
      return verdict;
    },
    save() {
      if (!dirty || !memo) return;
      try {
        writeAtomically(file, JSON.stringify(memo));
      } catch {
        // A memo that cannot be written only costs time next run.
      }
    },
  };
}
