/**
 * LinkedIn through the versioned REST API (Posts API, Images API, Comments API) with plain fetch:
 * `LINKEDIN_ACCESS_TOKEN` (3-legged OAuth2: `w_member_social` for a person, `w_organization_social` for
 * a page), `LINKEDIN_AUTHOR_URN` (`urn:li:person:…` or `urn:li:organization:…`), `LINKEDIN_VERSION`
 * (`YYYYMM`), `LINKEDIN_API_URL`.
 *
 * Every call sends `Linkedin-Version` and `X-Restli-Protocol-Version: 2.0.0`. Images:
 * `POST /rest/images?action=initializeUpload` → `PUT` the bytes to the upload URL → wait until
 * `GET /rest/images/{urn}` says AVAILABLE. Post: `POST /rest/posts` (201, the post URN in the
 * `x-restli-id` header), one image as `content.media`, 2–20 as `content.multiImage`. First comment:
 * `POST /rest/socialActions/{post urn}/comments`. Delete: `DELETE /rest/posts/{urn}`.
 *
 * Text: the commentary is in LinkedIn's "little" format, where `| { } @ [ ] ( ) < > # \ * _ ~` are
 * markup. Unescaped, LinkedIn silently cuts the post at the first one and still answers 201, so
 * `littleText` escapes them in plain text, leaves URLs untouched (so they stay links), turns hashtags
 * into the `{hashtag|\#|tag}` template and keeps explicit mentions `@[Name](urn:li:organization:123)`.
 *
 * Exactly once: LinkedIn has no idempotency key. A 5xx or a timeout on `POST /rest/posts` is an unknown
 * outcome (the runner looks it up, never reposts blindly). `lookup` lists the author's latest posts
 * (`GET /rest/posts?q=author`, needs `r_organization_social` / `r_member_social`) and matches the exact
 * commentary. A 422 "Content is a duplicate of urn:li:share:…" (LinkedIn's own duplicate detection) is
 * taken as the earlier attempt's post once `GET /rest/posts/{urn}` confirms the post exists.
 */
import type { Interaction } from '../core/moderation/types.ts';
import type { ModerationAdapter } from './moderation.ts';
import { publishedText } from '../core/networks/compose.ts';
import { extractHashtags } from '../core/networks/entities.ts';
import { NETWORK_LIMITS, type NetworkLimits } from '../core/networks/limits.ts';
import { redact, type Adapter, type DeleteResult, type LookupResult, type Publication, type PublishFailure, type PublishResult } from './adapter.ts';
import { requestJson, type JsonRequest, type JsonResponse } from './http/failures.ts';
import { prepareImage } from './http/images.ts';
import { linkableUrls } from './http/urls.ts';

export const DEFAULT_LINKEDIN_API_URL = 'https://api.linkedin.com';
/**
 * Marketing version July 2026, supported until about July 2027 (LinkedIn keeps each monthly version at
 * least a year, then answers 426). Set `LINKEDIN_VERSION` to move on without a Cadence release.
 */
export const DEFAULT_LINKEDIN_VERSION = '202607';
const AUTHOR_URN = /^urn:li:(person|organization):[A-Za-z0-9_-]+$/;
const POST_URN = /^urn:li:(share|ugcPost):\d+$/;

// ---- little text format ----------------------------------------------------------------------------

/** Characters that are markup in LinkedIn's little format. */
const RESERVED = /[|{}@[\]()<>#\\*_~]/g;
/** A mention already written in little syntax: `@[Name](urn:li:person:…|organization:…)`. */
const LITTLE_MENTION = /@\[([^\]\n]{1,200})\]\((urn:li:(?:person|organization):[A-Za-z0-9_-]+)\)/g;

const escapePlain = (text: string) => text.replace(RESERVED, (c) => `\\${c}`);

interface Span {
  start: number;
  end: number;
  out: string;
}

/**
 * The commentary LinkedIn must receive for `text`: reserved characters escaped with `\` in plain text,
 * URLs left as written (escaping inside them would break the link), `#tag` as `{hashtag|\#|tag}` (the tag
 * itself escaped: `_` is reserved), and explicit mentions `@[Name](urn:li:…)` kept as mentions (the name
 * escaped). Anything else that looks like markup (`@name`, `C#`, `(…)`, `*…*`) is plain text.
 */
export function littleText(text: string): string {
  const spans: Span[] = [];
  const free = (start: number, end: number) => spans.every((s) => end <= s.start || start >= s.end);
  for (const m of text.matchAll(LITTLE_MENTION)) {
    spans.push({ start: m.index, end: m.index + m[0].length, out: `@[${escapePlain(m[1]!)}](${m[2]})` });
  }
  for (const url of linkableUrls(text)) {
    if (free(url.start, url.end)) spans.push({ start: url.start, end: url.end, out: text.slice(url.start, url.end) });
  }
  for (const tag of extractHashtags('linkedin', text)) {
    if (free(tag.start, tag.end)) spans.push({ start: tag.start, end: tag.end, out: `{hashtag|\\#|${escapePlain(tag.value)}}` });
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += escapePlain(text.slice(at, span.start)) + span.out;
    at = span.end;
  }
  return out + escapePlain(text.slice(at));
}

/** What a reader sees of a little commentary (hashtag templates and escapes undone, mentions kept as written): to compare texts in look-ups. */
export function littleToPlain(little: string): string {
  return little
    .replace(/\{hashtag\|\\#\|((?:\\.|[^}\\])*)\}/g, (_, tag: string) => `#${tag}`)
    .replace(/\\(.)/g, '$1');
}

// ---- The adapter -------------------------------------------------------------------------------------

export interface LinkedInOptions {
  token: string;
  author: string;
  apiUrl?: string;
  version?: string;
  fetch?: typeof fetch;
  limits?: NetworkLimits;
  /** Waits between image status polls (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /** How many latest posts a look-up reads (default 50). */
  lookupDepth?: number;
}

interface LinkedInError {
  message?: string;
  serviceErrorCode?: number;
  code?: string;
  status?: number;
}

function describeError(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const e = body as LinkedInError;
  return [e.message, e.code].filter(Boolean).join(' ') || undefined;
}

export const linkedInPostUrl = (urn: string) => `https://www.linkedin.com/feed/update/${urn}/`;

export function linkedInAdapter(options: LinkedInOptions): Adapter {
  const base = (options.apiUrl ?? DEFAULT_LINKEDIN_API_URL).replace(/\/+$/, '');
  const version = options.version ?? DEFAULT_LINKEDIN_VERSION;
  const limits = options.limits ?? NETWORK_LIMITS.linkedin;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const secrets = [options.token];
  const headers = { authorization: `Bearer ${options.token}`, 'linkedin-version': version, 'x-restli-protocol-version': '2.0.0' };

  async function call<T>(path: string, request: Omit<JsonRequest, 'fetch'>): Promise<JsonResponse<T>> {
    const response = await requestJson<T>(path.startsWith('http') ? path : `${base}${path}`, { ...request, fetch: fetchImpl, headers: { ...headers, ...request.headers }, describe: describeError });
    return response.ok ? response : { ...response, message: redact(response.message, secrets) };
  }

  const commentaryOf = (publication: Publication) => littleText(publishedText(limits, publication.parts[0]?.text, publication.link));

  function checkAuthor(): PublishFailure | undefined {
    if (AUTHOR_URN.test(options.author)) return undefined;
    return { ok: false, kind: 'refused', message: `LINKEDIN_AUTHOR_URN must be urn:li:person:… or urn:li:organization:…, not "${options.author}"` };
  }

  async function uploadImage(media: Publication['parts'][number]['media'][number]): Promise<{ ok: true; id: string } | PublishFailure> {
    const prepared = await prepareImage(media, limits, fetchImpl);
    if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
    const init = await call<{ value?: { uploadUrl?: string; image?: string } }>('/rest/images?action=initializeUpload', {
      method: 'POST',
      what: 'POST /rest/images?action=initializeUpload',
      json: { initializeUploadRequest: { owner: options.author } },
    });
    if (!init.ok) return init;
    const { uploadUrl, image } = init.body?.value ?? {};
    if (!uploadUrl || !image) return { ok: false, kind: 'transient', message: 'initializeUpload answered without uploadUrl or image' };
    const put = await call(uploadUrl, {
      method: 'PUT',
      what: `PUT image ${media.path}`,
      headers: { 'content-type': prepared.image.mime },
      body: new Uint8Array(prepared.image.bytes),
      timeoutMs: 120_000,
    });
    // An image that failed to upload is only an orphan asset: nothing was posted.
    if (!put.ok) return { ...put, kind: put.kind === 'unknown' ? 'transient' : put.kind };
    // LinkedIn processes the upload; a post that uses an image still PROCESSING may be refused.
    for (let i = 0; i < 10; i++) {
      const status = await call<{ status?: string }>(`/rest/images/${encodeURIComponent(image)}`, { what: `GET /rest/images/${image}` });
      if (!status.ok) break; // not worth failing the post for: try to post
      if (status.body?.status === 'AVAILABLE') break;
      if (status.body?.status === 'PROCESSING_FAILED') return { ok: false, kind: 'refused', message: `LinkedIn could not process ${media.path}` };
      await sleep(1000);
    }
    return { ok: true, id: image };
  }

  /** The post exists (GET /rest/posts/{urn} answers 200). */
  async function exists(urn: string): Promise<boolean | PublishFailure> {
    const res = await call(`/rest/posts/${encodeURIComponent(urn)}`, { what: `GET /rest/posts/${urn}` });
    if (res.ok) return true;
    if (res.status === 404) return false;
    return res;
  }

  return {
    name: 'linkedin',
    channel: 'linkedin',
    render: (publication) => [commentaryOf(publication)],

    async publish(publication): Promise<PublishResult> {
      const bad = checkAuthor();
      if (bad) return bad;
      if (publication.parts.length !== 1) return { ok: false, kind: 'refused', message: 'LinkedIn has no threads: publish the thread parts as separate posts or as the first comment' };
      const part = publication.parts[0]!;
      const commentary = commentaryOf(publication);

      const images: { id: string; altText?: string }[] = [];
      for (const media of part.media) {
        const uploaded = await uploadImage(media);
        if (!uploaded.ok) return uploaded;
        images.push({ id: uploaded.id, ...(media.alt ? { altText: media.alt } : {}) });
      }
      const content =
        images.length === 1 ? { content: { media: images[0] } } : images.length > 1 ? { content: { multiImage: { images } } } : {};

      const post = await call('/rest/posts', {
        method: 'POST',
        what: 'POST /rest/posts',
        // No idempotency key: a 5xx may hide a created post. The runner looks it up before anything else.
        serverError: 'unknown',
        json: {
          author: options.author,
          commentary,
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          ...content,
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        },
      });
      let urn: string;
      if (post.ok) {
        const id = post.headers.get('x-restli-id') ?? post.headers.get('x-linkedin-id');
        if (!id) return { ok: false, kind: 'unknown', status: post.status, message: 'POST /rest/posts succeeded without an x-restli-id header' };
        urn = id;
      } else {
        const duplicate = post.status === 422 ? /duplicate of (urn:li:(?:share|ugcPost):\d+)/i.exec(post.message)?.[1] : undefined;
        if (!duplicate) return post;
        // LinkedIn says this exact content is already posted: an earlier attempt of this publication,
        // unless the post is gone (LinkedIn also names deleted posts for a while).
        const found = await exists(duplicate);
        if (found === false) return { ...post, message: `${post.message} (that post no longer exists: LinkedIn refuses the same text again for a while)` };
        if (found !== true) return { ...found, kind: 'unknown', message: `duplicate of ${duplicate}, which could not be checked: ${found.message}` };
        urn = duplicate;
      }

      if (publication.firstComment) {
        // The post is out whatever happens to the comment; a failed comment is not a failed publication.
        await call(`/rest/socialActions/${encodeURIComponent(urn)}/comments`, {
          method: 'POST',
          what: 'POST comment',
          json: { actor: options.author, object: urn, message: { text: publication.firstComment } },
        });
      }
      return { ok: true, remoteId: urn, url: linkedInPostUrl(urn) };
    },

    async lookup(publication, key): Promise<LookupResult> {
      const bad = checkAuthor();
      if (bad) return { found: 'unknown', message: bad.message };
      if (key !== publication.key) return { found: 'unknown', message: 'the post changed since that attempt: its text is unknown, check LinkedIn by hand' };
      const wanted = littleToPlain(commentaryOf(publication));
      const query = `q=author&author=${encodeURIComponent(options.author)}&count=${options.lookupDepth ?? 50}&sortBy=LAST_MODIFIED`;
      const res = await call<{ elements?: { id?: string; commentary?: string; lifecycleState?: string }[] }>(`/rest/posts?${query}`, {
        what: 'GET /rest/posts?q=author',
        headers: { 'x-restli-method': 'FINDER' },
      });
      if (!res.ok) return { found: 'unknown', message: res.message };
      const match = (res.body?.elements ?? []).find((p) => p.id && POST_URN.test(p.id) && p.commentary !== undefined && littleToPlain(p.commentary) === wanted && p.lifecycleState !== 'DRAFT');
      return match ? { found: true, remoteId: match.id!, url: linkedInPostUrl(match.id!) } : { found: false };
    },

    async delete(remote): Promise<DeleteResult> {
      const res = await call(`/rest/posts/${encodeURIComponent(remote.remoteId)}`, {
        method: 'DELETE',
        what: `DELETE /rest/posts/${remote.remoteId}`,
        headers: { 'x-restli-method': 'DELETE' },
      });
      if (res.ok || res.status === 404 || res.status === 410) return { ok: true }; // already gone is gone
      return res;
    },
  };
}

/** The adapter from the environment (see the module comment for the variables). */
export function linkedInFromEnv(env: NodeJS.ProcessEnv): Adapter {
  return linkedInAdapter({
    token: env.LINKEDIN_ACCESS_TOKEN!.trim(),
    author: env.LINKEDIN_AUTHOR_URN!.trim(),
    apiUrl: env.LINKEDIN_API_URL?.trim() || DEFAULT_LINKEDIN_API_URL,
    version: env.LINKEDIN_VERSION?.trim() || DEFAULT_LINKEDIN_VERSION,
  });
}

// ---- Metrics ---------------------------------------------------------------------------------------
// Page posts: `GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&shares=List(…)` (or
// `ugcPosts=List(…)`): lifetime impressionCount, uniqueImpressionsCount, clickCount, likeCount,
// commentCount, shareCount; organic only, posts of the last 12 months (rolling); `rw_organization_admin`.
// A member's own posts need LinkedIn's restricted `r_member_postAnalytics`: not read (said so).
// Followers: `GET /rest/networkSizes/{organization}?edgeType=COMPANY_FOLLOWED_BY_MEMBER` (firstDegreeSize).

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { batches, num, type MetricsReader, type ReadOutcome } from './metrics.ts';

interface ShareStatistics {
  share?: string;
  ugcPost?: string;
  totalShareStatistics?: { impressionCount?: number; uniqueImpressionsCount?: number; clickCount?: number; likeCount?: number; commentCount?: number; shareCount?: number };
}

export function linkedInMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const token = env.LINKEDIN_ACCESS_TOKEN?.trim() ?? '';
  const author = env.LINKEDIN_AUTHOR_URN?.trim() ?? '';
  const base = (env.LINKEDIN_API_URL?.trim() || DEFAULT_LINKEDIN_API_URL).replace(/\/+$/, '');
  const version = env.LINKEDIN_VERSION?.trim() || DEFAULT_LINKEDIN_VERSION;
  const organization = author.startsWith('urn:li:organization:');
  const get = async <T>(path: string, what: string) => {
    const res = await requestJson<T>(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, 'linkedin-version': version, 'x-restli-protocol-version': '2.0.0' }, what, describe: describeError, ...(options.fetch ? { fetch: options.fetch } : {}) });
    return res.ok ? res : { ...res, message: redact(res.message, [token]) };
  };
  const person = { ok: false as const, kind: 'refused' as const, message: `LinkedIn gives post statistics of a member (${author}) only to apps approved for r_member_postAnalytics; publish as a page (urn:li:organization:…) to measure` };
  return {
    channel: 'linkedin',
    name: 'linkedin',
    provides: organization ? ['views', 'reach', 'likes', 'comments', 'shares', 'clicks'] : [],
    ...(organization ? {} : { limits: 'member-posts' }),
    async readPosts(posts): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      if (!organization) return person;
      const found = new Map<string, MetricCounters>();
      for (const kind of ['share', 'ugcPost'] as const) {
        const list = posts.filter((p) => p.remoteId.startsWith(`urn:li:${kind}:`));
        for (const batch of batches(list, 20)) {
          const param = kind === 'share' ? 'shares' : 'ugcPosts';
          const res = await get<{ elements?: ShareStatistics[] }>(
            `/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${encodeURIComponent(author)}&${param}=List(${batch.map((p) => encodeURIComponent(p.remoteId)).join(',')})`,
            'GET /rest/organizationalEntityShareStatistics',
          );
          if (!res.ok) return res;
          for (const element of res.body?.elements ?? []) {
            const urn = element.share ?? element.ugcPost;
            const t = element.totalShareStatistics;
            if (!urn || !t) continue;
            found.set(urn, { views: num(t.impressionCount), reach: num(t.uniqueImpressionsCount), likes: num(t.likeCount), comments: num(t.commentCount), shares: num(t.shareCount), clicks: num(t.clickCount) });
          }
        }
      }
      return { ok: true, value: found, api: `linkedin-${version}` };
    },
    async readAccount() {
      if (!organization) return person;
      const res = await get<{ firstDegreeSize?: number }>(`/rest/networkSizes/${encodeURIComponent(author)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`, 'GET /rest/networkSizes');
      if (!res.ok) return res;
      return { ok: true, value: { followers: num(res.body?.firstDegreeSize) } };
    },
  };
}


// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Comments on the organization's posts (`GET /rest/socialActions/{post-urn}/comments`, Community
// Management API: r_organization_social_feed). LinkedIn cannot hide or report a comment through its API
// (and whether a Page may delete others' comments is unsettled): everything is flagged for a person.

interface LinkedInComment {
  id?: string;
  $URN?: string;
  actor?: string;
  created?: { time?: number };
  message?: { text?: string };
  parentComment?: string;
}

export function linkedInModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): ModerationAdapter {
  const token = env.LINKEDIN_ACCESS_TOKEN?.trim() ?? '';
  const author = env.LINKEDIN_AUTHOR_URN?.trim() ?? '';
  const base = (env.LINKEDIN_API_URL?.trim() || DEFAULT_LINKEDIN_API_URL).replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${token}`, 'linkedin-version': env.LINKEDIN_VERSION?.trim() || DEFAULT_LINKEDIN_VERSION, 'x-restli-protocol-version': '2.0.0' };
  return {
    name: 'linkedin',
    channel: 'linkedin',
    caps: { hide: 'none', unhide: false, report: false, reply: false },
    reportUrl: (ref) => ref.ownPost?.url ?? ref.url,
    async list(query) {
      const since = Math.max(query.cursor ? Number(query.cursor) : Number.NEGATIVE_INFINITY, query.sinceMs ?? Number.NEGATIVE_INFINITY);
      const items: Interaction[] = [];
      for (const post of query.ownPosts) {
        const path = `/rest/socialActions/${encodeURIComponent(post.remoteId)}/comments?count=100`;
        const r = await requestJson<{ elements?: LinkedInComment[] }>(`${base}${path}`, { headers, ...(options.fetch ? { fetch: options.fetch } : {}), what: 'GET /rest/socialActions/{urn}/comments', describe: describeError });
        if (!r.ok) return { ...r, message: redact(r.message, [token]) };
        if (!Array.isArray(r.body?.elements)) return { ok: false, kind: 'refused', message: 'GET /rest/socialActions/{urn}/comments: malformed answer (no elements)' };
        for (const c of r.body.elements) {
          const id = c.$URN ?? c.id;
          const time = c.created?.time;
          if (!id || !c.actor || typeof time !== 'number') return { ok: false, kind: 'refused', message: 'GET /rest/socialActions/{urn}/comments: malformed comment' };
          if (time <= since) continue;
          items.push({ network: 'linkedin', id, url: linkedInPostUrl(post.remoteId), kind: 'comment', ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) }, parentId: c.parentComment ?? post.remoteId, rootId: post.remoteId, rootIsBrand: true, nested: Boolean(c.parentComment), author: { id: c.actor, ...(c.actor === author ? { isBrand: true } : {}) }, text: c.message?.text ?? '', createdAt: new Date(time).toISOString() });
        }
      }
      items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const kept = items.slice(0, query.limit);
      const newest = kept.at(-1);
      return { ok: true, items: kept, ...(newest ? { cursor: String(Date.parse(newest.createdAt)) } : query.cursor ? { cursor: query.cursor } : {}) };
    },
  };
}
