/**
 * The crisis switch. A pause is a small JSON file, `data/pause/all.json` (everything) or
 * `data/pause/<channel>.json`; resuming deletes it. One file per scope, so pausing one channel and
 * resuming another never conflict.
 */
import { isChannelId, type ChannelId } from '../channels.ts';

export const PAUSE_DIR = 'data/pause';

export type PauseScope = 'all' | ChannelId;

export interface PauseEntry {
  scope: PauseScope;
  reason: string;
  /** ISO 8601 instant the pause was set. */
  at: string;
  by?: string;
}

export type Pauses = ReadonlyMap<PauseScope, PauseEntry>;

export function pauseFile(scope: PauseScope): string {
  return `${PAUSE_DIR}/${scope}.json`;
}

export function isPauseScope(value: string): value is PauseScope {
  return value === 'all' || isChannelId(value);
}

/** The pause that holds a channel, if any: the whole brand first, then the channel. */
export function pauseFor(pauses: Pauses, channel: ChannelId): PauseEntry | undefined {
  return pauses.get('all') ?? pauses.get(channel);
}

export function parsePause(scope: PauseScope, text: string): PauseEntry {
  try {
    const value = JSON.parse(text) as Partial<PauseEntry>;
    return { scope, reason: typeof value.reason === 'string' ? value.reason : '(no reason given)', at: typeof value.at === 'string' ? value.at : '', ...(typeof value.by === 'string' ? { by: value.by } : {}) };
  } catch {
    // A pause file that cannot be read still pauses: failing safe is the point of the switch.
    return { scope, reason: '(unreadable pause file)', at: '' };
  }
}

export function serializePause(entry: PauseEntry): string {
  return `${JSON.stringify(entry, null, 2)}\n`;
}
