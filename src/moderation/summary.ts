/** The summary of a moderation run: text for the terminal, Markdown for GitHub's job summary. No third party's words: ids and rules only. */
import { CHANNEL_LABELS } from '../core/channels.ts';
import { toZonedIso } from '../core/time.ts';
import type { PatternOverrun } from './pattern-budget.ts';
import type { ChannelReport, ItemReport, ModerateReport } from './run.ts';

function overrunLine(o: PatternOverrun): string {
  return `pattern « ${o.source} »${o.rules?.length ? ` (rule ${o.rules.join(', ')})` : ''} ran past its time budget on ${o.overruns} repl${o.overruns === 1 ? 'y' : 'ies'}: ${o.stopped ? 'it was not run again in this run, and every reply it had to read went' : 'those went'} to the queue for a person. Simplify it: \`cadence lint content/netiquette.mdx\``;
}

const SYMBOL: Record<ItemReport['result'], string> = {
  none: '·',
  hidden: '⊘',
  reported: '⚠',
  flagged: '⚑',
  shadow: '◌',
  failed: '✖',
  unconfirmed: '?',
  busy: '…',
  'would-hide': '→',
  'would-report': '→',
  'would-flag': '→',
};

function minutes(seconds: number): string {
  return seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

function counts(c: ChannelReport): string {
  const n = (r: ItemReport['result']) => c.items.filter((i) => i.result === r).length;
  const parts = [`${c.read} read`];
  for (const [r, label] of [['hidden', 'hidden'], ['reported', 'reported'], ['flagged', 'flagged'], ['would-hide', 'would hide'], ['would-report', 'would report'], ['would-flag', 'would flag'], ['shadow', 'shadow'], ['failed', 'failed'], ['unconfirmed', 'unconfirmed']] as const) {
    if (n(r)) parts.push(`${n(r)} ${label}`);
  }
  const degraded = c.items.filter((i) => i.degradedFrom).length;
  if (degraded) parts.push(`${degraded} degraded to a flag`);
  if (c.toAnswer.length) parts.push(`${c.toAnswer.length} to answer`);
  if (c.firstReplies.length) parts.push(`${c.firstReplies.length} answered (first reply after ${c.firstReplies.map((f) => minutes(f.seconds)).join(', ')})`);
  if (c.settled.length) parts.push(`${c.settled.length} earlier action(s) settled`);
  return parts.join(' · ');
}

function itemLine(i: ItemReport): string | undefined {
  if (i.result === 'none' && !i.question) return undefined;
  const what = i.result === 'none' ? 'question' : i.result;
  const rule = i.rule ? `  ${i.rule}` : '';
  const degraded = i.degradedFrom ? ` (${i.degradedFrom} → flag: ${i.why === 'breaker' ? 'circuit breaker' : i.why === 'nested' ? 'nested reply' : i.why === 'not-own-thread' ? "not the brand's thread" : 'not possible on this network'})` : '';
  const queue = i.queue ? `  queue ${i.queue}` : '';
  return `  ${SYMBOL[i.result]} ${i.interaction} ${what}${rule}${degraded}${queue}${i.message ? `  ${i.message}` : ''}`;
}

export function formatModerationText(report: ModerateReport): string {
  const lines = [`${report.dryRun ? 'cadence moderate --dry-run' : 'cadence moderate'} at ${toZonedIso(report.atMs, report.timeZone)} (queue: ${report.queue === 'github' ? 'GitHub issues' : '.cadence/moderation/queue.jsonl'})`];
  if (report.breaker.tripped) {
    lines.push(`✖ CIRCUIT BREAKER: this run would have hidden or reported ${report.breaker.wouldHide} of ${report.breaker.read} interactions (${Math.round(report.breaker.share * 100)} %, limit ${Math.round(report.breaker.limit * 100)} %). Nothing was hidden or reported: everything went to the queue. Check the charter's rules (a bad rule?) or the situation (a crisis?).`);
  }
  for (const o of report.patternOverruns) lines.push(`✖ PATTERN TOO SLOW: ${overrunLine(o)}`);
  if (report.channels.length === 0) lines.push('no channel to moderate');
  for (const c of report.channels) {
    const head = `${CHANNEL_LABELS[c.channel]}${c.via ? ` (${c.via === 'inbox' ? 'local inbox' : c.adapter})` : ''}`;
    if (c.status !== 'ok') {
      lines.push(`${head}: ${c.status}${c.message ? `: ${c.message}` : ''}`);
      continue;
    }
    lines.push(`${head}: ${c.read === 0 && !c.settled.length && !c.toAnswer.length ? 'nothing new' : counts(c)}`);
    for (const i of c.items) {
      const line = itemLine(i);
      if (line) lines.push(line);
    }
    for (const e of c.errors) lines.push(`  ✖ ${e}`);
  }
  for (const p of report.logProblems) lines.push(`⚠ unreadable log line ${p} (skipped)`);
  if (report.gitError) lines.push(`✖ ${report.gitError}`);
  return `${lines.join('\n')}\n`;
}

export function formatModerationMarkdown(report: ModerateReport): string {
  const out = [`## Cadence moderate${report.dryRun ? ' (dry run)' : ''} — ${toZonedIso(report.atMs, report.timeZone)}`, ''];
  if (report.breaker.tripped) out.push(`> [!CAUTION]\n> Circuit breaker: ${report.breaker.wouldHide} of ${report.breaker.read} interactions would have been hidden or reported (limit ${Math.round(report.breaker.limit * 100)} %). Nothing was hidden; everything is in the queue.`, '');
  for (const o of report.patternOverruns) out.push(`> [!WARNING]\n> The ${overrunLine(o)}`, '');
  out.push('| Channel | Status | Summary |', '| --- | --- | --- |');
  for (const c of report.channels) out.push(`| ${CHANNEL_LABELS[c.channel]} | ${c.status} | ${(c.status === 'ok' ? counts(c) : (c.message ?? '')).replace(/\|/g, '\\|')} |`);
  if (report.gitError) out.push('', `- ${report.gitError}`);
  return `${out.join('\n')}\n`;
}
