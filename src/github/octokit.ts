/**
 * The one way Cadence talks to GitHub: an `octokit` client (REST endpoint methods, pagination, GraphQL,
 * and the retry and throttling plugins GitHub recommends), configured for a scheduled job:
 * - the token comes from the environment and is never printed (octokit redacts it from request errors;
 *   `describeGitHubError` never shows headers);
 * - `GITHUB_API_URL` is honoured (GitHub Enterprise Server, and the HTTP fakes of the tests);
 * - every request, pagination links included, stays on that API's host: a `Link` header or a URL from a
 *   response that points elsewhere is refused before anything is sent, so the token never leaves it.
 */
import { Octokit, RequestError } from 'octokit';

export type GitHubClient = InstanceType<typeof Octokit>;

export interface Repo {
  owner: string;
  name: string;
}

export interface GitHubClientOptions {
  token: string | undefined;
  /** API base, e.g. `https://ghe.example/api/v3`; default api.github.com. */
  baseUrl?: string | undefined;
  /** The fetch octokit sends with (tests may pass one; msw intercepts the global one anyway). */
  fetch?: typeof fetch;
  /** Retries of a request that failed with a 5xx or a network error (plugin-retry); default 3. */
  retries?: number;
  /**
   * GitHub's pacing of mutations (one write a second, three between writes that notify people) and its
   * rate-limit waits. On by default, as GitHub asks of integrations; tests of many writes turn it off.
   */
  throttle?: boolean;
  /**
   * The longest rate-limit wait (seconds) worth one retry; default 60. A build that must not stall (the
   * calendar's in-review view) passes 0: it reports the limit instead of waiting.
   */
  maxRateLimitWait?: number;
  /** Where octokit's warnings (rate limits, deprecations) go; default stderr. */
  warn?: (message: string) => void;
  userAgent?: string;
}

export const DEFAULT_GITHUB_API = 'https://api.github.com';

export class GitHubHostError extends Error {
  override name = 'GitHubHostError';
}

/** GitHub answered, but not with what the endpoint documents (e.g. an object where a list is due). */
export class GitHubAnswerError extends Error {
  override name = 'GitHubAnswerError';
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const baseUrl = (options.baseUrl || DEFAULT_GITHUB_API).replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const send = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
  const sameHostFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // GraphQL on GitHub Enterprise lives at /api/graphql beside /api/v3: the origin is what must match.
    if (new URL(url).origin !== origin) throw new GitHubHostError(`refusing to send a GitHub request to ${new URL(url).origin}: only ${origin} (GITHUB_API_URL) is allowed`);
    return send(input, init);
  };
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const retries = options.retries ?? 3;
  const maxWait = options.maxRateLimitWait ?? 60;
  const waitOnLimit = (what: string, retryAfter: number, request: { method: string; url: string }, retryCount: number): boolean => {
    const retry = retryCount === 0 && retryAfter <= maxWait;
    warn(`GitHub ${what} for ${request.method} ${safeUrl(expand(request))}${retry ? `; retrying in ${retryAfter} s` : ''}`);
    return retry;
  };
  const client = new Octokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl,
    userAgent: options.userAgent ?? 'cadence',
    // `retries` belongs to the retry plugin's options only: set in the request defaults, the plugin would
    // retry every failure, a 403, 404 or 422 included, at once and without backoff.
    request: { fetch: sameHostFetch },
    retry: { enabled: retries > 0, retries },
    throttle: {
      enabled: options.throttle ?? true,
      // Wait and retry once on a primary or secondary rate limit, if GitHub asks for a minute or less:
      // a scheduled job runs again soon, and a longer wait would hold the runner for nothing.
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => waitOnLimit('rate limit reached', retryAfter, request, retryCount),
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => waitOnLimit('secondary rate limit', retryAfter, request, retryCount),
    },
    log: { debug: () => {}, info: () => {}, warn, error: warn },
  });
  // Checked again before the retry plugin sees the request: a refused host is not worth retrying.
  client.hook.before('request', (request) => {
    if (/^https?:\/\//i.test(request.url) && new URL(request.url).origin !== origin) {
      throw new GitHubHostError(`refusing to send a GitHub request to ${new URL(request.url).origin}: only ${origin} (GITHUB_API_URL) is allowed`);
    }
  });
  // The throttling plugin reports the route's template (`/repos/{owner}/{repo}`): the URL it expands to says more.
  const expand = (request: { method: string; url: string }): string => {
    try {
      return client.request.endpoint(request as unknown as Parameters<typeof client.request.endpoint>[0]).url;
    } catch {
      return request.url;
    }
  };
  return client;
}

/** A client from the Actions environment: `GITHUB_TOKEN` (or `GH_TOKEN`) and `GITHUB_API_URL`. */
export function githubClientFromEnv(env: NodeJS.ProcessEnv, options: Omit<GitHubClientOptions, 'token' | 'baseUrl'> = {}): GitHubClient {
  return createGitHubClient({ ...options, token: env.GITHUB_TOKEN || env.GH_TOKEN, baseUrl: env.GITHUB_API_URL });
}

/** `owner/name` → Repo, or undefined when malformed. */
export function parseRepo(value: string | undefined): Repo | undefined {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value ?? '');
  return match ? { owner: match[1]!, name: match[2]! } : undefined;
}

/**
 * The HTTP status GitHub answered, or undefined when there was no answer (octokit reports a network
 * error or a refused host as a RequestError with status 500 and no response).
 */
export function githubStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; response?: unknown } | null;
  return typeof e?.status === 'number' && e.response !== undefined ? e.status : undefined;
}

/** An error from talking to GitHub (an answer, no answer, a refused host, a malformed answer), as opposed to a bug. */
export function isGitHubError(error: unknown): boolean {
  return error instanceof RequestError || error instanceof GitHubHostError || error instanceof GitHubAnswerError;
}

/** One line for a user: method, path and GitHub's message; never headers, so never the token. */
export function describeGitHubError(error: unknown): string {
  if (error instanceof GitHubHostError || error instanceof GitHubAnswerError) return error.message;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof GitHubHostError) return cause.message;
  const e = error as { status?: number; request?: { method?: string; url?: string }; response?: { data?: unknown }; message?: string } | null;
  if (githubStatus(error) !== undefined && e?.request) {
    const path = e.request.url ? safeUrl(e.request.url) : '';
    const data = e.response?.data as { message?: unknown } | undefined;
    const detail = typeof data?.message === 'string' ? `: ${data.message.slice(0, 300)}` : '';
    return `GitHub API ${e.request.method ?? ''} ${path} answered ${e.status}${detail}`.replace(/\s+/g, ' ');
  }
  const code = (cause as { code?: unknown } | undefined)?.code;
  return `GitHub API unreachable: ${e?.message ?? String(error)}${typeof code === 'string' ? ` (${code})` : ''}`;
}

/** Query parameters whose values are never printed (signed links and the like carry credentials). */
const SECRET_PARAM = /token|sig|secret|key|code|credential|password|auth|jwt/i;

/** Path and query of a URL, without its origin and without the values of parameters that may be credentials. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url.split('?')[0] ?? '';
  }
}
