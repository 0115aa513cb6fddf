/**
 * One interface for every place mentions come from. A source reads what is new since its cursor and
 * says how far it got: the run stores the mentions first and only then moves the cursor, and only as far
 * as the source could read without a gap (`cursor` undefined: keep the old one, read again next time,
 * duplicates are dropped by id).
 */
import { requestJson, type JsonRequest } from '../../adapters/http/failures.ts';
import type { RawMention } from '../../core/watch/mention.ts';
import type { WatchConfig, WatchSource } from '../../core/schema/watch.ts';

export interface SourceContext {
  config: WatchConfig;
  /** The cursor the last successful run stored (the source's own format). */
  cursor: string | undefined;
  /** The run's instant (`--at`). */
  nowMs: number;
  env: NodeJS.ProcessEnv;
  root: string;
  fetch?: typeof fetch;
  /** X: reads left this month. */
  readsLeft?: number;
}

export interface SourceResult {
  mentions: RawMention[];
  /** The new cursor, when everything since the old one was read; undefined: keep the old one. */
  cursor: string | undefined;
  /** Paid reads made (X). */
  reads?: number;
  /** Something the community manager should know (a partial read, a skipped feed). */
  notes?: string[];
}

export interface WatchSourceAdapter {
  id: WatchSource;
  /** `network` (real API), `sample` (samples/watch, no credentials). */
  via: 'network' | 'sample';
  read(ctx: SourceContext): Promise<SourceResult>;
}

/** A source that cannot be read this time: named, with what to do; the other sources go on. */
export class SourceError extends Error {
  override name = 'SourceError';
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** A JSON GET (or POST) that throws a SourceError naming the call, with the network's status and message. */
export async function getJson<T>(url: string, request: JsonRequest): Promise<{ body: T; headers: Headers }> {
  const response = await requestJson<T>(url, { timeoutMs: 20_000, describe: networkMessage, ...request });
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' (check the credentials and their permissions)' : response.status === 429 ? ` (rate limited${response.retryAfterMs !== undefined ? `, retry in ${Math.ceil(response.retryAfterMs / 1000)} s` : ''}; the next run tries again)` : '';
    throw new SourceError(`${response.message}${response.status ? ` (HTTP ${response.status})` : ''}${hint}`, response.status);
  }
  return { body: response.body, headers: response.headers };
}

/** The newest of ISO instants (the cursor of time-ordered sources). */
export function newest(instants: readonly (string | undefined)[], fallback: string | undefined): string | undefined {
  let best = fallback;
  for (const at of instants) if (at && (!best || Date.parse(at) > Date.parse(best))) best = at;
  return best;
}

/** The terms of the queries and competitors that list this source (or list none). */
export function termsFor(config: WatchConfig, source: WatchSource): { query: string; term: string }[] {
  const out: { query: string; term: string }[] = [];
  for (const q of config.queries) if (!q.sources || q.sources.includes(source)) for (const term of q.terms) out.push({ query: q.id, term });
  for (const c of config.competitors) if (!c.sources || c.sources.includes(source)) for (const term of c.terms) out.push({ query: c.id, term });
  return out;
}

export function apiBase(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  return (env[name]?.trim() || fallback).replace(/\/+$/, '');
}

/** The message most APIs put in an error body: `message`, `error` (a string), `error.message`, `detail`. */
function networkMessage(body: unknown): string | undefined {
  const b = body as { message?: unknown; error?: unknown; detail?: unknown } | undefined;
  if (typeof b?.message === 'string') return b.message;
  if (typeof b?.error === 'string') return b.error;
  if (typeof (b?.error as { message?: unknown } | undefined)?.message === 'string') return (b!.error as { message: string }).message;
  if (typeof b?.detail === 'string') return b.detail;
  return undefined;
}
