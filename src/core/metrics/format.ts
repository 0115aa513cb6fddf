/**
 * On-disk layout of `data/metrics/`: append-only JSON-lines files, one writer concern per file, few files.
 *
 *   posts/<YYYY-MM>/<channel>.jsonl   publications of that (UTC) month on that channel: one descriptor row
 *                                     each, then their snapshot rows as milestones come
 *   accounts/<channel>/<YYYY>.jsonl   one row per day: followers, members
 *   blog/<YYYY-MM>.jsonl              one row per day × page and per day × UTM tags
 *   runs/<YYYY-MM>.jsonl              one row per collection run
 *
 * Why: a file per (month, channel) keeps a run's appends to ≤ 10 channels × the few months still being
 * measured, and a year of 10,000 posts × 10 channels in ~120 files (GitHub advises ≤ 3,000 entries per
 * directory); appended lines delta well in Git packs. Rows are never rewritten: a reader keeps the first
 * row per key (a reading taken twice by racing runs counts once), and runs merge with Git's union driver.
 */
import type { ChannelId } from '../channels.ts';
import { isChannelId } from '../channels.ts';
import type { AccountRow, BlogRow, PublicationRow, RunRow, SnapshotRow } from './model.ts';
import { milestone } from './model.ts';

export const METRICS_DIR = 'data/metrics';

export const month = (iso: string) => iso.slice(0, 7);

export function postsFile(publishedAt: string, channel: ChannelId): string {
  return `${METRICS_DIR}/posts/${month(publishedAt)}/${channel}.jsonl`;
}

export function accountsFile(channel: ChannelId, day: string): string {
  return `${METRICS_DIR}/accounts/${channel}/${day.slice(0, 4)}.jsonl`;
}

export function blogFile(day: string): string {
  return `${METRICS_DIR}/blog/${day.slice(0, 7)}.jsonl`;
}

export function runsFile(at: string): string {
  return `${METRICS_DIR}/runs/${month(at)}.jsonl`;
}

/** Rows serialised with their keys in a fixed order and no undefined values: diffs stay readable. */
export function serializeRow(row: object): string {
  return `${JSON.stringify(row)}\n`;
}

export type PostsFileRow = PublicationRow | SnapshotRow;

export function isSnapshot(row: PostsFileRow): row is SnapshotRow {
  return (row as SnapshotRow).age !== undefined;
}

export interface ParsedLines<T> {
  rows: T[];
  /** 1-based line numbers that are not rows (a bad merge, a hand edit): reported, skipped. */
  badLines: number[];
}

/** One line of a metrics file: the row, `undefined` for a blank line, `false` for a line that is not a row. */
export function parseRow<T>(line: string, accept: (value: Record<string, unknown>) => boolean): T | undefined | false {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return line.trim() === '' ? undefined : false;
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && accept(value as Record<string, unknown>)) return value as T;
  return line.trim() === '' ? undefined : false;
}

/** JSON lines, each validated by `accept`; blank lines ignored. */
export function parseLines<T>(text: string, accept: (value: Record<string, unknown>) => boolean): ParsedLines<T> {
  const rows: T[] = [];
  const badLines: number[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    if (end > start) {
      const row = parseRow<T>(text.slice(start, end), accept);
      if (row) rows.push(row);
      else if (row === false) badLines.push(lineNo);
    }
    start = end + 1;
  }
  return { rows, badLines };
}

export function acceptPostsRow(value: Record<string, unknown>): boolean {
  if (typeof value.post !== 'string' || !isChannelId(value.ch)) return false;
  if (value.age !== undefined) return typeof value.age === 'string' && milestone(value.age) !== undefined && typeof value.at === 'string' && typeof value.ageH === 'number';
  return typeof value.pub === 'string' && typeof value.rid === 'string';
}

export function acceptAccountRow(value: Record<string, unknown>): boolean {
  return isChannelId(value.ch) && typeof value.d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.d);
}

export function acceptBlogRow(value: Record<string, unknown>): boolean {
  return typeof value.d === 'string' && (typeof value.path === 'string' || typeof value.src === 'string');
}

export function acceptRunRow(value: Record<string, unknown>): boolean {
  return typeof value.run === 'string' && typeof value.at === 'string' && typeof value.channels === 'object';
}

export const pairId = (post: string, channel: string) => `${post}\u0000${channel}`;
export const snapshotKey = (row: Pick<SnapshotRow, 'post' | 'ch' | 'age'>) => `${row.post}\u0000${row.ch}\u0000${row.age}`;
export const accountKey = (row: Pick<AccountRow, 'ch' | 'd'>) => `${row.ch}\u0000${row.d}`;
export function blogKey(row: BlogRow): string {
  return 'path' in row ? `p\u0000${row.d}\u0000${row.path}` : `u\u0000${row.d}\u0000${row.src}\u0000${row.campaign ?? ''}\u0000${row.content ?? ''}`;
}

/** Keeps the first row of each key, in order: the reading that was stored first is the one that counts. */
export function firstByKey<T>(rows: Iterable<T>, key: (row: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const row of rows) {
    const k = key(row);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(row);
  }
  return out;
}

/** The text of a file with the lines whose key came earlier removed (used on the run's own appends after a merge). */
export function dropRepeatedLines(text: string, keyOf: (line: string) => string | undefined): { text: string; dropped: number } {
  const seen = new Set<string>();
  const kept: string[] = [];
  let dropped = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const key = keyOf(line);
    if (key !== undefined && seen.has(key)) {
      dropped++;
      continue;
    }
    if (key !== undefined) seen.add(key);
    kept.push(line);
  }
  return { text: kept.length ? `${kept.join('\n')}\n` : '', dropped };
}

/** The dedup key of any line of a metrics file, whatever its kind (undefined: leave the line alone). */
export function lineKey(line: string): string | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value.run === 'string' && value.channels) return `run\u0000${value.run}`;
  if (typeof value.post === 'string' && typeof value.ch === 'string') {
    return value.age !== undefined ? `s\u0000${snapshotKey(value as unknown as SnapshotRow)}` : `pub\u0000${pairId(value.post, value.ch)}`;
  }
  if (typeof value.ch === 'string' && typeof value.d === 'string') return `a\u0000${accountKey(value as unknown as AccountRow)}`;
  if (typeof value.d === 'string' && (typeof value.path === 'string' || typeof value.src === 'string')) return `b\u0000${blogKey(value as unknown as BlogRow)}`;
  return undefined;
}

export type { AccountRow, BlogRow, PublicationRow, RunRow, SnapshotRow };
