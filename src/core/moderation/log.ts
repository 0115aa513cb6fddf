/**
 * The moderation log: what Cadence (or a team member) decided and did about each interaction, as
 * append-only JSON lines in `data/moderation/log/<YYYY-MM>/<channel>.jsonl`, and each channel's state
 * (cursor, lease, open claims, questions waiting for a reply, repetition counters) in
 * `data/moderation/state/<channel>.json`. Commenters are third parties: no text, no handle, only ids,
 * keyed pseudonyms (`p_…`) and rule ids. docs/moderation.md documents the format for other jobs.
 */
import type { ChannelId } from '../channels.ts';

export const MODERATION_DIR = 'data/moderation';

interface Base {
  /** Real instant the event was written. */
  at: string;
  run: string;
  channel: ChannelId;
  /** The network's id of the interaction. */
  interaction: string;
}

/** One per interaction read: the verdict and what was planned (also when nothing was done). */
export interface DecidedEvent extends Base {
  type: 'decided';
  post?: string;
  kind: string;
  /** Keyed pseudonym of the author. */
  author: string;
  /** When the author wrote it. */
  createdAt: string;
  verdict: 'none' | 'hide' | 'flag' | 'report';
  rule?: string;
  /** `term:3`, `pattern:0`, `links:4`, `shouting`, `repetition:3`: what matched, never the words. */
  match?: string;
  mode?: 'shadow';
  exempt?: 'brand' | 'team';
  allowListed?: true;
  question?: true;
  /** What was planned on the network. */
  plan: 'none' | 'hide' | 'flag' | 'report';
  degradedFrom?: 'hide' | 'report';
  why?: string;
}

export type ModerationActionKind = 'hide' | 'unhide' | 'report' | 'flag' | 'to-answer' | 'reply' | 'dismiss';

/** Written and pushed before the call: exactly once rests on it. */
export interface ClaimedEvent extends Base {
  type: 'claimed';
  key: string;
  action: ModerationActionKind;
  leaseUntil: string;
  by: string;
}

export interface ActedEvent extends Base {
  type: 'acted';
  key: string;
  action: ModerationActionKind;
  /** `cadence` for the job, a GitHub login for a team member's command. */
  by: string;
  rule?: string;
  degradedFrom?: 'hide' | 'report';
  why?: string;
  /** The platform's own report form, where its API has no report. */
  reportUrl?: string;
  /** The human queue item (GitHub issue number, or a local queue id). */
  queue?: string;
  /** The key of the action this one undoes (a /restore undoes a hide). */
  undoOf?: string;
  /** Found by reading the network back after an unknown outcome. */
  reconciled?: true;
  /** The reply's id on the network (/reply). */
  remoteId?: string;
}

export interface FailedEvent extends Base {
  type: 'failed';
  key: string;
  action: ModerationActionKind;
  error: string;
  retryable: boolean;
}

export interface UnconfirmedEvent extends Base {
  type: 'unconfirmed';
  key: string;
  action: ModerationActionKind;
  error: string;
}

export interface ReleasedEvent extends Base {
  type: 'released';
  key: string;
  reason: string;
}

/** Time to first reply: a question on a brand post, and the brand's (or its team's) first answer. */
export interface FirstReplyEvent extends Base {
  type: 'first-reply';
  post?: string;
  author: string;
  askedAt: string;
  repliedAt: string;
  seconds: number;
  by: 'brand' | 'team';
  /** The id of the reply on the network. */
  reply: string;
}

export interface BreakerEvent {
  type: 'breaker';
  at: string;
  run: string;
  channel: ChannelId;
  read: number;
  wouldHide: number;
  share: number;
  limit: number;
}

export type ModerationEvent = DecidedEvent | ClaimedEvent | ActedEvent | FailedEvent | UnconfirmedEvent | ReleasedEvent | FirstReplyEvent | BreakerEvent;

/** A claim whose outcome is not recorded yet (kept in the state so a later run finds it without reading the log). */
export interface OpenClaim {
  key: string;
  action: ModerationActionKind;
  interaction: string;
  run: string;
  leaseUntil: string;
  /** What the action needs again: the brand post, the rule, the plan. */
  post?: string;
  rule?: string;
  degradedFrom?: 'hide' | 'report';
  why?: string;
  by: string;
  undoOf?: string;
}

/** A question waiting for the brand's reply. */
export interface PendingQuestion {
  askedAt: string;
  post?: string;
  author: string;
  /** The to-answer queue item, once opened. */
  queued?: string;
}

export interface ChannelState {
  /** The adapter's cursor (opaque). */
  cursor?: string;
  /** A run working on the channel: no other run acts on it until `until`. */
  lease?: { run: string; until: string };
  open: Record<string, OpenClaim>;
  pending: Record<string, PendingQuestion>;
  /** authorKey → [textKey, instant ms][] within the widest repetition window. */
  repetition: Record<string, [string, number][]>;
}

export function emptyState(): ChannelState {
  return { open: {}, pending: {}, repetition: {} };
}

export function stateFile(channel: ChannelId): string {
  return `${MODERATION_DIR}/state/${channel}.json`;
}

/** The log file an event goes to: by month of the event, one file per channel. */
export function logFile(channel: ChannelId, atMs: number): string {
  return `${MODERATION_DIR}/log/${new Date(atMs).toISOString().slice(0, 7)}/${channel}.jsonl`;
}

export function parseState(text: string): ChannelState {
  const value = JSON.parse(text) as Partial<ChannelState>;
  return {
    ...(typeof value.cursor === 'string' ? { cursor: value.cursor } : {}),
    ...(value.lease && typeof value.lease.run === 'string' ? { lease: value.lease } : {}),
    open: value.open && typeof value.open === 'object' ? value.open : {},
    pending: value.pending && typeof value.pending === 'object' ? value.pending : {},
    repetition: value.repetition && typeof value.repetition === 'object' ? value.repetition : {},
  };
}

/** Stable, sorted, one entry a line where it helps a diff. */
export function serializeState(state: ChannelState): string {
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ ...(state.cursor !== undefined ? { cursor: state.cursor } : {}), ...(state.lease ? { lease: state.lease } : {}), open: sorted(state.open), pending: sorted(state.pending), repetition: sorted(state.repetition) }, null, 1)}\n`;
}

export function parseLog(text: string): { events: ModerationEvent[]; badLines: number[] } {
  const events: ModerationEvent[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const value = JSON.parse(line) as ModerationEvent;
      if (value && typeof value.type === 'string' && typeof value.at === 'string') {
        events.push(value);
        return;
      }
    } catch {
      // reported below
    }
    badLines.push(i + 1);
  });
  return { events, badLines };
}

/** The key of an action: the same for every retry of it, unique per interaction and action (and command). */
export function actionKey(channel: ChannelId, interaction: string, action: ModerationActionKind, suffix?: string): string {
  return `${channel}:${interaction}:${action}${suffix ? `:${suffix}` : ''}`;
}
