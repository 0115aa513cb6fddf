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
  const blobs = await gitBlobs(root);
  return (file) => {
    const blob = blobs?.get(file);
    if (blob) return `g:${blob}`;
    const stamp = fileStamp(path.join(root, file));
    return stamp ? `f:${stamp.mtimeMs}:${stamp.size}` : undefined;
  };
}

/** Blob ids of the tracked files under the root whose work-tree content equals the index, or undefined outside Git. */
async function gitBlobs(root: string): Promise<Map<string, string> | undefined> {
  // One process for both lists: `H` lines are the index ("<mode> <blob> <stage>\t<path>"), `C` lines
  // the files modified (or deleted) in the work tree. Paths are relative to the root, as ours are.
  const listing = await outputOf('git', ['ls-files', '--stage', '--modified', '-t', '-z'], root);
  if (listing === undefined) return undefined;
  const entries = listing.split('\0');
  const changed = new Set<string>();
  for (const entry of entries) if (entry.startsWith('C ')) changed.add(entry.slice(entry.indexOf('\t') + 1));
  const blobs = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.startsWith('H ')) continue;
    const tab = entry.indexOf('\t');
    const file = entry.slice(tab + 1);
    const [, , blob, stage] = entry.slice(0, tab).split(' ');
    if (stage === '0' && blob && !changed.has(file)) blobs.set(file, blob);
  }
  return blobs;
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
