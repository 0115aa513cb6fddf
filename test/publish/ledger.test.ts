import { describe, expect, it } from 'vitest';
import { claimEvent, foldEvents, MAX_ATTEMPTS, nextStep, ownedBy } from '../../src/core/ledger/state.ts';
import { parseEvents, parsePairFile, serializeEvent } from '../../src/core/ledger/format.ts';
import type { LedgerEvent } from '../../src/core/ledger/types.ts';
import { backoffDelay, withRetries } from '../../src/publish/retry.ts';
import type { PublishResult } from '../../src/adapters/adapter.ts';

const NOW = Date.parse('2026-12-07T08:00:00Z');
const claim = (run: string, action: 'publish' | 'retry' | 'reconcile' | 'retract' = 'publish', minutes = 15): LedgerEvent => ({
  type: 'claimed',
  at: new Date(NOW).toISOString(),
  run,
  action,
  leaseUntil: new Date(NOW + minutes * 60_000).toISOString(),
  contentHash: 'sha256:aaaaaaaaaaaaaaaa',
  key: `k-${run}`,
});
const ev = (e: Partial<LedgerEvent> & { type: LedgerEvent['type'] }): LedgerEvent => ({ at: new Date(NOW).toISOString(), run: 'r', ...e }) as LedgerEvent;

describe('ledger state transitions', () => {
  it('claimed → published; a second claim is refused while the lease runs', () => {
    const claimed = foldEvents('p', 'mastodon', [claim('a')]);
    expect(claimed.state).toBe('claimed');
    expect(ownedBy(claimed, 'a')).toBe(true);
    expect(claimEvent(claimed, { run: 'b', nowMs: NOW + 60_000, leaseMs: 1000, action: 'publish', contentHash: 'h', key: 'k' })).toMatchObject({ ok: false });
    const done = foldEvents('p', 'mastodon', [claim('a'), ev({ type: 'published', adapter: 'outbox', remoteId: '1', contentHash: 'h', key: 'k-a' })]);
    expect(done).toMatchObject({ state: 'published', attempts: 1 });
    expect(nextStep(done, 'publish', NOW)).toEqual({ kind: 'done', state: 'published' });
    expect(nextStep(done, 'retract', NOW)).toEqual({ kind: 'retract' });
  });

  it('a claim whose lease ran out is an unknown outcome: look it up, with the key of that attempt', () => {
    const stale = foldEvents('p', 'mastodon', [claim('a')]);
    expect(nextStep(stale, 'publish', NOW + 16 * 60_000)).toEqual({ kind: 'reconcile', lookupKey: 'k-a' });
    const unconfirmed = foldEvents('p', 'mastodon', [claim('a'), ev({ type: 'unconfirmed', adapter: 'x', error: 'timeout', key: 'k-a' })]);
    expect(nextStep(unconfirmed, 'publish', NOW)).toEqual({ kind: 'reconcile', lookupKey: 'k-a' });
    // Even if the post went back to draft, what may be out there is looked up first.
    expect(nextStep(unconfirmed, 'none', NOW)).toMatchObject({ kind: 'reconcile' });
  });

  it('a release returns to the state before the claim and gives the attempt back', () => {
    const r = foldEvents('p', 'mastodon', [claim('a'), ev({ type: 'released', reason: 'paused' })]);
    expect(r).toMatchObject({ state: 'none', attempts: 0 });
    expect(nextStep(r, 'publish', NOW)).toEqual({ kind: 'publish', action: 'publish' });
  });

  it('retries failures a bounded number of times; a refusal waits for a human', () => {
    const failure = ev({ type: 'failed', adapter: 'x', error: '503', retryable: true });
    const once = foldEvents('p', 'x', [claim('a'), failure]);
    expect(nextStep(once, 'publish', NOW)).toEqual({ kind: 'publish', action: 'retry' });
    const many = foldEvents('p', 'x', Array.from({ length: MAX_ATTEMPTS }, (_, i) => [claim(`r${i}`, 'retry'), failure]).flat());
    expect(nextStep(many, 'publish', NOW)).toMatchObject({ kind: 'stuck' });
    const refused = foldEvents('p', 'x', [claim('a'), ev({ type: 'failed', adapter: 'x', error: '422 too long', retryable: false })]);
    expect(nextStep(refused, 'publish', NOW)).toMatchObject({ kind: 'stuck', reason: expect.stringContaining('422') });
  });

  it('reads back what it writes, and reports lines it cannot read', () => {
    const text = serializeEvent(claim('a')) + '<<<<<<< HEAD\n' + serializeEvent(ev({ type: 'released', reason: 'x' }));
    const parsed = parseEvents(text);
    expect(parsed.events.map((e) => e.type)).toEqual(['claimed', 'released']);
    expect(parsed.badLines).toEqual([2]);
    expect(parsePairFile('data/ledger/2026-12-a/mastodon.jsonl')).toEqual({ postId: '2026-12-a', channel: 'mastodon' });
    expect(parsePairFile('data/ledger/2026-12-a/nowhere.jsonl')).toBeUndefined();
  });
});

describe('retries', () => {
  const policy = { attempts: 3, baseMs: 100, maxWaitMs: 5000 };
  it('honours Retry-After, backs off on transient errors, stops on refusals and unknown outcomes', () => {
    expect(backoffDelay({ ok: false, kind: 'rate-limited', message: '', retryAfterMs: 3000 }, 1, policy)).toBe(3000);
    expect(backoffDelay({ ok: false, kind: 'rate-limited', message: '', retryAfterMs: 60_000 }, 1, policy)).toBeUndefined();
    expect(backoffDelay({ ok: false, kind: 'transient', message: '' }, 2, policy, () => 0.5)).toBe(200);
    expect(backoffDelay({ ok: false, kind: 'transient', message: '' }, 3, policy)).toBeUndefined();
    expect(backoffDelay({ ok: false, kind: 'refused', message: '' }, 1, policy)).toBeUndefined();
    expect(backoffDelay({ ok: false, kind: 'unknown', message: '' }, 1, policy)).toBeUndefined();
  });

  it('gives up after the bounded attempts and treats a thrown error as an unknown outcome', async () => {
    const waits: number[] = [];
    const results: PublishResult[] = [{ ok: false, kind: 'rate-limited', message: '429', retryAfterMs: 1000 }, { ok: false, kind: 'transient', message: '503' }, { ok: true, remoteId: '1' }];
    const outcome = await withRetries(async () => results.shift()!, policy, async (ms) => void waits.push(ms));
    expect(outcome).toMatchObject({ calls: 3, result: { ok: true } });
    expect(waits[0]).toBe(1000);
    const thrown = await withRetries(async () => {
      throw new Error('socket hang up');
    }, policy, async () => undefined);
    expect(thrown).toMatchObject({ calls: 1, result: { ok: false, kind: 'unknown', message: 'socket hang up' } });
  });
});
