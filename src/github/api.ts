/**
 * A small GitHub REST client on fetch: a token from the environment (never printed), the API base from
 * GITHUB_API_URL (GitHub Enterprise, and HTTP fakes in tests), JSON in and out, Link-header pagination.
 */

export interface Repo {
  owner: string;
  name: string;
}

export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface GitHubApiOptions {
  token: string | undefined;
  baseUrl?: string | undefined;
  fetch?: typeof fetch;
  userAgent?: string;
}

const API_VERSION = '2022-11-28';

export class GitHubApi {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetcher: typeof fetch;
  private readonly userAgent: string;

  constructor(options: GitHubApiOptions) {
    this.baseUrl = (options.baseUrl || 'https://api.github.com').replace(/\/+$/, '');
    this.token = options.token;
    this.fetcher = options.fetch ?? globalThis.fetch;
    this.userAgent = options.userAgent ?? 'cadence';
  }

  static fromEnv(env: NodeJS.ProcessEnv): GitHubApi {
    return new GitHubApi({ token: env.GITHUB_TOKEN || env.GH_TOKEN, baseUrl: env.GITHUB_API_URL });
  }

  private url(pathOrUrl: string): string {
    if (/^https?:\/\//.test(pathOrUrl)) {
      // Only follow links (pagination) back to the same API.
      if (!pathOrUrl.startsWith(`${this.baseUrl}/`)) throw new GitHubApiError(0, `refusing to follow a link outside ${this.baseUrl}`);
      return pathOrUrl;
    }
    return `${this.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  }

  async raw(method: string, pathOrUrl: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': API_VERSION,
      'user-agent': this.userAgent,
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.fetcher(this.url(pathOrUrl), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (!response.ok) {
      let detail = '';
      try {
        const data = (await response.json()) as { message?: string };
        detail = typeof data.message === 'string' ? `: ${data.message.slice(0, 300)}` : '';
      } catch {
        // not JSON
      }
      throw new GitHubApiError(response.status, `GitHub API ${method} ${pathOrUrl.replace(this.baseUrl, '')} answered ${response.status}${detail}`);
    }
    return response;
  }

  async request<T>(method: string, pathOrUrl: string, body?: unknown): Promise<T> {
    const response = await this.raw(method, pathOrUrl, body);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** Every item of a list endpoint, following `Link: <…>; rel="next"`, up to `maxPages`. */
  async paginate<T>(path: string, maxPages = 20): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < maxPages; page++) {
      const response = await this.raw('GET', next);
      const data = (await response.json()) as T[] | Record<string, unknown>;
      if (Array.isArray(data)) items.push(...data);
      next = nextLink(response.headers.get('link'));
    }
    return items;
  }
}

export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

/** `owner/name` → Repo, or undefined when malformed. */
export function parseRepo(value: string | undefined): Repo | undefined {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value ?? '');
  return match ? { owner: match[1]!, name: match[2]! } : undefined;
}

export function repoPath(repo: Repo): string {
  return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
}
