/** Bounded retries with backoff, honouring Retry-After: the runner's only retry loop. */
import type { PublishFailure, PublishResult } from '../adapters/adapter.ts';

export interface RetryPolicy {
  /** Calls per run for one publication (the first included). */
  attempts: number;
  /** First backoff; doubles each time, with jitter. */
  baseMs: number;
  /** Longest wait this run accepts (Retry-After above it: give up now, a later run retries). */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 2000, maxWaitMs: 60_000 };

export interface RetryOutcome {
  result: PublishResult;
  calls: number;
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Time to wait before call number `call + 1`, or undefined to stop. */
export function backoffDelay(failure: PublishFailure, call: number, policy: RetryPolicy, random = Math.random): number | undefined {
  if (call >= policy.attempts) return undefined;
  if (failure.kind === 'refused' || failure.kind === 'unknown') return undefined;
  if (failure.kind === 'rate-limited' && failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs <= policy.maxWaitMs ? failure.retryAfterMs : undefined;
  }
  const delay = policy.baseMs * 2 ** (call - 1) * (0.75 + random() * 0.5);
  return Math.min(delay, policy.maxWaitMs);
}

/**
 * Calls `send` until it succeeds, is refused, has an unknown outcome (never resent blindly: the caller
 * looks it up) or runs out of attempts. A thrown error counts as an unknown outcome.
 */
/** `mayRetry`: asked before each further call (after the wait); false stops with the last result. */
export async function withRetries(send: () => Promise<PublishResult>, policy: RetryPolicy, sleep: Sleep = realSleep, mayRetry: () => boolean = () => true): Promise<RetryOutcome> {
  for (let call = 1; ; call++) {
    let result: PublishResult;
    try {
      result = await send();
    } catch (error) {
      result = { ok: false, kind: 'unknown', message: (error as Error)?.message ?? String(error) };
    }
    if (result.ok) return { result, calls: call };
    const delay = backoffDelay(result, call, policy);
    if (delay === undefined) return { result, calls: call };
    await sleep(delay);
    if (!mayRetry()) return { result, calls: call };
  }
}
