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

export function isPostFile(repoPath: string): boolean {
  return repoPath.startsWith(`${POSTS_DIR}/`) && /\.mdx?$/.test(repoPath);
}
