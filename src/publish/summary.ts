/** The per-channel summary of a publish run: text for the terminal, Markdown for GitHub's job summary. */
import { CHANNEL_IDS, CHANNEL_LABELS, type ChannelId } from '../core/channels.ts';
import { toZonedIso } from '../core/time.ts';
import type { Outcome, OutcomeKind, RunReport } from './run.ts';

const COLUMNS: readonly OutcomeKind[] = ['published', 'reconciled', 'retracted', 'would-publish', 'failed', 'unconfirmed', 'blocked', 'unapproved', 'unavailable', 'held', 'busy'];

const SYMBOL: Record<OutcomeKind, string> = {
  published: '✓',
  reconciled: '✓',
  retracted: '⌫',
  'would-publish': '→',
  failed: '✖',
  unconfirmed: '?',
  blocked: '✖',
  unapproved: '✋',
  unavailable: '✖',
  held: '⏸',
  busy: '…',
};

function byChannel(outcomes: readonly Outcome[]): Map<ChannelId, Outcome[]> {
  const map = new Map<ChannelId, Outcome[]>();
  for (const channel of CHANNEL_IDS) {
    const list = outcomes.filter((o) => o.channel === channel);
    if (list.length) map.set(channel, list);
  }
  return map;
}

function counts(list: readonly Outcome[]): string {
  return COLUMNS.map((kind) => [kind, list.filter((o) => o.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

export function formatRunText(report: RunReport): string {
  const lines: string[] = [];
  const when = toZonedIso(report.atMs, report.timeZone);
  lines.push(`${report.dryRun ? 'cadence publish --dry-run' : 'cadence publish'} at ${when}`);
  const groups = byChannel(report.outcomes);
  if (groups.size === 0) lines.push('nothing due');
  for (const [channel, list] of groups) {
    lines.push(`${CHANNEL_LABELS[channel]}: ${counts(list)}`);
    for (const o of list) {
      const detail = o.url ?? o.message ?? (o.adapter ? `via ${o.adapter}` : '');
      lines.push(`  ${SYMBOL[o.kind]} ${o.postId} ${o.kind}${o.action !== 'publish' ? ` (${o.action})` : ''}${detail ? `  ${detail}` : ''}`);
    }
  }
  lines.push(...footnotes(report));
  return `${lines.join('\n')}\n`;
}

function footnotes(report: RunReport): string[] {
  const lines: string[] = [];
  for (const e of report.plan.edited) {
    lines.push(`⚠ ${e.postId} (${e.channel}) was edited after it was published${e.url ? ` (${e.url})` : ''}: not reposted; edit it on the network or retract it`);
  }
  for (const s of report.plan.stuck) lines.push(`⚠ ${s.postId} (${s.channel}) needs attention: ${s.reason}`);
  for (const u of report.plan.unschedulable) lines.push(`⚠ ${u.postId} (${u.channel}) cannot be scheduled: ${u.reason}`);
  for (const p of report.ledgerProblems) lines.push(`⚠ unreadable ledger line ${p} (skipped)`);
  if (report.gitError) lines.push(`✖ ${report.gitError}`);
  return lines;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function formatRunMarkdown(report: RunReport): string {
  const when = toZonedIso(report.atMs, report.timeZone);
  const out: string[] = [`## Cadence publish${report.dryRun ? ' (dry run)' : ''} — ${when}`, ''];
  const groups = byChannel(report.outcomes);
  if (groups.size === 0) out.push('Nothing due.', '');
  else {
    const used = COLUMNS.filter((k) => report.outcomes.some((o) => o.kind === k));
    out.push(`| Channel | ${used.join(' | ')} |`, `| --- | ${used.map(() => '---:').join(' | ')} |`);
    for (const [channel, list] of groups) out.push(`| ${CHANNEL_LABELS[channel]} | ${used.map((k) => list.filter((o) => o.kind === k).length || '').join(' | ')} |`);
    out.push('', '| | Post | Channel | Result | Details |', '| --- | --- | --- | --- | --- |');
    for (const o of report.outcomes) {
      const detail = o.url ?? o.message ?? '';
      out.push(`| ${SYMBOL[o.kind]} | \`${o.postId}\` | ${CHANNEL_LABELS[o.channel]} | ${o.kind}${o.action !== 'publish' ? ` (${o.action})` : ''} | ${escapeCell(detail)} |`);
    }
    out.push('');
  }
  const notes = footnotes(report);
  if (notes.length) out.push(...notes.map((n) => `- ${escapeCell(n)}`), '');
  return `${out.join('\n')}\n`;
}
