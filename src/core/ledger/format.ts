/**
 * On-disk format of the ledger: one JSON-lines file per (post, channel) pair,
 * `data/ledger/<post-id>/<channel>.jsonl`, one event per line, appended, never rewritten.
 * Runs working on different pairs never touch the same file, so their commits rebase cleanly;
 * two runs claiming the same pair append to the same file and Git reports the conflict.
 */
import { isChannelId, type ChannelId } from '../channels.ts';
import type { LedgerEvent } from './types.ts';

export const LEDGER_DIR = 'data/ledger';

export function pairFile(postId: string, channel: ChannelId): string {
  return `${LEDGER_DIR}/${postId}/${channel}.jsonl`;
}

/** Post id and channel of a ledger file path, or undefined for anything else. */
export function parsePairFile(file: string): { postId: string; channel: ChannelId } | undefined {
  const m = /^data\/ledger\/([a-z0-9][a-z0-9-]*)\/([a-z]+)\.jsonl$/.exec(file);
  if (!m || !isChannelId(m[2])) return undefined;
  return { postId: m[1]!, channel: m[2] };
}

export function serializeEvent(event: LedgerEvent): string {
  return `${JSON.stringify(event)}\n`;
}

export interface ParsedEvents {
  events: LedgerEvent[];
  /** 1-based lines that are not events (a bad merge, a hand edit): reported, skipped. */
  badLines: number[];
}

const EVENT_TYPES = new Set(['claimed', 'published', 'failed', 'unconfirmed', 'released', 'retracted']);

export function parseEvents(text: string): ParsedEvents {
  const events: LedgerEvent[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as { type?: unknown; at?: unknown; run?: unknown };
      if (typeof value === 'object' && value && EVENT_TYPES.has(value.type as string) && typeof value.at === 'string' && typeof value.run === 'string') {
        events.push(value as LedgerEvent);
        return;
      }
    } catch {
      // fall through
    }
    badLines.push(index + 1);
  });
  return { events, badLines };
}
