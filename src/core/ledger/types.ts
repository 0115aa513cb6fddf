/**
 * The publication ledger: what Cadence did for each (post, channel) pair, as an append-only list of
 * events. The current state of a pair is a fold of its events (see state.ts); nothing is ever rewritten.
 */
import type { ChannelId } from '../channels.ts';
import type { EditorialLine } from '../schema/index.ts';

/** What a run set out to do when it claimed a pair. */
export type ClaimAction = 'publish' | 'retry' | 'reconcile' | 'retract';

/** One remote object a publication created (the post, then each reply of its thread). */
export interface RemotePart {
  remoteId: string;
  url?: string;
}

interface EventBase {
  /** Real (wall-clock) instant the event was written, ISO 8601 UTC. */
  at: string;
  /** The publish run that wrote it (unique per process). */
  run: string;
}

/**
 * Proof that the post came through an approved pull request, recorded when the editorial line asks
 * for approvals (`approval.required`): who approved, in which pull request, on which commit.
 */
export interface ApprovalRecord {
  pr: number;
  url?: string;
  /** The commit that last changed the post. */
  commit: string;
  /** The pull request head the approvals were given on. */
  headSha: string;
  mergedAt: string;
  approvers: string[];
  required: number;
}

/** A run took the pair: no other run may touch it until `leaseUntil`, written and pushed before any network call. */
export interface ClaimedEvent extends EventBase {
  type: 'claimed';
  action: ClaimAction;
  leaseUntil: string;
  /** Hash of what the channel publishes, and the idempotency key derived from it. */
  contentHash: string;
  key: string;
  approval?: ApprovalRecord;
  /**
   * The UTM tagging of the brand's links this attempt sends (the editorial line's `utm` block when the
   * attempt was first claimed; null: none). A look-up after an unknown outcome rebuilds the text with it,
   * so a block changed meanwhile never makes the attempt unrecognisable, and resent. Absent in ledgers
   * written before it was recorded (the line's current block is used then).
   */
  utm?: UtmSettings | null;
}

export type UtmSettings = NonNullable<EditorialLine['utm']>;

export interface PublishedEvent extends EventBase {
  type: 'published';
  adapter: string;
  remoteId: string;
  url?: string;
  /** Thread replies, in order, after the first post. */
  replies?: RemotePart[];
  contentHash: string;
  key: string;
  /** True when found by a look-up after an unknown outcome rather than by a send. */
  reconciled?: boolean;
  approval?: ApprovalRecord;
}

export interface FailedEvent extends EventBase {
  type: 'failed';
  adapter: string;
  error: string;
  /** Worth trying again in a later run (5xx, 429 beyond the wait budget); false for refusals (4xx). */
  retryable: boolean;
  status?: number;
}

/** The outcome is unknown (timeout, lost response, crash): the next run looks the post up before anything else. */
export interface UnconfirmedEvent extends EventBase {
  type: 'unconfirmed';
  adapter: string;
  error: string;
  key: string;
}

/** A claim given back without any network call (paused meanwhile, lint blocked it): the previous state stands. */
export interface ReleasedEvent extends EventBase {
  type: 'released';
  reason: string;
}

export interface RetractedEvent extends EventBase {
  type: 'retracted';
  adapter: string;
  /** False when the network cannot delete (webhooks): the record says so and a human removes it. */
  deleted: boolean;
  note?: string;
}

export type LedgerEvent = ClaimedEvent | PublishedEvent | FailedEvent | UnconfirmedEvent | ReleasedEvent | RetractedEvent;

export type PairState = 'none' | 'claimed' | 'published' | 'failed' | 'unconfirmed' | 'retracted';

/** The folded state of one pair. */
export interface PairRecord {
  postId: string;
  channel: ChannelId;
  state: PairState;
  /** Number of claims to publish (publish, retry, reconcile), i.e. attempts. */
  attempts: number;
  /** The current claim, when state is `claimed`. */
  claim?: ClaimedEvent;
  /** State before the current claim (what a release returns to, what a stale claim means). */
  beforeClaim: PairState;
  /** Last publication (kept after a retraction, for the record). */
  published?: PublishedEvent;
  /** Last failure or unknown outcome. */
  lastError?: FailedEvent | UnconfirmedEvent;
  /** Idempotency key of the last attempt whose outcome may have reached the network. */
  pendingKey?: string;
  retracted?: RetractedEvent;
  events: readonly LedgerEvent[];
}

/** `postId:channel`, the key of a pair everywhere (lint's `published` set uses it too). */
export function pairKey(postId: string, channel: string): string {
  return `${postId}:${channel}`;
}

export type Ledger = ReadonlyMap<string, PairRecord>;
