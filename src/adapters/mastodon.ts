/**
 * Mastodon (and Mastodon-API servers), with plain fetch against `MASTODON_API_URL` (the instance) and the
 * user token `MASTODON_TOKEN` (scopes `write:statuses write:media read:accounts read:statuses`).
 *
 * - Limits: `GET /api/v2/instance` once per run (cached per instance), over the built-in defaults.
 * - Media: `POST /api/v2/media` (multipart `file`, `description` = alt text, `focus`), converted first as
 *   planMedia says; a 202 (still processing) is polled with `GET /api/v1/media/:id` until 200.
 * - Status: `POST /api/v1/statuses` with `Idempotency-Key: <ledger key>` (thread part n: `<key>.n`),
 *   `visibility: public`, `spoiler_text`, `language`; thread parts reply to the previous part.
 *
 * Exactly once. Mastodon keeps an Idempotency-Key for 1 hour: a retry with the same key within the hour
 * returns the status created the first time instead of a second one, so the runner's retries (and a
 * retried thread, whose parts already created come back unchanged) are safe. There is no look-up by key,
 * so `lookup` (after an unknown outcome, maybe hours later) searches the account's recent statuses
 * (`verify_credentials`, then `/api/v1/accounts/:id/statuses`) for the exact text, spoiler and alt texts,
 * confirmed with `/api/v1/statuses/:id/source`. `lookup` never re-POSTs: it must create nothing.
 */
import path from 'node:path';
import type { RemotePart } from '../core/ledger/types.ts';
import { publishedText } from '../core/networks/compose.ts';
import { NETWORK_LIMITS, VIDEO_FORMATS, type NetworkLimits } from '../core/networks/limits.ts';
// Pure, in the core: the watch's sources use it without loading this adapter (and sharp).
import { htmlToText } from '../core/networks/html-text.ts';
export { htmlToText };
import { redact, type Adapter, type DeleteResult, type LookupResult, type Publication, type PublicationMedia, type PublishFailure, type PublishResult } from './adapter.ts';
import { requestJson, type JsonResponse } from './http/failures.ts';
import type { Interaction } from '../core/moderation/types.ts';
import type { ModerationAdapter, OwnPost } from './moderation.ts';
import { readVideo } from './http/video.ts';
import { prepareImage } from './http/images.ts';

export interface MastodonOptions {
  fetch?: typeof fetch;
  /** Waits between media processing polls (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  /** Media polls before giving up on a video still processing (1 s apart). */
  mediaPolls?: number;
  now?: () => number;
}

interface Status {
  id: string;
  url?: string | null;
  uri?: string;
  content?: string;
  spoiler_text?: string;
  in_reply_to_id?: string | null;
  reblog?: unknown;
  media_attachments?: { id: string; description?: string | null }[];
}

interface MediaAttachment {
  id: string;
  url?: string | null;
}

interface Instance {
  configuration?: {
    statuses?: { max_characters?: number; max_media_attachments?: number; characters_reserved_per_url?: number };
    media_attachments?: { supported_mime_types?: string[]; image_size_limit?: number; image_matrix_limit?: number; video_size_limit?: number; description_limit?: number };
  };
}

/** Instance limits, read once per run (process) per instance. */
const instances = new Map<string, Promise<NetworkLimits>>();

/** Tests start from an empty cache. */
export function forgetInstances(): void {
  instances.clear();
}

/** sharp/media-edge format names for the MIME types an instance lists. */
const FORMAT_OF_MIME: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heif',
  'image/heif': 'heif',
  'image/avif': 'avif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
};


/** The built-in Mastodon limits with what the instance says about itself. */
export function instanceLimits(instance: Instance | undefined): NetworkLimits {
  const base = NETWORK_LIMITS.mastodon;
  const statuses = instance?.configuration?.statuses;
  const media = instance?.configuration?.media_attachments;
  const accepted = media?.supported_mime_types
    ? [...new Set(media.supported_mime_types.map((m) => FORMAT_OF_MIME[m]).filter((f): f is string => f !== undefined && !VIDEO_FORMATS.includes(f)))]
    : base.image.accepted;
  const video = media?.supported_mime_types ? media.supported_mime_types.some((m) => m.startsWith('video/')) : base.media.video;
  return {
    ...base,
    text: {
      ...base.text,
      ...(statuses?.max_characters ? { maxCharacters: statuses.max_characters } : {}),
      ...(statuses?.characters_reserved_per_url ? { charactersPerUrl: statuses.characters_reserved_per_url } : {}),
    },
    media: {
      ...base.media,
      video,
      ...(statuses?.max_media_attachments ? { maxPerPost: statuses.max_media_attachments } : {}),
      ...(media?.video_size_limit ? { maxFileBytes: Math.max(media.video_size_limit, media.image_size_limit ?? 0) } : {}),
    },
    image: {
      ...base.image,
      accepted,
      ...(media?.image_size_limit ? { maxBytes: media.image_size_limit } : {}),
      ...(media?.image_matrix_limit ? { maxPixels: media.image_matrix_limit } : {}),
    },
    alt: { ...base.alt, ...(media?.description_limit ? { maxLength: media.description_limit } : {}) },
  };
}

/** The status texts: the first part carries the post's link (after a blank line), as lint counted it. */
export function statusTexts(publication: Publication): string[] {
  return publication.parts.map((part, i) => (i === 0 ? publishedText(NETWORK_LIMITS.mastodon, part.text, publication.link) : part.text));
}

/** The Idempotency-Key of thread part `index` (0 = the post itself, whose key is the ledger key). */
export function partKey(key: string, index: number): string {
  return index === 0 ? key : `${key}.${index}`;
}

/** ISO 639-1 code for Mastodon's `language` (the post says `fr` or `fr-FR`). */
function language(lang: string | undefined): string | undefined {
  return lang?.split('-')[0]?.toLowerCase();
}

export function mastodonAdapter(env: NodeJS.ProcessEnv, _root: string, options: MastodonOptions = {}): Adapter {
  const base = (env.MASTODON_API_URL ?? '').trim().replace(/\/+$/, '');
  const token = (env.MASTODON_TOKEN ?? '').trim();
  const secrets = [token, env.MASTODON_TOKEN];
  const clean = (message: string) => redact(message, secrets);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const auth = { Authorization: `Bearer ${token}` };
  // Within one run the runner may call publish again (retries): what was already created is not redone.
  const createdParts = new Map<string, RemotePart>();
  const uploaded = new Map<string, string>();

  const call = async <T>(method: string, pathname: string, what: string, extra: { json?: unknown; body?: FormData; headers?: Record<string, string>; signal?: AbortSignal | undefined } = {}): Promise<JsonResponse<T>> => {
    const result = await requestJson<T>(`${base}${pathname}`, {
      method,
      headers: { ...auth, ...extra.headers },
      ...(extra.json !== undefined ? { json: extra.json } : {}),
      ...(extra.body ? { body: extra.body } : {}),
      ...(extra.signal ? { signal: extra.signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      what,
      describe: mastodonError,
    });
    if (result.ok) return result;
    return { ...result, message: clean(result.message), ...rateLimitReset(result) };
  };

  // Mastodon sends `X-RateLimit-Reset` as an ISO instant, which the shared parser reads only as seconds.
  let lastHeaders: Headers | undefined;
  const rateLimitReset = (failure: PublishFailure): Partial<PublishFailure> => {
    if (failure.kind !== 'rate-limited' || failure.retryAfterMs !== undefined) return {};
    const reset = lastHeaders?.get('x-ratelimit-reset');
    const at = reset ? Date.parse(reset) : NaN;
    return Number.isNaN(at) ? {} : { retryAfterMs: Math.max(0, at - (options.now?.() ?? Date.now())) };
  };
  const underlying = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const fetchImpl: typeof fetch = async (input, init) => {
    const response = await underlying(input, init);
    lastHeaders = response.headers;
    return response;
  };
  options = { ...options, fetch: fetchImpl };

  const limits = (signal?: AbortSignal): Promise<NetworkLimits> => {
    let cached = instances.get(base);
    if (!cached) {
      cached = call<Instance>('GET', '/api/v2/instance', 'GET /api/v2/instance', { signal }).then((r) => {
        if (r.ok) return instanceLimits(r.body);
        instances.delete(base); // try again next time; the defaults do for now
        return instanceLimits(undefined);
      });
      instances.set(base, cached);
    }
    return cached;
  };

  /** Uploads one medium; the id once the server has processed it. */
  const upload = async (media: PublicationMedia, memo: string, network: NetworkLimits, signal?: AbortSignal): Promise<{ ok: true; id: string } | PublishFailure> => {
    const done = uploaded.get(memo);
    if (done) return { ok: true, id: done };
    const file = await readMedia(media, network, options.fetch);
    if (!file.ok) return file;
    const form = new FormData();
    form.append('file', new Blob([file.bytes], { type: file.mime }), file.filename);
    if (media.alt) form.append('description', media.alt);
    if (media.focus) form.append('focus', `${media.focus[0]},${media.focus[1]}`);
    const what = `POST /api/v2/media (${media.path})`;
    const created = await call<MediaAttachment>('POST', '/api/v2/media', what, { body: form, signal });
    // An upload creates no post: whatever happened to it, sending again is harmless.
    if (!created.ok) return created.kind === 'unknown' ? { ...created, kind: 'transient' } : created;
    if (typeof created.body?.id !== 'string') return { ok: false, kind: 'transient', message: `${what}: answer without a media id` };
    const id = created.body.id;
    if (created.status === 202) {
      let ready = false;
      for (let poll = 0; poll < (options.mediaPolls ?? 60) && !ready; poll++) {
        await sleep(1000);
        const state = await call<MediaAttachment>('GET', `/api/v1/media/${encodeURIComponent(id)}`, `GET /api/v1/media/${id}`, { signal });
        if (!state.ok) return state.kind === 'unknown' ? { ...state, kind: 'transient' } : state;
        ready = state.status === 200;
      }
      if (!ready) return { ok: false, kind: 'transient', message: `${media.path}: still processing on the instance, try again later` };
    }
    uploaded.set(memo, id);
    return { ok: true, id };
  };

  const toPart = (status: Status): RemotePart => ({ remoteId: status.id, ...((status.url ?? status.uri) ? { url: (status.url ?? status.uri)! } : {}) });

  return {
    name: 'mastodon',
    channel: 'mastodon',

    render(publication) {
      const cw = publication.spoiler ? `CW: ${publication.spoiler}\n\n` : '';
      return statusTexts(publication).map((text) => `${cw}${text}`);
    },

    async publish(publication, signal): Promise<PublishResult> {
      if (!base || !token) return { ok: false, kind: 'refused', message: 'MASTODON_API_URL and MASTODON_TOKEN are both needed' };
      const network = await limits(signal);
      const texts = statusTexts(publication);
      const parts: RemotePart[] = [];
      const total = publication.parts.length;
      for (const [index, part] of publication.parts.entries()) {
        const key = partKey(publication.key, index);
        const label = total > 1 ? ` (part ${index + 1} of ${total})` : '';
        const partial = (failure: PublishFailure): PublishFailure =>
          parts.length === 0
            ? failure
            : { ...failure, message: `${failure.message}; already published: ${parts.map((p) => p.url ?? p.remoteId).join(', ')} (a retry within 1 h reuses them through their Idempotency-Key)` };
        const done = createdParts.get(key);
        if (done) {
          parts.push(done);
          continue;
        }
        const mediaIds: string[] = [];
        for (const [m, media] of part.media.entries()) {
          const result = await upload(media, `${key}#${m}`, network, signal);
          if (!('id' in result)) return partial(result);
          mediaIds.push(result.id);
        }
        const body: Record<string, unknown> = { status: texts[index], visibility: 'public' };
        if (mediaIds.length > 0) body.media_ids = mediaIds;
        if (publication.spoiler) body.spoiler_text = publication.spoiler;
        const lang = language(publication.lang);
        if (lang) body.language = lang;
        const parent = parts.at(-1);
        if (parent) body.in_reply_to_id = parent.remoteId;
        const created = await call<Status>('POST', '/api/v1/statuses', `POST /api/v1/statuses${label}`, { json: body, headers: { 'Idempotency-Key': key }, signal });
        // A lost answer stays `unknown` (the next run looks it up): resending under the same key is only
        // safe within the hour Mastodon keeps it, and the next run may come later than that.
        if (!created.ok) return partial(created);
        if (typeof created.body?.id !== 'string') return partial({ ok: false, kind: 'unknown', message: `POST /api/v1/statuses${label}: success without a status id` });
        const remote = toPart(created.body);
        createdParts.set(key, remote);
        parts.push(remote);
      }
      const [first, ...replies] = parts;
      return { ok: true, remoteId: first!.remoteId, ...(first!.url ? { url: first!.url } : {}), ...(replies.length > 0 ? { replies } : {}) };
    },

    async lookup(publication, _key, signal): Promise<LookupResult> {
      if (!base || !token) return { found: 'unknown', message: 'MASTODON_API_URL and MASTODON_TOKEN are both needed' };
      const me = await call<{ id?: string }>('GET', '/api/v1/accounts/verify_credentials', 'GET /api/v1/accounts/verify_credentials', { signal });
      if (!me.ok) return { found: 'unknown', message: me.message };
      if (typeof me.body?.id !== 'string') return { found: 'unknown', message: 'verify_credentials answered without an account id' };
      const statuses: Status[] = [];
      let maxId: string | undefined;
      for (let page = 0; page < LOOKUP_PAGES; page++) {
        const query = `limit=40&exclude_reblogs=true${maxId ? `&max_id=${encodeURIComponent(maxId)}` : ''}`;
        const got = await call<Status[]>('GET', `/api/v1/accounts/${encodeURIComponent(me.body.id)}/statuses?${query}`, `GET /api/v1/accounts/${me.body.id}/statuses`, { signal });
        if (!got.ok) return { found: 'unknown', message: got.message };
        const list = Array.isArray(got.body) ? got.body : [];
        statuses.push(...list);
        if (list.length < 40) break;
        maxId = list.at(-1)?.id;
      }
      const texts = statusTexts(publication);
      const spoiler = publication.spoiler ?? '';
      const matches = async (status: Status, index: number, parent: string | null): Promise<boolean | 'unknown'> => {
        if (status.reblog) return false;
        if ((status.in_reply_to_id ?? null) !== parent) return false;
        if ((status.spoiler_text ?? '') !== spoiler) return false;
        const alts = publication.parts[index]!.media.map((m) => m.alt);
        const described = (status.media_attachments ?? []).map((m) => m.description ?? '');
        if (alts.length !== described.length || alts.some((alt, i) => alt !== described[i])) return false;
        if (loose(htmlToText(status.content ?? '')) !== loose(texts[index]!)) return false;
        // The HTML loses mention domains and some spacing: the source says exactly what was written.
        const source = await call<{ text?: string }>('GET', `/api/v1/statuses/${encodeURIComponent(status.id)}/source`, `GET /api/v1/statuses/${status.id}/source`, { signal });
        if (source.ok) return (source.body?.text ?? '').trim() === texts[index]!.trim();
        return source.status === 404 ? true : 'unknown'; // servers before 3.5 have no /source: the HTML match stands
      };
      const found: Status[] = [];
      for (let index = 0; index < texts.length; index++) {
        const parent = index === 0 ? null : found[index - 1]!.id;
        let hit: Status | undefined;
        for (const status of statuses) {
          const ok = await matches(status, index, parent);
          if (ok === 'unknown') return { found: 'unknown', message: `could not read the source of status ${status.id}` };
          if (ok) {
            hit = status;
            break;
          }
        }
        if (!hit) break;
        found.push(hit);
      }
      if (found.length === 0) return { found: false };
      const parts = found.map(toPart);
      if (found.length < texts.length) {
        return {
          found: 'unknown',
          message: `only ${found.length} of the ${texts.length} thread parts are on Mastodon (${parts.map((p) => p.url ?? p.remoteId).join(', ')}): finish or delete the thread by hand`,
        };
      }
      const [first, ...replies] = parts;
      return { found: true, remoteId: first!.remoteId, ...(first!.url ? { url: first!.url } : {}), ...(replies.length > 0 ? { replies } : {}) };
    },

    async delete(remote, signal): Promise<DeleteResult> {
      if (!base || !token) return { ok: false, kind: 'refused', message: 'MASTODON_API_URL and MASTODON_TOKEN are both needed' };
      // Replies first, last to first, then the post: a failure half-way leaves a shorter thread, never orphans.
      const ids = [...(remote.replies ?? []).map((r) => r.remoteId).reverse(), remote.remoteId];
      for (const id of ids) {
        const result = await call<Status>('DELETE', `/api/v1/statuses/${encodeURIComponent(id)}`, `DELETE /api/v1/statuses/${id}`, { signal });
        if (!result.ok && result.status !== 404) return result.kind === 'unknown' ? { ...result, kind: 'transient' } : result; // a delete is idempotent
      }
      return { ok: true };
    },
  };
}

/** Pages of 40 recent statuses a look-up searches (the post is recent: it was claimed minutes or hours ago). */
const LOOKUP_PAGES = 3;

/** Mastodon's `{"error": "…"}` (422 says what failed validation). */
function mastodonError(body: unknown): string | undefined {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  return typeof error === 'string' ? error : undefined;
}

/** What survives the trip through HTML: no mention domains, whitespace collapsed. */
function loose(text: string): string {
  return text
    .replace(/@([\w.-]+)@[\w.-]+\w/g, '@$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The bytes to upload: images through the shared preparation, videos as they are (within the limits). */
async function readMedia(
  media: PublicationMedia,
  network: NetworkLimits,
  fetchImpl: typeof fetch | undefined,
): Promise<{ ok: true; bytes: Uint8Array; mime: string; filename: string } | PublishFailure> {
  const extension = path.extname(media.path.split('?')[0]!).slice(1).toLowerCase();
  const name = path.basename(media.path.split('?')[0]!);
  if (VIDEO_FORMATS.includes(extension)) return readVideo(media, network, 'the instance');
  const prepared = await prepareImage(media, network, fetchImpl);
  if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
  const image = prepared.image;
  const filename = image.format === extensionFormat(extension) ? name : `${path.basename(name, path.extname(name))}.${image.format === 'jpeg' ? 'jpg' : image.format}`;
  return { ok: true, bytes: new Uint8Array(image.bytes), mime: image.mime, filename };
}

function extensionFormat(extension: string): string {
  return extension === 'jpg' ? 'jpeg' : extension;
}

// ---- Metrics ---------------------------------------------------------------------------------------
// Counters only (Mastodon has no views, reach or clicks): favourites, reblogs, replies and, from 4.5, quotes,
// read from the home instance (it receives every Like/Announce of its own statuses). `GET /api/v1/statuses`
// with `id[]` (4.3+) reads 20 at a time; older servers answer 404 there and are read one status at a time.

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { batches, num, type MetricsReader, type ReadOutcome } from './metrics.ts';

interface StatusCounters {
  id: string;
  favourites_count?: number;
  reblogs_count?: number;
  replies_count?: number;
  quotes_count?: number;
}

export function mastodonMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const base = (env.MASTODON_API_URL ?? '').trim().replace(/\/+$/, '');
  const token = (env.MASTODON_TOKEN ?? '').trim();
  const get = async <T>(pathname: string, what: string) => {
    const result = await requestJson<T>(`${base}${pathname}`, { headers: { Authorization: `Bearer ${token}` }, what, describe: mastodonError, ...(options.fetch ? { fetch: options.fetch } : {}) });
    return result.ok ? result : { ...result, message: redact(result.message, [token]) };
  };
  const counters = (s: StatusCounters): MetricCounters => ({ likes: num(s.favourites_count), reposts: num(s.reblogs_count), comments: num(s.replies_count), quotes: num(s.quotes_count) });
  return {
    channel: 'mastodon',
    name: 'mastodon',
    provides: ['likes', 'reposts', 'comments', 'quotes'],
    async readPosts(posts): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      for (const batch of batches(posts, 20)) {
        const query = batch.map((p) => `id[]=${encodeURIComponent(p.remoteId)}`).join('&');
        const many = await get<StatusCounters[]>(`/api/v1/statuses?${query}`, 'GET /api/v1/statuses');
        if (many.ok) {
          for (const status of Array.isArray(many.body) ? many.body : []) if (typeof status?.id === 'string') found.set(status.id, counters(status));
          continue;
        }
        if (many.status !== 404) return many;
        for (const post of batch) {
          const one = await get<StatusCounters>(`/api/v1/statuses/${encodeURIComponent(post.remoteId)}`, `GET /api/v1/statuses/${post.remoteId}`);
          if (one.ok && typeof one.body?.id === 'string') found.set(one.body.id, counters(one.body));
          else if (!one.ok && one.status !== 404) return one;
        }
      }
      return { ok: true, value: found };
    },
    async readAccount() {
      const me = await get<{ followers_count?: number; statuses_count?: number }>('/api/v1/accounts/verify_credentials', 'GET /api/v1/accounts/verify_credentials');
      if (!me.ok) return me;
      return { ok: true, value: { followers: num(me.body?.followers_count), posts: num(me.body?.statuses_count) } };
    },
  };
}


// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Mentions and replies from the account's notifications (`GET /api/v1/notifications?types[]=mention`,
// `min_id` = the newest notification already read); the reply to one of the brand's statuses is mapped
// to it by `in_reply_to_id`. A reply that drops the @mention raises no notification: the threads of the
// brand's CONTEXT_POSTS newest posts within the look-back are read too (`GET /api/v1/statuses/:id/context`,
// its `descendants`), one call per post and run; what a run already decided is skipped by the run.
// Mastodon cannot hide someone else's reply (filters only change what the brand sees): a hide is
// degraded to a flag. Reports go to the brand's instance moderators (`POST /api/v1/reports`, forwarded
// to the author's server). Scopes: read:notifications, read:statuses, write:reports, write:statuses (replies).

interface MastodonStatus {
  id?: string;
  url?: string | null;
  uri?: string;
  content?: string;
  in_reply_to_id?: string | null;
  created_at?: string;
  account?: { id?: string; acct?: string; display_name?: string };
}

interface MastodonNotification {
  id?: string;
  type?: string;
  created_at?: string;
  account?: { id?: string; acct?: string; display_name?: string };
  status?: MastodonStatus;
}

/** Brand posts whose thread is read at each run (newest first): Mastodon allows 300 calls per 5 minutes. */
export const MASTODON_CONTEXT_POSTS = 20;

const laterId = (a: string, b: string) => (a.length !== b.length ? a.length > b.length : a > b);

export function mastodonModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): ModerationAdapter {
  const base = (env.MASTODON_API_URL ?? '').trim().replace(/\/+$/, '');
  const token = (env.MASTODON_TOKEN ?? '').trim();
  const clean = (message: string) => redact(message, [token]);
  const call = async <T>(method: string, pathname: string, extra: { json?: unknown; headers?: Record<string, string>; serverError?: 'unknown' } = {}): Promise<JsonResponse<T>> => {
    const r = await requestJson<T>(`${base}${pathname}`, { method, headers: { Authorization: `Bearer ${token}`, ...extra.headers }, ...(extra.json !== undefined ? { json: extra.json } : {}), ...(options.fetch ? { fetch: options.fetch } : {}), what: `${method} ${pathname.split('?')[0]}`, describe: mastodonError, ...(extra.serverError ? { serverError: extra.serverError } : {}) });
    return r.ok ? r : { ...r, message: clean(r.message) };
  };
  let me: Promise<string | undefined> | undefined;
  const myId = () => (me ??= call<{ id?: string }>('GET', '/api/v1/accounts/verify_credentials').then((r) => (r.ok ? r.body?.id : undefined)));
  const host = base.replace(/^https?:\/\//, '');
  return {
    name: 'mastodon',
    channel: 'mastodon',
    caps: { hide: 'none', unhide: false, report: true, reply: true },
    reportUrl: (ref) => ref.url,
    async list(query) {
      const own = new Map(query.ownPosts.map((p) => [p.remoteId, p]));
      const res = await call<MastodonNotification[]>('GET', `/api/v1/notifications?types[]=mention&limit=80${query.cursor ? `&min_id=${encodeURIComponent(query.cursor)}` : ''}`);
      if (!res.ok) return res;
      if (!Array.isArray(res.body)) return { ok: false, kind: 'refused', message: 'GET /api/v1/notifications: malformed answer (not an array)' };
      const brand = await myId();
      let cursor = query.cursor;
      const items = new Map<string, Interaction>();
      const wanted = (createdAt: string) => !Number.isNaN(Date.parse(createdAt)) && (query.sinceMs === undefined || Date.parse(createdAt) >= query.sinceMs);
      // `thread`: the brand post whose thread it was read in (replies to replies included).
      const interaction = (status: MastodonStatus & { id: string }, account: { id: string; acct?: string; display_name?: string }, createdAt: string, thread?: OwnPost): Interaction => {
        const post = thread ?? (status.in_reply_to_id ? own.get(status.in_reply_to_id) : undefined);
        const acct = account.acct ?? '';
        return {
          network: 'mastodon',
          id: status.id,
          ...((status.url ?? status.uri) ? { url: (status.url ?? status.uri)! } : {}),
          kind: status.in_reply_to_id ? 'reply' : 'mention',
          ...(post ? { ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) } } : {}),
          ...(status.in_reply_to_id ? { parentId: status.in_reply_to_id } : {}),
          ...(thread ? { rootId: thread.remoteId, rootIsBrand: true } : {}),
          nested: Boolean(status.in_reply_to_id) && status.in_reply_to_id !== post?.remoteId,
          author: { id: account.id, handle: `@${acct.includes('@') ? acct : `${acct}@${host}`}`, ...(account.display_name ? { displayName: account.display_name } : {}), ...(brand && account.id === brand ? { isBrand: true } : {}) },
          text: htmlToText(status.content ?? ''),
          createdAt: new Date(Date.parse(createdAt)).toISOString(),
          ref: { account: account.id },
        };
      };
      for (const n of res.body) {
        if (!n.id || !n.status?.id || !n.account?.id) return { ok: false, kind: 'refused', message: 'GET /api/v1/notifications: malformed notification (no id, status or account)' };
        if (!cursor || laterId(n.id, cursor)) cursor = n.id;
        const createdAt = n.status.created_at ?? n.created_at ?? '';
        if (wanted(createdAt)) items.set(n.status.id, interaction({ ...n.status, id: n.status.id }, { ...n.account, id: n.account.id }, createdAt));
      }
      // Replies without the @mention: the threads of the newest brand posts (a deleted post is skipped).
      const newest = [...query.ownPosts].sort((a, b) => (Date.parse(b.publishedAt ?? '') || 0) - (Date.parse(a.publishedAt ?? '') || 0)).slice(0, MASTODON_CONTEXT_POSTS);
      for (const post of newest) {
        const context = await call<{ descendants?: MastodonStatus[] }>('GET', `/api/v1/statuses/${encodeURIComponent(post.remoteId)}/context`);
        if (!context.ok) {
          if (context.status === 404) continue;
          return context;
        }
        const descendants = context.body?.descendants;
        if (!Array.isArray(descendants)) return { ok: false, kind: 'refused', message: `GET /api/v1/statuses/${post.remoteId}/context: malformed answer (no descendants)` };
        for (const status of descendants) {
          if (!status?.id || !status.account?.id) return { ok: false, kind: 'refused', message: `GET /api/v1/statuses/${post.remoteId}/context: malformed status (no id or account)` };
          const createdAt = status.created_at ?? '';
          if (!wanted(createdAt)) continue;
          // Also a mention already read: the thread tells which brand post it belongs to.
          items.set(status.id, interaction({ ...status, id: status.id }, { ...status.account, id: status.account.id }, createdAt, post));
        }
      }
      return { ok: true, items: [...items.values()].slice(0, query.limit), ...(cursor ? { cursor } : {}) };
    },
    async report(ref, report) {
      let account = ref.ref?.account ?? (ref.author?.id && !ref.author.id.startsWith('unknown') ? ref.author.id : undefined);
      if (!account) {
        const status = await call<{ account?: { id?: string } }>('GET', `/api/v1/statuses/${encodeURIComponent(ref.id)}`);
        if (!status.ok) return status;
        account = status.body?.account?.id;
      }
      if (!account) return { ok: false, kind: 'refused', message: `status ${ref.id}: no account to report` };
      const category = report.category === 'spam' ? 'spam' : report.category === 'other' ? 'other' : 'violation';
      const r = await call<{ id?: string }>('POST', '/api/v1/reports', { json: { account_id: account, status_ids: [ref.id], comment: report.comment.slice(0, 1000), category, forward: true }, serverError: 'unknown' });
      return r.ok ? { ok: true, ...(r.body?.id ? { remoteId: r.body.id } : {}) } : r;
    },
    async reply(ref, text, key) {
      const status = await call<{ account?: { acct?: string } }>('GET', `/api/v1/statuses/${encodeURIComponent(ref.id)}`);
      if (!status.ok) return status;
      const acct = status.body?.account?.acct;
      const r = await call<{ id?: string; url?: string }>('POST', '/api/v1/statuses', { json: { status: acct ? `@${acct} ${text}` : text, in_reply_to_id: ref.id, visibility: 'public' }, headers: { 'Idempotency-Key': key }, serverError: 'unknown' });
      return r.ok ? { ok: true, ...(r.body?.id ? { remoteId: r.body.id } : {}), ...(r.body?.url ? { url: r.body.url } : {}) } : r;
    },
    async state(ref) {
      const r = await call<{ id?: string }>('GET', `/api/v1/statuses/${encodeURIComponent(ref.id)}`);
      if (r.ok) return { known: true, exists: true, hidden: false };
      return r.status === 404 ? { known: true, exists: false } : { known: false, message: r.message };
    },
  };
}
