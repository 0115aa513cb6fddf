import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileStamp } from './documents.ts';

/**
 * A key per repository file (posts, and the media they reference) that changes whenever its content may
 * have: the Git blob id when the file is tracked and unchanged in the work tree, else its size and
 * modification time, undefined when it does not exist. Blob ids survive a fresh checkout, so a lint cache
 * restored on a CI runner stays valid, and one `git ls-files` replaces thousands of `stat` calls.
 */
export async function fileKeys(root: string): Promise<(file: string) => string | undefined> {
  const keys = await gitKeys(root);
  return (file) => {
    const key = keys?.get(file);
    if (key) return key;
    const stamp = fileStamp(path.join(root, file));
    return stamp ? `f:${stamp.mtimeMs}:${stamp.size}` : undefined;
  };
}

/** `g:<blob id>` of the tracked files under the root whose work-tree content equals the index, or undefined outside Git. */
async function gitKeys(root: string): Promise<Map<string, string> | undefined> {
  // One process for both lists: `H` entries are the index ("H <mode> <blob> <stage>\t<path>"), `C` entries
  // (same fields) the files modified or deleted in the work tree. Paths are relative to the root, as ours are.
  const listing = await outputOf('git', ['ls-files', '--stage', '--modified', '-t', '-z'], root);
  if (listing === undefined) return undefined;
  const keys = new Map<string, string>();
  const changed: string[] = [];
  // Read in place, entry by entry: a one-file lint waits for this list of every file in the repository.
  for (let start = 0; start < listing.length; ) {
    let end = listing.indexOf('\0', start);
    if (end === -1) end = listing.length;
    const tag = listing[start];
    const tab = listing.indexOf('\t', start);
    if (tag === 'C' && tab !== -1 && tab < end) changed.push(listing.slice(tab + 1, end));
    else if (tag === 'H' && listing[start + 1] === ' ') {
      const blobStart = listing.indexOf(' ', start + 2) + 1;
      const blobEnd = listing.indexOf(' ', blobStart);
      // Stage 0 only: a file in conflict has stages 1 to 3 and no one blob.
      if (blobStart > 0 && blobEnd > blobStart && tab === blobEnd + 2 && tab < end && listing[blobEnd + 1] === '0') {
        keys.set(listing.slice(tab + 1, end), `g:${listing.slice(blobStart, blobEnd)}`);
      }
    }
    start = end + 1;
  }
  for (const file of changed) keys.delete(file);
  return keys;
}

/**
 * A command's standard output, or undefined if it fails. Asynchronous, so that Git compares 10,000 files
 * with its index on another core while the caller reads its cache; through a file, not a pipe, because
 * a busy caller does not drain a pipe, and the command would stall on it until the caller is done.
 */
function outputOf(command: string, args: readonly string[], cwd: string): Promise<string | undefined> {
  const file = path.join(tmpdir(), `cadence-${command}-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve) => {
    let fd: number | undefined;
    const finish = (ok: boolean) => {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
      let text: string | undefined;
      try {
        text = ok ? readFileSync(file, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      rmSync(file, { force: true });
      resolve(text);
    };
    try {
      fd = openSync(file, 'w');
      const child = spawn(command, args, { cwd, stdio: ['ignore', fd, 'ignore'] });
      child.once('error', () => finish(false));
      child.once('exit', (code) => finish(code === 0));
    } catch {
      if (fd !== undefined) finish(false);
      else resolve(undefined);
    }
  });
}
