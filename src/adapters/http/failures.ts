/**
 * HTTP outcomes in the runner's terms (see PublishFailure in ../adapter.ts), shared by the adapters that
 * talk to a network over fetch. The rule that matters for exactly once: a failure is `transient` only
 * when the request certainly created nothing; when it may have, it is `unknown` and the runner looks it up.
 */
import type { PublishFailure } from '../adapter.ts';

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long a 429 asks to wait, in milliseconds: `Retry-After` (seconds or an HTTP date), then the reset
 * instants networks send instead: `x-rate-limit-reset` (X, epoch seconds), `ratelimit-reset` (Bluesky PDS:
 * epoch seconds; the IETF draft: seconds from now; a small number is read as a delay).
 */
export function retryAfterMs(headers: HeaderSource, nowMs: number = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  for (const name of ['x-rate-limit-reset', 'ratelimit-reset']) {
    const value = Number(header(headers, name));
    if (!Number.isFinite(value) || header(headers, name) === undefined) continue;
    // Epoch seconds are > 1e9; anything smaller is a delay in seconds.
    return value > 1e9 ? Math.max(0, Math.round(value * 1000 - nowMs)) : Math.max(0, Math.round(value * 1000));
  }
  return undefined;
}

export interface StatusOptions {
  /** What a 5xx means for this call: `transient` when the network guarantees nothing was created, else `unknown`. */
  serverError?: 'transient' | 'unknown';
}

/** A failure from an HTTP status the server answered with. */
export function failureFromStatus(status: number, message: string, headers?: HeaderSource, options: StatusOptions = {}): PublishFailure {
  if (status === 429) {
    const wait = retryAfterMs(headers);
    return { ok: false, kind: 'rate-limited', status, message, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (status === 408) return { ok: false, kind: 'unknown', status, message };
  if (status >= 500) return { ok: false, kind: options.serverError ?? 'transient', status, message };
  if (status >= 400) return { ok: false, kind: 'refused', status, message };
  // A 1xx/2xx/3xx that the caller did not expect: something went out, we cannot tell what.
  return { ok: false, kind: 'unknown', status, message };
}

/** Error codes that mean the request never reached the server: nothing can have been created. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** A failure from a thrown fetch error: connection refused is transient, a timeout or reset is unknown. */
export function failureFromError(error: unknown, what: string): PublishFailure {
  const code = errorCode(error);
  const name = (error as Error)?.name;
  const detail = `${(error as Error)?.message ?? String(error)}${code ? ` (${code})` : ''}`;
  if (code && NOT_SENT.has(code)) return { ok: false, kind: 'transient', message: `${what}: ${detail}` };
  if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, kind: 'unknown', message: `${what}: timed out (${detail})` };
  return { ok: false, kind: 'unknown', message: `${what}: ${detail}` };
}

/** A short, single-line excerpt of a response body for messages (bodies can be HTML error pages). */
export function excerpt(body: string, max = 300): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export type JsonResponse<T> = { ok: true; status: number; headers: Headers; body: T } | PublishFailure;

export interface JsonRequest {
  fetch?: typeof fetch;
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: RequestInit['body'];
  signal?: AbortSignal;
  /** Per request; default 30 s. A timeout is an unknown outcome. */
  timeoutMs?: number;
  /** What the call is, for messages: "POST /2/tweets". */
  what: string;
  serverError?: 'transient' | 'unknown';
  /** Turns an error body into a readable message (networks each have their own shape). */
  describe?: (body: unknown, text: string) => string | undefined;
}

/**
 * One HTTP call with a JSON (or empty) answer. Success is any 2xx; everything else is a PublishFailure
 * classified as above, with the network's own message when `describe` finds one.
 */
export async function requestJson<T = unknown>(url: string, request: JsonRequest): Promise<JsonResponse<T>> {
  const timeout = AbortSignal.timeout(request.timeoutMs ?? 30_000);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body = request.body;
  if (request.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(request.json);
  }
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(url, { method: request.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}), signal });
  } catch (error) {
    return failureFromError(error, request.what);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The status arrived: a 2xx whose body was lost is still a success of unknown content.
    if (!response.ok) return failureFromStatus(response.status, `${request.what}: ${response.status}`, response.headers, { serverError: request.serverError ?? 'transient' });
    return failureFromError(error, `${request.what} (reading the response)`);
  }
  let parsed: unknown = undefined;
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const described = request.describe?.(parsed, text) ?? (text ? excerpt(text) : response.statusText);
    return failureFromStatus(response.status, `${request.what}: ${described}`, response.headers, { serverError: request.serverError ?? 'transient' });
  }
  return { ok: true, status: response.status, headers: response.headers, body: parsed as T };
}
