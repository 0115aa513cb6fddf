/** The current crisis and its log, in a brand repository's working tree (data/crisis/). */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STALE_AFTER_MS, type EndedCrisis } from '../core/crisis/after-crisis.ts';
import { isPauseScope } from '../core/ledger/pause.ts';
import { CRISIS_DATA_DIR, CURRENT_CRISIS_FILE } from './paths.ts';

export interface CurrentCrisis {
  id: string;
  level: number;
  label: string;
  reason: string;
  startedAt: string;
  by?: string;
  /** The pause scopes the crisis set (its end lifts exactly these). */
  pauses: string[];
  approvers: string[];
  branch?: string;
  pr?: { number: number; url: string };
}

export interface CrisisLogEntry {
  at: string;
  type: 'start' | 'update' | 'level' | 'end-requested';
  by?: string;
  level?: number;
  note?: string;
  statements?: string[];
  pr?: string;
}

export function readCurrentCrisis(root: string): CurrentCrisis | undefined {
  try {
    return JSON.parse(readFileSync(path.join(root, CURRENT_CRISIS_FILE), 'utf8')) as CurrentCrisis;
  } catch {
    return undefined;
  }
}

/** The id of the crisis in progress, for the publish run's pause exemption. */
export function currentCrisisId(root: string): string | undefined {
  return readCurrentCrisis(root)?.id;
}

export function writeCurrentCrisis(root: string, crisis: CurrentCrisis): string {
  mkdirSync(path.join(root, CRISIS_DATA_DIR), { recursive: true });
  writeFileSync(path.join(root, CURRENT_CRISIS_FILE), `${JSON.stringify(crisis, null, 2)}\n`);
  return CURRENT_CRISIS_FILE;
}

export function crisisLogFile(id: string): string {
  return `${CRISIS_DATA_DIR}/${id}/log.jsonl`;
}

export function appendCrisisLog(root: string, id: string, entry: CrisisLogEntry): string {
  const file = crisisLogFile(id);
  mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
  appendFileSync(path.join(root, file), `${JSON.stringify(entry)}\n`);
  return file;
}

export function readCrisisLog(root: string, id: string): CrisisLogEntry[] {
  try {
    return readFileSync(path.join(root, crisisLogFile(id)), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CrisisLogEntry);
  } catch {
    return [];
  }
}

/** The record `cadence crisis end` writes (data/crisis/<id>/record.json), merged with its pull request. */
export function crisisRecordFile(id: string): string {
  return `${CRISIS_DATA_DIR}/${id}/record.json`;
}

/**
 * Every crisis whose end was merged, as the publish run needs them. A record that cannot be read (edited
 * by hand) is skipped: its crisis's posts then follow the end pull request's lists, which a human checked.
 */
export function loadEndedCrises(root: string): EndedCrisis[] {
  let ids: string[];
  try {
    ids = readdirSync(path.join(root, CRISIS_DATA_DIR), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
  const crises: EndedCrisis[] = [];
  for (const id of ids) {
    let record: Partial<CurrentCrisis> & { endedAt?: unknown; staleAfterMs?: unknown };
    try {
      record = JSON.parse(readFileSync(path.join(root, crisisRecordFile(id)), 'utf8'));
    } catch {
      continue;
    }
    const startedAtMs = Date.parse(String(record.startedAt));
    const endedAtMs = Date.parse(String(record.endedAt));
    if (!Number.isFinite(startedAtMs) || !Number.isFinite(endedAtMs)) continue;
    const staleAfterMs = typeof record.staleAfterMs === 'number' && record.staleAfterMs > 0 ? record.staleAfterMs : DEFAULT_STALE_AFTER_MS;
    crises.push({ id, startedAtMs, endedAtMs, scopes: (record.pauses ?? []).filter(isPauseScope), staleAfterMs });
  }
  return crises;
}
