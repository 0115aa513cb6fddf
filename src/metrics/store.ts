/** Reading and appending `data/metrics/` in a brand repository's working tree (format: src/core/metrics/format.ts). */
import { isAscii } from 'node:buffer';
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
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
import { DatasetBuilder, type Dataset, type MetricsData } from '../core/metrics/dataset.ts';
import type { AccountRow, BlogRow, PublicationRow, RunRow, SnapshotRow } from '../core/metrics/model.ts';
import { metricsStamp, readDatasetCache, writeDatasetCache, type FoldedMetrics } from './dataset-cache.ts';

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
  const bytes = readFileSync(path.join(root, file));
  let start = 0;
  let lineNo = 0;
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
}
const NEWLINE = 0x0a;

/**
 * The dataset of `data/metrics/` for a report or the site: the rows of the posts files are folded into it
 * as they are read (src/core/metrics/dataset.ts, DatasetBuilder), never held as a year of row objects, and
 * the fold is kept in .cadence/cache/ for the next run while the files stay the same (dataset-cache.ts).
 * The same result as `buildDataset(loadMetrics(root), timeZone)`.
 */
export function loadDataset(root: string, timeZone: string, options: { cache?: boolean } = {}): { dataset: Dataset; problems: string[] } {
  const useCache = options.cache !== false;
  const stamp = useCache ? metricsStamp(root) : '';
  const cached = useCache ? readDatasetCache(root, stamp) : undefined;
  const folded = cached ?? foldMetrics(root);
  const builder = DatasetBuilder.from(folded.folds);
  const built = cached?.built?.timeZone === timeZone ? cached.built.posts : undefined;
  const dataset = builder.build(folded, timeZone, built);
  if (useCache && stamp !== '' && !built) writeDatasetCache(root, stamp, { ...folded, built: { timeZone, posts: builder.built(dataset) } });
  return { dataset, problems: folded.problems };
}

function foldMetrics(root: string): FoldedMetrics {
  const builder = new DatasetBuilder();
  const into = (row: PostsFileRow) => {
    if (isSnapshot(row)) builder.addSnapshot(row);
    else builder.addPublication(row);
  };
  const problems: string[] = [];
  for (const month of list(path.join(root, METRICS_DIR, 'posts'))) {
    for (const name of list(path.join(root, METRICS_DIR, 'posts', month))) {
      if (name.endsWith('.jsonl')) readRows<PostsFileRow>(root, `${METRICS_DIR}/posts/${month}/${name}`, acceptPostsRow, problems, into);
    }
  }
  const accounts = loadMetrics(root, { only: new Set(['accounts']) });
  problems.push(...accounts.problems);
  // The blog's page rows are read for their day and checked, not kept (no report reads them): only the UTM
  // rows are deduplicated, their keys never equal a page row's.
  const tagged: BlogRow[] = [];
  let blogFirstDay: string | undefined;
  for (const name of list(path.join(root, METRICS_DIR, 'blog'))) {
    if (!name.endsWith('.jsonl')) continue;
    readRows<BlogRow>(root, `${METRICS_DIR}/blog/${name}`, acceptBlogRow, problems, (row) => {
      if (blogFirstDay === undefined || row.d < blogFirstDay) blogFirstDay = row.d;
      if ('src' in row) tagged.push(row);
    });
  }
  const runs = loadMetrics(root, { only: new Set(['runs']) });
  problems.push(...runs.problems);
  return { folds: builder.folds(), accounts: [...accounts.accounts], blog: firstByKey(tagged, blogKey), blogFirstDay, runs: [...runs.runs], problems };
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
  if (wants('posts')) {
    const into = (row: PostsFileRow) => {
      if (isSnapshot(row)) snapshots.push(row);
      else publications.push(row);
    };
    for (const month of list(path.join(root, METRICS_DIR, 'posts'))) {
      if (options.fromMonth && month < options.fromMonth) continue;
      for (const name of list(path.join(root, METRICS_DIR, 'posts', month))) {
        if (name.endsWith('.jsonl')) readRows<PostsFileRow>(root, `${METRICS_DIR}/posts/${month}/${name}`, acceptPostsRow, problems, into);
      }
    }
  }
  const accounts: AccountRow[] = [];
  if (wants('accounts')) {
    for (const channel of list(path.join(root, METRICS_DIR, 'accounts'))) {
      if (!isChannelId(channel)) continue;
      for (const name of list(path.join(root, METRICS_DIR, 'accounts', channel))) if (name.endsWith('.jsonl')) readRows<AccountRow>(root, `${METRICS_DIR}/accounts/${channel}/${name}`, acceptAccountRow, problems, (row) => accounts.push(row));
    }
  }
  const blog: BlogRow[] = [];
  if (wants('blog')) for (const name of list(path.join(root, METRICS_DIR, 'blog'))) if (name.endsWith('.jsonl')) readRows<BlogRow>(root, `${METRICS_DIR}/blog/${name}`, acceptBlogRow, problems, (row) => blog.push(row));
  const runs: RunRow[] = [];
  if (wants('runs')) for (const name of list(path.join(root, METRICS_DIR, 'runs'))) if (name.endsWith('.jsonl')) readRows<RunRow>(root, `${METRICS_DIR}/runs/${name}`, acceptRunRow, problems, (row) => runs.push(row));
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
