/**
 * GitHub's list endpoints, page by page through octokit's pagination (Link rel="next", followed only on
 * the API's own host: see octokit.ts), with the bounds a scheduled job needs: at most so many items or
 * pages, and whether the list went on beyond them.
 */
import { GitHubAnswerError, type GitHubClient } from './octokit.ts';

export interface ListBounds {
  /** Stop once this many items are read (default: no limit). */
  maxItems?: number;
  /** Stop after this many pages (default 20). */
  maxPages?: number;
  /** Called once per page read (one request each). */
  onPage?: () => void;
}

export interface Listed<T> {
  items: T[];
  /** The list went on past the bounds. */
  more: boolean;
}

const hasNext = (link: string | undefined) => /<[^<>]+>;\s*rel="next"/.test(link ?? '');

/** The items of a list endpoint (e.g. `GET /repos/{owner}/{repo}/issues/{issue_number}/comments`), within the bounds. */
export async function listPages<T>(client: GitHubClient, route: string, parameters: Record<string, unknown>, bounds: ListBounds = {}): Promise<Listed<T>> {
  const maxItems = bounds.maxItems ?? Infinity;
  const maxPages = bounds.maxPages ?? 20;
  const items: T[] = [];
  let pages = 0;
  for await (const response of client.paginate.iterator(route, parameters)) {
    pages++;
    bounds.onPage?.();
    // paginate turns documented list answers ({ total_count, artifacts: [...] } included) into arrays.
    if (!Array.isArray(response.data)) throw new GitHubAnswerError(`GitHub API GET ${new URL(response.url).pathname} did not answer a list`);
    items.push(...(response.data as T[]));
    const next = hasNext(response.headers.link);
    if (items.length >= maxItems) return { items: items.slice(0, maxItems), more: items.length > maxItems || next };
    if (pages >= maxPages) return { items, more: next };
  }
  return { items, more: false };
}

/** Every item of a list, or an error when it is longer than `maxPages` pages: for decisions that must see it all. */
export async function listAll<T>(client: GitHubClient, route: string, parameters: Record<string, unknown>, what: string, maxPages = 20): Promise<T[]> {
  const listed = await listPages<T>(client, route, parameters, { maxPages });
  if (listed.more) throw new GitHubAnswerError(`more than ${maxPages} pages of ${what}: too many to check`);
  return listed.items;
}
