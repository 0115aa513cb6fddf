/**
 * Instagram (professional accounts) through the Instagram Graph API, with plain fetch against
 * `INSTAGRAM_API_URL` (default https://graph.instagram.com, for an Instagram Login token; set
 * https://graph.facebook.com for a Facebook Login token of the linked Page), version
 * `INSTAGRAM_GRAPH_VERSION` (default v25.0), as the account `INSTAGRAM_USER_ID` with `INSTAGRAM_TOKEN`
 * (instagram_business_basic + instagram_business_content_publish, or instagram_basic +
 * instagram_content_publish), sent as `Authorization: Bearer`.
 *
 * Flow: `GET /{ig-user-id}/content_publishing_limit` (quota used up → rate-limited, nothing sent);
 * one image: `POST /{ig-user-id}/media` `{image_url, caption, alt_text}` → container; 2–10 images: one
 * child container each (`is_carousel_item=true`, `alt_text`), then the parent `{media_type: CAROUSEL,
 * children, caption}`; `GET /{container}?fields=status_code` until FINISHED; `POST /{ig-user-id}/
 * media_publish {creation_id}` → media id; `GET /{media-id}?fields=permalink` for the ledger's URL; a
 * firstComment with `POST /{media-id}/comments`.
 *
 * Media: Instagram downloads each image from a public URL and takes JPEG only (meta/media.ts): an
 * https:// image or a file under public/ at the brand's siteUrl, which must already be what Instagram
 * accepts (Cadence cannot convert a file Meta fetches itself: it is refused with the fix to make).
 *
 * Exactly once: containers are private and expire after 24 h, so any failure before media_publish is
 * transient (a retry in the same run reuses the container). A 5xx or no answer on media_publish is an
 * unknown outcome: `lookup` reads the account's latest media (`GET /{ig-user-id}/media?fields=id,caption,
 * permalink,timestamp`) and matches the exact caption. The API cannot delete a feed post: retraction is
 * answered `unsupported` (remove it in the app).
 */
import { NETWORK_LIMITS } from '../core/networks/limits.ts';
import type { Adapter, DeleteResult, LookupResult, Publication, PublishResult } from './adapter.ts';
import { checkQuota, containerSetUp, waitForContainer, type ContainerAdapterOptions } from './meta/containers.ts';
import { alreadyGone, envValue, graphClient } from './meta/graph.ts';
import { graphTime, listPerPost } from './meta/moderation.ts';
import type { Interaction } from '../core/moderation/types.ts';
import type { ModerationAdapter, OwnPost } from './moderation.ts';
import { publicImage } from './meta/media.ts';

export const DEFAULT_INSTAGRAM_API_URL = 'https://graph.instagram.com';
export const DEFAULT_INSTAGRAM_GRAPH_VERSION = 'v25.0';

const LIMITS = NETWORK_LIMITS.instagram;
const MAX_CAROUSEL = 10;

export type InstagramOptions = ContainerAdapterOptions;

/** The caption: the text as written (links in captions are not clickable: the post's link is not added). */
export function instagramCaption(publication: Publication): string {
  return publication.parts[0]?.text ?? '';
}

/** Instagram's permalinks end with a slash; captions come back as sent (CRLF aside). */
const sameCaption = (received: string, sent: string) => received.replace(/\r\n?/g, '\n').trim() === sent.replace(/\r\n?/g, '\n').trim();

interface IgMedia {
  id: string;
  caption?: string;
  permalink?: string;
  timestamp?: string;
}

export function instagramAdapter(options: InstagramOptions): Adapter {
  const { client, fetch: fetchImpl, sleep, site, user } = containerSetUp(options, { apiUrl: DEFAULT_INSTAGRAM_API_URL, version: DEFAULT_INSTAGRAM_GRAPH_VERSION, tokenVariable: 'INSTAGRAM_TOKEN' });
  // Containers ready in this run, per publication key (the runner's retry does not make them again).
  const containers = new Map<string, string>();

  const createContainer = async (params: Record<string, string | undefined>, label: string, signal?: AbortSignal) => {
    const res = await client.call<{ id?: string }>({ method: 'POST', path: `${user}/media`, params, what: `POST /{ig-user-id}/media (${label})`, signal });
    if (!res.ok) return res;
    if (!res.body?.id) return { ok: false as const, kind: 'transient' as const, message: `POST /{ig-user-id}/media (${label}) answered without a container id` };
    return { ok: true as const, id: res.body.id };
  };

  return {
    name: 'instagram',
    channel: 'instagram',
    render: (publication) => [instagramCaption(publication)],

    async publish(publication, signal): Promise<PublishResult> {
      if (publication.parts.length > 1) return { ok: false, kind: 'refused', message: 'Instagram has no reply chains: publish the thread parts as one caption, or leave instagram out of this thread' };
      const media = publication.parts[0]?.media ?? [];
      if (media.length === 0) return { ok: false, kind: 'refused', message: 'an Instagram post needs an image' };
      if (media.length > MAX_CAROUSEL) return { ok: false, kind: 'refused', message: `Instagram takes at most ${MAX_CAROUSEL} images in a carousel (${media.length} given)` };
      const caption = instagramCaption(publication);

      let creation = containers.get(publication.key);
      if (!creation) {
        const quota = await checkQuota(client, `${user}/content_publishing_limit`, { network: 'Instagram', posts: 1, replies: 0, signal });
        if (!quota.ok) return quota;
        const urls: string[] = [];
        for (const m of media) {
          const image = await publicImage(m, LIMITS, 'Instagram', site(), fetchImpl, signal);
          if (!image.ok) return image;
          urls.push(image.url);
        }
        const alt = (i: number) => (media[i]!.alt.trim() !== '' ? media[i]!.alt : undefined);
        if (media.length === 1) {
          const made = await createContainer({ image_url: urls[0], caption: caption || undefined, alt_text: alt(0) }, media[0]!.path, signal);
          if (!made.ok) return made;
          creation = made.id;
        } else {
          const children: string[] = [];
          for (const [i, url] of urls.entries()) {
            const made = await createContainer({ image_url: url, is_carousel_item: 'true', alt_text: alt(i) }, media[i]!.path, signal);
            if (!made.ok) return made;
            children.push(made.id);
          }
          const made = await createContainer({ media_type: 'CAROUSEL', children: children.join(','), caption: caption || undefined }, 'carousel', signal);
          if (!made.ok) return made;
          creation = made.id;
        }
        const ready = await waitForContainer(client, creation, media.length === 1 ? media[0]!.path : `the carousel of ${media.length} images`, {
          field: 'status_code',
          detail: 'status',
          polls: options.polls ?? 30,
          intervalMs: 2000,
          sleep,
          network: 'Instagram',
          signal,
        });
        if (!ready.ok) return ready;
        containers.set(publication.key, creation);
      }

      const published = await client.call<{ id?: string }>({ method: 'POST', path: `${user}/media_publish`, params: { creation_id: creation }, what: 'POST /{ig-user-id}/media_publish', publishing: true, signal });
      if (!published.ok) {
        // A container that expired, or that Meta says is not ready, can be made again: nothing is public.
        if (published.kind === 'refused') containers.delete(publication.key);
        return published;
      }
      const id = published.body?.id;
      if (!id) return { ok: false, kind: 'unknown', message: 'POST /{ig-user-id}/media_publish answered without a media id' };
      containers.delete(publication.key);

      if (publication.firstComment) {
        // The post is out whatever happens to the comment; a failed comment is not a failed publication.
        await client.call({ method: 'POST', path: `/${encodeURIComponent(id)}/comments`, params: { message: publication.firstComment }, what: 'POST /{ig-media-id}/comments', signal });
      }
      const link = await client.call<{ permalink?: string }>({ method: 'GET', path: `/${encodeURIComponent(id)}`, params: { fields: 'permalink' }, what: 'GET /{ig-media-id}?fields=permalink', signal });
      return { ok: true, remoteId: id, ...(link.ok && typeof link.body?.permalink === 'string' ? { url: link.body.permalink } : {}) };
    },

    async lookup(publication, key, signal): Promise<LookupResult> {
      if (key !== publication.key) return { found: 'unknown', message: 'the post changed since that attempt: its caption is unknown, check Instagram by hand' };
      const wanted = instagramCaption(publication).trim();
      if (wanted === '') return { found: 'unknown', message: 'a post without a caption cannot be recognised among the account media: check Instagram by hand' };
      const res = await client.call<{ data?: IgMedia[] }>({
        method: 'GET',
        path: `${user}/media`,
        params: { fields: 'id,caption,permalink,timestamp', limit: String(options.lookupDepth ?? 50) },
        what: 'GET /{ig-user-id}/media',
        signal,
      });
      if (!res.ok) return { found: 'unknown', message: res.message };
      const hit = (res.body?.data ?? []).find((m) => sameCaption(m.caption ?? '', wanted));
      if (!hit) return { found: false };
      return { found: true, remoteId: hit.id, ...(hit.permalink ? { url: hit.permalink } : {}) };
    },

    async delete(): Promise<DeleteResult> {
      return { ok: false, unsupported: true, message: 'the Instagram API cannot delete a feed post: delete it in the Instagram app (… → Delete)' };
    },
  };
}

export function instagramFromEnv(env: NodeJS.ProcessEnv, root: string): Adapter {
  return instagramAdapter({
    userId: envValue(env, 'INSTAGRAM_USER_ID') ?? '',
    token: envValue(env, 'INSTAGRAM_TOKEN') ?? '',
    apiUrl: envValue(env, 'INSTAGRAM_API_URL') ?? DEFAULT_INSTAGRAM_API_URL,
    version: envValue(env, 'INSTAGRAM_GRAPH_VERSION') ?? DEFAULT_INSTAGRAM_GRAPH_VERSION,
    root,
  });
}

// ---- Metrics ---------------------------------------------------------------------------------------
// Media insights `views, reach, likes, comments, shares, saved` (`views` replaced `impressions` and
// `plays`, retired for every version on 2025-04-21). Not every metric exists for every media type and one
// invalid metric fails the whole call: meta/insights.ts retries metric by metric. A metric Instagram
// leaves out (an empty data set: too few viewers, a story) is null, not 0. Data may be up to 48 h late.
// Needs `instagram_business_manage_insights`. Followers: the user's `followers_count`.

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { num, type MetricsReader, type ReadOutcome } from './metrics.ts';
import { readInsights } from './meta/insights.ts';

export const INSTAGRAM_MEDIA_METRICS = ['views', 'reach', 'likes', 'comments', 'shares', 'saved'] as const;

export function instagramMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const userId = envValue(env, 'INSTAGRAM_USER_ID') ?? '';
  const version = envValue(env, 'INSTAGRAM_GRAPH_VERSION') ?? DEFAULT_INSTAGRAM_GRAPH_VERSION;
  const client = graphClient({ apiUrl: envValue(env, 'INSTAGRAM_API_URL') ?? DEFAULT_INSTAGRAM_API_URL, version, token: envValue(env, 'INSTAGRAM_TOKEN') ?? '', tokenVariable: 'INSTAGRAM_TOKEN', ...(options.fetch ? { fetch: options.fetch } : {}) });
  return {
    channel: 'instagram',
    name: 'instagram',
    provides: ['views', 'reach', 'likes', 'comments', 'shares', 'saves'],
    async readPosts(posts): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      const refused = new Set<string>();
      for (const post of posts) {
        const insights = await readInsights(client, post.remoteId, INSTAGRAM_MEDIA_METRICS, 'GET /{ig-media-id}/insights');
        if (!insights.ok) {
          if (insights.status === 404) continue;
          return insights;
        }
        insights.refused.forEach((m) => refused.add(m));
        const v = insights.values;
        found.set(post.remoteId, { views: num(v.get('views')), reach: num(v.get('reach')), likes: num(v.get('likes')), comments: num(v.get('comments')), shares: num(v.get('shares')), saves: num(v.get('saved')) });
      }
      return { ok: true, value: found, ...(refused.size ? { refused: [...refused] } : {}), api: `graph-${version}` };
    },
    async readAccount() {
      const user = await client.call<{ followers_count?: number; media_count?: number }>({ method: 'GET', path: `/${encodeURIComponent(userId)}`, params: { fields: 'followers_count,media_count' }, what: 'GET /{ig-user-id}?fields=followers_count' });
      if (!user.ok) return user;
      return { ok: true, value: { followers: num(user.body?.followers_count), posts: num(user.body?.media_count) } };
    },
  };
}

// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Comments on the account's media (`GET /{media-id}/comments` with their `replies`), hidden with
// `POST /{comment-id}?hide=true` (`hidden` reads it back), answered with `POST /{comment-id}/replies`.
// No report or block API. Permissions: instagram_business_manage_comments (Instagram Login) or
// instagram_manage_comments (Facebook Login). Comments of restricted accounts are not returned by Meta.

interface InstagramComment {
  id?: string;
  text?: string;
  timestamp?: string;
  username?: string;
  from?: { id?: string; username?: string };
  hidden?: boolean;
  parent_id?: string;
  replies?: { data?: InstagramComment[] };
}

export function instagramModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): ModerationAdapter {
  const userId = envValue(env, 'INSTAGRAM_USER_ID') ?? '';
  const graph = graphClient({
    apiUrl: envValue(env, 'INSTAGRAM_API_URL') ?? DEFAULT_INSTAGRAM_API_URL,
    version: envValue(env, 'INSTAGRAM_GRAPH_VERSION') ?? DEFAULT_INSTAGRAM_GRAPH_VERSION,
    token: envValue(env, 'INSTAGRAM_TOKEN') ?? '',
    tokenVariable: 'INSTAGRAM_TOKEN',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const toItem = (c: InstagramComment, post: OwnPost, parent?: string): Interaction | undefined => {
    const createdAt = graphTime(c.timestamp);
    if (!c.id || !createdAt) return undefined;
    const authorId = c.from?.id ?? `username:${c.username ?? c.id}`;
    return {
      network: 'instagram',
      id: c.id,
      kind: 'comment',
      ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) },
      ...(post.url ? { url: post.url } : {}),
      parentId: parent ?? c.parent_id ?? post.remoteId,
      rootId: post.remoteId,
      rootIsBrand: true,
      nested: (parent ?? c.parent_id) !== undefined,
      author: { id: authorId, ...(c.from?.username || c.username ? { handle: `@${c.from?.username ?? c.username}` } : {}), ...(c.from?.id === userId ? { isBrand: true } : {}) },
      text: c.text ?? '',
      createdAt,
      hidden: c.hidden === true,
    };
  };
  return {
    name: 'instagram',
    channel: 'instagram',
    caps: { hide: 'any', unhide: true, report: false, reply: true },
    reportUrl: () => 'https://help.instagram.com/192435014247952',
    // Replies come inside their comment: flattened, each with its parent. A new reply under a comment older
    // than the pages read is found when someone comments again (Meta sends it only by webhook).
    list: (query) =>
      listPerPost<InstagramComment>(graph, query, { path: (p) => `/${encodeURIComponent(p.remoteId)}/comments`, fields: 'id,text,timestamp,username,from,hidden,parent_id,replies{id,text,timestamp,username,from,hidden,parent_id}', what: '/{ig-media-id}/comments' }, (c, post) => {
        const comment = toItem(c, post);
        if (!comment) return undefined;
        const replies = (c.replies?.data ?? []).map((r) => toItem(r, post, comment.id));
        return replies.every((r) => r !== undefined) ? [comment, ...(replies as Interaction[])] : undefined;
      }),
    setHidden: async (ref, hidden) => {
      const r = await graph.call({ method: 'POST', path: `/${encodeURIComponent(ref.id)}`, params: { hide: String(hidden) }, what: `POST /{ig-comment-id} hide=${hidden}` });
      return r.ok ? { ok: true } : r;
    },
    reply: async (ref, text) => {
      const r = await graph.call<{ id?: string }>({ method: 'POST', path: `/${encodeURIComponent(ref.id)}/replies`, params: { message: text }, what: 'POST /{ig-comment-id}/replies', publishing: true });
      return r.ok ? { ok: true, ...(r.body?.id ? { remoteId: r.body.id } : {}) } : r;
    },
    state: async (ref) => {
      const r = await graph.call<{ id?: string; hidden?: boolean }>({ method: 'GET', path: `/${encodeURIComponent(ref.id)}`, params: { fields: 'id,hidden' }, what: 'GET /{ig-comment-id}' });
      if (r.ok) return { known: true, exists: true, hidden: r.body?.hidden === true };
      return alreadyGone(r) ? { known: true, exists: false } : { known: false, message: r.message };
    },
  };
}
