/**
 * Threads through the Threads API, with plain fetch against `THREADS_API_URL` (default
 * https://graph.threads.net), version `THREADS_GRAPH_VERSION` (default v1.0), as `THREADS_USER_ID` with
 * `THREADS_TOKEN` (threads_basic, threads_content_publish; threads_read_replies for the look-up of
 * thread parts; threads_delete for retractions), sent as `Authorization: Bearer`.
 *
 * Flow per part: `POST /{threads-user-id}/threads` `{media_type: TEXT | IMAGE | CAROUSEL, text,
 * image_url, alt_text, reply_to_id, topic_tag, link_attachment}` → container (a carousel: one
 * `is_carousel_item` container per image first, then the parent with `children`); `GET /{container}?
 * fields=status,error_message` until FINISHED; `POST /{threads-user-id}/threads_publish {creation_id}`
 * → media id; `GET /{media-id}?fields=permalink` for the ledger's URL. Thread parts are a reply chain
 * (`reply_to_id` = the previous part). Before anything, `GET /{threads-user-id}/threads_publishing_limit`
 * (posts and replies in the last 24 hours).
 *
 * - The post's link: `link_attachment` on a text-only first part (a link card, not counted in the 500);
 *   with images (where Threads takes no link_attachment) at the end of the text, if it still fits.
 * - Topic tag: Threads keeps one tag per post; the first `#tag` of each part goes as `topic_tag` (when
 *   Threads accepts it: 1–50 characters, no `.` or `&`).
 * - Images by public URL only, JPEG or PNG as they are (meta/media.ts: Meta downloads them).
 *
 * Exactly once: no idempotency key. Containers are private (failures before threads_publish are
 * transient); a 5xx or no answer on threads_publish is unknown, and so is a thread that fails after a
 * part was published (never re-posted from the top). `lookup` reads the account's latest posts
 * (`GET /{threads-user-id}/threads`) for the first part's exact text, then its replies
 * (`GET /{threads-user-id}/replies`, `replied_to`) for the others; a thread found in part stays unknown.
 * Delete: `DELETE /{threads-media-id}`, replies last to first.
 */
import { countText } from '../core/networks/count.ts';
import { distinctLinks, extractHashtags } from '../core/networks/entities.ts';
import { NETWORK_LIMITS } from '../core/networks/limits.ts';
import { LINK_SEPARATOR } from '../core/networks/compose.ts';
import type { RemotePart } from '../core/ledger/types.ts';
import type { Adapter, DeleteResult, LookupResult, Publication, PublishFailure, PublishResult } from './adapter.ts';
import { checkQuota, containerSetUp, waitForContainer, type ContainerAdapterOptions } from './meta/containers.ts';
import { alreadyGone, envValue, graphClient } from './meta/graph.ts';
import { graphTime, listPerPost } from './meta/moderation.ts';
import type { ModerationAdapter } from './moderation.ts';
import { publicImage } from './meta/media.ts';

export const DEFAULT_THREADS_API_URL = 'https://graph.threads.net';
export const DEFAULT_THREADS_GRAPH_VERSION = 'v1.0';

const LIMITS = NETWORK_LIMITS.threads;
const MAX_CAROUSEL = LIMITS.media.maxPerPost ?? 20;

export type ThreadsOptions = ContainerAdapterOptions;

/** The first `#tag` of a text that Threads takes as `topic_tag` (1–50 characters, no `.` or `&`). */
export function topicTag(text: string): string | undefined {
  const tag = extractHashtags('threads', text)[0]?.value;
  if (!tag || /[.&]/.test(tag) || [...tag].length > (LIMITS.tags.maxHashtagLength ?? 50)) return undefined;
  return tag;
}

/** What each part sends: its text, and the link as `link_attachment` (text-only first part) or in the text. */
export function threadsParts(publication: Publication): { text: string; linkAttachment?: string }[] {
  return publication.parts.map((part, i) => {
    const link = i === 0 ? publication.link : undefined;
    if (!link || part.text.includes(link)) return { text: part.text };
    if (part.media.length === 0) return { text: part.text, linkAttachment: link };
    return { text: part.text.trim() === '' ? link : `${part.text}${LINK_SEPARATOR}${link}` };
  });
}

export const threadsPostUrl = (id: string) => `https://www.threads.net/post/${encodeURIComponent(id)}`;

interface ThreadsMedia {
  id: string;
  text?: string;
  permalink?: string;
  timestamp?: string;
  replied_to?: { id?: string };
}

const sameText = (received: string, sent: string) => received.replace(/\r\n?/g, '\n').trim() === sent.replace(/\r\n?/g, '\n').trim();

export function threadsAdapter(options: ThreadsOptions): Adapter {
  const { client, fetch: fetchImpl, sleep, site, user } = containerSetUp(options, { apiUrl: DEFAULT_THREADS_API_URL, version: DEFAULT_THREADS_GRAPH_VERSION, tokenVariable: 'THREADS_TOKEN' });

  const container = async (params: Record<string, string | undefined>, label: string, signal?: AbortSignal): Promise<{ ok: true; id: string } | PublishFailure> => {
    const res = await client.call<{ id?: string }>({ method: 'POST', path: `${user}/threads`, params, what: `POST /{threads-user-id}/threads (${label})`, signal });
    if (!res.ok) return res;
    if (!res.body?.id) return { ok: false, kind: 'transient', message: `POST /{threads-user-id}/threads (${label}) answered without a container id` };
    return { ok: true, id: res.body.id };
  };

  /** Creates, waits for and publishes one part; its media id. */
  async function publishPart(publication: Publication, index: number, sent: { text: string; linkAttachment?: string }, replyTo: string | undefined, signal?: AbortSignal): Promise<{ ok: true; id: string } | PublishFailure> {
    const part = publication.parts[index]!;
    const label = publication.parts.length > 1 ? `part ${index + 1} of ${publication.parts.length}` : 'post';
    const urls: string[] = [];
    for (const m of part.media) {
      const image = await publicImage(m, LIMITS, 'Threads', site(), fetchImpl, signal);
      if (!image.ok) return image;
      urls.push(image.url);
    }
    const alt = (i: number) => (part.media[i]!.alt.trim() !== '' ? [...part.media[i]!.alt].slice(0, LIMITS.alt.maxLength ?? 1000).join('') : undefined);
    const common = { text: sent.text || undefined, reply_to_id: replyTo, topic_tag: topicTag(sent.text) };
    let made: { ok: true; id: string } | PublishFailure;
    if (urls.length === 0) made = await container({ media_type: 'TEXT', ...common, link_attachment: sent.linkAttachment }, label, signal);
    else if (urls.length === 1) made = await container({ media_type: 'IMAGE', image_url: urls[0], alt_text: alt(0), ...common }, label, signal);
    else {
      const children: string[] = [];
      for (const [i, url] of urls.entries()) {
        const child = await container({ media_type: 'IMAGE', image_url: url, alt_text: alt(i), is_carousel_item: 'true' }, `${label}, image ${i + 1}`, signal);
        if (!child.ok) return child;
        children.push(child.id);
      }
      made = await container({ media_type: 'CAROUSEL', children: children.join(','), ...common }, label, signal);
    }
    if (!made.ok) return made;
    const ready = await waitForContainer(client, made.id, label, { field: 'status', detail: 'error_message', polls: options.polls ?? 30, intervalMs: 2000, sleep, network: 'Threads', signal });
    if (!ready.ok) return ready;
    const published = await client.call<{ id?: string }>({ method: 'POST', path: `${user}/threads_publish`, params: { creation_id: made.id }, what: `POST /{threads-user-id}/threads_publish (${label})`, publishing: true, signal });
    if (!published.ok) return published;
    if (!published.body?.id) return { ok: false, kind: 'unknown', message: `POST /{threads-user-id}/threads_publish (${label}) answered without a media id` };
    return { ok: true, id: published.body.id };
  }

  const permalink = async (id: string, signal?: AbortSignal): Promise<string> => {
    const got = await client.call<{ permalink?: string }>({ method: 'GET', path: `/${encodeURIComponent(id)}`, params: { fields: 'permalink' }, what: 'GET /{threads-media-id}?fields=permalink', signal });
    return got.ok && typeof got.body?.permalink === 'string' ? got.body.permalink : threadsPostUrl(id);
  };

  return {
    name: 'threads',
    channel: 'threads',
    render: (publication) => threadsParts(publication).map((p) => (p.linkAttachment ? `${p.text}${LINK_SEPARATOR}[link: ${p.linkAttachment}]` : p.text)),

    async publish(publication, signal): Promise<PublishResult> {
      if (publication.firstComment) return { ok: false, kind: 'refused', message: 'Threads has no first comment: write it as a thread part (a reply to the post)' };
      const sent = threadsParts(publication);
      for (const [i, part] of publication.parts.entries()) {
        if (part.media.length > MAX_CAROUSEL) return { ok: false, kind: 'refused', message: `Threads takes at most ${MAX_CAROUSEL} images in a post (part ${i + 1} has ${part.media.length})` };
        if (part.media.length === 0 && sent[i]!.text.trim() === '') return { ok: false, kind: 'refused', message: `part ${i + 1} has neither text nor image` };
        const count = countText('threads', sent[i]!.text);
        if (count.length > count.limit) return { ok: false, kind: 'refused', message: `part ${i + 1} is ${count.length} characters with the link at its end (Threads counts emoji as their UTF-8 bytes; ${count.limit} at most): shorten it or drop the link` };
        if (distinctLinks(sent[i]!.text).length > (LIMITS.text.maxLinks ?? 5)) return { ok: false, kind: 'refused', message: `part ${i + 1} has more than ${LIMITS.text.maxLinks ?? 5} links (Threads refuses it)` };
      }
      const quota = await checkQuota(client, `${user}/threads_publishing_limit`, { network: 'Threads', posts: 1, replies: publication.parts.length - 1, signal });
      if (!quota.ok) return quota;

      const ids: string[] = [];
      for (let i = 0; i < publication.parts.length; i++) {
        const done = await publishPart(publication, i, sent[i]!, ids.at(-1), signal);
        if (!done.ok) {
          if (ids.length === 0) return done;
          // Part of the thread is out: never start again from the top. The look-up finds what exists.
          return { ...done, kind: 'unknown', message: `${done.message}; parts 1–${ids.length} were published (${ids.join(', ')})` };
        }
        ids.push(done.id);
      }
      const parts: RemotePart[] = [];
      for (const id of ids) parts.push({ remoteId: id, url: await permalink(id, signal) });
      const [first, ...replies] = parts;
      return { ok: true, remoteId: first!.remoteId, url: first!.url!, ...(replies.length > 0 ? { replies } : {}) };
    },

    async lookup(publication, key, signal): Promise<LookupResult> {
      if (key !== publication.key) return { found: 'unknown', message: 'the post changed since that attempt: its text is unknown, check Threads by hand' };
      const sent = threadsParts(publication);
      if (sent[0]!.text.trim() === '') return { found: 'unknown', message: 'a post without text cannot be recognised among the account posts: check Threads by hand' };
      const limit = String(options.lookupDepth ?? 50);
      const posts = await client.call<{ data?: ThreadsMedia[] }>({ method: 'GET', path: `${user}/threads`, params: { fields: 'id,text,permalink,timestamp', limit }, what: 'GET /{threads-user-id}/threads', signal });
      if (!posts.ok) return { found: 'unknown', message: posts.message };
      const root = (posts.body?.data ?? []).find((p) => sameText(p.text ?? '', sent[0]!.text));
      if (!root) return { found: false };
      const found: ThreadsMedia[] = [root];
      if (sent.length > 1) {
        const replies = await client.call<{ data?: ThreadsMedia[] }>({ method: 'GET', path: `${user}/replies`, params: { fields: 'id,text,permalink,timestamp,replied_to', limit }, what: 'GET /{threads-user-id}/replies', signal });
        if (!replies.ok) return { found: 'unknown', message: `the post is on Threads (${root.permalink ?? root.id}) but its replies could not be read: ${replies.message}` };
        for (let i = 1; i < sent.length; i++) {
          const next = (replies.body?.data ?? []).find((r) => r.replied_to?.id === found[i - 1]!.id && sameText(r.text ?? '', sent[i]!.text));
          if (!next) break;
          found.push(next);
        }
      }
      const parts = found.map((m) => ({ remoteId: m.id, url: m.permalink ?? threadsPostUrl(m.id) }));
      if (found.length < sent.length) return { found: 'unknown', message: `only parts 1–${found.length} of the thread are on Threads (${parts.map((p) => p.url).join(', ')}): finish or delete it by hand` };
      const [first, ...rest] = parts;
      return { found: true, remoteId: first!.remoteId, url: first!.url, ...(rest.length > 0 ? { replies: rest } : {}) };
    },

    async delete(remote, signal): Promise<DeleteResult> {
      // Replies first, last to first, then the post: a failure half-way leaves a shorter thread.
      for (const id of [...(remote.replies ?? []).map((r) => r.remoteId).reverse(), remote.remoteId]) {
        const res = await client.call<{ success?: boolean }>({ method: 'DELETE', path: `/${encodeURIComponent(id)}`, what: `DELETE /{threads-media-id} (${id})`, signal });
        if (!res.ok && !alreadyGone(res)) return res.kind === 'unknown' ? { ...res, kind: 'transient' } : res;
      }
      return { ok: true };
    },
  };
}

export function threadsFromEnv(env: NodeJS.ProcessEnv, root: string): Adapter {
  return threadsAdapter({
    userId: envValue(env, 'THREADS_USER_ID') ?? '',
    token: envValue(env, 'THREADS_TOKEN') ?? '',
    apiUrl: envValue(env, 'THREADS_API_URL') ?? DEFAULT_THREADS_API_URL,
    version: envValue(env, 'THREADS_GRAPH_VERSION') ?? DEFAULT_THREADS_GRAPH_VERSION,
    root,
  });
}

// ---- Metrics ---------------------------------------------------------------------------------------
// Media insights `views` (still "in development" at Meta), `likes, replies, reposts, quotes, shares`
// (`threads_manage_insights`); a reply-chain's first part carries the post's figures. Followers:
// `/{user-id}/threads_insights?metric=followers_count` (a current total).

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { num, type MetricsReader, type ReadOutcome } from './metrics.ts';
import { readInsights } from './meta/insights.ts';

export const THREADS_MEDIA_METRICS = ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'] as const;

export function threadsMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const userId = envValue(env, 'THREADS_USER_ID') ?? '';
  const version = envValue(env, 'THREADS_GRAPH_VERSION') ?? DEFAULT_THREADS_GRAPH_VERSION;
  const client = graphClient({ apiUrl: envValue(env, 'THREADS_API_URL') ?? DEFAULT_THREADS_API_URL, version, token: envValue(env, 'THREADS_TOKEN') ?? '', tokenVariable: 'THREADS_TOKEN', ...(options.fetch ? { fetch: options.fetch } : {}) });
  return {
    channel: 'threads',
    name: 'threads',
    provides: ['views', 'likes', 'comments', 'reposts', 'quotes', 'shares'],
    async readPosts(posts): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      const refused = new Set<string>();
      for (const post of posts) {
        const insights = await readInsights(client, post.remoteId, THREADS_MEDIA_METRICS, 'GET /{threads-media-id}/insights');
        if (!insights.ok) {
          if (insights.status === 404) continue;
          return insights;
        }
        insights.refused.forEach((m) => refused.add(m));
        const v = insights.values;
        found.set(post.remoteId, { views: num(v.get('views')), likes: num(v.get('likes')), comments: num(v.get('replies')), reposts: num(v.get('reposts')), quotes: num(v.get('quotes')), shares: num(v.get('shares')) });
      }
      return { ok: true, value: found, ...(refused.size ? { refused: [...refused] } : {}), api: `graph-${version}` };
    },
    async readAccount() {
      const res = await client.call<{ data?: { name: string; total_value?: { value?: number } }[] }>({ method: 'GET', path: `/${encodeURIComponent(userId)}/threads_insights`, params: { metric: 'followers_count' }, what: 'GET /{threads-user-id}/threads_insights' });
      if (!res.ok) return res;
      return { ok: true, value: { followers: num(res.body?.data?.find((d) => d.name === 'followers_count')?.total_value?.value) } };
    },
  };
}

// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Replies to the account's posts, all levels (`GET /{media-id}/conversation`, newest first), hidden with
// `POST /{reply-id}/manage_reply hide=true|false`: top-level replies only (nested ones go with their
// parent), so a nested reply to hide is degraded to a flag. `hide_status` reads it back. No report or
// block API; replies are not sent from here (a reply is a two-step container on Threads: done in the app).
// Permissions: threads_read_replies, threads_manage_replies.

interface ThreadsReply {
  id?: string;
  text?: string;
  username?: string;
  timestamp?: string;
  permalink?: string;
  replied_to?: { id?: string };
  root_post?: { id?: string };
  is_reply_owned_by_me?: boolean;
  hide_status?: string;
}

export function threadsModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): ModerationAdapter {
  const graph = graphClient({
    apiUrl: envValue(env, 'THREADS_API_URL') ?? DEFAULT_THREADS_API_URL,
    version: envValue(env, 'THREADS_GRAPH_VERSION') ?? DEFAULT_THREADS_GRAPH_VERSION,
    token: envValue(env, 'THREADS_TOKEN') ?? '',
    tokenVariable: 'THREADS_TOKEN',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    name: 'threads',
    channel: 'threads',
    caps: { hide: 'top-level', unhide: true, report: false, reply: false },
    reportUrl: () => 'https://help.instagram.com/contact/383679321740945',
    list: (query) =>
      listPerPost<ThreadsReply>(graph, query, { path: (p) => `/${encodeURIComponent(p.remoteId)}/conversation`, fields: 'id,text,username,timestamp,permalink,replied_to,root_post,is_reply_owned_by_me,hide_status', extra: { reverse: 'true' }, what: '/{media-id}/conversation' }, (r, post) => {
        const createdAt = graphTime(r.timestamp);
        if (!r.id || !createdAt) return undefined;
        const parent = r.replied_to?.id ?? post.remoteId;
        return [{
          network: 'threads',
          id: r.id,
          ...(r.permalink ? { url: r.permalink } : {}),
          kind: 'reply',
          ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) },
          parentId: parent,
          rootId: r.root_post?.id ?? post.remoteId,
          rootIsBrand: true,
          nested: parent !== (r.root_post?.id ?? post.remoteId),
          // Threads gives the username only: it is the stable handle there (ids of others are not exposed).
          author: { id: `username:${r.username ?? r.id}`, ...(r.username ? { handle: `@${r.username}` } : {}), ...(r.is_reply_owned_by_me ? { isBrand: true } : {}) },
          text: r.text ?? '',
          createdAt,
          hidden: r.hide_status === 'HIDDEN',
        }];
      }),
    setHidden: async (ref, hidden) => {
      const r = await graph.call({ method: 'POST', path: `/${encodeURIComponent(ref.id)}/manage_reply`, params: { hide: String(hidden) }, what: `POST /{reply-id}/manage_reply hide=${hidden}` });
      return r.ok ? { ok: true } : r;
    },
    state: async (ref) => {
      const r = await graph.call<{ hide_status?: string }>({ method: 'GET', path: `/${encodeURIComponent(ref.id)}`, params: { fields: 'id,hide_status' }, what: 'GET /{reply-id}' });
      if (r.ok) return { known: true, exists: true, hidden: r.body?.hide_status === 'HIDDEN' };
      return alreadyGone(r) ? { known: true, exists: false } : { known: false, message: r.message };
    },
  };
}
