/**
 * A month's frozen report: what `cadence report --month M --freeze` (the monthly job, metrics.yml) writes in
 * data/reports/<month>/ and commits, so that the client's report no longer changes when late readings come
 * in; the internal site reads a frozen month instead of computing it again (src/site/reporting.ts).
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../core/errors.ts';
import type { Report } from '../../core/metrics/report.ts';
import { reportCsv, reportHtml, reportMarkdown } from './render.ts';

export const REPORTS_DIR = 'data/reports';

/** data/reports/<month>/<name>, relative to the brand repository. */
export function frozenFile(month: string, name: FrozenName): string {
  return `${REPORTS_DIR}/${month}/${name}`;
}

export type FrozenName = 'report.json' | 'report.md' | 'report.csv' | 'report.html';

/** The frozen files' texts: the report itself (JSON) and the three formats a client reads. */
export function frozenReportFiles(report: Report): Record<FrozenName, string> {
  // `posts` is made each time it is read (a getter, still the last key): made once here for the JSON and the CSV.
  const plain: Report = { ...report };
  return { 'report.json': `${JSON.stringify(plain, null, 2)}\n`, 'report.md': reportMarkdown(plain), 'report.csv': reportCsv(plain), 'report.html': reportHtml(plain) };
}

/** Writes data/reports/<month>/ in the working tree; returns the files written, relative to `root` (to commit). */
export function writeFrozenReport(root: string, month: string, report: Report): string[] {
  mkdirSync(path.join(root, REPORTS_DIR, month), { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(frozenReportFiles(report)) as [FrozenName, string][]) {
    const file = frozenFile(month, name);
    writeFileSync(path.join(root, file), text);
    written.push(file);
  }
  return written;
}

/** Whether the monthly job froze this month. */
export function isFrozen(root: string, month: string): boolean {
  return existsSync(path.join(root, frozenFile(month, 'report.json')));
}

/** A frozen file's bytes (sent as they are: a CSV is 2 MB of accented text, costly to decode), or undefined when the month has no such file. */
export function readFrozen(root: string, month: string, name: FrozenName): Buffer | undefined {
  try {
    return readFileSync(path.join(root, frozenFile(month, name)));
  } catch {
    return undefined;
  }
}

const POSTS_KEY = '\n  "posts": ';
/** How the file ends when `posts` is its last key: its array closed at the top level (or empty). */
const POSTS_END = ['\n  ]\n}\n', '"posts": []\n}\n'];
const CHUNK = 1024 * 1024;

/**
 * The frozen report.json of a month, or undefined when the month was not frozen. Its post rows (the last
 * key, nine tenths of the file: a row per publication) are read and parsed when asked for, each time, not
 * here: the site's month page shows none of them and its CSV is the frozen report.csv, so twelve months read
 * the first tenth of their bytes and keep no rows alive. (`buildReport` keeps `posts` the last key.)
 */
export function readFrozenReport(root: string, month: string): Report | undefined {
  const file = path.join(root, frozenFile(month, 'report.json'));
  if (!existsSync(file)) return undefined;
  const whole = () => parseReport(readFileSync(file, 'utf8'), month);
  const fd = openSync(file, 'r');
  let head = Buffer.alloc(0);
  let at = -1;
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 32));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (!POSTS_END.some((end) => tail.toString('utf8').endsWith(end))) return whole();
    // As JSON.stringify(report, null, 2) writes it, a top-level key starts a line indented by two spaces (no
    // string holds a newline): read until the posts key.
    while (at < 0 && head.length < size) {
      const chunk = Buffer.alloc(Math.min(CHUNK, size - head.length));
      const got = readSync(fd, chunk, 0, chunk.length, head.length);
      if (got === 0) break;
      const from = Math.max(0, head.length - POSTS_KEY.length);
      head = Buffer.concat([head, chunk.subarray(0, got)]);
      at = head.indexOf(POSTS_KEY, from);
    }
  } finally {
    closeSync(fd);
  }
  if (at <= 0 || head[at - 1] !== 0x2c /* , */) return whole();
  const report = parseReport(`${head.toString('utf8', 0, at - 1)}\n}`, month) as Omit<Report, 'posts'>;
  return Object.defineProperty(report, 'posts', { enumerable: true, get: () => whole().posts }) as Report;
}

function parseReport(text: string, month: string): Report {
  try {
    return JSON.parse(text) as Report;
  } catch (error) {
    throw new InputError(`${frozenFile(month, 'report.json')} is not a report that cadence wrote (${(error as Error).message}): restore it from Git, or make it again with cadence report --month ${month} --freeze --force`);
  }
}
