/**
 * Facebook Page through the Graph API, with plain fetch against `FACEBOOK_API_URL` (default
 * https://graph.facebook.com), version `FACEBOOK_GRAPH_VERSION` (default v25.0), as the Page
 * `FACEBOOK_PAGE_ID` with a Page access token `FACEBOOK_PAGE_TOKEN` (pages_manage_posts,
 * pages_read_engagement, pages_show_list), sent as `Authorization: Bearer`.
 *
 * - Text: `POST /{page-id}/feed` `{message, link}`.
 * - One https:// image that needs no change: `POST /{page-id}/photos` `{url, message, alt_text_custom}`
 *   → `{id, post_id}` (Facebook fetches it).
 * - Images of the repository (or to convert), one or several: each uploaded as `source` (multipart,
 *   converted as planMedia says: Facebook takes bytes, unlike Instagram and Threads) with
 *   `published=false`, then `POST /{page-id}/feed` `{message, attached_media[n]={"media_fbid":…}}`.
 * - With images the post's link goes at the end of the message (a photo post has no link field).
 * - firstComment: `POST /{post-id}/comments` right after; if it fails the post stays published.
 * - The ledger's URL is the post's `permalink_url` (`GET /{post-id}`), else https://www.facebook.com/<id>.
 *
 * Exactly once: Facebook has no idempotency key. Unpublished photos are invisible, so a failed upload
 * is transient; a 5xx or no answer on the call that publishes (`/feed`, or `/photos` for one image) is
 * an unknown outcome. `lookup` reads the Page's 100 latest posts (`GET /{page-id}/posts`) and matches the
 * exact message. Threads are refused (a Page has no reply chains). Delete: `DELETE /{post-id}`.
 */
import path from 'node:path';
import { NETWORK_LIMITS, VIDEO_FORMATS } from '../core/networks/limits.ts';
import { LINK_SEPARATOR } from '../core/networks/compose.ts';
import type { Adapter, DeleteResult, LookupResult, Publication, PublicationMedia, PublishFailure, PublishResult } from './adapter.ts';
import { prepareImage } from './http/images.ts';
import { alreadyGone, envValue, graphClient, type GraphClient } from './meta/graph.ts';
import { graphTime, listPerPost } from './meta/moderation.ts';
import type { ActionResult, ModerationAdapter } from './moderation.ts';

export const DEFAULT_FACEBOOK_API_URL = 'https://graph.facebook.com';
export const DEFAULT_FACEBOOK_GRAPH_VERSION = 'v25.0';

const LIMITS = NETWORK_LIMITS.facebook;

export interface FacebookOptions {
  pageId: string;
  token: string;
  apiUrl?: string;
  version?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  /** Posts a look-up reads (Graph maximum 100). */
  lookupDepth?: number;
}

/** The message a publication posts: with photos the link goes at the end (`/photos` has no link field). */
export function facebookMessage(publication: Publication): string {
  const part = publication.parts[0];
  const text = part?.text ?? '';
  const link = publication.link;
  if (!link || (part?.media.length ?? 0) === 0 || text.includes(link)) return text;
  return text.trim() === '' ? link : `${text}${LINK_SEPARATOR}${link}`;
}

/** Facebook may hand back CRLF line ends; the text is otherwise what was sent. */
const sameMessage = (received: string, sent: string) => received.replace(/\r\n?/g, '\n').trim() === sent.replace(/\r\n?/g, '\n').trim();

export const facebookPostUrl = (id: string) => `https://www.facebook.com/${encodeURIComponent(id)}`;

interface FeedPost {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
}

export function facebookAdapter(options: FacebookOptions): Adapter {
  const client: GraphClient = graphClient({
    apiUrl: options.apiUrl ?? DEFAULT_FACEBOOK_API_URL,
    version: options.version ?? DEFAULT_FACEBOOK_GRAPH_VERSION,
    token: options.token,
    tokenVariable: 'FACEBOOK_PAGE_TOKEN',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const fetchImpl = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const page = `/${encodeURIComponent(options.pageId)}`;
  // Unpublished photos already uploaded in this run (the runner's retry does not upload them again).
  const uploaded = new Map<string, string>();

  /** The `url` or `source` fields for one photo. */
  async function photoFields(media: PublicationMedia): Promise<{ ok: true; url?: string; source?: Blob; filename?: string } | PublishFailure> {
    const extension = path.extname(media.path.split('?')[0]!).slice(1).toLowerCase();
    if (VIDEO_FORMATS.includes(extension)) return { ok: false, kind: 'refused', message: `${media.path}: videos are not published to Facebook yet` };
    const prepared = await prepareImage(media, LIMITS, fetchImpl);
    if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
    if (!media.absolutePath && /^https:\/\//.test(media.path) && prepared.image.changes.length === 0) return { ok: true, url: media.path };
    const base = path.basename(media.path.split('?')[0]!, path.extname(media.path.split('?')[0]!)) || 'image';
    return { ok: true, source: new Blob([new Uint8Array(prepared.image.bytes)], { type: prepared.image.mime }), filename: `${base}.${prepared.image.format === 'jpeg' ? 'jpg' : prepared.image.format}` };
  }

  /**
   * `POST /{page-id}/photos`: published with the message (one image by URL), or unpublished for a post
   * made with /feed (uploaded bytes: form fields in a multipart body lose their line ends to CRLF, so the
   * message never travels there).
   */
  async function postPhoto(media: PublicationMedia, photo: { url?: string; source?: Blob; filename?: string }, fields: { message?: string; published: boolean }, signal?: AbortSignal) {
    const send = (withAlt: boolean) => {
      const params: Record<string, string | undefined> = {
        ...(photo.url ? { url: photo.url } : {}),
        ...(fields.message !== undefined ? { message: fields.message } : {}),
        ...(fields.published ? {} : { published: 'false' }),
        ...(withAlt && media.alt.trim() !== '' ? { alt_text_custom: media.alt } : {}),
      };
      let form: FormData | undefined;
      if (photo.source) {
        form = new FormData();
        for (const [k, v] of Object.entries(params)) if (v !== undefined) form.append(k, v);
        form.append('source', photo.source, photo.filename);
      }
      return client.call<{ id?: string; post_id?: string }>({
        method: 'POST',
        path: `${page}/photos`,
        ...(form ? { form } : { params }),
        what: `POST /{page-id}/photos (${media.path})`,
        publishing: fields.published,
        signal,
      });
    };
    const first = await send(true);
    // alt_text_custom is not in every Graph version's documented parameters: without it rather than no photo.
    if (!first.ok && first.graphError?.code === 100 && /alt_text_custom/i.test(first.graphError.message ?? '')) return send(false);
    return first;
  }

  async function permalink(id: string, signal?: AbortSignal): Promise<string> {
    const got = await client.call<{ permalink_url?: string }>({ method: 'GET', path: `/${encodeURIComponent(id)}`, params: { fields: 'permalink_url' }, what: 'GET /{post-id}?fields=permalink_url', signal });
    return got.ok && typeof got.body?.permalink_url === 'string' ? got.body.permalink_url : facebookPostUrl(id);
  }

  return {
    name: 'facebook',
    channel: 'facebook',

    render(publication) {
      const message = facebookMessage(publication);
      const link = publication.link && (publication.parts[0]?.media.length ?? 0) === 0 && !message.includes(publication.link) ? `${LINK_SEPARATOR}[link: ${publication.link}]` : '';
      return [`${message}${link}`];
    },

    async publish(publication, signal): Promise<PublishResult> {
      if (publication.parts.length > 1) return { ok: false, kind: 'refused', message: 'a Facebook Page has no reply chains: publish the thread parts as one post, or leave facebook out of this thread' };
      const part = publication.parts[0] ?? { text: '', media: [] };
      const message = facebookMessage(publication);
      let postId: string;
      if (part.media.length === 0) {
        if (message.trim() === '' && !publication.link) return { ok: false, kind: 'refused', message: 'nothing to post: no text, link or image' };
        const res = await client.call<{ id?: string }>({
          method: 'POST',
          path: `${page}/feed`,
          params: { message: message || undefined, link: publication.link },
          what: 'POST /{page-id}/feed',
          publishing: true,
          signal,
        });
        if (!res.ok) return res;
        if (!res.body?.id) return { ok: false, kind: 'unknown', message: 'POST /{page-id}/feed answered without an id' };
        postId = res.body.id;
      } else {
        const single = part.media.length === 1 ? await photoFields(part.media[0]!) : undefined;
        if (single && !single.ok) return single;
        if (single?.url) {
          // One image Facebook can fetch itself: one call publishes it with the message.
          const res = await postPhoto(part.media[0]!, single, { message, published: true }, signal);
          if (!res.ok) return res;
          const id = res.body?.post_id ?? res.body?.id;
          if (!id) return { ok: false, kind: 'unknown', message: 'POST /{page-id}/photos answered without an id' };
          postId = id;
        } else {
          // Uploaded photos: unpublished first (invisible, safe to redo), then one /feed post with them all.
          const ids: string[] = [];
          for (const [i, media] of part.media.entries()) {
            const memo = `${publication.key}#${i}`;
            const done = uploaded.get(memo);
            if (done) {
              ids.push(done);
              continue;
            }
            const photo = i === 0 && single ? single : await photoFields(media);
            if (!photo.ok) return photo;
            const res = await postPhoto(media, photo, { published: false }, signal);
            if (!res.ok) return res;
            if (!res.body?.id) return { ok: false, kind: 'transient', message: `POST /{page-id}/photos (${media.path}) answered without an id` };
            uploaded.set(memo, res.body.id);
            ids.push(res.body.id);
          }
          const params: Record<string, string | undefined> = { message: message || undefined };
          ids.forEach((id, i) => (params[`attached_media[${i}]`] = JSON.stringify({ media_fbid: id })));
          const res = await client.call<{ id?: string }>({ method: 'POST', path: `${page}/feed`, params, what: 'POST /{page-id}/feed (attached_media)', publishing: true, signal });
          if (!res.ok) return res;
          if (!res.body?.id) return { ok: false, kind: 'unknown', message: 'POST /{page-id}/feed answered without an id' };
          postId = res.body.id;
        }
      }
      if (publication.firstComment) {
        // The post is out whatever happens to the comment; a failed comment is not a failed publication.
        await client.call({ method: 'POST', path: `/${encodeURIComponent(postId)}/comments`, params: { message: publication.firstComment }, what: 'POST /{post-id}/comments', signal });
      }
      return { ok: true, remoteId: postId, url: await permalink(postId, signal) };
    },

    async lookup(publication, key, signal): Promise<LookupResult> {
      if (key !== publication.key) return { found: 'unknown', message: 'the post changed since that attempt: its text is unknown, check the Page by hand' };
      const wanted = facebookMessage(publication).trim();
      if (wanted === '') return { found: 'unknown', message: 'a post without text cannot be recognised among the Page posts: check the Page by hand' };
      const res = await client.call<{ data?: FeedPost[] }>({
        method: 'GET',
        path: `${page}/posts`,
        params: { fields: 'id,message,created_time,permalink_url', limit: String(options.lookupDepth ?? 100) },
        what: 'GET /{page-id}/posts',
        signal,
      });
      if (!res.ok) return { found: 'unknown', message: res.message };
      const hit = (res.body?.data ?? []).find((p) => sameMessage(p.message ?? '', wanted));
      if (!hit) return { found: false };
      return { found: true, remoteId: hit.id, url: hit.permalink_url ?? facebookPostUrl(hit.id) };
    },

    async delete(remote, signal): Promise<DeleteResult> {
      const res = await client.call<{ success?: boolean }>({ method: 'DELETE', path: `/${encodeURIComponent(remote.remoteId)}`, what: 'DELETE /{post-id}', signal });
      if (!res.ok && !alreadyGone(res)) return res.kind === 'unknown' ? { ...res, kind: 'transient' } : res; // a delete is idempotent
      return { ok: true };
    },
  };
}

export function facebookFromEnv(env: NodeJS.ProcessEnv): Adapter {
  return facebookAdapter({
    pageId: envValue(env, 'FACEBOOK_PAGE_ID') ?? '',
    token: envValue(env, 'FACEBOOK_PAGE_TOKEN') ?? '',
    apiUrl: envValue(env, 'FACEBOOK_API_URL') ?? DEFAULT_FACEBOOK_API_URL,
    version: envValue(env, 'FACEBOOK_GRAPH_VERSION') ?? DEFAULT_FACEBOOK_GRAPH_VERSION,
  });
}

// ---- Metrics ---------------------------------------------------------------------------------------
// Page posts: `/{post-id}/insights` for views (post_media_view, the replacement of the retired
// post_impressions), reach (post_total_media_view_unique, replacing post_impressions_unique), reactions by
// type and clicks; comments and shares from the post's own fields. A retired metric fails the whole
// insights call, so meta/insights.ts retries metric by metric and names the refused ones. Needs the
// `read_insights` / `pages_read_engagement` permissions. Followers: the Page's `followers_count`.

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { num, type MetricsReader, type ReadOutcome } from './metrics.ts';
import { readInsights, sumBreakdown } from './meta/insights.ts';

export const FACEBOOK_POST_METRICS = ['post_media_view', 'post_total_media_view_unique', 'post_reactions_by_type_total', 'post_clicks'] as const;

export function facebookMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const pageId = envValue(env, 'FACEBOOK_PAGE_ID') ?? '';
  const version = envValue(env, 'FACEBOOK_GRAPH_VERSION') ?? DEFAULT_FACEBOOK_GRAPH_VERSION;
  const client = graphClient({ apiUrl: envValue(env, 'FACEBOOK_API_URL') ?? DEFAULT_FACEBOOK_API_URL, version, token: envValue(env, 'FACEBOOK_PAGE_TOKEN') ?? '', tokenVariable: 'FACEBOOK_PAGE_TOKEN', ...(options.fetch ? { fetch: options.fetch } : {}) });
  return {
    channel: 'facebook',
    name: 'facebook',
    provides: ['views', 'reach', 'likes', 'comments', 'shares', 'clicks'],
    async readPosts(posts): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      const refused = new Set<string>();
      for (const post of posts) {
        const insights = await readInsights(client, post.remoteId, FACEBOOK_POST_METRICS, 'GET /{post-id}/insights');
        if (!insights.ok) {
          if (insights.status === 404) continue;
          return insights;
        }
        insights.refused.forEach((m) => refused.add(m));
        const fields = await client.call<{ comments?: { summary?: { total_count?: number } }; shares?: { count?: number } }>({ method: 'GET', path: `/${encodeURIComponent(post.remoteId)}`, params: { fields: 'comments.summary(true).limit(0),shares' }, what: 'GET /{post-id}?fields=comments,shares' });
        if (!fields.ok) return fields;
        const v = insights.values;
        found.set(post.remoteId, {
          views: num(v.get('post_media_view')),
          reach: num(v.get('post_total_media_view_unique')),
          likes: sumBreakdown(v.get('post_reactions_by_type_total')),
          clicks: num(v.get('post_clicks')),
          comments: num(fields.body?.comments?.summary?.total_count),
          // Facebook leaves `shares` out of a post nobody shared: a measured zero.
          shares: num(fields.body?.shares?.count) ?? 0,
        });
      }
      return { ok: true, value: found, ...(refused.size ? { refused: [...refused] } : {}), api: `graph-${version}` };
    },
    async readAccount() {
      const page = await client.call<{ followers_count?: number }>({ method: 'GET', path: `/${encodeURIComponent(pageId)}`, params: { fields: 'followers_count' }, what: 'GET /{page-id}?fields=followers_count' });
      if (!page.ok) return page;
      return { ok: true, value: { followers: num(page.body?.followers_count) } };
    },
  };
}


// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Comments on the Page's posts, read per post (`GET /{post-id}/comments`, filter=stream, newest first:
// ids come back only with a token that can MODERATE the Page); hide and unhide with `is_hidden`
// (`can_hide` says whether it is allowed); reply as the Page; no report API (the manual form instead).
// Permissions: pages_read_engagement, pages_read_user_engagement, pages_manage_engagement.

interface FacebookComment {
  id?: string;
  message?: string;
  created_time?: string;
  from?: { id?: string; name?: string };
  is_hidden?: boolean;
  parent?: { id?: string };
  permalink_url?: string;
}

export function facebookModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): ModerationAdapter {
  const pageId = envValue(env, 'FACEBOOK_PAGE_ID') ?? '';
  const graph = graphClient({
    apiUrl: envValue(env, 'FACEBOOK_API_URL') ?? DEFAULT_FACEBOOK_API_URL,
    version: envValue(env, 'FACEBOOK_GRAPH_VERSION') ?? DEFAULT_FACEBOOK_GRAPH_VERSION,
    token: envValue(env, 'FACEBOOK_PAGE_TOKEN') ?? '',
    tokenVariable: 'FACEBOOK_PAGE_TOKEN',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const ok = (r: { ok: true } | PublishFailure): ActionResult => (r.ok ? { ok: true } : r);
  return {
    name: 'facebook',
    channel: 'facebook',
    caps: { hide: 'any', unhide: true, report: false, reply: true },
    reportUrl: () => 'https://www.facebook.com/help/181495968648557',
    list: (query) =>
      listPerPost<FacebookComment>(graph, query, { path: (p) => `/${encodeURIComponent(p.remoteId)}/comments`, fields: 'id,message,created_time,from,is_hidden,parent,permalink_url', extra: { filter: 'stream', order: 'reverse_chronological' }, what: '/{post-id}/comments' }, (c, post) => {
        const createdAt = graphTime(c.created_time);
        if (!c.id || !createdAt) return undefined;
        return [{
          network: 'facebook',
          id: c.id,
          ...(c.permalink_url ? { url: c.permalink_url } : {}),
          kind: 'comment',
          ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) },
          parentId: c.parent?.id ?? post.remoteId,
          rootId: post.remoteId,
          rootIsBrand: true,
          nested: c.parent?.id !== undefined,
          // Without a user token, Graph leaves `from` out for people: their id stays unknown, never guessed.
          author: { id: c.from?.id ?? `unknown:${c.id}`, ...(c.from?.name ? { displayName: c.from.name } : {}), ...(c.from?.id === pageId ? { isBrand: true } : {}) },
          text: c.message ?? '',
          createdAt,
          hidden: c.is_hidden === true,
        }];
      }),
    setHidden: async (ref, hidden) => ok(await graph.call({ method: 'POST', path: `/${encodeURIComponent(ref.id)}`, params: { is_hidden: String(hidden) }, what: `POST /{comment-id} is_hidden=${hidden}` })),
    reply: async (ref, text) => {
      const r = await graph.call<{ id?: string }>({ method: 'POST', path: `/${encodeURIComponent(ref.id)}/comments`, params: { message: text }, what: 'POST /{comment-id}/comments', publishing: true });
      return r.ok ? { ok: true, ...(r.body?.id ? { remoteId: r.body.id } : {}) } : r;
    },
    state: async (ref) => {
      const r = await graph.call<{ id?: string; is_hidden?: boolean }>({ method: 'GET', path: `/${encodeURIComponent(ref.id)}`, params: { fields: 'id,is_hidden' }, what: 'GET /{comment-id}' });
      if (r.ok) return { known: true, exists: true, hidden: r.body?.is_hidden === true };
      return alreadyGone(r) ? { known: true, exists: false } : { known: false, message: r.message };
    },
  };
}
