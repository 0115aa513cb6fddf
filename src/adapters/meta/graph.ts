/**
 * Meta's Graph APIs (Facebook Pages on graph.facebook.com, Instagram on graph.instagram.com or
 * graph.facebook.com, Threads on graph.threads.net) share one request and error shape; this is the one
 * client the three adapters use, over the shared requestJson.
 *
 * - URL: `<API_URL>/<version>/<path>`; the version is pinned per network and overridable
 *   (`FACEBOOK_GRAPH_VERSION`, `INSTAGRAM_GRAPH_VERSION`, `THREADS_GRAPH_VERSION`).
 * - The token goes in `Authorization: Bearer …`, never in the URL (Meta's examples put `access_token`
 *   in the query string, where proxies and logs keep it; the Graph servers read the header too).
 * - POST parameters are form-encoded (as in Meta's curl examples), or multipart for a photo upload.
 * - Errors are `{error:{message,type,code,error_subcode,fbtrace_id,is_transient}}`, mostly with HTTP
 *   400 whatever the cause, so the kind comes from the code: 4, 17, 32, 613 and the 80001–80014
 *   business-use-case throttles are rate limits (`X-Business-Use-Case-Usage` says how long to wait),
 *   Instagram's 9/2207042 is the daily publishing quota, 190 is an invalid or expired token (refused).
 * - A 5xx or no answer on a call that *publishes* (`publishing: true`) is an unknown outcome; on any
 *   other call (containers, unpublished photos, reads) it created nothing visible and is transient.
 */
import { redact, type PublishFailure } from '../adapter.ts';
import { requestJson, retryAfterMs, type JsonResponse } from '../http/failures.ts';

export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
  is_transient?: boolean;
}

export interface GraphClientOptions {
  /** API origin, e.g. https://graph.facebook.com (the `<NETWORK>_API_URL` override). */
  apiUrl: string;
  /** `v25.0`, `v1.0`… */
  version: string;
  token: string;
  /** The variable holding the token, for messages ("renew FACEBOOK_PAGE_TOKEN"). */
  tokenVariable: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path after the version, ids already encoded: `/123/feed`. */
  path: string;
  /** Query parameters (GET, DELETE) or form fields (POST); undefined values are left out. */
  params?: Record<string, string | undefined>;
  /** A multipart body instead of `params` (photo bytes). */
  form?: FormData;
  /** For messages: `POST /{page-id}/feed`. */
  what: string;
  /** The call makes something public: a 5xx or a lost answer is an unknown outcome. */
  publishing?: boolean;
  signal?: AbortSignal | undefined;
}

export type GraphResponse<T> = JsonResponse<T> & { graphError?: GraphError };

/** Codes that mean "too many calls" (Graph API error reference; 80001–80014 are business-use-case throttles). */
export function isRateLimitError(error: GraphError | undefined): boolean {
  const code = error?.code;
  if (code === undefined) return false;
  if (code === 4 || code === 17 || code === 32 || code === 613) return true;
  if (code >= 80001 && code <= 80014) return true;
  return code === 9 && error?.error_subcode === 2207042; // Instagram: publishing quota reached
}

/** The longest `estimated_time_to_regain_access` (minutes) in `X-Business-Use-Case-Usage`, in ms. */
export function businessUseCaseWait(headers: Headers | undefined): number | undefined {
  const raw = headers?.get('x-business-use-case-usage');
  if (!raw) return undefined;
  try {
    const usage = JSON.parse(raw) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    let minutes = 0;
    for (const list of Object.values(usage)) for (const entry of Array.isArray(list) ? list : []) minutes = Math.max(minutes, Number(entry.estimated_time_to_regain_access) || 0);
    return minutes > 0 ? minutes * 60_000 : undefined;
  } catch {
    return undefined;
  }
}

function describeGraphError(error: GraphError): string {
  const codes = [error.code !== undefined ? `code ${error.code}${error.error_subcode !== undefined ? `/${error.error_subcode}` : ''}` : undefined, error.fbtrace_id ? `fbtrace_id ${error.fbtrace_id}` : undefined].filter(Boolean).join(', ');
  const text = error.error_user_msg && error.error_user_msg !== error.message ? `${error.message ?? ''} ${error.error_user_msg}`.trim() : (error.message ?? 'error');
  return codes ? `${text} (${codes})` : text;
}

export function graphErrorOf(body: unknown): GraphError | undefined {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  return error && typeof error === 'object' ? (error as GraphError) : undefined;
}

export interface GraphClient {
  call<T>(request: GraphRequest): Promise<GraphResponse<T>>;
  /** Removes the token from a message. */
  clean(message: string): string;
}

export function graphClient(options: GraphClientOptions): GraphClient {
  const base = `${options.apiUrl.trim().replace(/\/+$/, '')}/${options.version.trim().replace(/^\/+|\/+$/g, '')}`;
  const secrets = [options.token];
  const clean = (message: string) => redact(message, secrets);
  const underlying = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));

  async function call<T>(request: GraphRequest): Promise<GraphResponse<T>> {
    let headers: Headers | undefined;
    const fetchImpl: typeof fetch = async (input, init) => {
      const response = await underlying(input, init);
      headers = response.headers;
      return response;
    };
    const params = Object.entries(request.params ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
    let url = `${base}${request.path}`;
    let body: RequestInit['body'] | undefined;
    if (request.form) body = request.form;
    else if (request.method === 'POST') body = new URLSearchParams(params);
    if (request.method !== 'POST' && params.length > 0) url += `${url.includes('?') ? '&' : '?'}${new URLSearchParams(params).toString()}`;
    let graphError: GraphError | undefined;
    const result = await requestJson<T>(url, {
      method: request.method,
      headers: { authorization: `Bearer ${options.token}` },
      ...(body !== undefined ? { body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      fetch: fetchImpl,
      what: request.what,
      serverError: request.publishing ? 'unknown' : 'transient',
      describe: (parsed) => {
        graphError = graphErrorOf(parsed);
        return graphError ? describeGraphError(graphError) : undefined;
      },
    });
    if (result.ok) return result;
    const failure: GraphResponse<T> = { ...classify(result, graphError, headers, request, options) };
    failure.message = clean(failure.message);
    // For the adapters' own decisions (already deleted, refused parameter), never printed or recorded:
    // not enumerable, so neither a spread nor JSON carries it further.
    if (graphError) Object.defineProperty(failure, 'graphError', { value: { ...graphError, message: clean(graphError.message ?? '') }, enumerable: false });
    return failure;
  }

  return { call, clean };
}

function classify(failure: PublishFailure, error: GraphError | undefined, headers: Headers | undefined, request: GraphRequest, options: GraphClientOptions): PublishFailure {
  if (isRateLimitError(error) || failure.status === 429) {
    const wait = retryAfterMs(headers, options.now?.() ?? Date.now()) ?? businessUseCaseWait(headers) ?? failure.retryAfterMs;
    return { ...failure, kind: 'rate-limited', ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (error?.code === 190) return { ...failure, kind: 'refused', message: `${failure.message}: the access token is invalid or expired, renew ${options.tokenVariable}` };
  const serverSide = failure.status === undefined || failure.status >= 500 || failure.status === 408 || error?.is_transient === true || error?.code === 1 || error?.code === 2;
  if (request.publishing) {
    // Meta may have published and then failed to answer: only a look-up can tell.
    // (5xx and timeouts are already unknown, a refused connection transient; Graph's "unknown error"
    // codes 1 and 2 can come with a 400.)
    return serverSide && failure.kind === 'refused' ? { ...failure, kind: 'unknown' } : failure;
  }
  // Nothing public can come of a failed read, container or unpublished photo: trying again is safe.
  if (failure.kind === 'unknown' || (serverSide && failure.kind === 'refused')) return { ...failure, kind: 'transient' };
  return failure;
}

/** `DELETE` of something already gone: Graph answers 404, or 400 code 100 ("does not exist", subcode 33). */
export function alreadyGone(failure: PublishFailure & { graphError?: GraphError }): boolean {
  if (failure.status === 404) return true;
  const e = failure.graphError;
  return e?.code === 100 && (e.error_subcode === 33 || /does not exist|unknown path|cannot be loaded/i.test(e.message ?? ''));
}

/** Environment value, trimmed; undefined when empty. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/** Waits between status polls (tests pass a no-op). */
export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
