import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { readJson, writeAtomically } from './cache.ts';
import { CACHE_DIR, isPostFile, POSTS_DIR } from './paths.ts';

/**
 * The post files of a repository, listed through a memo of each folder's entries
 * (.cadence/cache/post-folders.json). A one-file lint of 10,000 posts spent ~50 ms walking 70 folders
 * and making 10,000 directory entries, a sixth of its time after Node's start (docs/benchmarks.md); with
 * the memo it stats the folders and reads one file.
 *
 * A folder's modification time moves whenever an entry is added, removed or renamed in it (not when a
 * file's content changes), so its recorded entries hold while its time and inode are the recorded ones.
 * As in Git's "racy" rule, a folder changed less than `RACY_MS` before it was recorded is read again next
 * time: a second change within the same timestamp tick would not move its time.
 */
const MEMO_FILE = `${CACHE_DIR}/post-folders.json`;
const VERSION = 1;
const RACY_MS = 2_000;

interface FolderEntry {
  /** The folder's modification time and inode when read, `mtimeMs:ino`. */
  stamp: string;
  /** Whether the folder was old enough, when read, for its entries to be trusted on that stamp alone. */
  settled: boolean;
  posts: string[];
  folders: string[];
}

interface Memo {
  version: number;
  folders: Record<string, FolderEntry>;
}

export interface ListOptions {
  /** Read and update the memo (default false: list the folders as they are, write nothing). */
  memo?: boolean;
  /** The wall clock, for the racy rule (tests). */
  nowMs?: number;
}

/** Every post file of the repository, repository-relative, sorted. */
export function listPostFiles(root: string, options: ListOptions = {}): string[] {
  if (!options.memo) return walkFolders(root);
  const previous = readMemo(root);
  const next: Memo = { version: VERSION, folders: {} };
  const nowMs = options.nowMs ?? Date.now();
  let changed = false;
  const files: string[] = [];
  const visit = (relative: string) => {
    const stat = statSync(path.join(root, relative), { throwIfNoEntry: false });
    if (!stat?.isDirectory()) {
      if (previous.folders[relative]) changed = true;
      return;
    }
    const stamp = `${stat.mtimeMs}:${stat.ino}`;
    let entry = previous.folders[relative];
    if (!entry || !entry.settled || entry.stamp !== stamp || !Array.isArray(entry.posts) || !Array.isArray(entry.folders)) {
      entry = readFolder(root, relative, stamp, nowMs - stat.mtimeMs > RACY_MS);
      changed = true;
    }
    next.folders[relative] = entry;
    for (const name of entry.posts) files.push(`${relative}/${name}`);
    for (const name of entry.folders) visit(`${relative}/${name}`);
  };
  visit(POSTS_DIR);
  if (changed || Object.keys(previous.folders).length !== Object.keys(next.folders).length) writeAtomically(path.join(root, MEMO_FILE), JSON.stringify(next));
  return sortedPaths(files);
}

/** The walk without a memo (folders read with their entries' types: several times faster than readdirSync({recursive})). */
function walkFolders(root: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const entry = readFolder(root, relative, '', false);
    for (const name of entry.posts) files.push(`${relative}/${name}`);
    for (const name of entry.folders) walk(`${relative}/${name}`);
  };
  walk(POSTS_DIR);
  return sortedPaths(files);
}

function readFolder(root: string, relative: string, stamp: string, settled: boolean): FolderEntry {
  const entry: FolderEntry = { stamp, settled, posts: [], folders: [] };
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch {
    return { ...entry, settled: false };
  }
  for (const dirent of entries) {
    if (dirent.isDirectory()) entry.folders.push(dirent.name);
    else if (isPostFile(`${relative}/${dirent.name}`)) entry.posts.push(dirent.name);
  }
  entry.posts.sort();
  entry.folders.sort();
  return entry;
}

/** Sorted as `Array.prototype.sort` sorts them; the folders' order usually is already, so check before sorting. */
function sortedPaths(files: string[]): string[] {
  for (let i = 1; i < files.length; i++) if (files[i - 1]! > files[i]!) return files.sort();
  return files;
}

/** The memo, or an empty one when it is missing, damaged or of another version: the folders are then read again. */
function readMemo(root: string): Memo {
  const memo = readJson<Memo>(path.join(root, MEMO_FILE));
  return memo?.version === VERSION && memo.folders && typeof memo.folders === 'object' ? memo : { version: VERSION, folders: {} };
}
