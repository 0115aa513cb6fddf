/** Reading and writing the moderation log and the channels' state in a brand repository's working tree. */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { emptyState, logFile, MODERATION_DIR, parseLog, parseState, serializeState, stateFile, type ChannelState, type ModerationEvent } from '../core/moderation/log.ts';

export function readState(root: string, channel: ChannelId): ChannelState {
  const file = path.join(root, stateFile(channel));
  if (!existsSync(file)) return emptyState();
  try {
    return parseState(readFileSync(file, 'utf8'));
  } catch {
    // A broken state file (a bad merge) must not stop moderation: the log is the truth, the state a summary.
    return emptyState();
  }
}

export function writeState(root: string, channel: ChannelId, state: ChannelState): string {
  const file = stateFile(channel);
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), serializeState(state));
  return file;
}

/** Appends events to their month's file; returns the files written. */
export function appendEvents(root: string, channel: ChannelId, events: readonly ModerationEvent[]): string[] {
  const byFile = new Map<string, string[]>();
  // A run's events share a few instants: each one's month file is worked out once.
  const fileOf = new Map<string, string>();
  for (const event of events) {
    let file = fileOf.get(event.at);
    if (file === undefined) fileOf.set(event.at, (file = logFile(channel, Date.parse(event.at))));
    let lines = byFile.get(file);
    if (!lines) byFile.set(file, (lines = []));
    lines.push(JSON.stringify(event));
  }
  for (const [file, lines] of byFile) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    appendFileSync(path.join(root, file), `${lines.join('\n')}\n`);
  }
  return [...byFile.keys()];
}

/** Months with a log, `YYYY-MM`, sorted. */
export function logMonths(root: string): string[] {
  try {
    return readdirSync(path.join(root, MODERATION_DIR, 'log')).filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
  } catch {
    return [];
  }
}

/** Events of one channel from `fromMonth` on (all channels when undefined), with unreadable lines as `file:line`. */
export function readEvents(root: string, options: { channel?: ChannelId; fromMonth?: string } = {}): { events: ModerationEvent[]; problems: string[] } {
  const events: ModerationEvent[] = [];
  const problems: string[] = [];
  for (const month of logMonths(root)) {
    if (options.fromMonth && month < options.fromMonth) continue;
    const dir = path.join(root, MODERATION_DIR, 'log', month);
    const names = options.channel ? [`${options.channel}.jsonl`] : readdirSync(dir).filter((n) => n.endsWith('.jsonl'));
    for (const name of names) {
      let text: string;
      try {
        text = readFileSync(path.join(dir, name), 'utf8');
      } catch {
        continue;
      }
      const parsed = parseLog(text);
      events.push(...parsed.events);
      for (const line of parsed.badLines) problems.push(`${MODERATION_DIR}/log/${month}/${name}:${line}`);
    }
  }
  return { events, problems };
}

/** Month files older than the retention: removed from the working tree (Git history keeps them, pseudonymous). */
export function pruneLog(root: string, retentionDays: number, nowMs: number): string[] {
  const limit = new Date(nowMs - retentionDays * 86_400_000).toISOString().slice(0, 7);
  const removed: string[] = [];
  for (const month of logMonths(root)) {
    if (month >= limit) continue;
    const dir = `${MODERATION_DIR}/log/${month}`;
    for (const name of readdirSync(path.join(root, dir))) removed.push(`${dir}/${name}`);
    rmSync(path.join(root, dir), { recursive: true, force: true });
  }
  return removed;
}
