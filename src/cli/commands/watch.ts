import { toZonedIso } from '../../core/time.ts';
import { watchRun, type WatchReport } from '../../watch/run.ts';
import { suggestCrisisLevel } from '../../crisis/suggest.ts';
import { EXIT } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';
import { testClock } from './due.ts';

export const watchHelp = `Usage: cadence watch [--at ISO] [--dry-run] [--format text|json]

The e-reputation watch (docs/watch.md): reads the new mentions of every source enabled in
content/watch.mdx since its cursor, scores them (French sentiment, risk words), stores what Git may keep
under data/watch/ (no text, no handle: a keyed pseudonym, the URL, scores, risk words, a reach bucket;
daily aggregates), commits and pushes; then runs the spike rule and opens one GitHub issue per incident
(later runs comment on it), with a short Slack or Discord message. A source without credentials reads
samples/watch/ (on a GitHub runner only with CADENCE_OUTBOX=1). One failing source never stops the
others; its cursor does not move.

Options:
  --at <iso>      The instant (default: now), e.g. 2026-12-08T20:00:00+01:00
  --dry-run       Read and score, store nothing, open nothing
  --format <f>    text (default) or json (the run report)
  --root <dir>    The brand repository (default: the nearest folder with content/)
  -h, --help      Show this help

Environment: the sources' credentials (docs/watch.md, "Sources"), <SOURCE>_API_URL to override an API,
CADENCE_PSEUDONYM_KEY (required on a runner), GITHUB_TOKEN and GITHUB_REPOSITORY for the issue,
the webhook variables named in watch.mdx (notify), CADENCE_INTERNAL_URL (linked from the issue).

Exit codes: 0 ok, 1 a source failed, the issue could not be written or the push failed, 2 usage error.
`;

export async function watchCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('watch', args, { at: { type: 'string' }, 'dry-run': { type: 'boolean' }, format: { type: 'string' }, root: { type: 'string' } });
  if (values.help) {
    io.stdout(watchHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['text', 'json'] as const, 'text');
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const report = await watchRun({ root, nowMs, env: io.env, dryRun: Boolean(values['dry-run']), clock: testClock(io.env), suggest: suggestCrisisLevel });
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(formatWatch(report, report.timeZone));
  const failed = report.sources.some((s) => s.error) || report.gitError !== undefined || report.incident?.failed === true;
  return failed ? EXIT.problems : EXIT.ok;
}

const LEVELS: Record<string, string> = { none: 'nothing unusual', watch: 'watch (internal badge)', alert: 'ALERT', severe: 'SEVERE' };

export function formatWatch(report: WatchReport, timeZone: string): string {
  const lines = [`Watch at ${toZonedIso(report.atMs, timeZone)}${report.dryRun ? ' (dry run: nothing stored)' : ''}`];
  for (const s of report.sources) {
    const state = s.error ? `✖ ${s.error}` : s.skipped ? `skipped: ${s.skipped}` : `${s.read} read, ${s.stored} new`;
    lines.push(`  ${s.source.padEnd(9)} ${(s.via === 'none' ? '—' : s.via).padEnd(8)} ${state}`);
    for (const note of s.notes) lines.push(`  ${''.padEnd(18)} note: ${note}`);
  }
  if (report.sources.length === 0) lines.push('  no source enabled in content/watch.mdx');
  const expired = report.expired ? ` (${report.expired} older than the retention: not kept)` : '';
  lines.push(`Stored: ${report.stored} new mention${report.stored === 1 ? '' : 's'}${expired}${report.pushed ? ' (committed and pushed)' : ''}`);
  const v = report.verdict;
  const hours = (v.window.toMs - v.window.fromMs) / 3_600_000;
  lines.push(`Spike: ${v.observed} author${v.observed === 1 ? '' : 's'} of negative mentions in ${hours} h (expected ${v.expected}, ×${v.factor}, p = ${v.p < 0.001 ? v.p.toExponential(1) : v.p.toFixed(3)}${v.immature ? ', baseline immature' : ''}): ${LEVELS[v.level]}`);
  for (const reason of v.reasons) lines.push(`  ${reason}`);
  if (report.incident) {
    lines.push(`Incident ${report.incident.id}: ${report.incident.action}`);
    for (const m of report.incident.messages) lines.push(`  ${m}`);
  }
  if (report.gitError) lines.push(`✖ ${report.gitError}`);
  for (const p of report.problems) lines.push(`⚠ unreadable mention line ${p}`);
  return `${lines.join('\n')}\n`;
}
