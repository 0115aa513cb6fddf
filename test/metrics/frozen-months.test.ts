/**
 * Frozen months: the monthly job (`cadence report --month M --freeze`, metrics.yml) commits
 * data/reports/<month>/, and the internal site then reads the month instead of computing it. A frozen month
 * must show what a computed one shows (same instant, same data), and the site must not rebuild it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorialLine } from '../../bench/generate.ts';
import { freezeMonth, writeMetricsData } from '../../bench/metrics-data.ts';
import { InputError } from '../../src/core/errors.ts';
import { buildReport, monthPeriod } from '../../src/core/metrics/report.ts';
import { frozenReportFiles, isFrozen, readFrozenReport, writeFrozenReport } from '../../src/metrics/report/freeze.ts';
import { loadReportSources } from '../../src/metrics/report/load.ts';
import { periodLabel, reportBodyHtml, reportCsv } from '../../src/metrics/report/render.ts';
import { loadReporting } from '../../src/site/reporting.ts';
import { runCli } from '../helpers/brand.ts';

const AT = '2028-01-08T06:00:00Z';
/** The SVG ids count the charts drawn so far in the process (src/site/charts.ts): not part of what a page says. */
const withoutIds = (html: string) => html.replace(/\b(chart|hatch)-\d+/g, '$1-n');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function brand(options: { monthly?: boolean } = {}): { root: string; frozen: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'cadence-frozen-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'content'), { recursive: true });
  writeFileSync(path.join(root, 'content/editorial-line.mdx'), editorialLine());
  const frozen: string[] = [];
  writeMetricsData(root, { posts: 150, seed: 5, ...(options.monthly ? { onMonthlyRun: (atMs: number) => frozen.push(freezeMonth(root, atMs)) } : {}) });
  return { root, frozen };
}

describe('frozen months', () => {
  it('the site shows a frozen month as it shows the computed one, and reads it without computing it', () => {
    const { root } = brand();
    const computedRoot = `${root}-computed`;
    dirs.push(computedRoot);
    cpSync(root, computedRoot, { recursive: true });
    const sources = loadReportSources(root);
    const atMs = Date.parse(AT);
    const months = [...new Set(sources.dataset.posts.map((p) => p.day.slice(0, 7)))].sort();
    expect(months).toHaveLength(12);
    for (const month of months) writeFrozenReport(root, month, buildReport({ dataset: sources.dataset, line: sources.line, period: monthPeriod(month), atMs, replies: sources.replies }));

    const computed = loadReporting(computedRoot, sources.line, atMs);
    const pages = computed.months.map((m) => {
      const report = computed.month(m);
      // A frozen report.json is read up to its post rows: they must stay the report's last key.
      expect(Object.keys(report).at(-1)).toBe('posts');
      return { label: periodLabel(report), period: report.period, body: withoutIds(reportBodyHtml(report)), csv: computed.monthCsv(m), json: JSON.stringify(report) };
    });
    const frozen = loadReporting(root, sources.line, atMs);
    expect(frozen.months).toEqual(computed.months);
    frozen.months.forEach((m, i) => {
      expect(isFrozen(root, m)).toBe(true);
      const report = frozen.month(m);
      expect({ label: periodLabel(report), period: report.period, body: withoutIds(reportBodyHtml(report)), csv: frozen.monthCsv(m), json: JSON.stringify(report) }).toEqual(pages[i]);
    });
    // Some slot has a single post: its interval is NaN, null once frozen; the page says the same.
    expect(pages.some((p) => p.json.includes('"low":null'))).toBe(true);
    // The report the site shows is the frozen one: a frozen file changed by hand (here, its date) is what it shows.
    const file = path.join(root, 'data/reports', months[3]!, 'report.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"generatedAt": "[^"]+"/, '"generatedAt": "2027-05-08T05:43:00.000Z"'));
    expect(loadReporting(root, sources.line, atMs + 1).month(months[3]!).generatedAt).toBe('2027-05-08T05:43:00.000Z');
  });

  it('a frozen month is read up to its rows (parsed only for its JSON or CSV); a damaged file is an error naming it; a file written otherwise is read whole', () => {
    const { root, frozen } = brand({ monthly: true });
    // The monthly job of each month of the year (the 8th of the next one), up to the data's instant.
    expect(frozen).toEqual(['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11', '2027-12']);
    const file = path.join(root, 'data/reports/2027-03/report.json');
    const text = readFileSync(file, 'utf8');
    const whole = JSON.parse(text) as { posts: unknown[]; generatedAt: string };
    expect(whole.generatedAt).toBe('2027-04-08T05:43:00.000Z');
    expect(JSON.stringify(readFrozenReport(root, '2027-03'))).toBe(JSON.stringify(whole));
    // A row damaged (the file's end intact): the month shows; its rows, asked for, are an error naming the file.
    const rowsAt = text.indexOf('\n  "posts": ');
    writeFileSync(file, text.slice(0, rowsAt) + text.slice(rowsAt).replace('"post": "', '"post": ]'));
    const head = readFrozenReport(root, '2027-03')!;
    expect(head.generatedAt).toBe(whole.generatedAt);
    expect(() => head.posts).toThrow(/data\/reports\/2027-03\/report.json is not a report that cadence wrote .*--force/);
    // Cut short: read whole, the same error.
    writeFileSync(file, text.slice(0, text.length - 100));
    expect(() => readFrozenReport(root, '2027-03')).toThrow(InputError);
    // Compact (not as the job writes it): parsed whole.
    writeFileSync(file, JSON.stringify(whole));
    expect(readFrozenReport(root, '2027-03')!.posts).toHaveLength(whole.posts.length);
  });

  it('cadence report --freeze commits data/reports/<month>/ (the four formats) and reuses it the next time', async () => {
    const { root } = brand();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@x', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'brand');
    const at = '2027-07-08T05:43:00Z';
    const first = await runCli(['report', '--month', '2027-06', '--freeze', '--at', at, '--format', 'csv'], root, {});
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('data/reports/2027-06/ committed');
    expect(git('show', '--name-only', '--format=%s', 'HEAD').trim().split('\n')).toEqual(['cadence: report 2027-06', '', ...['report.csv', 'report.html', 'report.json', 'report.md'].map((f) => `data/reports/2027-06/${f}`)]);
    const sources = loadReportSources(root);
    const expected = frozenReportFiles(buildReport({ dataset: sources.dataset, line: sources.line, period: monthPeriod('2027-06'), atMs: Date.parse(at), replies: sources.replies }));
    for (const [name, text] of Object.entries(expected)) expect(withoutIds(readFileSync(path.join(root, 'data/reports/2027-06', name), 'utf8'))).toBe(withoutIds(text));
    expect(first.stdout).toBe(expected['report.csv']);
    expect(reportCsv(readFrozenReport(root, '2027-06')!)).toBe(expected['report.csv']);
    // Later, with other readings: the frozen month is reused as it was.
    const again = await runCli(['report', '--month', '2027-06', '--freeze', '--at', '2027-09-08T05:43:00Z', '--format', 'json'], root, {});
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('is frozen; reusing it');
    expect(again.stdout).toBe(expected['report.json']);
    expect(existsSync(path.join(root, 'data/reports/2027-07'))).toBe(false);
  });
});
