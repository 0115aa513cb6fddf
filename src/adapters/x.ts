/**
 * X (Twitter) through API v2 with plain fetch against `X_API_URL` (default https://api.x.com).
 *
 * Auth, either:
 * - OAuth 1.0a user context (recommended for scheduled runs: these tokens do not expire):
 *   `X_API_KEY`, `X_API_SECRET` (the app's consumer keys), `X_ACCESS_TOKEN`, `X_ACCESS_TOKEN_SECRET`;
 *   each request is signed with HMAC-SHA1 (JSON and multipart bodies are not part of the signature);
 * - an OAuth 2.0 user access token alone in `X_ACCESS_TOKEN` (scopes `tweet.read tweet.write users.read
 *   media.write`), sent as `Authorization: Bearer`. Such tokens expire after 2 hours and Cadence does
 *   not refresh them yet: fine for a manual run, not for a schedule.
 *
 * Flow: each image `POST /2/media/upload` (one shot, multipart `media` + `media_category`, after the
 * planMedia fixes: ≤ 5 MB, JPEG/PNG/GIF/WebP), alt text with `POST /2/media/metadata`, then
 * `POST /2/tweets` `{text, media.media_ids, reply.in_reply_to_tweet_id}` for the post and each thread part.
 *
 * Exactly once: X has no idempotency key. A 5xx or no answer on `POST /2/tweets` is an unknown outcome
 * (X has been seen to create a post and answer 503): the runner looks it up. `lookup` reads the user's
 * 100 latest posts (`GET /2/users/me`, then `GET /2/users/:id/tweets`) and matches the exact text (URLs
 * compared as URLs, since X returns them as t.co links), then each thread part as a reply to the
 * previous one. A thread that fails after its first part was posted is an unknown outcome too (never
 * re-posted from the start); a look-up that finds only part of it stays unknown, naming the parts found.
 * 403 "duplicate content" is refused: X will not take the same text twice.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { publishedText } from '../core/networks/compose.ts';
import { NETWORK_LIMITS, type NetworkLimits } from '../core/networks/limits.ts';
import type { RemotePart } from '../core/ledger/types.ts';
import { redact, type Adapter, type DeleteResult, type LookupResult, type Publication, type PublicationMedia, type PublishFailure, type PublishResult } from './adapter.ts';
import { requestJson, type JsonRequest, type JsonResponse } from './http/failures.ts';
import { prepareImage } from './http/images.ts';
import { linkableUrls } from './http/urls.ts';
import type { Interaction } from '../core/moderation/types.ts';
import type { ModerationAdapter } from './moderation.ts';

export const DEFAULT_X_API_URL = 'https://api.x.com';

export type XAuth = { kind: 'bearer'; token: string } | { kind: 'oauth1'; consumerKey: string; consumerSecret: string; token: string; tokenSecret: string };

export interface XOptions {
  auth: XAuth;
  apiUrl?: string;
  fetch?: typeof fetch;
  limits?: NetworkLimits;
  sleep?: (ms: number) => Promise<void>;
  /** OAuth 1.0a nonce and clock (tests). */
  nonce?: () => string;
  now?: () => number;
}

// ---- OAuth 1.0a -------------------------------------------------------------------------------------

/** RFC 3986 percent-encoding, as OAuth 1.0a wants it. */
export const percentEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The `Authorization: OAuth …` header for one request (RFC 5849, HMAC-SHA1). The query string's
 * parameters are signed; `extraParams` are form-encoded body parameters (X's JSON and multipart bodies
 * have none).
 */
export function oauth1Header(
  method: string,
  url: string,
  auth: Extract<XAuth, { kind: 'oauth1' }>,
  options: { nonce: string; timestamp: number; extraParams?: Record<string, string> },
): string {
  const parsed = new URL(url);
  const oauth: Record<string, string> = {
    oauth_consumer_key: auth.consumerKey,
    oauth_nonce: options.nonce,
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(options.timestamp),
    oauth_token: auth.token,
    oauth_version: '1.0',
  };
  const params: [string, string][] = [...parsed.searchParams.entries(), ...Object.entries(options.extraParams ?? {}), ...Object.entries(oauth)].map(([k, v]) => [percentEncode(k), percentEncode(v)]);
  params.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const base = [method.toUpperCase(), percentEncode(`${parsed.origin}${parsed.pathname}`), percentEncode(params.map(([k, v]) => `${k}=${v}`).join('&'))].join('&');
  const signature = createHmac('sha1', `${percentEncode(auth.consumerSecret)}&${percentEncode(auth.tokenSecret)}`).update(base).digest('base64');
  return `OAuth ${Object.entries({ ...oauth, oauth_signature: signature })
    .map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`)
    .join(', ')}`;
}

// ---- Text matching for look-ups -----------------------------------------------------------------------

const HTML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const URL_TOKEN = '\u0000';

/** Our text with every URL X would link (twitter-text's own detection) replaced by one token. */
function normaliseSent(text: string): string {
  let out = '';
  let at = 0;
  for (const url of linkableUrls(text)) {
    out += text.slice(at, url.start) + URL_TOKEN;
    at = url.end;
  }
  return (out + text.slice(at)).normalize('NFC').trim();
}

/** X's text (HTML entities, t.co links, a trailing media link) in the same form. */
function normaliseReceived(text: string, urlsInSent: number): string {
  let out = text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => HTML_ENTITIES[e]!).replace(/https?:\/\/\S+/g, URL_TOKEN).normalize('NFC').trim();
  const count = () => out.split(URL_TOKEN).length - 1;
  // Media add a t.co link at the end of the text.
  while (count() > urlsInSent && out.endsWith(URL_TOKEN)) out = out.slice(0, -1).trimEnd();
  return out;
}

export function sameText(sent: string, received: string): boolean {
  const mine = normaliseSent(sent);
  return normaliseReceived(received, mine.split(URL_TOKEN).length - 1) === mine;
}

// ---- The adapter --------------------------------------------------------------------------------------

interface XError {
  title?: string;
  detail?: string;
  errors?: { message?: string; detail?: string }[];
}

function describeError(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const e = body as XError;
  const first = e.errors?.[0];
  return e.detail ?? first?.message ?? first?.detail ?? e.title;
}

export const xPostUrl = (id: string) => `https://x.com/i/web/status/${id}`;

interface Tweet {
  id: string;
  text: string;
  referenced_tweets?: { type: string; id: string }[];
}

export function xAdapter(options: XOptions): Adapter {
  const base = (options.apiUrl ?? DEFAULT_X_API_URL).replace(/\/+$/, '');
  const limits = options.limits ?? NETWORK_LIMITS.x;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const auth = options.auth;
  const secrets = auth.kind === 'bearer' ? [auth.token] : [auth.token, auth.tokenSecret, auth.consumerKey, auth.consumerSecret];
  const nonce = options.nonce ?? (() => randomBytes(16).toString('hex'));
  const now = options.now ?? Date.now;

  async function call<T>(method: string, path: string, request: Omit<JsonRequest, 'fetch' | 'method'>): Promise<JsonResponse<T>> {
    const url = `${base}${path}`;
    const authorization = authorizationHeader(auth, method, url, nonce(), now());
    const response = await requestJson<T>(url, { ...request, method, fetch: fetchImpl, headers: { authorization, ...request.headers }, describe: describeError });
    return response.ok ? response : { ...response, message: redact(response.message, secrets) };
  }

  const textOf = (publication: Publication, index: number) =>
    index === 0 ? publishedText(limits, publication.parts[0]!.text, publication.link) : publication.parts[index]!.text;

  async function uploadMedia(media: PublicationMedia): Promise<{ ok: true; id: string } | PublishFailure> {
    const prepared = await prepareImage(media, limits, fetchImpl);
    if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(prepared.image.bytes)], { type: prepared.image.mime }), media.path.split('/').pop() ?? 'image');
    form.append('media_category', prepared.image.animated ? 'tweet_gif' : 'tweet_image');
    form.append('media_type', prepared.image.mime);
    const upload = await call<{ data?: { id?: string; processing_info?: { state?: string; check_after_secs?: number } } }>('POST', '/2/media/upload', {
      what: `POST /2/media/upload ${media.path}`,
      body: form,
      timeoutMs: 120_000,
    });
    // Nothing is posted yet: an upload that failed in any way is transient for the publication.
    if (!upload.ok) return upload.kind === 'unknown' ? { ...upload, kind: 'transient' } : upload;
    const id = upload.body?.data?.id;
    if (!id) return { ok: false, kind: 'transient', message: 'POST /2/media/upload answered without data.id' };
    // GIFs may be processed asynchronously: wait while X says so (bounded).
    let processing = upload.body?.data?.processing_info;
    for (let i = 0; processing && processing.state !== 'succeeded' && i < 20; i++) {
      if (processing.state === 'failed') return { ok: false, kind: 'refused', message: `X could not process ${media.path}` };
      await sleep(Math.min(10, processing.check_after_secs ?? 1) * 1000);
      const status = await call<{ data?: { processing_info?: { state?: string; check_after_secs?: number } } }>('GET', `/2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}`, { what: 'GET /2/media/upload STATUS' });
      if (!status.ok) return status.kind === 'unknown' ? { ...status, kind: 'transient' } : status;
      processing = status.body?.data?.processing_info;
    }
    if (media.alt.trim() !== '') {
      const meta = await call('POST', '/2/media/metadata', {
        what: 'POST /2/media/metadata',
        json: { id, metadata: { alt_text: { text: [...media.alt].slice(0, limits.alt.maxLength ?? 1000).join('') } } },
      });
      if (!meta.ok) return meta.kind === 'unknown' ? { ...meta, kind: 'transient' } : meta;
    }
    return { ok: true, id };
  }

  async function timeline(): Promise<{ ok: true; tweets: Tweet[] } | { ok: false; message: string }> {
    const me = await call<{ data?: { id?: string } }>('GET', '/2/users/me', { what: 'GET /2/users/me' });
    if (!me.ok) return me;
    const id = me.body?.data?.id;
    if (!id) return { ok: false, message: 'GET /2/users/me answered without data.id' };
    const res = await call<{ data?: Tweet[] }>('GET', `/2/users/${encodeURIComponent(id)}/tweets?max_results=100&tweet.fields=${encodeURIComponent('created_at,referenced_tweets')}`, {
      what: 'GET /2/users/:id/tweets',
    });
    if (!res.ok) return res;
    return { ok: true, tweets: res.body?.data ?? [] };
  }

  return {
    name: 'x',
    channel: 'x',
    render: (publication) => publication.parts.map((_, i) => textOf(publication, i)),

    async publish(publication): Promise<PublishResult> {
      const ids: string[] = [];
      for (let i = 0; i < publication.parts.length; i++) {
        const part = publication.parts[i]!;
        const mediaIds: string[] = [];
        let failure: PublishFailure | undefined;
        for (const media of part.media) {
          const uploaded = await uploadMedia(media);
          if (!uploaded.ok) {
            failure = uploaded;
            break;
          }
          mediaIds.push(uploaded.id);
        }
        if (!failure) {
          const res = await call<{ data?: { id?: string } }>('POST', '/2/tweets', {
            what: `POST /2/tweets (part ${i + 1}/${publication.parts.length})`,
            serverError: 'unknown',
            json: {
              text: textOf(publication, i),
              ...(mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}),
              ...(i > 0 ? { reply: { in_reply_to_tweet_id: ids[i - 1] } } : {}),
            },
          });
          if (res.ok && res.body?.data?.id) ids.push(res.body.data.id);
          else if (res.ok) failure = { ok: false, kind: 'unknown', status: res.status, message: 'POST /2/tweets answered without data.id' };
          else if (res.status === 403 && /duplicate/i.test(res.message)) failure = { ...res, kind: 'refused', message: `${res.message} (X refuses a text it already has: if an earlier attempt posted it, record it by hand)` };
          else failure = res;
        }
        if (failure) {
          if (ids.length === 0) return failure;
          // Part of the thread is out: never start again from the top. The look-up finds what exists.
          return { ...failure, kind: 'unknown', message: `${failure.message}; parts 1–${ids.length} were posted (${ids.join(', ')})` };
        }
      }
      return {
        ok: true,
        remoteId: ids[0]!,
        url: xPostUrl(ids[0]!),
        ...(ids.length > 1 ? { replies: ids.slice(1).map((id) => ({ remoteId: id, url: xPostUrl(id) })) } : {}),
      };
    },

    async lookup(publication, key): Promise<LookupResult> {
      if (key !== publication.key) return { found: 'unknown', message: 'the post changed since that attempt: its text is unknown, check X by hand' };
      const list = await timeline();
      if (!list.ok) return { found: 'unknown', message: list.message };
      const replyTo = (t: Tweet) => t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
      const root = list.tweets.find((t) => sameText(textOf(publication, 0), t.text) && replyTo(t) === undefined);
      if (!root) return { found: false };
      const parts: Tweet[] = [root];
      for (let i = 1; i < publication.parts.length; i++) {
        const next = list.tweets.find((t) => replyTo(t) === parts[i - 1]!.id && sameText(textOf(publication, i), t.text));
        if (!next) break;
        parts.push(next);
      }
      if (parts.length < publication.parts.length) {
        return { found: 'unknown', message: `only parts 1–${parts.length} of the thread are on X (${parts.map((p) => p.id).join(', ')}): finish or delete it by hand` };
      }
      const replies: RemotePart[] = parts.slice(1).map((t) => ({ remoteId: t.id, url: xPostUrl(t.id) }));
      return { found: true, remoteId: root.id, url: xPostUrl(root.id), ...(replies.length > 0 ? { replies } : {}) };
    },

    async delete(remote): Promise<DeleteResult> {
      for (const id of [...(remote.replies ?? []).map((r) => r.remoteId).reverse(), remote.remoteId]) {
        const res = await call('DELETE', `/2/tweets/${encodeURIComponent(id)}`, { what: `DELETE /2/tweets/${id}` });
        if (!res.ok && res.status !== 404) return res; // already gone counts as deleted
      }
      return { ok: true };
    },
  };
}

/** What the X parts read from the environment: OAuth 1.0a when the four keys are set, else the bearer token. */
function xCredentials(env: NodeJS.ProcessEnv) {
  const value = (name: string) => env[name]?.trim() || undefined;
  const token = value('X_ACCESS_TOKEN') ?? '';
  const consumerKey = value('X_API_KEY');
  const consumerSecret = value('X_API_SECRET');
  const tokenSecret = value('X_ACCESS_TOKEN_SECRET');
  const auth: XAuth = consumerKey && consumerSecret && tokenSecret ? { kind: 'oauth1', consumerKey, consumerSecret, token, tokenSecret } : { kind: 'bearer', token };
  const apiUrl = value('X_API_URL') ?? DEFAULT_X_API_URL;
  return { auth, apiUrl, base: apiUrl.replace(/\/+$/, ''), oauth1: [consumerKey, consumerSecret, tokenSecret], secrets: [token, consumerKey, consumerSecret, tokenSecret] };
}

/** The Authorization header of a request: the bearer token, or OAuth 1.0a signed with this nonce at this time. */
function authorizationHeader(auth: XAuth, method: string, url: string, nonce: string, nowMs: number): string {
  return auth.kind === 'bearer' ? `Bearer ${auth.token}` : oauth1Header(method, url, auth, { nonce, timestamp: Math.floor(nowMs / 1000) });
}

/** OAuth 1.0a when the four keys are set, else the OAuth 2.0 bearer token. */
export function xFromEnv(env: NodeJS.ProcessEnv): Adapter {
  const { auth, apiUrl, oauth1 } = xCredentials(env);
  const adapter = xAdapter({ auth, apiUrl });
  if (oauth1.every((v) => v === undefined) || oauth1.every((v) => v !== undefined)) return adapter;
  // Half a set of OAuth 1.0a keys: never guess, say what is missing (no call is made).
  const missing = ['X_API_KEY', 'X_API_SECRET', 'X_ACCESS_TOKEN_SECRET'].filter((_, i) => oauth1[i] === undefined).join(', ');
  const refused = { ok: false as const, kind: 'refused' as const, message: `OAuth 1.0a needs X_API_KEY, X_API_SECRET and X_ACCESS_TOKEN_SECRET with X_ACCESS_TOKEN: ${missing} missing` };
  return { ...adapter, publish: async () => refused, lookup: async () => ({ found: 'unknown', message: refused.message }), delete: async () => refused };
}

// ---- Metrics ---------------------------------------------------------------------------------------
// `GET /2/tweets?ids=` (100 a call): public_metrics (impression_count, like, reply, repost — the guide
// says retweet_count, the OpenAPI repost_count: both read —, quote, bookmark) for every post, and
// non_public_metrics (url_link_clicks, user_profile_clicks) only for posts under 30 days old, the only
// ones X gives them for (asking for older ones fails the call). Reads are paid per post ($0.005).
// Followers: `GET /2/users/me?user.fields=public_metrics`.

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { batches, num, type MetricsReader, type ReadOutcome } from './metrics.ts';

const PRIVATE_METRICS_DAYS = 30;

interface TweetMetrics {
  id: string;
  public_metrics?: { impression_count?: number; like_count?: number; reply_count?: number; retweet_count?: number; repost_count?: number; quote_count?: number; bookmark_count?: number };
  non_public_metrics?: { url_link_clicks?: number; user_profile_clicks?: number };
}

export function xMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch; nonce?: () => string } = {}): MetricsReader {
  const { auth, base, secrets } = xCredentials(env);
  const get = async <T>(path: string, what: string) => {
    const url = `${base}${path}`;
    const authorization = authorizationHeader(auth, 'GET', url, (options.nonce ?? (() => randomBytes(16).toString('hex')))(), Date.now());
    const res = await requestJson<T>(url, { headers: { authorization }, what, describe: describeError, ...(options.fetch ? { fetch: options.fetch } : {}) });
    return res.ok ? res : { ...res, message: redact(res.message, secrets) };
  };
  return {
    channel: 'x',
    name: 'x',
    provides: ['views', 'likes', 'comments', 'reposts', 'quotes', 'saves', 'clicks', 'profileClicks'],
    async readPosts(posts, nowMs): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      const young = posts.filter((p) => nowMs - p.publishedMs < PRIVATE_METRICS_DAYS * 86_400_000);
      const old = posts.filter((p) => !young.includes(p));
      for (const [list, fields] of [[young, 'public_metrics,non_public_metrics'], [old, 'public_metrics']] as const) {
        for (const batch of batches(list, 100)) {
          const res = await get<{ data?: TweetMetrics[] }>(`/2/tweets?ids=${batch.map((p) => encodeURIComponent(p.remoteId)).join(',')}&tweet.fields=${fields}`, 'GET /2/tweets');
          if (!res.ok) return res;
          for (const tweet of res.body?.data ?? []) {
            const pm = tweet.public_metrics ?? {};
            const np = tweet.non_public_metrics;
            found.set(tweet.id, {
              views: num(pm.impression_count),
              likes: num(pm.like_count),
              comments: num(pm.reply_count),
              reposts: num(pm.repost_count ?? pm.retweet_count),
              quotes: num(pm.quote_count),
              saves: num(pm.bookmark_count),
              clicks: np ? num(np.url_link_clicks) : null,
              profileClicks: np ? num(np.user_profile_clicks) : null,
            });
          }
        }
      }
      return { ok: true, value: found, api: 'x-v2' };
    },
    async readAccount() {
      const res = await get<{ data?: { public_metrics?: { followers_count?: number; tweet_count?: number } } }>('/2/users/me?user.fields=public_metrics', 'GET /2/users/me');
      if (!res.ok) return res;
      return { ok: true, value: { followers: num(res.body?.data?.public_metrics?.followers_count), posts: num(res.body?.data?.public_metrics?.tweet_count) } };
    },
  };
}


// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Mentions of the account (`GET /2/users/:id/mentions`, `since_id` = the newest already read; every reply
// to a brand post mentions it), mapped to the brand post by `conversation_id`. Hidden with
// `PUT /2/tweets/:id/hidden` in conversations the brand started only (own-root; 50 per 15 min), which is
// idempotent, so an unknown outcome is simply hidden again. X has no report API: the manual form.
// Reads are billed per post returned: a run with nothing new costs nothing.

interface XTweet {
  id?: string;
  text?: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  referenced_tweets?: { type?: string; id?: string }[];
}

export function xModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch; now?: () => number } = {}): ModerationAdapter {
  const { auth, base, secrets } = xCredentials(env);
  const call = async <T>(method: string, path: string, json?: unknown): Promise<JsonResponse<T>> => {
    const url = `${base}${path}`;
    const authorization = authorizationHeader(auth, method, url, randomBytes(16).toString('hex'), options.now?.() ?? Date.now());
    const r = await requestJson<T>(url, { method, headers: { authorization }, ...(json !== undefined ? { json } : {}), ...(options.fetch ? { fetch: options.fetch } : {}), what: `${method} ${path.split('?')[0]}`, describe: describeError });
    return r.ok ? r : { ...r, message: redact(r.message, secrets) };
  };
  let me: Promise<JsonResponse<{ data?: { id?: string } }>> | undefined;
  return {
    name: 'x',
    channel: 'x',
    caps: { hide: 'own-root', unhide: true, report: false, reply: true },
    reportUrl: () => 'https://help.x.com/forms/safety-and-sensitive-content',
    async list(query) {
      me ??= call('GET', '/2/users/me');
      const self = await me;
      if (!self.ok) {
        me = undefined;
        return self;
      }
      const userId = self.body?.data?.id;
      if (!userId) return { ok: false, kind: 'refused', message: 'GET /2/users/me: malformed answer (no id)' };
      const own = new Map(query.ownPosts.map((p) => [p.remoteId, p]));
      const params = new URLSearchParams({ max_results: '100', 'tweet.fields': 'created_at,conversation_id,in_reply_to_user_id,referenced_tweets,author_id', expansions: 'author_id', 'user.fields': 'username' });
      if (query.cursor) params.set('since_id', query.cursor);
      else if (query.sinceMs !== undefined) params.set('start_time', new Date(query.sinceMs).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      const res = await call<{ data?: XTweet[]; includes?: { users?: { id?: string; username?: string }[] }; meta?: { newest_id?: string; result_count?: number } }>('GET', `/2/users/${encodeURIComponent(userId)}/mentions?${params}`);
      if (!res.ok) return res;
      if (!res.body || (res.body.data !== undefined && !Array.isArray(res.body.data))) return { ok: false, kind: 'refused', message: 'GET /2/users/:id/mentions: malformed answer' };
      const users = new Map((res.body.includes?.users ?? []).map((u) => [u.id, u.username]));
      const items: Interaction[] = [];
      for (const t of res.body.data ?? []) {
        if (!t.id || !t.author_id || !t.created_at) return { ok: false, kind: 'refused', message: 'GET /2/users/:id/mentions: malformed post (no id, author or time)' };
        const post = t.conversation_id ? own.get(t.conversation_id) : undefined;
        const parent = t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
        const quoted = t.referenced_tweets?.some((r) => r.type === 'quoted');
        const username = users.get(t.author_id);
        items.push({
          network: 'x',
          id: t.id,
          url: username ? `https://x.com/${username}/status/${t.id}` : xPostUrl(t.id),
          kind: parent ? 'reply' : quoted ? 'quote' : 'mention',
          ...(post ? { ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) } } : {}),
          ...(parent ? { parentId: parent } : {}),
          ...(t.conversation_id ? { rootId: t.conversation_id } : {}),
          rootIsBrand: post !== undefined,
          author: { id: t.author_id, ...(username ? { handle: `@${username}` } : {}), ...(t.author_id === userId ? { isBrand: true } : {}) },
          text: t.text ?? '',
          createdAt: new Date(Date.parse(t.created_at)).toISOString(),
        });
      }
      items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const cursor = res.body.meta?.newest_id ?? query.cursor;
      return { ok: true, items: items.slice(0, query.limit), ...(cursor ? { cursor } : {}) };
    },
    async setHidden(ref, hidden) {
      const r = await call<{ data?: { hidden?: boolean } }>('PUT', `/2/tweets/${encodeURIComponent(ref.id)}/hidden`, { hidden });
      if (!r.ok) return r;
      return r.body?.data?.hidden === hidden ? { ok: true } : { ok: false, kind: 'unknown', message: 'PUT /2/tweets/:id/hidden: malformed answer' };
    },
    async reply(ref, text) {
      const r = await call<{ data?: { id?: string } }>('POST', '/2/tweets', { text, reply: { in_reply_to_tweet_id: ref.id } });
      return r.ok ? { ok: true, ...(r.body?.data?.id ? { remoteId: r.body.data.id } : {}) } : r.kind === 'transient' ? { ...r, kind: 'unknown' } : r;
    },
    // X does not say whether a reply is hidden; hiding again is harmless, so the run simply redoes it.
    async state(ref) {
      const r = await call<{ data?: { id?: string } }>('GET', `/2/tweets/${encodeURIComponent(ref.id)}`);
      if (r.ok) return { known: true, exists: true };
      return r.status === 404 ? { known: true, exists: false } : { known: false, message: r.message };
    },
  };
}
