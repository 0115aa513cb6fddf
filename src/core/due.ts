import type { ApprovalRecord } from './ledger/types.ts';
/**
 * What is due at an instant: the (post, channel) pairs a publish run should act on, from the posts,
 * the ledger, the pauses and the instant. Pure: no file system, no Git, no clock.
 */
import { CHANNEL_IDS, type ChannelId } from './channels.ts';
import { heldAfterCrisis, type EndedCrisis } from './crisis/after-crisis.ts';
import { contentHash, idempotencyKey } from './ledger/hash.ts';
import { pauseFor, type PauseEntry, type Pauses } from './ledger/pause.ts';
import { nextStep } from './ledger/state.ts';
import { pairKey, type Ledger, type PairRecord } from './ledger/types.ts';
import type { PostDoc } from './model.ts';
import { channelContent } from './post.ts';
import { resolveDateTime } from './time.ts';

export type DueAction = 'publish' | 'retry' | 'reconcile' | 'retract';

export interface DuePair {
  postId: string;
  file: string;
  channel: ChannelId;
  /** When this channel publishes (undefined for a retraction of a post whose time no longer resolves). */
  publishAtMs: number | undefined;
  action: DueAction;
  contentHash: string;
  /** Idempotency key of the content as it is now. */
  key: string;
  /** For `reconcile`: the key of the attempt whose outcome is unknown, to look it up. */
  lookupKey?: string;
  /** For `reconcile`: whether to send when the look-up finds nothing (the post is still ready and due). */
  sendIfMissing?: boolean;
  attempts: number;
  /** Set by the publish run when the editorial line requires approvals and they were found. */
  approval?: ApprovalRecord;
}

export interface HeldPair extends DuePair {
  pause: PauseEntry;
  /** Held because a crisis that ended held it and it is now too late (core/crisis/after-crisis.ts), not by a pause in force. */
  afterCrisis?: true;
}

export interface BusyPair extends DuePair {
  run: string;
  leaseUntil: string;
}

export interface EditedPair {
  postId: string;
  file: string;
  channel: ChannelId;
  publishedHash: string;
  currentHash: string;
  url: string | undefined;
}

export interface StuckPair {
  postId: string;
  file: string;
  channel: ChannelId;
  reason: string;
}

export interface UnschedulablePair {
  postId: string;
  file: string;
  channel: ChannelId;
  reason: string;
}

export interface DuePlan {
  /** What to do now, in publish order (time, then post, then channel). */
  due: DuePair[];
  /** Due but held by a pause (nothing dropped: they come back on resume). */
  held: HeldPair[];
  /** Claimed by another run whose lease is still running. */
  busy: BusyPair[];
  /** Published, then edited: never reposted, reported. */
  edited: EditedPair[];
  /** Failed for good or out of attempts: reported until a human acts. */
  stuck: StuckPair[];
  /** Ready posts whose time cannot be resolved (a local time in a DST gap or overlap). */
  unschedulable: UnschedulablePair[];
}

export interface DueInput {
  posts: readonly PostDoc[];
  ledger: Ledger;
  pauses: Pauses;
  /** The schedule instant (`--at`): what is due. */
  nowMs: number;
  /** The real clock, for claim leases; defaults to `nowMs`. */
  clockMs?: number;
  timeZone: string;
  /** Only these channels (`--channel`). */
  channels?: ReadonlySet<ChannelId>;
  /** The current crisis (data/crisis/current.json): its posts go out through the pause. */
  crisis?: string | undefined;
  /** Crises that ended (data/crisis/<id>/record.json): what they held and is now too late waits for a human. */
  endedCrises?: readonly EndedCrisis[];
}

const CHANNEL_ORDER = new Map(CHANNEL_IDS.map((id, i) => [id, i]));

export function duePlan(input: DueInput): DuePlan {
  const plan: DuePlan = { due: [], held: [], busy: [], edited: [], stuck: [], unschedulable: [] };
  const clockMs = input.clockMs ?? input.nowMs;
  const byPost = new Map<string, PairRecord[]>();
  for (const record of input.ledger.values()) {
    const list = byPost.get(record.postId) ?? [];
    list.push(record);
    byPost.set(record.postId, list);
  }

  for (const post of input.posts) {
    const status = post.data.status;
    // A retraction reaches every channel the post went to, even one since removed from its list.
    const channels = new Set<ChannelId>(post.data.channels);
    if (status === 'retracted') for (const r of byPost.get(post.id) ?? []) channels.add(r.channel);
    for (const channel of channels) {
      if (input.channels && !input.channels.has(channel)) continue;
      const record = input.ledger.get(pairKey(post.id, channel));
      const content = channelContent(post.data, channel);
      const resolved = resolveDateTime(content.publishAt, input.timeZone);
      const publishAtMs = resolved.ok ? resolved.epochMs : undefined;
      // Hashing what a channel publishes is the costly part; most pairs are neither due nor published.
      let hash: string | undefined;
      const hashOf = () => (hash ??= contentHash(post.data, post.body, channel));
      const baseOf = () => ({ postId: post.id, file: post.file, channel, publishAtMs, contentHash: hashOf(), key: idempotencyKey(post.id, channel, hashOf()), attempts: record?.attempts ?? 0 });

      let wish: 'publish' | 'retract' | 'none' = 'none';
      if (status === 'retracted') wish = 'retract';
      else if (status === 'ready' && post.data.channels.includes(channel)) {
        if (!resolved.ok) {
          if (!record || record.state === 'none') plan.unschedulable.push({ postId: post.id, file: post.file, channel, reason: resolved.reason });
        } else if (resolved.epochMs <= input.nowMs) wish = 'publish';
      }

      const step = nextStep(record, wish, clockMs);
      let item: DuePair | undefined;
      switch (step.kind) {
        case 'publish':
          item = { ...baseOf(), action: step.action };
          break;
        case 'reconcile':
          item = { ...baseOf(), action: 'reconcile', ...(step.lookupKey ? { lookupKey: step.lookupKey } : {}), sendIfMissing: wish === 'publish' };
          break;
        case 'retract':
          item = { ...baseOf(), action: 'retract' };
          break;
        case 'busy':
          plan.busy.push({ ...baseOf(), action: step.claim.action, run: step.claim.run, leaseUntil: step.claim.leaseUntil });
          break;
        case 'stuck':
          plan.stuck.push({ postId: post.id, file: post.file, channel, reason: step.reason });
          break;
        case 'done':
          if (step.state === 'published' && status === 'ready' && channel !== 'blog' && record?.published && record.published.contentHash !== hashOf()) {
            plan.edited.push({ postId: post.id, file: post.file, channel, publishedHash: record.published.contentHash, currentHash: hashOf(), url: record.published.url });
          }
          break;
        case 'nothing':
          break;
      }
      if (!item) continue;
      // A retraction is what one does in a crisis: a pause never holds it.
      const pause = item.action === 'retract' ? undefined : pauseFor(input.pauses, channel, post.data, input.crisis);
      // Only a first attempt: a retry or a reconciliation was already sent once, not held by the crisis.
      const late = !pause && item.action === 'publish' && item.publishAtMs !== undefined && input.endedCrises?.length ? heldAfterCrisis(input.endedCrises, channel, post.data, item.publishAtMs, input.nowMs) : undefined;
      if (pause) plan.held.push({ ...item, pause });
      else if (late) plan.held.push({ ...item, pause: late, afterCrisis: true });
      else plan.due.push(item);
    }
  }
  const order = (a: DuePair, b: DuePair) =>
    (a.publishAtMs ?? 0) - (b.publishAtMs ?? 0) || (a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : 0) || CHANNEL_ORDER.get(a.channel)! - CHANNEL_ORDER.get(b.channel)!;
  plan.due.sort(order);
  plan.held.sort(order);
  plan.busy.sort(order);
  return plan;
}

/** `postId:channel` of every pair published (and not retracted): what lint's `published` context wants. */
export function publishedPairs(ledger: Ledger): Set<string> {
  const set = new Set<string>();
  for (const [key, record] of ledger) if (record.state === 'published') set.add(key);
  return set;
}
