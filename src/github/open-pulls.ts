/**
 * The posts that open pull requests propose to add, change, move or remove, read through the GitHub REST
 * API (octokit, src/github/octokit.ts): the open pull requests (GET /repos/{o}/{r}/pulls?state=open), the files each one changes (GET
 * /pulls/{n}/files, with `previous_filename` for renames) under content/posts/, and, for the posts a pull
 * request adds or changes, their frontmatter at its head commit (GET /contents/{path}?ref={sha}), parsed
 * and validated exactly as lint reads a post (toDocument + the post schema).
 *
 * Everything here may come from a fork: titles, logins and frontmatter are data to be escaped by whoever
 * renders them, never markup. The work is bounded: at most `maxPulls` pull requests (the most recently
 * updated) and `maxFiles` files each; what was left out is said in `truncated`.
 */
import { listPages, type Listed } from './lists.ts';
import { DEFAULT_GITHUB_API, githubStatus, type GitHubClient, type Repo } from './octokit.ts';
import type { CalendarPost } from '../core/calendar/model.ts';
import { postIdFromPath } from '../core/post.ts';
import { postSchema } from '../core/schema/index.ts';
import { validateWith } from '../core/validate.ts';
import { isPostFile } from '../content/paths.ts';
import { toDocument } from '../content/repository.ts';

export const MAX_PULLS = 50;
export const MAX_FILES = 100;
/**
 * GitHub API requests one build may spend (lists and file contents): without it, 50 pull requests of 100
 * posts each would take 5,000 requests, the whole hourly allowance of a workflow's GITHUB_TOKEN (1,000).
 */
export const MAX_REQUESTS = 300;

export type PostChange = 'added' | 'modified' | 'renamed' | 'removed';

export interface OpenPull {
  number: number;
  title: string;
  /** The pull request's page (only an http(s) URL from the API, else one built from the repository). */
  url: string;
  author: string;
  draft: boolean;
  /** Its head is in another repository (a fork). */
  fork: boolean;
  headSha: string;
}

export interface PullPost {
  /** Number of the pull request (see `pulls`). */
  pull: number;
  change: PostChange;
  /** The post's path at the pull request's head; for a removal, the path removed. */
  file: string;
  /** The path on the base branch, for renames. */
  previousFile?: string;
  /** The post as proposed (added, modified, renamed), when its frontmatter at the head is valid. */
  proposed?: CalendarPost;
  /** Why `proposed` is missing for an added, modified or renamed post. */
  problem?: string;
}

export interface OpenPullPosts {
  /** Open pull requests checked (at most `maxPulls`). */
  checked: number;
  /** Those that change at least one post, by number. */
  pulls: OpenPull[];
  posts: PullPost[];
  /**
   * What the bounds left out: more open pull requests than `maxPulls`, a pull request with more than
   * `maxFiles` files, posts not read once `maxRequests` were spent.
   */
  truncated: Truncation[];
}

export type Truncation = { kind: 'pulls'; max: number } | { kind: 'files'; pull: number; max: number } | { kind: 'requests'; max: number; skipped: number };

export interface OpenPullOptions {
  maxPulls?: number;
  maxFiles?: number;
  /** Requests to spend at most (MAX_REQUESTS): the posts of the least recently updated pull requests are read last. */
  maxRequests?: number;
  /** Only pull requests into this branch (the one whose calendar is built); all when undefined. */
  base?: string | undefined;
  /** Parallel content requests (default 6). */
  concurrency?: number;
}

/** REST shapes (docs.github.com/rest/pulls/pulls#list-pull-requests, #list-pull-requests-files, repos/contents). */
interface RestPull {
  number: number;
  title?: string;
  html_url?: string;
  draft?: boolean;
  user?: { login?: string } | null;
  head: { sha: string; repo?: { full_name?: string } | null };
  base: { repo?: { full_name?: string } | null };
}

interface RestFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged' | string;
  previous_filename?: string;
}

interface RestContent {
  type?: string;
  encoding?: string;
  content?: string;
}

/** Up to `limit` items of a list endpoint, one request counted per page; `more` when items were left. */
function collect<T>(client: GitHubClient, route: string, parameters: Record<string, unknown>, limit: number, spent: { requests: number }): Promise<Listed<T>> {
  return listPages<T>(client, route, parameters, { maxItems: limit, maxPages: Infinity, onPage: () => spent.requests++ });
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const i = index++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A changed file as a post change, or undefined when it is not about a post (renames in or out of content/posts count as added/removed). */
export function postChange(file: RestFile): { change: PostChange; file: string; previousFile?: string } | undefined {
  const isPost = isPostFile(file.filename);
  const wasPost = file.previous_filename !== undefined && isPostFile(file.previous_filename);
  switch (file.status) {
    case 'added':
    case 'copied':
      return isPost ? { change: 'added', file: file.filename } : undefined;
    case 'modified':
    case 'changed':
      return isPost ? { change: 'modified', file: file.filename } : undefined;
    case 'removed':
      return isPost ? { change: 'removed', file: file.filename } : undefined;
    case 'renamed':
      if (isPost && wasPost) return { change: 'renamed', file: file.filename, previousFile: file.previous_filename! };
      if (isPost) return { change: 'added', file: file.filename };
      if (wasPost) return { change: 'removed', file: file.previous_filename! };
      return undefined;
    default:
      return undefined;
  }
}

/** The post a file's source describes, validated like lint does, or the reason it cannot be read. */
export function parsePost(file: string, source: string): { post: CalendarPost } | { problem: string } {
  const doc = toDocument(file, source);
  if (!doc.ok) return { problem: `frontmatter cannot be read: ${doc.message}` };
  const result = validateWith(postSchema, doc.data);
  if (!result.ok) return { problem: `frontmatter is not valid (${result.findings.length} problem${result.findings.length === 1 ? '' : 's'}; see the pull request's review)` };
  return { post: { id: result.value.id ?? postIdFromPath(file), file, data: result.value } };
}

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function pullUrl(client: GitHubClient, repo: Repo, pull: RestPull): string {
  if (typeof pull.html_url === 'string' && /^https?:\/\/[^\s"'<>]+$/.test(pull.html_url)) return pull.html_url;
  const api = client.request.endpoint.DEFAULTS.baseUrl;
  const web = api === DEFAULT_GITHUB_API ? 'https://github.com' : api.replace(/\/api\/v3$/, '');
  return `${web}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/pull/${pull.number}`;
}

/** The posts of the repository's open pull requests. Throws octokit's errors when the API cannot be read. */
export async function openPullPosts(client: GitHubClient, repo: Repo, options: OpenPullOptions = {}): Promise<OpenPullPosts> {
  const maxPulls = options.maxPulls ?? MAX_PULLS;
  const maxFiles = options.maxFiles ?? MAX_FILES;
  const spent = { requests: 0 };
  const params = { owner: repo.owner, repo: repo.name };
  const truncated: Truncation[] = [];
  const listed = await collect<RestPull>(client, 'GET /repos/{owner}/{repo}/pulls', { ...params, state: 'open', ...(options.base ? { base: options.base } : {}), sort: 'updated', direction: 'desc', per_page: Math.min(maxPulls, 100) }, maxPulls, spent);
  if (listed.more) truncated.push({ kind: 'pulls', max: maxPulls });

  const pulls: OpenPull[] = [];
  const posts: PullPost[] = [];
  const fetches: Array<{ entry: PullPost; ref: string }> = [];
  const concurrency = options.concurrency ?? 6;
  const fileLists = await mapLimit(listed.items, concurrency, (pull) => collect<RestFile>(client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...params, pull_number: pull.number, per_page: Math.min(maxFiles, 100) }, maxFiles, spent));
  for (const [i, pull] of listed.items.entries()) {
    const files = fileLists[i]!;
    if (files.more) truncated.push({ kind: 'files', pull: pull.number, max: maxFiles });
    const changes = files.items.map(postChange).filter((c) => c !== undefined);
    if (changes.length === 0) continue;
    const baseRepo = pull.base.repo?.full_name ?? `${repo.owner}/${repo.name}`;
    pulls.push({
      number: pull.number,
      title: String(pull.title ?? ''),
      url: pullUrl(client, repo, pull),
      author: String(pull.user?.login ?? 'ghost'),
      draft: pull.draft === true,
      // A deleted fork has no head repository any more: still a fork.
      fork: (pull.head.repo?.full_name ?? '').toLowerCase() !== baseRepo.toLowerCase(),
      headSha: pull.head.sha,
    });
    for (const change of changes) {
      const entry: PullPost = { pull: pull.number, ...change };
      posts.push(entry);
      if (change.change !== 'removed') fetches.push({ entry, ref: pull.head.sha });
    }
  }

  // Pull requests come most recently updated first: those are the posts read while the budget lasts.
  const maxRequests = options.maxRequests ?? MAX_REQUESTS;
  const affordable = Math.max(0, maxRequests - spent.requests);
  for (const { entry } of fetches.slice(affordable)) entry.problem = `not read: this build's ${maxRequests} GitHub API requests are spent`;
  if (fetches.length > affordable) truncated.push({ kind: 'requests', max: maxRequests, skipped: fetches.length - affordable });

  // The head commit of a fork's pull request is readable in the base repository (refs/pull/N/head).
  await mapLimit(fetches.slice(0, affordable), concurrency, async ({ entry, ref }) => {
    let content: RestContent;
    try {
      // The path in the route as it is, each segment encoded (octokit's {path} would encode its slashes).
      ({ data: content } = await client.request(`GET /repos/{owner}/{repo}/contents/${encodePath(entry.file)}`, { ...params, ref }));
    } catch (error) {
      if (githubStatus(error) === 404) {
        entry.problem = 'not found at the pull request head';
        return;
      }
      throw error;
    }
    if (content.type !== 'file' || content.encoding !== 'base64' || typeof content.content !== 'string') {
      entry.problem = 'the file cannot be read through the API (too large or not a file)';
      return;
    }
    const parsed = parsePost(entry.file, Buffer.from(content.content, 'base64').toString('utf8'));
    if ('post' in parsed) entry.proposed = parsed.post;
    else entry.problem = parsed.problem;
  });
  return { checked: listed.items.length, pulls, posts, truncated };
}
