/** Reading and appending `data/metrics/` in a brand repository's working tree (format: src/core/metrics/format.ts). */
import { isAscii } from 'node:buffer';
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { isChannelId } from '../core/channels.ts';
import {
  acceptAccountRow,
  acceptBlogRow,
  acceptPostsRow,
  acceptRunRow,
  accountKey,
  blogKey,
  firstByKey,
  isSnapshot,
  METRICS_DIR,
  parseRow,
  serializeRow,
  type PostsFileRow,
} from '../core/metrics/format.ts';
import { DatasetBuilder, mergeFileFolds, type Dataset, type MetricsData, type PairFold } from '../core/metrics/dataset.ts';
import type { AccountRow, BlogRow, PublicationRow, RunRow, SnapshotRow } from '../core/metrics/model.ts';
import { contentHash, digestOf, dropFileFold, foldsKey, pruneFileFolds, readBuilt, readFileFold, readStatIndex, writeBuilt, writeFileFold, writeStatIndex, type FileFold, type MetricsFileKind, type StatIndex } from './dataset-cache.ts';

export interface LoadedMetrics extends MetricsData {
  /** `file:line` of lines that are not rows: reported, skipped. */
  problems: string[];
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/**
 * The rows of one file. Each line is decoded from the bytes on its own: a file read whole as text becomes
 * a two-byte string as soon as one title has a "’", which doubled the memory and the parsing time of a
 * year of readings (docs/benchmarks.md, "Metrics"); most lines are ASCII and stay one-byte strings.
 */
function readRows<T>(root: string, file: string, accept: (v: Record<string, unknown>) => boolean, problems: string[], into: (row: T) => void): void {
  rowsOf(readFileSync(path.join(root, file)), 0, 0, file, accept, problems, into);
}

/** The rows of `bytes` from `start` (a line's start; `lineNo` lines before it); returns the number of lines read up to the end. */
function rowsOf<T>(bytes: Buffer, start: number, lineNo: number, file: string, accept: (v: Record<string, unknown>) => boolean, problems: string[], into: (row: T) => void): number {
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    lineNo++;
    if (end > start) {
      // An ASCII line (most of them) decodes as Latin-1, the same text without UTF-8's decoding work.
      const line = isAscii(bytes.subarray(start, end)) ? bytes.toString('latin1', start, end) : bytes.toString('utf8', start, end);
      const row = parseRow<T>(line, accept);
      if (row) into(row);
      else if (row === false) problems.push(`${file}:${lineNo}`);
    }
    start = end + 1;
  }
  return lineNo;
}
const NEWLINE = 0x0a;

/** Every file of data/metrics/ a dataset reads, in the order it reads them (the first row of a key counts). */
export function metricsFiles(root: string): { file: string; kind: MetricsFileKind }[] {
  const files: { file: string; kind: MetricsFileKind }[] = [];
  for (const month of list(path.join(root, METRICS_DIR, 'posts'))) {
    for (const name of list(path.join(root, METRICS_DIR, 'posts', month))) if (name.endsWith('.jsonl')) files.push({ file: `${METRICS_DIR}/posts/${month}/${name}`, kind: 'posts' });
  }
  for (const channel of list(path.join(root, METRICS_DIR, 'accounts'))) {
    if (!isChannelId(channel)) continue;
    for (const name of list(path.join(root, METRICS_DIR, 'accounts', channel))) if (name.endsWith('.jsonl')) files.push({ file: `${METRICS_DIR}/accounts/${channel}/${name}`, kind: 'accounts' });
  }
  for (const kind of ['blog', 'runs'] as const) for (const name of list(path.join(root, METRICS_DIR, kind))) if (name.endsWith('.jsonl')) files.push({ file: `${METRICS_DIR}/${kind}/${name}`, kind });
  return files;
}

/**
 * The dataset of `data/metrics/` for a report or the site: the rows of the posts files are folded into it
 * as they are read (src/core/metrics/dataset.ts, DatasetBuilder), never held as a year of row objects.
 * Each file's fold is kept in .cadence/cache/ (dataset-cache.ts) with the bytes it was made from: a file
 * that only grew since (the hourly job appends) has only its new lines parsed, a file that did not change
 * is not parsed at all, and the files' folds are merged in the order the files are read. The same result
 * as `buildDataset(loadMetrics(root), timeZone)`.
 */
export function loadDataset(root: string, timeZone: string, options: { cache?: boolean } = {}): { dataset: Dataset; problems: string[] } {
  const useCache = options.cache !== false;
  const noted = useCache ? readStatIndex(root) : {};
  const index: StatIndex = {};
  const files = metricsFiles(root);
  const folds: FileFold[] = [];
  for (const { file, kind } of files) {
    const absolute = path.join(root, file);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    const known = noted[file];
    let fold = known && known[0] === stat.size && known[1] === stat.mtimeMs ? readFileFold(root, file, { size: known[0], hash: known[2] }) : undefined;
    if (fold) index[file] = known!;
    else {
      const bytes = readFileSync(absolute);
      const cached = useCache ? readFileFold(root, file) : undefined;
      // The bytes the cached fold was made from must still start the file: then only what follows is parsed.
      const hash = contentHash();
      let hashed = 0;
      let from: FileFold | undefined;
      if (cached && cached.kind === kind && cached.size <= bytes.length) {
        hashed = cached.size;
        if (digestOf(hash.update(bytes.subarray(0, hashed)).copy()) === cached.hash) from = cached;
      }
      if (from && from.size === bytes.length) fold = from;
      else {
        fold = parseFile(file, kind, bytes, from);
        fold.hash = digestOf(hash.update(bytes.subarray(hashed)));
      }
      // A file whose last line is cut short is not kept: the line may yet be completed.
      if (useCache && bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE) dropFileFold(root, file);
      else if (useCache) {
        if (fold !== from) writeFileFold(root, fold);
        index[file] = [stat.size, stat.mtimeMs, fold.hash];
      }
    }
    folds.push(fold);
  }
  const key = useCache ? foldsKey(folds) : '';
  const built = useCache ? readBuilt(root, key, timeZone) : undefined;
  const folded = mergeFiles(root, folds, built?.concat === true);
  const builder = DatasetBuilder.from(folded.order);
  const dataset = builder.build(folded, timeZone, built?.posts);
  if (useCache) {
    if (!built) writeBuilt(root, key, timeZone, DatasetBuilder.built(dataset), folded.concat);
    if (!sameIndex(noted, index)) {
      writeStatIndex(root, index);
      pruneFileFolds(root, files.map((f) => f.file));
    }
  }
  return { dataset, problems: folded.problems };
}
/**
 * A data file parsed whole and its fold cached, as `loadDataset` does for a file it finds no cache for (the
 * cached fold then serves it, whatever its modification time: it is found by the file's hash). Not when
 * its last line is cut short. What a first load's other threads do (dataset-prefill.ts).
 */
export function cacheFileFold(root: string, file: string, kind: MetricsFileKind): void {
  const bytes = readFileSync(path.join(root, file));
  if (bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE) return;
  const fold = parseFile(file, kind, bytes, undefined);
  fold.hash = digestOf(contentHash().update(bytes));
  writeFileFold(root, fold);
}

/** A file's fold from its bytes, or `from` (the fold of the file's first `from.size` bytes) with the lines after them. */
function parseFile(file: string, kind: MetricsFileKind, bytes: Buffer, from: FileFold | undefined): FileFold {
  const problems = from ? [...from.problems] : [];
  const start = from?.size ?? 0;
  const before = from?.lines ?? 0;
  let firstDay = from?.firstDay;
  let items: object[];
  let lines: number;
  if (kind === 'posts') {
    const builder = from ? DatasetBuilder.resume(from.items as PairFold[]) : new DatasetBuilder();
    lines = rowsOf<PostsFileRow>(bytes, start, before, file, acceptPostsRow, problems, (row) => (isSnapshot(row) ? builder.addSnapshot(row) : builder.addPublication(row)));
    items = builder.entries();
  } else if (kind === 'blog') {
    // The blog's page rows are read for their day and checked, not kept (no report reads them); the UTM rows
    // keep the first of each key (mergeFiles then has nothing left to deduplicate unless two files share a day).
    items = from ? [...from.items] : [];
    const seen = new Set((items as BlogRow[]).map(blogKey));
    lines = rowsOf<BlogRow>(bytes, start, before, file, acceptBlogRow, problems, (row) => {
      if (firstDay === undefined || row.d < firstDay) firstDay = row.d;
      if (!('src' in row)) return;
      const key = blogKey(row);
      if (seen.has(key)) return;
      seen.add(key);
      items.push(row);
    });
  } else {
    items = from ? [...from.items] : [];
    lines = rowsOf<object>(bytes, start, before, file, kind === 'accounts' ? acceptAccountRow : acceptRunRow, problems, (row) => items.push(row));
  }
  return { file, kind, size: bytes.length, hash: '', lines, problems, items, firstDay };
}

/** The files' folds and rows together, in file order, with the same first-row-wins rules as one read of them all. */
function mergeFiles(
  root: string,
  folds: readonly FileFold[],
  concatenated: boolean,
): { order: PairFold[]; concat: boolean; accounts: AccountRow[]; blog: BlogRow[]; blogFirstDay: string | undefined; runs: RunRow[]; problems: string[] } {
  const posts = folds.filter((f) => f.kind === 'posts');
  // The files' publications one file after the other: the merge when no pair spans two files, which the
  // build kept for these very folds may already say (then the 100,000 pairs are not looked up again).
  const concat: PairFold[] = [];
  for (const f of posts) for (const entry of f.items as PairFold[]) if (entry.pub) concat.push(entry);
  const merged = concatenated ? undefined : mergeFileFolds(
    posts.map((f) => f.items as PairFold[]),
    (pairs, involved) => {
      // The same milestone of a pair in two files: its rows folded again from those files, in order.
      const builder = new DatasetBuilder();
      for (const i of involved) {
        readRows<PostsFileRow>(root, posts[i]!.file, acceptPostsRow, [], (row) => {
          if (!pairs.get(row.post)?.has(row.ch)) return;
          if (isSnapshot(row)) builder.addSnapshot(row);
          else builder.addPublication(row);
        });
      }
      return builder;
    },
  );
  const order = merged ?? concat;
  const of = <T>(kind: MetricsFileKind) => folds.filter((f) => f.kind === kind).flatMap((f) => f.items as T[]);
  let blogFirstDay: string | undefined;
  for (const f of folds) if (f.firstDay !== undefined && (blogFirstDay === undefined || f.firstDay < blogFirstDay)) blogFirstDay = f.firstDay;
  return {
    order,
    concat: merged === undefined,
    accounts: firstByKey(of<AccountRow>('accounts'), accountKey),
    blog: daysApart(folds.filter((f) => f.kind === 'blog')) ? of<BlogRow>('blog') : firstByKey(of<BlogRow>('blog'), blogKey),
    blogFirstDay,
    runs: of<RunRow>('runs'),
    problems: folds.flatMap((f) => f.problems),
  };
}

/** True when each file's rows (deduplicated within the file) have days after the previous file's: no key can repeat across them. */
function daysApart(folds: readonly FileFold[]): boolean {
  let last = '';
  for (const fold of folds) {
    let first: string | undefined;
    let end = '';
    for (const row of fold.items as BlogRow[]) {
      if (first === undefined || row.d < first) first = row.d;
      if (row.d > end) end = row.d;
    }
    if (first === undefined) continue;
    if (first <= last) return false;
    last = end;
  }
  return true;
}

function sameIndex(a: StatIndex, b: StatIndex): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k]?.join('\u0000') === b[k]!.join('\u0000'));
}

export interface LoadOptions {
  /** Only publication months from this one on (`YYYY-MM`): a collection run needs the last few. */
  fromMonth?: string;
  /** Leave out snapshots, accounts, blog or runs (a run needs only what is due). */
  only?: ReadonlySet<'posts' | 'accounts' | 'blog' | 'runs'>;
}

/**
 * Every row of `data/metrics/`. Accounts and blog days keep the first row of each key; publications and
 * readings come as stored, a repeated key included (two racing runs): buildDataset, and a collection
 * run's "already taken" sets, keep the first of each, so they are not deduplicated twice.
 */
export function loadMetrics(root: string, options: LoadOptions = {}): LoadedMetrics {
  const problems: string[] = [];
  const wants = (part: 'posts' | 'accounts' | 'blog' | 'runs') => !options.only || options.only.has(part);
  const publications: PublicationRow[] = [];
  const snapshots: SnapshotRow[] = [];
  const accounts: AccountRow[] = [];
  const blog: BlogRow[] = [];
  const runs: RunRow[] = [];
  const postsFrom = options.fromMonth ? `${METRICS_DIR}/posts/${options.fromMonth}/` : undefined;
  for (const { file, kind } of metricsFiles(root)) {
    if (!wants(kind)) continue;
    if (kind === 'posts') {
      // Files of months before `fromMonth` sort before that month's folder.
      if (postsFrom && file < postsFrom) continue;
      readRows<PostsFileRow>(root, file, acceptPostsRow, problems, (row) => {
        if (isSnapshot(row)) snapshots.push(row);
        else publications.push(row);
      });
    } else if (kind === 'accounts') readRows<AccountRow>(root, file, acceptAccountRow, problems, (row) => accounts.push(row));
    else if (kind === 'blog') readRows<BlogRow>(root, file, acceptBlogRow, problems, (row) => blog.push(row));
    else readRows<RunRow>(root, file, acceptRunRow, problems, (row) => runs.push(row));
  }
  return {
    publications,
    snapshots,
    accounts: firstByKey(accounts, accountKey),
    blog: firstByKey(blog, blogKey),
    runs,
    problems,
  };
}

/** Appends rows to a file of `data/metrics/`; returns the repository-relative file. */
export function appendRows(root: string, file: string, rows: readonly object[]): string {
  if (rows.length === 0) return file;
  const absolute = path.join(root, file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  // A line cut short (a run killed mid-write, a hand edit) must not swallow the first row appended after it.
  const text = rows.map(serializeRow).join('');
  appendFileSync(absolute, endsMidLine(absolute) ? `\n${text}` : text);
  return file;
}

function endsMidLine(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== NEWLINE;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function hasMetrics(root: string): boolean {
  return existsSync(path.join(root, METRICS_DIR));
}

export type { ChannelId };
