/**
 * What Facebook, Instagram and Threads moderation share: comments are read per brand post (no
 * notification feed without a webhook server), newest first, until the cursor (the newest creation time
 * already read). Each network's section maps its own fields (see the end of facebook.ts, instagram.ts,
 * threads.ts).
 */
import type { Interaction } from '../../core/moderation/types.ts';
import type { PublishFailure } from '../adapter.ts';
import type { ListQuery, ListResult, OwnPost } from '../moderation.ts';
import type { GraphClient } from './graph.ts';

interface Page<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** Pages of comments read per post and run: a busy post catches up over the next runs. */
const PAGES_PER_POST = 3;

export async function listPerPost<T>(
  graph: GraphClient,
  query: ListQuery,
  read: { path: (post: OwnPost) => string; fields: string; extra?: Record<string, string>; what: string },
  /** The comment first (its time decides where reading stops), then any replies that come inside it. */
  toInteractions: (raw: T, post: OwnPost) => Interaction[] | undefined,
): Promise<ListResult> {
  const since = Math.max(query.cursor ? Date.parse(query.cursor) : Number.NEGATIVE_INFINITY, query.sinceMs ?? Number.NEGATIVE_INFINITY);
  const items: Interaction[] = [];
  for (const post of query.ownPosts) {
    let after: string | undefined;
    for (let page = 0; page < PAGES_PER_POST; page++) {
      const res = await graph.call<Page<T>>({ method: 'GET', path: read.path(post), params: { fields: read.fields, limit: '100', ...read.extra, ...(after ? { after } : {}) }, what: `GET ${read.what}` });
      if (!res.ok) return res as PublishFailure;
      if (!res.body || !Array.isArray(res.body.data)) return { ok: false, kind: 'refused', message: `GET ${read.what}: malformed answer (no data array)` };
      let older = false;
      for (const raw of res.body.data) {
        const found = toInteractions(raw, post);
        if (!found?.length) return { ok: false, kind: 'refused', message: `GET ${read.what}: malformed comment (no id or time)` };
        if (Date.parse(found[0]!.createdAt) <= since) older = true;
        items.push(...found.filter((i) => Date.parse(i.createdAt) > since));
      }
      after = res.body.paging?.cursors?.after;
      if (older || !res.body.paging?.next || !after) break;
    }
  }
  items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const kept = items.slice(0, query.limit);
  const newest = kept.at(-1);
  return { ok: true, items: kept, ...(newest ? { cursor: newest.createdAt } : query.cursor ? { cursor: query.cursor } : {}) };
}

/** A Graph time (`2026-12-08T17:12:00+0000`) as ISO, or undefined. */
export function graphTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
