/** Reading and appending `data/metrics/` in a brand repository's working tree (format: src/core/metrics/format.ts). */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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
  pairId,
  parseLines,
  serializeRow,
  snapshotKey,
  type PostsFileRow,
} from '../core/metrics/format.ts';
import type { MetricsData } from '../core/metrics/dataset.ts';
import type { AccountRow, BlogRow, PublicationRow, RunRow, SnapshotRow } from '../core/metrics/model.ts';

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

function readRows<T>(root: string, file: string, accept: (v: Record<string, unknown>) => boolean, problems: string[]): T[] {
  const parsed = parseLines<T>(readFileSync(path.join(root, file), 'utf8'), accept);
  for (const line of parsed.badLines) problems.push(`${file}:${line}`);
  return parsed.rows;
}

export interface LoadOptions {
  /** Only publication months from this one on (`YYYY-MM`): a collection run needs the last few. */
  fromMonth?: string;
  /** Leave out snapshots, accounts, blog or runs (a run needs only what is due). */
  only?: ReadonlySet<'posts' | 'accounts' | 'blog' | 'runs'>;
}

/** Every row of `data/metrics/`, the first of each key kept (a reading stored twice counts once). */
export function loadMetrics(root: string, options: LoadOptions = {}): LoadedMetrics {
  const problems: string[] = [];
  const wants = (part: 'posts' | 'accounts' | 'blog' | 'runs') => !options.only || options.only.has(part);
  const publications: PublicationRow[] = [];
  const snapshots: SnapshotRow[] = [];
  if (wants('posts')) {
    for (const month of list(path.join(root, METRICS_DIR, 'posts'))) {
      if (options.fromMonth && month < options.fromMonth) continue;
      for (const name of list(path.join(root, METRICS_DIR, 'posts', month))) {
        if (!name.endsWith('.jsonl')) continue;
        for (const row of readRows<PostsFileRow>(root, `${METRICS_DIR}/posts/${month}/${name}`, acceptPostsRow, problems)) {
          if (isSnapshot(row)) snapshots.push(row);
          else publications.push(row);
        }
      }
    }
  }
  const accounts: AccountRow[] = [];
  if (wants('accounts')) {
    for (const channel of list(path.join(root, METRICS_DIR, 'accounts'))) {
      if (!isChannelId(channel)) continue;
      for (const name of list(path.join(root, METRICS_DIR, 'accounts', channel))) if (name.endsWith('.jsonl')) accounts.push(...readRows<AccountRow>(root, `${METRICS_DIR}/accounts/${channel}/${name}`, acceptAccountRow, problems));
    }
  }
  const blog: BlogRow[] = [];
  if (wants('blog')) for (const name of list(path.join(root, METRICS_DIR, 'blog'))) if (name.endsWith('.jsonl')) blog.push(...readRows<BlogRow>(root, `${METRICS_DIR}/blog/${name}`, acceptBlogRow, problems));
  const runs: RunRow[] = [];
  if (wants('runs')) for (const name of list(path.join(root, METRICS_DIR, 'runs'))) if (name.endsWith('.jsonl')) runs.push(...readRows<RunRow>(root, `${METRICS_DIR}/runs/${name}`, acceptRunRow, problems));
  return {
    publications: firstByKey(publications, (p) => pairId(p.post, p.ch)),
    snapshots: firstByKey(snapshots, snapshotKey),
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
  appendFileSync(absolute, rows.map(serializeRow).join(''));
  return file;
}

export function hasMetrics(root: string): boolean {
  return existsSync(path.join(root, METRICS_DIR));
}

export type { ChannelId };
