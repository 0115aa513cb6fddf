/** Pure state transitions of a ledger pair: fold events into a record, decide what a run may do next. */
import type { ChannelId } from '../channels.ts';
import type { ClaimAction, ClaimedEvent, LedgerEvent, PairRecord, PairState, ApprovalRecord, UtmSettings } from './types.ts';

/** How many attempts (claims to publish) a pair gets across runs before it waits for a human. */
export const MAX_ATTEMPTS = 5;

export function emptyRecord(postId: string, channel: ChannelId): PairRecord {
  return { postId, channel, state: 'none', attempts: 0, beforeClaim: 'none', events: [] };
}

/** Applies one event. Unknown event types are ignored (a newer Cadence may have written them). */
export function applyEvent(record: PairRecord, event: LedgerEvent): PairRecord {
  const events = [...record.events, event];
  switch (event.type) {
    case 'claimed': {
      const { claim: _claim, ...rest } = record;
      return {
        ...rest,
        state: 'claimed',
        claim: event,
        beforeClaim: record.state === 'claimed' ? record.beforeClaim : record.state,
        attempts: record.attempts + (event.action === 'retract' ? 0 : 1),
        pendingKey: event.action === 'retract' ? record.pendingKey : event.key,
        events,
      };
    }
    case 'published': {
      const { claim: _claim, pendingKey: _key, lastError: _error, ...rest } = record;
      return { ...rest, state: 'published', published: event, beforeClaim: 'published', events };
    }
    case 'failed': {
      const { claim: _claim, pendingKey: _key, ...rest } = record;
      return { ...rest, state: 'failed', lastError: event, beforeClaim: 'failed', events };
    }
    case 'unconfirmed': {
      const { claim: _claim, ...rest } = record;
      return { ...rest, state: 'unconfirmed', lastError: event, pendingKey: event.key, beforeClaim: 'unconfirmed', events };
    }
    case 'released': {
      if (record.state !== 'claimed') return { ...record, events };
      const { claim, ...rest } = record;
      return {
        ...rest,
        state: record.beforeClaim,
        attempts: record.attempts - (claim && claim.action !== 'retract' ? 1 : 0),
        events,
      };
    }
    case 'retracted': {
      const { claim: _claim, ...rest } = record;
      return { ...rest, state: 'retracted', retracted: event, beforeClaim: 'retracted', events };
    }
    default:
      return { ...record, events };
  }
}

export function foldEvents(postId: string, channel: ChannelId, events: readonly LedgerEvent[]): PairRecord {
  return events.reduce(applyEvent, emptyRecord(postId, channel));
}

/**
 * The state that matters at an instant: a claim whose lease ran out belongs to a run that died or was
 * cancelled, so whatever it was doing may or may not have reached the network: unconfirmed.
 */
export function effectiveState(record: PairRecord | undefined, nowMs: number): PairState | 'claimed-stale' {
  if (!record) return 'none';
  if (record.state === 'claimed') {
    const lease = record.claim ? Date.parse(record.claim.leaseUntil) : 0;
    return lease > nowMs ? 'claimed' : 'claimed-stale';
  }
  return record.state;
}

export type NextStep =
  | { kind: 'publish'; action: 'publish' | 'retry' }
  /** Look the post up under `lookupKey` first; send only if it is not there. */
  | { kind: 'reconcile'; lookupKey: string | undefined }
  | { kind: 'retract' }
  | { kind: 'busy'; claim: ClaimedEvent }
  | { kind: 'done'; state: 'published' | 'retracted' }
  /** Failed for good (refused, or out of attempts): reported, never retried without a human. */
  | { kind: 'stuck'; reason: string }
  | { kind: 'nothing' };

/**
 * What a run should do with a pair, given the post's wish (`publish` when ready and due, `retract` when
 * retracted, `none` otherwise) and the ledger. Never says publish for anything that may already be out.
 */
export function nextStep(record: PairRecord | undefined, wish: 'publish' | 'retract' | 'none', nowMs: number): NextStep {
  const state = effectiveState(record, nowMs);
  if (state === 'claimed') return { kind: 'busy', claim: record!.claim! };
  if (state === 'claimed-stale') {
    if (record!.claim?.action === 'retract') return wish === 'retract' ? { kind: 'retract' } : { kind: 'nothing' };
    return { kind: 'reconcile', lookupKey: record!.pendingKey };
  }
  if (state === 'unconfirmed') return { kind: 'reconcile', lookupKey: record!.pendingKey };
  if (wish === 'retract') {
    if (state === 'published') return { kind: 'retract' };
    if (state === 'retracted') return { kind: 'done', state: 'retracted' };
    return { kind: 'nothing' };
  }
  if (state === 'published' || state === 'retracted') return { kind: 'done', state };
  if (wish !== 'publish') return { kind: 'nothing' };
  if (state === 'none') return { kind: 'publish', action: 'publish' };
  // failed
  const error = record!.lastError;
  if (error?.type === 'failed' && !error.retryable) return { kind: 'stuck', reason: `refused: ${error.error}` };
  if (record!.attempts >= MAX_ATTEMPTS) return { kind: 'stuck', reason: `failed ${record!.attempts} times, last: ${error?.error ?? 'unknown error'}` };
  return { kind: 'publish', action: 'retry' };
}

export interface ClaimInput {
  run: string;
  nowMs: number;
  leaseMs: number;
  action: ClaimAction;
  contentHash: string;
  key: string;
  approval?: ApprovalRecord;
  /** The tagging the attempt sends with (see ClaimedEvent.utm). */
  utm?: UtmSettings | null;
}

/**
 * The UTM tagging an attempt was claimed with: the latest claim under `key` that recorded one, or
 * undefined (no such claim, or written before claims recorded it). A look-up of that attempt, and a
 * resend when it is not found, use it: the attempt stays one text whatever the editorial line says now.
 */
export function attemptTagging(record: PairRecord | undefined, key: string): UtmSettings | null | undefined {
  const events = record?.events ?? [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'claimed' && event.action !== 'retract' && event.key === key && event.utm !== undefined) return event.utm;
  }
  return undefined;
}

/** The claim event for a pair, or why it cannot be claimed now. */
export function claimEvent(record: PairRecord | undefined, input: ClaimInput): { ok: true; event: ClaimedEvent } | { ok: false; reason: string } {
  if (effectiveState(record, input.nowMs) === 'claimed') return { ok: false, reason: `claimed by run ${record!.claim!.run} until ${record!.claim!.leaseUntil}` };
  return {
    ok: true,
    event: {
      type: 'claimed',
      at: new Date(input.nowMs).toISOString(),
      run: input.run,
      action: input.action,
      leaseUntil: new Date(input.nowMs + input.leaseMs).toISOString(),
      contentHash: input.contentHash,
      key: input.key,
      ...(input.approval ? { approval: input.approval } : {}),
      ...(input.utm !== undefined && input.action !== 'retract' ? { utm: input.utm } : {}),
    },
  };
}

/** True when the latest claim of the pair is this run's and still open: the run owns it. */
export function ownedBy(record: PairRecord | undefined, run: string): boolean {
  return record?.state === 'claimed' && record.claim?.run === run;
}
