import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileStamp } from './documents.ts';
import { POSTS_DIR } from './paths.ts';

/**
 * A key per post file that changes whenever its content may have: the Git blob id when the file is
 * tracked and unchanged in the work tree, else its size and modification time. Blob ids survive a fresh
 * checkout, so a lint cache restored on a CI runner stays valid, and one `git ls-files` replaces
 * 10,000 `stat` calls.
 */
export function postFileKeys(root: string): (file: string) => string | undefined {
  const blobs = gitBlobs(root);
  return (file) => {
    const blob = blobs?.get(file);
    if (blob) return `g:${blob}`;
    const stamp = fileStamp(path.join(root, file));
    return stamp ? `f:${stamp.mtimeMs}:${stamp.size}` : undefined;
  };
}

/** Blob ids of the tracked post files whose work-tree content equals the index, or undefined outside Git. */
function gitBlobs(root: string): Map<string, string> | undefined {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  let staged: string;
  let modified: string;
  try {
    staged = git('ls-files', '--stage', '-z', '--', POSTS_DIR);
    // Work tree against the index; --relative keeps paths relative to the brand root, like ls-files.
    modified = git('diff', '--name-only', '--relative', '-z', '--', POSTS_DIR);
  } catch {
    return undefined;
  }
  const changed = new Set(modified.split('\0').filter(Boolean));
  const blobs = new Map<string, string>();
  for (const entry of staged.split('\0')) {
    // "<mode> <blob> <stage>\t<path>"
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const file = entry.slice(tab + 1);
    const [, blob, stage] = entry.slice(0, tab).split(' ');
    if (stage === '0' && blob && !changed.has(file)) blobs.set(file, blob);
  }
  return blobs;
}
