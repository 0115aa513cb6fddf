import { appendFileSync } from 'node:fs';
import { metricsFailed, metricsRun, type MetricsFault, type MetricsRunReport } from '../../metrics/collect.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';
import { parseChannels, testClock } from './due.ts';

export const metricsHelp = `Usage: cadence metrics [options]

Reads back the metrics of every publication of the ledger at +1 h, +24 h, +7 d, +28 d and +90 d (a
reading a late run missed is taken at the next run, marked late with its real age), every account's
followers once a day, and the blog's analytics (Plausible) for each complete day; appends them to
data/metrics/ and commits and pushes them. A counter a network does not have is null, never 0. A channel
without credentials reads the seeded history of samples/metrics/network/ (the outbox's). One failing
channel (429, expired token, a retired metric) never stops the others.

Options:
  --at <iso>          The instant (default: now), e.g. 2026-12-08T18:00:00+01:00
  --dry-run           Show the readings due; read, write and commit nothing
  --channel <id>      Only this channel (repeat, or separate with commas)
  --format <f>        text (default) or json (the run report)
  --root <dir>        The brand repository (default: the nearest folder with content/)
  -h, --help          Show this help

Environment: the networks' credentials (docs/publishing.md); PLAUSIBLE_API_KEY, PLAUSIBLE_SITE_ID,
PLAUSIBLE_API_URL for the blog; DISCORD_INVITE_CODE for Discord members; BLUESKY_APPVIEW_URL.
See docs/metrics.md.

Exit codes: 0 every channel was read, 1 a channel failed or the data could not be pushed, 2 usage error.
`;

export async function metricsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('metrics', args, {
    at: { type: 'string' },
    'dry-run': { type: 'boolean' },
    channel: { type: 'string', multiple: true },
    format: { type: 'string' },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(metricsHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['text', 'json'] as const, 'text');
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  const channels = parseChannels(values.channel);
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const fault = io.env.CADENCE_FAULT as MetricsFault | undefined;
  if (fault !== undefined && fault !== 'after-read') throw new UsageError(`CADENCE_FAULT must be after-read for cadence metrics (got "${fault}")`);
  const report = await metricsRun({ root, nowMs, clock: testClock(io.env), dryRun: Boolean(values['dry-run']), env: io.env, ...(channels ? { channels } : {}), ...(fault ? { fault } : {}) });
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatMetricsText(report));
  if (io.env.GITHUB_STEP_SUMMARY) appendFileSync(io.env.GITHUB_STEP_SUMMARY, `### cadence metrics\n\n\`\`\`\n${formatMetricsText(report)}\`\`\`\n`);
  return metricsFailed(report) ? EXIT.problems : EXIT.ok;
}

export function formatMetricsText(report: MetricsRunReport): string {
  const lines: string[] = [];
  if (report.dryRun) {
    lines.push(`Readings due at ${new Date(report.atMs).toISOString()}:`);
    if (report.planned.length === 0) lines.push('  nothing');
    for (const p of report.planned) lines.push(`  ${p.channel.padEnd(9)} +${p.milestone.padEnd(4)} ${p.post}${p.late ? '  (late)' : ''}`);
    for (const c of report.channels) if (c.error) lines.push(`✖ ${c.error}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`Metrics at ${new Date(report.atMs).toISOString()} (run ${report.run}):`);
  for (const c of report.channels) {
    const parts = [`${c.readings} reading${c.readings === 1 ? '' : 's'}`];
    if (c.late) parts.push(`${c.late} late`);
    if (c.missed) parts.push(`${c.missed} milestone${c.missed === 1 ? '' : 's'} missed`);
    if (c.notFound) parts.push(`${c.notFound} no longer on the network`);
    if (c.followers !== undefined && c.followers !== null) parts.push(`${c.followers} followers`);
    if (c.members !== undefined && c.members !== null) parts.push(`${c.members} members`);
    if (c.accountDays > 1) parts.push(`${c.accountDays} days of account history`);
    if (c.limits) parts.push('posts not measurable here');
    const via = c.via === 'outbox' ? ' (outbox: seeded history)' : '';
    lines.push(`${c.error ? '✖' : '✓'} ${c.channel.padEnd(9)} ${parts.join(', ')}${via}`);
    if (c.error) lines.push(`    ${c.error}`);
  }
  if (report.blogDays) lines.push(`✓ blog analytics: ${report.blogDays} day${report.blogDays === 1 ? '' : 's'}`);
  if (report.blogError) lines.push(`✖ ${report.blogError}`);
  for (const p of report.problems) lines.push(`⚠ unreadable line ${p}`);
  if (report.recovered.length) lines.push(`⚠ ${report.recovered.length} file${report.recovered.length === 1 ? '' : 's'} of data/metrics/ an interrupted run had not committed: committed now (${report.recovered.join(', ')})`);
  if (report.gitError) lines.push(`✖ ${report.gitError}`);
  else if (report.files.length) lines.push(`${report.files.length} file${report.files.length === 1 ? '' : 's'} of data/metrics/ ${report.pushed ? 'committed and pushed' : 'written'}`);
  return `${lines.join('\n')}\n`;
}
