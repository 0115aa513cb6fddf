/**
 * Reads the publication ledger for the calendar. The ledger is written by the publish job, whose format
 * is owned by the ledger code; this reader only needs "what is the outcome of (post, channel)" and accepts:
 * - event files `data/ledger/<post-id>/<channel>.jsonl` (one `{type, at, …}` event a line; the last outcome
 *   wins; a claim with no outcome after it is an attempt of unknown outcome, i.e. unconfirmed);
 * - record files (data/ledger.json, data/ledger.jsonl, other *.json/*.jsonl under data/ledger/) whose
 *   records carry a post id, a channel and a state.
 * No ledger means nothing has been published yet. Pauses are read from data/pause/ (all.json or <channel>.json).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHANNEL_IDS, type ChannelId } from '../core/channels.ts';
import { EMPTY_LEDGER, ledgerFromRecords, type LedgerRecord, type LedgerView } from '../core/calendar/model.ts';

const STATES = new Set(['published', 'failed', 'unconfirmed']);

function toRecord(raw: unknown): LedgerRecord | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const postId = r.postId ?? r.post ?? r.id;
  const channel = r.channel;
  const state = r.state ?? r.status;
  if (typeof postId !== 'string' || typeof channel !== 'string' || typeof state !== 'string') return undefined;
  if (!(CHANNEL_IDS as readonly string[]).includes(channel) || !STATES.has(state)) return undefined;
  return {
    postId,
    channel: channel as ChannelId,
    state: state as LedgerRecord['state'],
    ...(typeof r.at === 'string' ? { at: r.at } : {}),
    ...(typeof r.url === 'string' ? { url: r.url } : {}),
  };
}

function parseFile(file: string): LedgerRecord[] {
  const text = readFileSync(file, 'utf8');
  const values: unknown[] = [];
  if (file.endsWith('.jsonl')) {
    for (const line of text.split('\n')) if (line.trim()) values.push(JSON.parse(line));
  } else {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed)) values.push(...parsed);
    else if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { entries?: unknown }).entries)) values.push(...(parsed as { entries: unknown[] }).entries);
    else values.push(parsed);
  }
  return values.map(toRecord).filter((r): r is LedgerRecord => r !== undefined);
}

export function readLedger(root: string): LedgerView {
  const files: string[] = [];
  const eventRecords: LedgerRecord[] = [];
  for (const name of ['data/ledger.json', 'data/ledger.jsonl']) if (existsSync(path.join(root, name))) files.push(path.join(root, name));
  const dir = path.join(root, 'data/ledger');
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      const pair = /^([a-z0-9][a-z0-9-]*)\/([a-z]+)\.jsonl$/.exec(entry.split(path.sep).join('/'));
      if (pair && (CHANNEL_IDS as readonly string[]).includes(pair[2]!)) {
        const record = fromEvents(pair[1]!, pair[2] as ChannelId, readFileSync(path.join(dir, entry), 'utf8'));
        if (record) eventRecords.push(record);
      } else if (/\.jsonl?$/.test(entry)) files.push(path.join(dir, entry));
    }
  }
  if (files.length === 0 && eventRecords.length === 0) return EMPTY_LEDGER;
  return ledgerFromRecords([...files.flatMap(parseFile), ...eventRecords]);
}

/** The outcome of one (post, channel) from its event file, or undefined when nothing is (still) recorded. */
export function fromEvents(postId: string, channel: ChannelId, text: string): LedgerRecord | undefined {
  let record: LedgerRecord | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let event: { type?: unknown; at?: unknown; url?: unknown };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue;
    }
    const at = typeof event.at === 'string' ? { at: event.at } : {};
    const url = typeof event.url === 'string' ? { url: event.url } : {};
    switch (event.type) {
      case 'published':
      case 'failed':
      case 'unconfirmed':
        record = { postId, channel, state: event.type, ...at, ...url };
        break;
      case 'claimed':
        record = { postId, channel, state: 'unconfirmed', ...at };
        break;
      case 'released':
      case 'retracted':
        record = undefined;
        break;
    }
  }
  return record;
}

/** Channels paused by the crisis switch (data/pause/<channel>.json), or 'all' (data/pause/all.json). */
export function readPauses(root: string): { all: boolean; channels: Set<string> } {
  const dir = path.join(root, 'data/pause');
  const channels = new Set<string>();
  let all = false;
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const m = /^([a-z]+)\.json$/.exec(name);
      if (!m) continue;
      if (m[1] === 'all') all = true;
      else channels.add(m[1]!);
    }
  }
  return { all, channels };
}
