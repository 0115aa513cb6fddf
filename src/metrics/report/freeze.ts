/**
 * A month's frozen report: what `cadence report --month M --freeze` (the monthly job, metrics.yml) writes in
 * data/reports/<month>/ and commits, so that the client's report no longer changes when late readings come
 * in; the internal site reads a frozen month instead of computing it again (src/site/reporting.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
  return { 'report.json': `${JSON.stringify(report, null, 2)}\n`, 'report.md': reportMarkdown(report), 'report.csv': reportCsv(report), 'report.html': reportHtml(report) };
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

/** A frozen file's text, or undefined when the month has no such file. */
export function readFrozen(root: string, month: string, name: FrozenName): string | undefined {
  const file = path.join(root, frozenFile(month, name));
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

const POSTS_KEY = '\n  "posts": ';

/**
 * The frozen report.json of a month, or undefined when the month was not frozen. Its post rows (the last
 * key, nine tenths of the file: a row per publication) are parsed when read, each time, not here: the site's
 * month page shows none of them and its CSV is the frozen report.csv, so twelve months parse a tenth of
 * their bytes and keep no rows alive.
 */
export function readFrozenReport(root: string, month: string): Report | undefined {
  const file = path.join(root, frozenFile(month, 'report.json'));
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  const at = bytes.indexOf(POSTS_KEY);
  // As JSON.stringify(report, null, 2) writes it, a top-level key is a line indented by two spaces (no
  // string holds a newline): `posts` must be the last one. Otherwise (a file written another way) all is parsed.
  if (at < 0 || bytes[at - 1] !== 0x2c || bytes.indexOf('\n  "', at + 1) >= 0) return JSON.parse(bytes.toString('utf8')) as Report;
  const head = JSON.parse(`${bytes.toString('utf8', 0, at - 1)}\n}`) as Omit<Report, 'posts'>;
  return Object.defineProperty(head, 'posts', { enumerable: true, get: () => (JSON.parse(readFileSync(file, 'utf8')) as Report).posts }) as Report;
}
