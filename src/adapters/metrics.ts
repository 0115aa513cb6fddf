/**
 * Reading metrics back: the one interface each network's adapter file implements in its "Metrics"
 * section (src/metrics/readers.ts picks a channel's reader as publishing picks its adapter).
 *
 * A reader returns what the network really has: counters it does not have are null (declared in
 * `provides`), never 0. A failure (429, expired token, a metric the network retired) fails that channel
 * only, with a message that says what to do.
 */
import type { ChannelId } from '../core/channels.ts';
import type { Counters, MetricName } from '../core/metrics/model.ts';
import type { PublishFailure } from './adapter.ts';

export interface PostRef {
  post: string;
  remoteId: string;
  url?: string;
  publishedMs: number;
}

export type ReadOutcome<T> = { ok: true; value: T; refused?: string[]; api?: string } | (PublishFailure & { refused?: string[] });

export interface AccountCounters {
  followers?: number | null;
  members?: number | null;
  posts?: number | null;
}

export interface MetricsReader {
  readonly channel: ChannelId;
  /** `mastodon`, `outbox`, `plausible`…: written in the run log. */
  readonly name: string;
  /** Counters this network has for a post; every other metric is null. Empty: posts cannot be measured. */
  readonly provides: readonly MetricName[];
  /** Why posts or the account cannot be measured here (Slack's webhook, a Telegram bot), for the report. */
  readonly limits?: string;
  /** Counters per remote id; an id missing from the map was not found (deleted on the network). */
  readPosts?(posts: readonly PostRef[], nowMs: number): Promise<ReadOutcome<Map<string, Counters>>>;
  /** The account's counters now. */
  readAccount?(nowMs: number): Promise<ReadOutcome<AccountCounters>>;
  /** Past days the network (or the outbox's seeded history) still knows, to fill days no run recorded. */
  readAccountHistory?(fromDay: string, toDay: string): Promise<ReadOutcome<{ d: string; counters: AccountCounters }[]>>;
}

/** A blog analytics source (Plausible), read per day. */
export interface BlogAnalytics {
  readonly name: string;
  /** Page views and visitors per page, and social visits per UTM tag set, for one complete day. */
  readDay(day: string): Promise<ReadOutcome<{ pages: { path: string; visitors: number | null; pageviews: number | null }[]; utm: { src: string; campaign?: string; content?: string; visits: number | null; visitors: number | null }[] }>>;
  /** Page views of one path between two days (the blog channel's post readings). */
  readPath?(path: string, fromDay: string, toDay: string): Promise<ReadOutcome<{ visitors: number | null; pageviews: number | null }>>;
}

/** Fills every metric of `provides` not in `counters` with null, and drops the others: what the network has, as it gave it. */
export function normalise(counters: Counters, provides: readonly MetricName[]): Counters {
  const out: Counters = {};
  for (const name of provides) {
    const value = counters[name];
    out[name] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return out;
}

export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null);

/** Splits a list into batches (networks take 20–100 ids per call). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
