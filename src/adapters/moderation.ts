/**
 * The one interface of every network's moderation (each network implements it in a section at the end of
 * its adapter file): read the interactions on the brand's posts, and act with what the network really
 * allows, declared in `caps`. Like publishing adapters, they never decide and never retry on their own:
 * the moderation run does, from what they report (`PublishFailure` kinds: rate-limited, transient,
 * refused, unknown).
 */
import type { ChannelId } from '../core/channels.ts';
import type { Interaction, ModerationCaps, OwnPostRef } from '../core/moderation/types.ts';
import type { PublishFailure } from './adapter.ts';

/** A brand post as the ledger knows it, with when it was published. */
export interface OwnPost extends OwnPostRef {
  publishedAt?: string;
}

export interface ListQuery {
  /** What the previous run left (opaque to the run). */
  cursor?: string;
  /** Read from this instant on instead of the cursor (`--since`). */
  sinceMs?: number;
  ownPosts: readonly OwnPost[];
  /** The run's instant (`--at`): nothing written after it is returned (the local inbox, tests). */
  nowMs: number;
  /** At most this many items (a run catches up over several runs). */
  limit: number;
}

export type ListResult = { ok: true; items: Interaction[]; cursor?: string } | PublishFailure;

/** An interaction as a later command knows it: its id, the brand post and whatever the adapter kept. */
export type InteractionRef = Pick<Interaction, 'id' | 'network'> & Partial<Interaction>;

export type ActionResult = { ok: true; remoteId?: string; url?: string } | PublishFailure;

/** What the network says now about an interaction, to settle an unknown outcome before any retry. */
export type StateResult = { known: true; exists: boolean; hidden?: boolean; replyId?: string } | { known: false; message: string };

export interface ModerationAdapter {
  readonly name: string;
  readonly channel: ChannelId;
  readonly caps: ModerationCaps;
  list(query: ListQuery, signal?: AbortSignal): Promise<ListResult>;
  /** The platform's own report form for this interaction, where its API has no report. */
  reportUrl(ref: InteractionRef): string | undefined;
  setHidden?(ref: InteractionRef, hidden: boolean, signal?: AbortSignal): Promise<ActionResult>;
  report?(ref: InteractionRef, report: { category: string; comment: string }, signal?: AbortSignal): Promise<ActionResult>;
  /** Replies as the brand, under `key` where the network has an idempotency key. */
  reply?(ref: InteractionRef, text: string, key: string, signal?: AbortSignal): Promise<ActionResult>;
  /** Reads the interaction back (hidden or not, a reply of ours under it). */
  state?(ref: InteractionRef, signal?: AbortSignal): Promise<StateResult>;
}

/** Caps of a network that can read but not act: everything a human decides (flag). */
export const READ_ONLY: ModerationCaps = { hide: 'none', unhide: false, report: false, reply: false };
