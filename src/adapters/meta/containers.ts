/**
 * Instagram and Threads publish in two steps: create a media container (nothing public yet; it expires
 * after 24 h), wait until Meta has fetched and processed it, then publish it. Also the rolling 24-hour
 * publishing quotas both networks expose.
 */
import type { PublishFailure } from '../adapter.ts';
import { siteUrlReader } from '../http/site-url.ts';
import { graphClient, realSleep, type GraphClient } from './graph.ts';

export interface PollOptions {
  /** `status_code` (Instagram) or `status` (Threads). */
  field: 'status_code' | 'status';
  /** The other fields that explain an error: Instagram `status`, Threads `error_message`. */
  detail: string;
  polls: number;
  intervalMs: number;
  sleep: (ms: number) => Promise<void>;
  network: string;
  signal?: AbortSignal | undefined;
}

/** Polls `GET /{container}?fields=…` until FINISHED (ERROR → refused; EXPIRED or still busy → transient). */
export async function waitForContainer(client: GraphClient, id: string, label: string, options: PollOptions): Promise<{ ok: true } | PublishFailure> {
  for (let poll = 0; poll < options.polls; poll++) {
    if (poll > 0) await options.sleep(options.intervalMs);
    const state = await client.call<Record<string, string | undefined>>({
      method: 'GET',
      path: `/${encodeURIComponent(id)}`,
      params: { fields: `${options.field},${options.detail}` },
      what: `GET /${id}?fields=${options.field}`,
      signal: options.signal,
    });
    if (!state.ok) return state;
    const status = state.body?.[options.field];
    const detail = state.body?.[options.detail];
    if (status === 'FINISHED' || status === 'PUBLISHED') return { ok: true };
    if (status === 'ERROR') return { ok: false, kind: 'refused', message: `${options.network} could not process ${label}${detail ? `: ${detail}` : ''}` };
    if (status === 'EXPIRED') return { ok: false, kind: 'transient', message: `${options.network} container for ${label} expired before it was published; a new one is made next time` };
  }
  return { ok: false, kind: 'transient', message: `${options.network} is still processing ${label}; nothing was published, a later attempt tries again` };
}

interface QuotaEntry {
  quota_usage?: number;
  config?: { quota_total?: number; quota_duration?: number };
  reply_quota_usage?: number;
  reply_config?: { quota_total?: number; quota_duration?: number };
}

/** Beyond the runner's longest wait (60 s): the pair fails for this run, a later run tries again. */
const QUOTA_WAIT_MS = 60 * 60_000;

/**
 * Reads a publishing quota (`content_publishing_limit`, `threads_publishing_limit`) and refuses to start
 * when it is used up (rate-limited). A quota that cannot be read does not block: the publish call
 * enforces it anyway; only a refusal (bad token) stops here.
 */
export async function checkQuota(
  client: GraphClient,
  path: string,
  options: { network: string; posts: number; replies: number; signal?: AbortSignal | undefined },
): Promise<{ ok: true } | PublishFailure> {
  const fields = options.replies > 0 ? 'quota_usage,config,reply_quota_usage,reply_config' : 'quota_usage,config';
  const got = await client.call<{ data?: QuotaEntry[] }>({ method: 'GET', path, params: { fields }, what: `GET ${path.replace(/^\/\d+/, '/{user-id}')}`, signal: options.signal });
  if (!got.ok) return got.kind === 'refused' || got.kind === 'rate-limited' ? got : { ok: true };
  const entry = got.body?.data?.[0];
  const over = (usage: number | undefined, total: number | undefined, needed: number) => usage !== undefined && total !== undefined && usage + needed > total;
  if (over(entry?.quota_usage, entry?.config?.quota_total, options.posts)) {
    return { ok: false, kind: 'rate-limited', retryAfterMs: QUOTA_WAIT_MS, message: `${options.network} publishing quota used up: ${entry!.quota_usage} of ${entry!.config!.quota_total} posts in the last 24 hours` };
  }
  if (options.replies > 0 && over(entry?.reply_quota_usage, entry?.reply_config?.quota_total, options.replies)) {
    return { ok: false, kind: 'rate-limited', retryAfterMs: QUOTA_WAIT_MS, message: `${options.network} reply quota used up: ${entry!.reply_quota_usage} of ${entry!.reply_config!.quota_total} replies in the last 24 hours` };
  }
  return { ok: true };
}

/** Options of the adapters that publish through media containers (Instagram, Threads). */
export interface ContainerAdapterOptions {
  userId: string;
  token: string;
  apiUrl?: string;
  version?: string;
  /** The brand's site, where files under public/ are served (default: the editorial line's). */
  siteUrl?: string | undefined;
  /** Brand root, to read the editorial line's siteUrl. */
  root?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Container status polls (2 s apart) before giving up for this attempt. */
  polls?: number;
  /** Posts (and, on Threads, replies) a look-up reads. */
  lookupDepth?: number;
}

/** What both container adapters start from: the Graph client, the site images are served from, the user's path. */
export function containerSetUp(options: ContainerAdapterOptions, api: { apiUrl: string; version: string; tokenVariable: string }) {
  return {
    client: graphClient({
      apiUrl: options.apiUrl ?? api.apiUrl,
      version: options.version ?? api.version,
      token: options.token,
      tokenVariable: api.tokenVariable,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    }),
    fetch: options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init)),
    sleep: options.sleep ?? realSleep,
    site: siteUrlReader(options.root ?? process.cwd(), options.siteUrl),
    user: `/${encodeURIComponent(options.userId)}`,
  };
}
