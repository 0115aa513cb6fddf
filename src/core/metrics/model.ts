/**
 * What `cadence metrics` records and `cadence report` reads: one vocabulary for every network's counters
 * (close to Buffer's normalised post metrics), the age milestones at which a publication is measured, and
 * the rows of the append-only files under `data/metrics/` (see format.ts).
 *
 * A counter a network does not have is `null`, never 0: a measured zero and "this network cannot tell"
 * must never be confused (Mastodon has no views; Instagram returns an empty set for a story's saves).
 */
import type { ChannelId } from '../channels.ts';

export const METRIC_NAMES = [
  'views', // impressions or views (X impression_count, Facebook post_media_view, Instagram/Threads views, LinkedIn impressionCount)
  'reach', // unique viewers (Instagram reach, Facebook post_total_media_view_unique, LinkedIn uniqueImpressionsCount)
  'likes', // likes, favourites, reactions
  'comments', // replies, comments
  'reposts', // reposts, retweets, reblogs, reshares
  'quotes',
  'shares', // sends and shares outside reposts
  'saves', // saves, bookmarks
  'clicks', // link clicks the network counts
  'profileClicks',
  'videoViews',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** A reading: a number the network gave, or null where it has no such counter (or withheld it). */
export type Counters = Partial<Record<MetricName, number | null>>;

/** What counts as an interaction in engagement rates (no clicks, no views: every network's own definition differs there). */
export const INTERACTIONS: readonly MetricName[] = ['likes', 'comments', 'reposts', 'quotes', 'shares', 'saves'];

export interface Milestone {
  id: '1h' | '24h' | '7d' | '28d' | '90d';
  hours: number;
  /** A reading taken later than this (hours of age) is late: it is kept and says so. */
  lateAfterHours: number;
}

/**
 * Engagement arrives within hours on most networks, so a few fixed ages capture the curve at ~5 % of the
 * cost of daily readings (docs/metrics.md); +7 d is the value posts are compared on.
 */
export const MILESTONES: readonly Milestone[] = [
  { id: '1h', hours: 1, lateAfterHours: 3 },
  { id: '24h', hours: 24, lateAfterHours: 36 },
  { id: '7d', hours: 168, lateAfterHours: 216 },
  { id: '28d', hours: 672, lateAfterHours: 744 },
  { id: '90d', hours: 2160, lateAfterHours: 2280 },
];

export type MilestoneId = Milestone['id'];
export const REFERENCE_MILESTONE: MilestoneId = '7d';

export function milestone(id: string): Milestone | undefined {
  return MILESTONES.find((m) => m.id === id);
}

/** A publication as measured: written once, the first time a run sees the pair (its descriptor for reports). */
export interface PublicationRow {
  post: string;
  ch: ChannelId;
  /** Remote id and URL from the ledger. */
  rid: string;
  url?: string;
  /** Instant of publication (the ledger's `published` event), ISO UTC: ages count from it. */
  pub: string;
  title?: string;
  pillar?: string;
  campaign?: string;
  /** A declared A/B cross-test: experiment id and arm. */
  exp?: string;
  arm?: string;
}

/** One reading of a publication at a milestone. */
export interface SnapshotRow extends Counters {
  post: string;
  ch: ChannelId;
  age: MilestoneId;
  /** When it was read, ISO UTC, and the publication's actual age then in hours (late runs stay honest). */
  at: string;
  ageH: number;
  /** Read after the milestone's window (a late run). */
  late?: true;
  /** API version or source, when it matters (graph-v25.0, plausible-v2, outbox). */
  api?: string;
}

/** One day of an account's counters (no network keeps this history for us). */
export interface AccountRow {
  ch: ChannelId;
  d: string;
  at: string;
  followers?: number | null;
  /** Discord: approximate member count; Telegram: subscribers (also in followers). */
  members?: number | null;
  posts?: number | null;
}

/** One day of the blog's analytics: per page, or per UTM tag set (social visits to the brand's site). */
export type BlogRow =
  | { d: string; path: string; visitors: number | null; pageviews: number | null }
  | { d: string; src: string; campaign?: string; content?: string; visits: number | null; visitors: number | null };

/** One collection run per line: what each channel gave or why it failed. */
export interface RunRow {
  run: string;
  at: string;
  channels: Record<string, { ok: boolean; snapshots?: number; accounts?: number; error?: string; refused?: string[] }>;
}

export function isInteractionMetric(name: MetricName): boolean {
  return INTERACTIONS.includes(name);
}

/** Sum of the interactions a reading has; null when it has none of them (a network that cannot tell). */
export function interactions(counters: Counters): number | null {
  let total = 0;
  let any = false;
  for (const name of INTERACTIONS) {
    const value = counters[name];
    if (typeof value === 'number') {
      total += value;
      any = true;
    }
  }
  return any ? total : null;
}
