import { existsSync } from 'node:fs';
import path from 'node:path';

export const POSTS_DIR = 'content/posts';
export const EDITORIAL_LINE_FILE = 'content/editorial-line.mdx';
export const NETIQUETTE_FILE = 'content/netiquette.mdx';
export const CACHE_DIR = '.cadence/cache';

/** The brand repository root: the nearest folder at or above `start` that has `content/`. */
export function findBrandRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'content'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Repository-relative path with forward slashes, as diagnostics and the ledger print it. */
export function toRepoPath(root: string, file: string): string {
  return path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
}

/** A post: an `.mdx` or `.md` file under the posts folder (no regular expression: lint asks this of 10,000 paths). */
export function isPostFile(repoPath: string): boolean {
  return repoPath.startsWith(POSTS_PREFIX) && (repoPath.endsWith('.mdx') || repoPath.endsWith('.md'));
}
const POSTS_PREFIX = `${POSTS_DIR}/`;
