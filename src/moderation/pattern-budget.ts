/**
 * A time budget for the charter's patterns, so that one reply can never stall a moderation run.
 *
 * Lint rejects the patterns known to backtrack badly (recheck, and the path bound of
 * core/moderation/pattern-linear.ts), but neither covers everything (a look-behind, a back-reference: recheck
 * gives no verdict, only a warning). So every pattern not proven linear with at most DIRECT_MAX_PATHS paths runs here, in a `vm`
 * context with a timeout: V8 interrupts a regular expression that runs past it. A timeout starts a
 * watchdog thread (0.2 ms), too dear per reply, so a run's texts go in batches under one timeout: when a
 * batch is cut, the text it was on runs again alone with the whole budget, and only a text that overruns
 * alone is `over-budget` (its reply goes to a person, the overrun is reported). After MAX_OVERRUNS
 * overruns the pattern is not run again in this run: every reply that reaches it goes to a person, and a
 * flood of hostile replies costs at most MAX_OVERRUNS budgets.
 */
import vm from 'node:vm';
import type { PatternTest } from '../core/moderation/decide.ts';
import { linearPaths } from '../core/moderation/pattern-linear.ts';

/** Wall time a pattern may take on one reply (at most PATTERN_TEXT_LIMIT characters): far beyond a normal reply's microseconds, with room for a loaded runner. */
export const PATTERN_BUDGET_MS = 250;
export const MAX_OVERRUNS = 3;
/** Proven linear with at most this many paths per position: at worst ~50 ms on 5,000 characters, run as it is. */
export const DIRECT_MAX_PATHS = 1_000;

export interface PatternOverrun {
  source: string;
  /** The charter's rules with this pattern (filled by the run). */
  rules?: string[];
  /** How many replies it overran on in this run. */
  overruns: number;
  /** Not run any more in this run (every later reply reaching it went to a person). */
  stopped: boolean;
}

interface Sandbox {
  re: RegExp;
  texts: readonly string[];
  results: boolean[];
  text: string;
}

const BATCH = new vm.Script('for (let i = results.length; i < texts.length; i++) results.push(re.test(texts[i]));');
const ONE = new vm.Script('re.test(text)');

function timedOut(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** One pattern under the budget: results of the texts prepared in batches, others one by one. */
export class BudgetedPattern {
  readonly source: string;
  overruns = 0;
  readonly #budgetMs: number;
  readonly #sandbox: Sandbox;
  readonly #context: vm.Context;
  readonly #results = new Map<string, boolean | 'over-budget'>();

  constructor(source: string, regex: RegExp, budgetMs = PATTERN_BUDGET_MS) {
    this.source = source;
    this.#budgetMs = budgetMs;
    this.#sandbox = { re: regex, texts: [], results: [], text: '' };
    this.#context = vm.createContext(this.#sandbox);
  }

  get stopped(): boolean {
    return this.overruns >= MAX_OVERRUNS;
  }

  /** Runs the pattern on `texts` (already bounded as decide bounds them), remembering each result. */
  prepare(texts: Iterable<string>): void {
    const todo = [...new Set(texts)].filter((t) => !this.#results.has(t));
    let start = 0;
    while (start < todo.length) {
      if (this.stopped) {
        for (const text of todo.slice(start)) this.#results.set(text, 'over-budget');
        return;
      }
      this.#sandbox.texts = todo.slice(start);
      this.#sandbox.results = [];
      try {
        BATCH.runInContext(this.#context, { timeout: this.#budgetMs });
      } catch (error) {
        if (!timedOut(error)) throw error;
      }
      const { texts, results } = this.#sandbox;
      for (let i = 0; i < results.length; i++) this.#results.set(texts[i]!, results[i]!);
      start += results.length;
      // Cut on todo[start]: maybe only because the texts before it took the time. Alone, with the whole budget.
      if (results.length < texts.length) {
        this.#results.set(todo[start]!, this.#alone(todo[start]!));
        start++;
      }
    }
    this.#sandbox.texts = [];
    this.#sandbox.results = [];
  }

  test(text: string): boolean | 'over-budget' {
    let result = this.#results.get(text);
    if (result === undefined) this.#results.set(text, (result = this.#alone(text)));
    return result;
  }

  #alone(text: string): boolean | 'over-budget' {
    if (this.stopped) return 'over-budget';
    this.#sandbox.text = text;
    try {
      return ONE.runInContext(this.#context, { timeout: this.#budgetMs }) === true;
    } catch (error) {
      if (!timedOut(error)) throw error;
      this.overruns++;
      return 'over-budget';
    } finally {
      this.#sandbox.text = '';
    }
  }
}

/**
 * The patterns of a run: those proven linear with few paths run as they are (every pattern of the sample
 * charter), the others under the budget. `patternTest` is for compileCharter; `prepare` runs the budgeted ones on a
 * run's texts at once; `overruns` says which overran.
 */
export function patternBudget(budgetMs = PATTERN_BUDGET_MS) {
  const budgeted: BudgetedPattern[] = [];
  return {
    patternTest(source: string, regex: RegExp): PatternTest {
      const paths = linearPaths(source);
      if (paths !== undefined && paths <= DIRECT_MAX_PATHS) return (text) => regex.test(text);
      const pattern = new BudgetedPattern(source, regex, budgetMs);
      budgeted.push(pattern);
      return (text) => pattern.test(text);
    },
    prepare(texts: readonly string[]): void {
      for (const pattern of budgeted) pattern.prepare(texts);
    },
    overruns(): PatternOverrun[] {
      return budgeted.filter((p) => p.overruns > 0).map((p) => ({ source: p.source, overruns: p.overruns, stopped: p.stopped }));
    },
  };
}
