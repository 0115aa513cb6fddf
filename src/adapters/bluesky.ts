/**
 * Bluesky (AT Protocol) through @atproto/api with an app password: createSession, uploadBlob, then one
 * `app.bsky.feed.post` record per thread part (replies carry reply{root,parent} strong refs).
 *
 * Exactly once: every record is created under a record key (rkey) the CLIENT chooses, derived from the
 * ledger's idempotency key and the part's index (`rkeyFor`). A retry, in this run or a later one, writes
 * to the same keys, so it cannot create a second post: the PDS refuses an existing rkey (with a generic
 * 500, hence the getRecord after any server error), and a look-up is a plain getRecord.
 *
 * Text: the author's text as written (Bluesky does not shorten URLs); facets from RichText.detectFacets,
 * with mentions resolved to DIDs (an @handle that does not resolve stays plain text) and UTF-8 byte
 * offsets. The post's `link` becomes an external card (embed.external) on the first part; when the first
 * part has images (a post has one embed), the link is appended to the text and linked by a facet if the
 * text still fits, and the publication is refused otherwise.
 */
import { createHash } from 'node:crypto';
import type { Agent, AppBskyFeedPost, AppBskyRichtextFacet, BlobRef } from '@atproto/api';
import { LINK_SEPARATOR } from '../core/networks/compose.ts';
import { NETWORK_LIMITS, type NetworkLimits } from '../core/networks/limits.ts';
// Pure, in the core: the watch's Bluesky source uses them without loading this adapter (and sharp).
import { BLUESKY_APP_URL, bskyAppUrl, DEFAULT_BLUESKY_API_URL, parseAtUri } from '../core/networks/bluesky-uri.ts';
export { BLUESKY_APP_URL, bskyAppUrl, DEFAULT_BLUESKY_API_URL, parseAtUri };
import type { RemotePart } from '../core/ledger/types.ts';
import { redact, type Adapter, type DeleteResult, type LookupResult, type Publication, type PublishFailure, type PublishResult } from './adapter.ts';
import { failureFromError, failureFromStatus } from './http/failures.ts';
import { prepareImage } from './http/images.ts';
import type { Interaction } from '../core/moderation/types.ts';
import type { InteractionRef, ModerationAdapter } from './moderation.ts';

export const POST_COLLECTION = 'app.bsky.feed.post';

export interface BlueskyOptions {
  /** The PDS (or entryway) base URL: https://bsky.social, a self-hosted PDS, a test server. */
  service: string;
  /** Handle (`brand.bsky.social`), DID or e-mail. */
  identifier: string;
  /** An app password (Settings → Privacy and security → App passwords). */
  password: string;
  fetch?: typeof fetch;
  limits?: NetworkLimits;
  /** Time source for createdAt (tests). */
  now?: () => Date;
}

// ---- Record keys ----------------------------------------------------------------------------------

const S32 = '234567abcdefghijklmnopqrstuvwxyz';
/** 2023-01-01T00:00:00Z in microseconds: the floor of the time part of derived record keys. */
const TID_BASE_US = BigInt(Date.UTC(2023, 0, 1)) * 1000n;

/**
 * The record key of part `part` (0 = the post, 1… = thread replies) of the publication made under the
 * ledger key `key`. `app.bsky.feed.post` keys must be TIDs (13 base32-sortable characters encoding a
 * 53-bit microsecond time and a 10-bit clock id), so the key is a TID built from
 * SHA-256("cadence/bluesky/<key>/<part>"): its first 40 bits are microseconds after 2023-01-01 (a window
 * of about 12.7 days), the next 10 bits the clock id. The same key and part always give the same rkey;
 * 50 bits make a collision with another post of the account negligible. The time part is NOT the
 * publication time (createdAt is).
 */
export function rkeyFor(key: string, part: number): string {
  const hash = createHash('sha256').update(`cadence/bluesky/${key}/${part}`).digest();
  const micros = TID_BASE_US + (hash.readBigUInt64BE(0) >> 24n); // top 40 bits
  const clockId = BigInt(hash.readUInt16BE(5) & 0x3ff); // the 10 bits after them
  let value = (micros << 10n) | clockId;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}

/**
 * @atproto/api is loaded on first use only: it costs most of a second to import, and a run without
 * Bluesky credentials never needs it.
 */
type Api = typeof import('@atproto/api');
let apiModule: Promise<Api> | undefined;
let loadedApi: Api | undefined;
const loadApi = (): Promise<Api> => (apiModule ??= import('@atproto/api').then((api) => (loadedApi = api)));

// ---- Errors -----------------------------------------------------------------------------------------

interface XrpcLike extends Error {
  status: number;
  error?: string;
  headers?: Record<string, string>;
}

/** An XRPCError (the class lives in the lazily loaded module, which is loaded before any call can fail). */
function isXrpcError(error: unknown): error is XrpcLike {
  return loadedApi !== undefined && error instanceof loadedApi.XRPCError;
}

function describeXrpc(error: XrpcLike): string {
  return [error.error, error.message].filter((s, i, all) => s && all.indexOf(s) === i).join(': ');
}

/** An @atproto/api error in the runner's terms. `serverError` says what a 5xx means for this call. */
function failureOf(error: unknown, what: string, serverError: 'transient' | 'unknown' = 'transient'): PublishFailure {
  if (isXrpcError(error)) {
    // 1 = no response (network), 2 = a response that did not parse: the call may have gone through.
    if (error.status === 1) return failureFromError(error.cause ?? error, what);
    if (error.status === 2) return { ok: false, kind: 'unknown', message: `${what}: ${describeXrpc(error)}` };
    return failureFromStatus(error.status, `${what}: ${describeXrpc(error)}`, error.headers, { serverError });
  }
  return failureFromError(error, what);
}

function isNotFound(error: unknown): boolean {
  return isXrpcError(error) && (error.error === 'RecordNotFound' || (error.status === 400 && /could not locate record/i.test(error.message)));
}

const segmenter = new Intl.Segmenter();
function graphemes(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

// ---- The adapter ------------------------------------------------------------------------------------

interface StrongRef {
  uri: string;
  cid: string;
}

type PartOutcome = { ok: true; ref: StrongRef } | PublishFailure;

function isFailure(value: object): value is PublishFailure {
  return (value as { ok?: unknown }).ok === false;
}

/**
 * One session per adapter (createSession is limited to 30 per 5 minutes and 300 a day); a failed login is
 * retried next time. A refused login (401) is refused; anything else is transient: a login changes nothing.
 */
function sessionOf(options: BlueskyOptions): () => Promise<{ agent: Agent; did: string } | PublishFailure> {
  let sessionPromise: Promise<{ agent: Agent; did: string }> | undefined;
  return async () => {
    sessionPromise ??= (async () => {
      const { Agent, CredentialSession } = await loadApi();
      const credentials = new CredentialSession(new URL(options.service), options.fetch ?? globalThis.fetch);
      await credentials.login({ identifier: options.identifier, password: options.password });
      return { agent: new Agent(credentials), did: credentials.did! };
    })();
    try {
      return await sessionPromise;
    } catch (error) {
      sessionPromise = undefined;
      const failure = failureOf(error, `createSession as ${options.identifier}`);
      return { ...failure, kind: failure.kind === 'unknown' ? 'transient' : failure.kind, message: redact(failure.message, [options.password]) };
    }
  };
}

export function blueskyAdapter(options: BlueskyOptions): Adapter {
  const limits = options.limits ?? NETWORK_LIMITS.bluesky;
  const now = options.now ?? (() => new Date());
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const secrets = [options.password];
  const clean = <T extends { message: string }>(failure: T): T => ({ ...failure, message: redact(failure.message, secrets) });
  const session = sessionOf(options);

  async function getPost(agent: Agent, did: string, rkey: string): Promise<{ found: true; ref: StrongRef } | { found: false } | { found: 'unknown'; message: string }> {
    try {
      const res = await agent.com.atproto.repo.getRecord({ repo: did, collection: POST_COLLECTION, rkey });
      if (!res.data.cid) return { found: 'unknown', message: `getRecord ${rkey}: no cid in the answer` };
      return { found: true, ref: { uri: res.data.uri, cid: res.data.cid } };
    } catch (error) {
      if (isNotFound(error)) return { found: false };
      return { found: 'unknown', message: clean(failureOf(error, `getRecord ${rkey}`)).message };
    }
  }

  /** The first part's text, with the link appended when it cannot be a card (images take the embed). */
  function textOf(publication: Publication, index: number): string {
    const part = publication.parts[index]!;
    const link = publication.link;
    if (index !== 0 || !link || part.media.length === 0 || part.text.includes(link)) return part.text;
    return part.text.trim() === '' ? link : `${part.text}${LINK_SEPARATOR}${link}`;
  }

  async function facetsOf(agent: Agent, text: string): Promise<AppBskyRichtextFacet.Main[] | undefined> {
    const { RichText } = await loadApi();
    const rich = new RichText({ text });
    await rich.detectFacets(agent);
    // A mention whose handle did not resolve has an empty DID: the PDS would refuse the post; keep it as text.
    const facets = (rich.facets ?? [])
      .map((facet) => ({ ...facet, features: facet.features.filter((f) => !(f.$type === 'app.bsky.richtext.facet#mention' && !(f as { did?: string }).did)) }))
      .filter((facet) => facet.features.length > 0);
    return facets.length > 0 ? facets : undefined;
  }

  async function recordFor(agent: Agent, publication: Publication, index: number, reply: { root: StrongRef; parent: StrongRef } | undefined): Promise<AppBskyFeedPost.Record | PublishFailure> {
    const part = publication.parts[index]!;
    const text = textOf(publication, index);
    const facets = await facetsOf(agent, text);
    const record: AppBskyFeedPost.Record = { $type: POST_COLLECTION, text, createdAt: now().toISOString() };
    if (facets) record.facets = facets;
    if (publication.lang) record.langs = [publication.lang];
    if (reply) record.reply = reply;
    if (part.media.length > 0) {
      const images: { image: BlobRef; alt: string; aspectRatio: { width: number; height: number } }[] = [];
      for (const media of part.media) {
        const prepared = await prepareImage(media, limits, fetchImpl);
        if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
        let blob: BlobRef;
        try {
          // Blobs are content-addressed: uploading the same bytes again on a retry creates nothing new.
          const res = await agent.com.atproto.repo.uploadBlob(prepared.image.bytes, { encoding: prepared.image.mime });
          blob = res.data.blob;
        } catch (error) {
          return clean(failureOf(error, `uploadBlob ${media.path}`));
        }
        images.push({ image: blob, alt: media.alt, aspectRatio: { width: prepared.image.width, height: prepared.image.height } });
      }
      record.embed = { $type: 'app.bsky.embed.images', images };
    } else if (index === 0 && publication.link) {
      record.embed = { $type: 'app.bsky.embed.external', external: { uri: publication.link, title: publication.title, description: '' } };
    }
    return record;
  }

  /** Creates part `index` under its derived rkey, or finds it if an earlier attempt already did. */
  async function createPart(agent: Agent, did: string, publication: Publication, index: number, reply: { root: StrongRef; parent: StrongRef } | undefined): Promise<PartOutcome> {
    const rkey = rkeyFor(publication.key, index);
    const record = await recordFor(agent, publication, index, reply);
    if (isFailure(record)) return record;
    try {
      const res = await agent.com.atproto.repo.createRecord({ repo: did, collection: POST_COLLECTION, rkey, record });
      return { ok: true, ref: { uri: res.data.uri, cid: res.data.cid } };
    } catch (error) {
      const failure = clean(failureOf(error, `createRecord part ${index + 1}/${publication.parts.length}`, 'unknown'));
      if (failure.kind === 'refused' || failure.kind === 'rate-limited') return failure;
      // A 5xx is also what an existing rkey gives: the record may be there from an earlier attempt.
      const existing = await getPost(agent, did, rkey);
      if (existing.found === true) return { ok: true, ref: existing.ref };
      // Not there: retrying under the same rkey is safe whatever happened.
      if (existing.found === false) return { ...failure, kind: 'transient' };
      return { ...failure, kind: 'unknown', message: `${failure.message}; then ${existing.message}` };
    }
  }

  function result(refs: readonly StrongRef[]): { remoteId: string; url: string; replies?: RemotePart[] } {
    const [first, ...rest] = refs;
    return {
      remoteId: first!.uri,
      url: bskyAppUrl(first!.uri),
      ...(rest.length > 0 ? { replies: rest.map((r) => ({ remoteId: r.uri, url: bskyAppUrl(r.uri) })) } : {}),
    };
  }

  return {
    name: 'bluesky',
    channel: 'bluesky',
    render: (publication) => publication.parts.map((_, i) => textOf(publication, i)),

    async publish(publication): Promise<PublishResult> {
      if (publication.parts.length === 0) return { ok: false, kind: 'refused', message: 'nothing to publish' };
      const first = textOf(publication, 0);
      if (first !== publication.parts[0]!.text && graphemes(first) > limits.text.maxCharacters) {
        return { ok: false, kind: 'refused', message: `the link cannot be a card next to images, and appending it to the text would exceed ${limits.text.maxCharacters} characters` };
      }
      const s = await session();
      if ('ok' in s) return s;
      const refs: StrongRef[] = [];
      for (let i = 0; i < publication.parts.length; i++) {
        const reply = i === 0 ? undefined : { root: refs[0]!, parent: refs[i - 1]! };
        const part = await createPart(s.agent, s.did, publication, i, reply);
        if (!part.ok) {
          // Parts already created are found again (same rkeys) by the retry or the look-up.
          if (i > 0 && part.kind === 'refused') return { ...part, kind: 'refused', message: `${part.message} (parts 1–${i} were published; fix the post and retract, or complete by hand)` };
          return part;
        }
        refs.push(part.ref);
      }
      return { ok: true, ...result(refs) };
    },

    /**
     * Finds the post by its derived rkey, then its replies (rkeys of parts 1, 2… until one is missing).
     * A thread found incomplete under the current key is reported as not found: publishing again
     * completes it without duplicating the parts that exist (same rkeys).
     */
    async lookup(publication, key): Promise<LookupResult> {
      const s = await session();
      if ('ok' in s) return { found: 'unknown', message: s.message };
      const root = await getPost(s.agent, s.did, rkeyFor(key, 0));
      if (root.found !== true) return root;
      const refs = [root.ref];
      const expected = key === publication.key ? publication.parts.length : 100;
      for (let i = 1; i < expected; i++) {
        const part = await getPost(s.agent, s.did, rkeyFor(key, i));
        if (part.found === 'unknown') return part;
        if (!part.found) break;
        refs.push(part.ref);
      }
      if (key === publication.key && refs.length < publication.parts.length) return { found: false };
      return { found: true, ...result(refs) };
    },

    /** Deletes the replies (last first), then the post. Deleting a record that is already gone succeeds. */
    async delete(remote): Promise<DeleteResult> {
      const s = await session();
      if ('ok' in s) return s;
      const uris = [...(remote.replies ?? []).map((r) => r.remoteId).reverse(), remote.remoteId];
      for (const uri of uris) {
        const at = parseAtUri(uri);
        if (!at) return { ok: false, kind: 'refused', message: `not an at:// URI: ${uri}` };
        if (at.repo !== s.did) return { ok: false, kind: 'refused', message: `${uri} belongs to another account than ${options.identifier}` };
        try {
          await s.agent.com.atproto.repo.deleteRecord({ repo: s.did, collection: at.collection, rkey: at.rkey });
        } catch (error) {
          return clean(failureOf(error, `deleteRecord ${uri}`));
        }
      }
      return { ok: true };
    },
  };
}

/** The adapter from the environment: BLUESKY_IDENTIFIER, BLUESKY_APP_PASSWORD, BLUESKY_API_URL. */
export function blueskyFromEnv(env: NodeJS.ProcessEnv): Adapter {
  return blueskyAdapter({
    service: env.BLUESKY_API_URL?.trim() || DEFAULT_BLUESKY_API_URL,
    identifier: env.BLUESKY_IDENTIFIER!.trim().replace(/^@/, ''),
    password: env.BLUESKY_APP_PASSWORD!.trim(),
  });
}

// ---- Metrics ---------------------------------------------------------------------------------------
// Bluesky has counters, no views: likeCount, repostCount, replyCount, quoteCount, bookmarkCount, read from
// the public AppView (`app.bsky.feed.getPosts`, 25 at-URIs a call, no authentication; its counts are
// cached and may lag a little). BLUESKY_APPVIEW_URL overrides it. Followers: `app.bsky.actor.getProfile`.

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { batches, num, type MetricsReader, type ReadOutcome } from './metrics.ts';
import { requestJson } from './http/failures.ts';

export const DEFAULT_BLUESKY_APPVIEW_URL = 'https://public.api.bsky.app';

export function blueskyMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const appView = (env.BLUESKY_APPVIEW_URL?.trim() || DEFAULT_BLUESKY_APPVIEW_URL).replace(/\/+$/, '');
  const actor = (env.BLUESKY_IDENTIFIER ?? '').trim().replace(/^@/, '');
  const describe = (body: unknown) => {
    const b = body as { error?: string; message?: string } | undefined;
    return b?.error ? `${b.error}${b.message ? `: ${b.message}` : ''}` : undefined;
  };
  const get = <T>(nsid: string, query: string) => requestJson<T>(`${appView}/xrpc/${nsid}?${query}`, { what: `GET ${nsid}`, describe, ...(options.fetch ? { fetch: options.fetch } : {}) });
  return {
    channel: 'bluesky',
    name: 'bluesky',
    provides: ['likes', 'reposts', 'comments', 'quotes', 'saves'],
    async readPosts(posts): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      for (const batch of batches(posts, 25)) {
        const res = await get<{ posts?: { uri: string; likeCount?: number; repostCount?: number; replyCount?: number; quoteCount?: number; bookmarkCount?: number }[] }>('app.bsky.feed.getPosts', batch.map((p) => `uris=${encodeURIComponent(p.remoteId)}`).join('&'));
        if (!res.ok) return res;
        for (const view of res.body?.posts ?? []) {
          found.set(view.uri, { likes: num(view.likeCount), reposts: num(view.repostCount), comments: num(view.replyCount), quotes: num(view.quoteCount), saves: num(view.bookmarkCount) });
        }
      }
      return { ok: true, value: found };
    },
    async readAccount() {
      const res = await get<{ followersCount?: number; postsCount?: number }>('app.bsky.actor.getProfile', `actor=${encodeURIComponent(actor)}`);
      if (!res.ok) return res;
      return { ok: true, value: { followers: num(res.body?.followersCount), posts: num(res.body?.postsCount) } };
    },
  };
}

// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Replies, mentions and quotes from the account's notifications (`app.bsky.notification.listNotifications`,
// proxied by the PDS to the AppView; newest first, read until the newest `indexedAt` already seen).
// Hiding is the thread's threadgate record (`app.bsky.feed.threadgate`, same rkey as the root post, in the
// brand's repo): only in threads the brand started, at most 300 hidden replies; the record is read, the
// reply added to (or removed from) `hiddenReplies`, and written back with `swapRecord`. Reports go to
// Bluesky's moderation service (`com.atproto.moderation.createReport`). The brand's own replies are posts.

export const THREADGATE_COLLECTION = 'app.bsky.feed.threadgate';
const REPORT_REASONS: Record<string, string> = {
  spam: 'com.atproto.moderation.defs#reasonSpam',
  abuse: 'com.atproto.moderation.defs#reasonRude',
  harassment: 'com.atproto.moderation.defs#reasonRude',
  'personal-data': 'com.atproto.moderation.defs#reasonViolation',
  other: 'com.atproto.moderation.defs#reasonOther',
};

export function blueskyModeration(options: BlueskyOptions): ModerationAdapter {
  const clean = (message: string) => redact(message, [options.password]);
  const session = sessionOf(options);
  /** The threadgate of the thread rooted at the brand's post `rootUri`, and its CID (to swap). */
  async function threadgate(agent: Agent, did: string, rootUri: string): Promise<{ ok: true; cid?: string; hidden: string[]; record?: Record<string, unknown> } | PublishFailure> {
    const root = parseAtUri(rootUri);
    if (!root || root.repo !== did) return { ok: false, kind: 'refused', message: `${rootUri} is not a post of ${options.identifier}: only the author of a thread can hide its replies` };
    try {
      const res = await agent.com.atproto.repo.getRecord({ repo: did, collection: THREADGATE_COLLECTION, rkey: root.rkey });
      const record = res.data.value as Record<string, unknown>;
      return { ok: true, ...(res.data.cid ? { cid: res.data.cid } : {}), hidden: Array.isArray(record.hiddenReplies) ? (record.hiddenReplies as string[]) : [], record };
    } catch (error) {
      if (isNotFound(error)) return { ok: true, hidden: [] };
      return { ...failureOf(error, 'getRecord threadgate'), message: clean(failureOf(error, 'getRecord threadgate').message) };
    }
  }
  const rootOf = (ref: InteractionRef) => ref.rootId ?? ref.ownPost?.remoteId ?? ref.ref?.root;
  return {
    name: 'bluesky',
    channel: 'bluesky',
    caps: { hide: 'own-root', unhide: true, report: true, reply: false },
    reportUrl: (ref) => bskyAppUrl(ref.id),
    async list(query) {
      const s = await session();
      if ('ok' in s) return s;
      const own = new Map(query.ownPosts.map((p) => [p.remoteId, p]));
      const since = Math.max(query.cursor ? Date.parse(query.cursor) : Number.NEGATIVE_INFINITY, query.sinceMs ?? Number.NEGATIVE_INFINITY);
      const items: Interaction[] = [];
      let cursor: string | undefined;
      let newest = query.cursor;
      for (let page = 0; page < 10; page++) {
        let res;
        try {
          res = await s.agent.app.bsky.notification.listNotifications({ reasons: ['reply', 'mention', 'quote'], limit: 100, ...(cursor ? { cursor } : {}) });
        } catch (error) {
          const failure = failureOf(error, 'listNotifications');
          return { ...failure, kind: failure.kind === 'unknown' ? 'transient' : failure.kind, message: clean(failure.message) };
        }
        if (!Array.isArray(res.data?.notifications)) return { ok: false, kind: 'refused', message: 'listNotifications: malformed answer' };
        let older = false;
        for (const n of res.data.notifications) {
          const record = n.record as { text?: string; createdAt?: string; reply?: { root?: { uri?: string }; parent?: { uri?: string } } };
          if (!n.uri || !n.author?.did || !n.indexedAt) return { ok: false, kind: 'refused', message: 'listNotifications: malformed notification' };
          if (Date.parse(n.indexedAt) <= since) {
            older = true;
            continue;
          }
          if (!newest || Date.parse(n.indexedAt) > Date.parse(newest)) newest = n.indexedAt;
          const rootUri = record.reply?.root?.uri;
          const post = (rootUri ? own.get(rootUri) : undefined) ?? (n.reasonSubject ? own.get(n.reasonSubject) : undefined);
          items.push({
            network: 'bluesky',
            id: n.uri,
            url: bskyAppUrl(n.uri).replace(`/profile/${n.author.did}/`, `/profile/${n.author.handle ?? n.author.did}/`),
            kind: n.reason === 'reply' ? 'reply' : n.reason === 'quote' ? 'quote' : 'mention',
            ...(post ? { ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) } } : {}),
            ...(record.reply?.parent?.uri ? { parentId: record.reply.parent.uri } : {}),
            ...(rootUri ? { rootId: rootUri } : {}),
            rootIsBrand: rootUri !== undefined && parseAtUri(rootUri)?.repo === s.did,
            nested: record.reply?.parent?.uri !== undefined && record.reply.parent.uri !== rootUri,
            author: { id: n.author.did, ...(n.author.handle ? { handle: n.author.handle } : {}), ...(n.author.displayName ? { displayName: n.author.displayName } : {}), ...(n.author.did === s.did ? { isBrand: true } : {}) },
            text: record.text ?? '',
            createdAt: new Date(Date.parse(record.createdAt ?? n.indexedAt)).toISOString(),
            ref: { cid: n.cid },
          });
        }
        cursor = res.data.cursor;
        if (older || !cursor) break;
      }
      items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      return { ok: true, items: items.slice(0, query.limit), ...(newest ? { cursor: newest } : {}) };
    },
    async setHidden(ref, hidden) {
      const s = await session();
      if ('ok' in s) return s;
      const rootUri = rootOf(ref);
      if (!rootUri) return { ok: false, kind: 'refused', message: `${ref.id}: the thread's root post is unknown` };
      const gate = await threadgate(s.agent, s.did, rootUri);
      if (!gate.ok) return gate;
      const set = new Set(gate.hidden);
      if (hidden === set.has(ref.id)) return { ok: true };
      if (hidden) set.add(ref.id);
      else set.delete(ref.id);
      if (set.size > 300) return { ok: false, kind: 'refused', message: 'Bluesky hides at most 300 replies per thread: hide this one by hand or block its author' };
      const rkey = parseAtUri(rootUri)!.rkey;
      const record = { ...(gate.record ?? {}), $type: THREADGATE_COLLECTION, post: rootUri, createdAt: (gate.record?.createdAt as string | undefined) ?? new Date().toISOString(), hiddenReplies: [...set], ...(gate.record ? {} : {}) };
      try {
        await s.agent.com.atproto.repo.putRecord({ repo: s.did, collection: THREADGATE_COLLECTION, rkey, record, ...(gate.cid ? { swapRecord: gate.cid } : {}) });
        return { ok: true };
      } catch (error) {
        // A swap that failed means someone changed the gate meanwhile: nothing was written, try again.
        const failure = failureOf(error, 'putRecord threadgate', 'unknown');
        return { ...failure, message: clean(failure.message) };
      }
    },
    async report(ref, report) {
      const s = await session();
      if ('ok' in s) return s;
      try {
        const subject = ref.ref?.cid ? { $type: 'com.atproto.repo.strongRef', uri: ref.id, cid: ref.ref.cid } : { $type: 'com.atproto.admin.defs#repoRef', did: parseAtUri(ref.id)?.repo ?? '' };
        const res = await s.agent.com.atproto.moderation.createReport({ reasonType: REPORT_REASONS[report.category] ?? REPORT_REASONS.other!, reason: report.comment.slice(0, 2000), subject });
        return { ok: true, remoteId: String(res.data.id) };
      } catch (error) {
        const failure = failureOf(error, 'createReport', 'unknown');
        return { ...failure, message: clean(failure.message) };
      }
    },
    async state(ref) {
      const s = await session();
      if ('ok' in s) return { known: false, message: s.message };
      const rootUri = rootOf(ref);
      if (!rootUri) return { known: false, message: `${ref.id}: the thread's root post is unknown` };
      const gate = await threadgate(s.agent, s.did, rootUri);
      return gate.ok ? { known: true, exists: true, hidden: gate.hidden.includes(ref.id) } : { known: false, message: gate.message };
    },
  };
}

export function blueskyModerationFromEnv(env: NodeJS.ProcessEnv): ModerationAdapter {
  return blueskyModeration({ service: env.BLUESKY_API_URL?.trim() || DEFAULT_BLUESKY_API_URL, identifier: env.BLUESKY_IDENTIFIER!.trim().replace(/^@/, ''), password: env.BLUESKY_APP_PASSWORD!.trim() });
}
