import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildReport, monthPeriod, type Report, type ReportPeriod } from '../../core/metrics/report.ts';
import { localDay } from '../../core/calendar/model.ts';
import { githubClientFromEnv } from '../../github/octokit.ts';
import { commitAndPush, openLedgerRepo, syncWithRemote } from '../../publish/git.ts';
import { attachToIssue } from '../../metrics/report/attach.ts';
import { readFrozenReport, writeFrozenReport } from '../../metrics/report/freeze.ts';
import { loadReportSources } from '../../metrics/report/load.ts';
import { htmlToPdf } from '../../metrics/report/pdf.ts';
import { periodLabel, reportCsv, reportHtml, reportMarkdown } from '../../metrics/report/render.ts';
import { reportingStrings } from '../../site/reporting-i18n.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';

export const reportHelp = `Usage: cadence report [options]

The KPI report of a period, in the brand's locale: objectives against their targets with a verdict and
the pace to the deadline; per network, pillar, campaign and posting slot; top and bottom publications by
lift over their network's baseline; posts worth a paid boost; best slots (with enough data, shrunk
toward the network's mean); A/B cross-tests with the probability that B beats A. Reads data/metrics/
(see \`cadence metrics\`) and the editorial line.

Options:
  --month <YYYY-MM>   The month (default: the previous month of --at)
  --from <day> --to <day>  Any period instead (YYYY-MM-DD, inclusive)
  --format <f>        markdown (default), html, csv (one row per publication, French Excel), json, pdf
  --output <file>     Write there instead of printing (required for pdf)
  --at <iso>          The instant (default: now)
  --freeze            Commit data/reports/<month>/ (report.json, .md, .csv, .html): the client's report no
                      longer changes when late readings arrive; an existing one is reused (--force redoes it)
  --attach issue      Create or update the month's GitHub issue with the report (GITHUB_TOKEN, GITHUB_REPOSITORY)
  --root <dir>        The brand repository (default: the nearest folder with content/)
  -h, --help          Show this help
`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function reportCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('report', args, {
    month: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    at: { type: 'string' },
    freeze: { type: 'boolean' },
    force: { type: 'boolean' },
    attach: { type: 'string' },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(reportHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['markdown', 'html', 'csv', 'json', 'pdf'] as const, 'markdown');
  const attach = values.attach === undefined ? undefined : oneOf('attach', values.attach as string, ['issue'] as const, 'issue');
  const atMs = parseAt(values.at as string | undefined, Date.now());
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const sources = loadReportSources(root);
  const period = parsePeriod(values as Record<string, unknown>, atMs, sources.line.brand.timezone);
  if (format === 'pdf' && !values.output) throw new UsageError('--format pdf needs --output <file.pdf>');
  if ((values.freeze || attach) && !period.month) throw new UsageError('--freeze and --attach work on a --month');

  const frozen = values.freeze && period.month && !values.force ? readFrozenReport(root, period.month) : undefined;
  let report: Report;
  if (frozen) {
    report = frozen;
    io.stderr(`cadence report: data/reports/${period.month}/report.json is frozen; reusing it (--force to compute it again)\n`);
  } else {
    report = buildReport({ dataset: sources.dataset, line: sources.line, period, atMs, replies: sources.replies });
  }
  for (const p of sources.problems) io.stderr(`cadence report: unreadable line ${p}, skipped\n`);

  if (values.freeze && period.month) {
    const repo = await openLedgerRepo(root);
    await syncWithRemote(repo);
    const rel = writeFrozenReport(root, period.month, report);
    try {
      const result = await commitAndPush(repo, rel, `cadence: report ${period.month}`);
      io.stderr(`cadence report: data/reports/${period.month}/ ${result.committed ? 'committed' : 'unchanged'}${result.pushed ? ' and pushed' : ''}\n`);
    } catch (error) {
      io.stderr(`cadence report: data/reports/${period.month}/ written but not pushed: ${(error as Error).message}\n`);
      return EXIT.problems;
    }
  }

  const rendered = await render(report, format, io.env);
  if (values.output) {
    const out = path.resolve(io.cwd, values.output as string);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, rendered);
    io.stderr(`cadence report: wrote ${path.relative(io.cwd, out) || out}\n`);
  } else io.stdout(typeof rendered === 'string' ? rendered : rendered.toString('utf8'));

  if (attach) {
    const s = reportingStrings(report.locale);
    const title = `${report.brand} — ${s.reportTitle(periodLabel(report))}`;
    const server = io.env.GITHUB_SERVER_URL || 'https://github.com';
    const links = io.env.GITHUB_REPOSITORY ? `\n---\n[CSV](${server}/${io.env.GITHUB_REPOSITORY}/blob/HEAD/data/reports/${period.month}/report.csv) · [HTML](${server}/${io.env.GITHUB_REPOSITORY}/blob/HEAD/data/reports/${period.month}/report.html)\n` : '';
    const result = await attachToIssue(githubClientFromEnv(io.env), io.env.GITHUB_REPOSITORY, title, `${reportMarkdown(report)}${links}`);
    if (!result.ok) {
      io.stderr(`cadence report: could not attach the report: ${result.message}\n`);
      return EXIT.problems;
    }
    io.stderr(`cadence report: ${result.created ? 'opened' : 'updated'} ${result.url}\n`);
  }
  return EXIT.ok;
}

async function render(report: Report, format: 'markdown' | 'html' | 'csv' | 'json' | 'pdf', env: NodeJS.ProcessEnv): Promise<string | Buffer> {
  switch (format) {
    case 'markdown':
      return reportMarkdown(report);
    case 'html':
      return reportHtml(report);
    case 'csv':
      return reportCsv(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'pdf':
      return htmlToPdf(reportHtml(report), env, `${report.brand} — ${periodLabel(report)}`);
  }
}

function parsePeriod(values: Record<string, unknown>, atMs: number, timeZone: string): ReportPeriod {
  const month = values.month as string | undefined;
  const from = values.from as string | undefined;
  const to = values.to as string | undefined;
  if (month !== undefined) {
    if (from || to) throw new UsageError('give --month or --from/--to, not both');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month must be YYYY-MM (got "${month}")`);
    return monthPeriod(month);
  }
  if (from || to) {
    if (!from || !to || !DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`))) throw new UsageError('--from and --to must both be days (YYYY-MM-DD)');
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    return { from, to };
  }
  const today = localDay(atMs, timeZone);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  return monthPeriod(previous);
}
