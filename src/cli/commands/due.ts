import { isChannelId, type ChannelId } from '../../core/channels.ts';
import { duePlan, type DuePair } from '../../core/due.ts';
import { toZonedIso } from '../../core/time.ts';
import { loadBrandContent } from '../../publish/content.ts';
import { loadLedger, loadPauses } from '../../publish/store.ts';
import { currentCrisisId, loadEndedCrises } from '../../crisis/store.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';

export const dueHelp = `Usage: cadence due [options]

Lists the (post, channel) pairs due at an instant: status ready, publishAt reached on that channel
(variants may have their own time), not yet in the ledger (data/ledger/), channel not paused.
Also listed: retractions to carry out, unconfirmed attempts to look up, failures to retry.
Reads only the working tree; changes nothing.

Options:
  --at <iso>          The instant (default: now), e.g. 2026-12-08T18:00:00+01:00
  --format <f>        text (default) or json: an array of
                      {post, file, channel, publishAt, action, key} (action: publish, retry, reconcile, retract)
  --channel <id>      Only this channel (repeat, or separate with commas)
  --root <dir>        The brand repository (default: the nearest folder with content/)
  -h, --help          Show this help
`;

export function parseChannels(values: unknown): Set<ChannelId> | undefined {
  const list = (Array.isArray(values) ? values : values === undefined ? [] : [values]) as string[];
  const ids = list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (ids.length === 0) return undefined;
  for (const id of ids) if (!isChannelId(id)) throw new UsageError(`--channel: unknown channel "${id}"`);
  return new Set(ids as ChannelId[]);
}

/** The real clock, or with CADENCE_CLOCK a clock that starts at that instant and runs on from there. */
export function testClock(env: NodeJS.ProcessEnv): () => number {
  if (env.CADENCE_CLOCK === undefined) return Date.now;
  const start = Date.parse(env.CADENCE_CLOCK);
  if (Number.isNaN(start)) throw new UsageError(`CADENCE_CLOCK must be an ISO 8601 instant (got "${env.CADENCE_CLOCK}")`);
  const origin = Date.now();
  return () => start + (Date.now() - origin);
}

export async function dueCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('due', args, {
    at: { type: 'string' },
    format: { type: 'string' },
    channel: { type: 'string', multiple: true },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(dueHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['text', 'json'] as const, 'text');
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  const channels = parseChannels(values.channel);
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const content = loadBrandContent(root);
  const { ledger, problems } = loadLedger(root);
  const plan = duePlan({ posts: content.posts, ledger, pauses: loadPauses(root), crisis: currentCrisisId(root), endedCrises: loadEndedCrises(root), nowMs, clockMs: testClock(io.env)(), timeZone: content.timeZone, ...(channels ? { channels } : {}) });
  const when = (item: DuePair) => (item.publishAtMs === undefined ? null : toZonedIso(item.publishAtMs, content.timeZone));

  if (format === 'json') {
    const rows = plan.due.map((item) => ({ post: item.postId, file: item.file, channel: item.channel, publishAt: when(item), action: item.action, key: item.key }));
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`Due at ${toZonedIso(nowMs, content.timeZone)}:`];
  if (plan.due.length === 0) lines.push('  nothing');
  for (const item of plan.due) lines.push(`  ${when(item) ?? '—'}  ${item.channel.padEnd(9)} ${item.postId}${item.action === 'publish' ? '' : `  (${item.action})`}`);
  const paused = plan.held.filter((item) => !item.afterCrisis);
  const late = plan.held.filter((item) => item.afterCrisis);
  if (paused.length) {
    lines.push('Held by a pause (they go out after `cadence resume`):');
    for (const item of paused) lines.push(`  ${when(item) ?? '—'}  ${item.channel.padEnd(9)} ${item.postId}  paused: ${item.pause.reason}`);
  }
  if (late.length) {
    lines.push('Held after a crisis, too late to go out by themselves (reschedule each, or set status: draft):');
    for (const item of late) lines.push(`  ${when(item) ?? '—'}  ${item.channel.padEnd(9)} ${item.postId}  ${item.pause.reason}  (${item.file})`);
  }
  if (plan.busy.length) {
    lines.push('Being published by another run:');
    for (const item of plan.busy) lines.push(`  ${item.channel.padEnd(9)} ${item.postId}  run ${item.run} until ${item.leaseUntil}`);
  }
  for (const e of plan.edited) lines.push(`⚠ ${e.postId} (${e.channel}) was edited after it was published: it will not be reposted`);
  for (const s of plan.stuck) lines.push(`⚠ ${s.postId} (${s.channel}) needs attention: ${s.reason}`);
  for (const u of plan.unschedulable) lines.push(`⚠ ${u.postId} (${u.channel}) cannot be scheduled: ${u.reason}`);
  for (const p of problems) lines.push(`⚠ unreadable ledger line ${p}`);
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
