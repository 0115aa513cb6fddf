/** Reading and appending the ledger and the pause files in a brand repository's working tree. */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { LEDGER_DIR, pairFile, parseEvents, parsePairFile, serializeEvent } from '../core/ledger/format.ts';
import { isPauseScope, parsePause, pauseFile, PAUSE_DIR, serializePause, type PauseEntry, type PauseScope } from '../core/ledger/pause.ts';
import { foldEvents } from '../core/ledger/state.ts';
import { pairKey, type LedgerEvent, type PairRecord } from '../core/ledger/types.ts';

export interface LoadedLedger {
  ledger: Map<string, PairRecord>;
  /** Lines that could not be read, as `file:line`: reported, never silently dropped. */
  problems: string[];
}

export function loadLedger(root: string): LoadedLedger {
  const ledger = new Map<string, PairRecord>();
  const problems: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, LEDGER_DIR), { recursive: true, encoding: 'utf8' });
  } catch {
    return { ledger, problems };
  }
  for (const entry of entries) {
    const file = `${LEDGER_DIR}/${entry.split(path.sep).join('/')}`;
    const pair = parsePairFile(file);
    if (!pair) continue;
    const record = readPair(root, pair.postId, pair.channel, problems);
    if (record) ledger.set(pairKey(pair.postId, pair.channel), record);
  }
  return { ledger, problems };
}

export function readPair(root: string, postId: string, channel: ChannelId, problems: string[] = []): PairRecord | undefined {
  const file = pairFile(postId, channel);
  let text: string;
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  const { events, badLines } = parseEvents(text);
  for (const line of badLines) problems.push(`${file}:${line}`);
  return foldEvents(postId, channel, events);
}

/** Appends one event to its pair file; returns the repository-relative file. */
export function appendEvent(root: string, postId: string, channel: ChannelId, event: LedgerEvent): string {
  const file = pairFile(postId, channel);
  const absolute = path.join(root, file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  appendFileSync(absolute, serializeEvent(event));
  return file;
}

export function loadPauses(root: string): Map<PauseScope, PauseEntry> {
  const pauses = new Map<PauseScope, PauseEntry>();
  let names: string[];
  try {
    names = readdirSync(path.join(root, PAUSE_DIR));
  } catch {
    return pauses;
  }
  for (const name of names) {
    const scope = name.replace(/\.json$/, '');
    if (!name.endsWith('.json') || !isPauseScope(scope)) continue;
    pauses.set(scope, parsePause(scope, readFileSync(path.join(root, PAUSE_DIR, name), 'utf8')));
  }
  return pauses;
}

export function writePause(root: string, entry: PauseEntry): string {
  const file = pauseFile(entry.scope);
  mkdirSync(path.join(root, PAUSE_DIR), { recursive: true });
  writeFileSync(path.join(root, file), serializePause(entry));
  return file;
}

export function removePause(root: string, scope: PauseScope): string {
  const file = pauseFile(scope);
  rmSync(path.join(root, file), { force: true });
  return file;
}
