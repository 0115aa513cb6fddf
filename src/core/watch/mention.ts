/**
 * Mentions: what a source brings (RawMention, kept in memory only) and what Git keeps (StoredMention:
 * no text, no handle, a keyed pseudonym, the URL unless it names the author, scores, risk words and a reach
 * bucket). Pure.
 */
import type { SentimentLabel } from '../sentiment/index.ts';

export const MENTION_KINDS = ['post', 'reply', 'review', 'article', 'video'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

/** A mention as a source read it. Its text and author never reach Git. */
export interface RawMention {
  /** The network or site kind: bluesky, mastodon, reddit, youtube, x, web (RSS), reviews. */
  network: string;
  /** Id within the network (Mastodon: the status URI, the same on every instance). */
  nativeId: string;
  url: string;
  createdAt: string;
  /** The author's stable id (DID, account URI, t2_…, channel id): pseudonymised, never stored. */
  authorId: string;
  /** The author's public name, for the alert issue's masked excerpts only. */
  handle?: string;
  text: string;
  lang?: string;
  /** Review stars, 1–5. */
  rating?: number;
  kind: MentionKind;
  /** Followers, views or engagement: what the reach bucket is computed from. */
  reach?: number;
  /** The query this mention was searched for, when the source knows it. */
  query?: string;
}

export interface StoredMention {
  /** `<network>:<native id>`. */
  id: string;
  network: string;
  url: string;
  createdAt: string;
  seenAt: string;
  kind: MentionKind;
  /** Keyed pseudonym of the author (src/core/pseudonym.ts). */
  author: string;
  /** floor(log10(followers, views or engagement)); 0 when unknown or under 10. */
  reach: number;
  lang: string;
  label: SentimentLabel;
  score: number;
  risk: string[];
  rating?: number;
  query?: string;
  competitor?: string;
  /** Counts for alerts (a query with `alerting: false` and competitors do not). */
  alerting: boolean;
}

/**
 * How a mention's author shows in its address: the handle (without `@`, and the local part of an
 * `acct@host`), the account id and the last segment of an account URL. Too short a mark would match by
 * chance: kept from 3 characters.
 */
export function authorMarks(raw: Pick<RawMention, 'authorId' | 'handle'>): string[] {
  const marks = new Set<string>();
  const add = (mark: string | undefined) => {
    const m = mark?.trim().toLowerCase();
    if (m && m.length >= 3) marks.add(m);
  };
  const handle = raw.handle?.replace(/^@/, '');
  add(handle);
  add(handle?.split('@')[0]);
  add(raw.authorId);
  add(raw.authorId.replace(/\/+$/, '').split('/').pop()?.replace(/^@/, ''));
  return [...marks];
}

export function namesAuthor(value: string, marks: readonly string[]): boolean {
  const v = value.toLowerCase();
  return marks.some((mark) => v.includes(mark));
}

/**
 * The link Git keeps: the mention's URL, unless it names its author (a Mastodon `/@name/…`, a Bluesky
 * `/profile/did:…`), then the site's address only. The alert issue keeps the full link.
 */
export function storedUrl(url: string, marks: readonly string[]): string {
  if (!namesAuthor(url, marks)) return url;
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return '';
  }
}

/** A URL that points at one item (not a site's address alone): what two sources' duplicates share. */
export function isItemUrl(url: string): boolean {
  try {
    return new URL(url).pathname.length > 1;
  } catch {
    return false;
  }
}

export function mentionId(network: string, nativeId: string): string {
  return `${network}:${nativeId}`;
}

export function reachBucket(reach: number | undefined): number {
  return reach !== undefined && reach >= 1 ? Math.floor(Math.log10(reach)) : 0;
}

/** Negative, or carrying a risk word: what the spike rule counts. */
export function isNegative(m: Pick<StoredMention, 'label' | 'risk'>): boolean {
  return m.label === 'negative' || m.risk.length > 0;
}

/** One stored mention as its JSON line: fixed key order, so that files diff cleanly. */
export function serializeMention(m: StoredMention): string {
  const ordered: StoredMention = {
    id: m.id,
    network: m.network,
    url: m.url,
    createdAt: m.createdAt,
    seenAt: m.seenAt,
    kind: m.kind,
    author: m.author,
    reach: m.reach,
    lang: m.lang,
    label: m.label,
    score: m.score,
    risk: m.risk,
    ...(m.rating !== undefined ? { rating: m.rating } : {}),
    ...(m.query !== undefined ? { query: m.query } : {}),
    ...(m.competitor !== undefined ? { competitor: m.competitor } : {}),
    alerting: m.alerting,
  };
  return JSON.stringify(ordered);
}

/** A stored line, or undefined when it is not one (reported by the caller). */
export function parseMention(line: string): StoredMention | undefined {
  try {
    const value = JSON.parse(line) as Partial<StoredMention>;
    if (typeof value.id !== 'string' || typeof value.createdAt !== 'string' || typeof value.author !== 'string' || typeof value.label !== 'string') return undefined;
    return { risk: [], alerting: true, reach: 0, ...value } as StoredMention;
  } catch {
    return undefined;
  }
}
