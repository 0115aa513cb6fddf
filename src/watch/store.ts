/**
 * The watch's files in a brand repository's working tree (data/watch/): mentions by local day, daily
 * aggregates, each source's cursor, incidents, and when the watch started.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { parseDaily, replaceDays, serializeDaily, type DailyRow } from '../core/watch/daily.ts';
import type { IncidentRecord } from '../core/watch/incident.ts';
import { parseMention, serializeMention, type StoredMention } from '../core/watch/mention.ts';
import type { WatchSource } from '../core/schema/watch.ts';
import { CURSORS_DIR, DAILY_FILE, INCIDENTS_DIR, MENTIONS_DIR, POLLS_FILE, WATCH_STATE_FILE } from './paths.ts';

export function mentionFile(day: string): string {
  return `${MENTIONS_DIR}/${day}.jsonl`;
}

/** The days that have a mention file, sorted. */
export function mentionDays(root: string): string[] {
  try {
    return readdirSync(path.join(root, MENTIONS_DIR))
      .filter((name) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(name))
      .map((name) => name.slice(0, 10))
      .sort();
  } catch {
    return [];
  }
}

export interface LoadedMentions {
  mentions: StoredMention[];
  /** Lines that are not mentions, as `file:line`. */
  problems: string[];
}

/** The mentions of the days from `fromDay` to `toDay` (inclusive; YYYY-MM-DD compare as strings). */
export function loadMentions(root: string, fromDay: string, toDay: string): LoadedMentions {
  const mentions: StoredMention[] = [];
  const problems: string[] = [];
  for (const day of mentionDays(root)) {
    if (day < fromDay || day > toDay) continue;
    const file = mentionFile(day);
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line) return;
      const mention = parseMention(line);
      if (mention) mentions.push(mention);
      else problems.push(`${file}:${i + 1}`);
    });
  }
  return { mentions, problems };
}

/** Appends mentions to their day files (sorted by time within the batch); returns the files written. */
export function appendMentions(root: string, byDay: ReadonlyMap<string, readonly StoredMention[]>): string[] {
  const files: string[] = [];
  for (const [day, list] of byDay) {
    const file = mentionFile(day);
    mkdirSync(path.join(root, MENTIONS_DIR), { recursive: true });
    const sorted = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    appendFileSync(path.join(root, file), sorted.map((m) => `${serializeMention(m)}\n`).join(''));
    files.push(file);
  }
  return files;
}

export function readDaily(root: string): DailyRow[] {
  try {
    return parseDaily(readFileSync(path.join(root, DAILY_FILE), 'utf8'));
  } catch {
    return [];
  }
}

/** Recomputes the aggregates of the given days from their files. */
export function updateDaily(root: string, days: Iterable<string>): string {
  const byDay = new Map<string, StoredMention[]>();
  for (const day of days) byDay.set(day, loadMentions(root, day, day).mentions);
  mkdirSync(path.join(root, path.dirname(DAILY_FILE)), { recursive: true });
  writeFileSync(path.join(root, DAILY_FILE), serializeDaily(replaceDays(readDaily(root), byDay)));
  return DAILY_FILE;
}

/** Deletes mention files older than `keepFromDay`; the daily aggregates stay. */
export function applyRetention(root: string, keepFromDay: string): string[] {
  const removed: string[] = [];
  for (const day of mentionDays(root)) {
    if (day >= keepFromDay) break;
    rmSync(path.join(root, mentionFile(day)), { force: true });
    removed.push(mentionFile(day));
  }
  return removed;
}

export interface SourceCursor {
  cursor?: string;
  lastReadAt?: string;
  /** X's paid reads this month. */
  reads?: { month: string; count: number };
}

export function cursorFile(source: WatchSource): string {
  return `${CURSORS_DIR}/${source}.json`;
}

export function readCursor(root: string, source: WatchSource): SourceCursor {
  try {
    return JSON.parse(readFileSync(path.join(root, cursorFile(source)), 'utf8')) as SourceCursor;
  } catch {
    return {};
  }
}

export function writeCursor(root: string, source: WatchSource, cursor: SourceCursor): string {
  mkdirSync(path.join(root, CURSORS_DIR), { recursive: true });
  writeFileSync(path.join(root, cursorFile(source)), `${JSON.stringify(cursor, null, 2)}\n`);
  return cursorFile(source);
}

/** The same position to read on from (the time of the read aside): nothing for Git to record. */
export function sameCursor(a: SourceCursor, b: SourceCursor): boolean {
  return a.cursor === b.cursor && a.reads?.month === b.reads?.month && a.reads?.count === b.reads?.count;
}

/**
 * When each source was last read on this machine. A read that found nothing new commits nothing, yet the
 * sources' `every` throttle must know it happened: it is kept here, outside Git (the workflow keeps it in
 * its cache). Lost, it costs one early read, never a mention: the committed cursor's own time is the floor.
 */
export function readPolls(root: string): Partial<Record<WatchSource, string>> {
  try {
    const value = JSON.parse(readFileSync(path.join(root, POLLS_FILE), 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<Record<WatchSource, string>>) : {};
  } catch {
    return {};
  }
}

export function writePolls(root: string, polls: Partial<Record<WatchSource, string>>): void {
  try {
    mkdirSync(path.join(root, path.dirname(POLLS_FILE)), { recursive: true });
    writeFileSync(path.join(root, POLLS_FILE), `${JSON.stringify(polls, null, 2)}\n`);
  } catch {
    // A read-only checkout: the throttle falls back to the committed cursors' times.
  }
}

export interface WatchState {
  /** When the watch first ran: the start of its history (cold start). */
  startedAt: string;
}

export function readState(root: string): WatchState | undefined {
  try {
    return JSON.parse(readFileSync(path.join(root, WATCH_STATE_FILE), 'utf8')) as WatchState;
  } catch {
    return undefined;
  }
}

export function writeState(root: string, state: WatchState): string {
  mkdirSync(path.join(root, path.dirname(WATCH_STATE_FILE)), { recursive: true });
  writeFileSync(path.join(root, WATCH_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  return WATCH_STATE_FILE;
}

export function incidentFile(id: string): string {
  return `${INCIDENTS_DIR}/${id}.json`;
}

export function readIncidents(root: string): IncidentRecord[] {
  let names: string[];
  try {
    names = readdirSync(path.join(root, INCIDENTS_DIR));
  } catch {
    return [];
  }
  const incidents: IncidentRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      incidents.push(JSON.parse(readFileSync(path.join(root, INCIDENTS_DIR, name), 'utf8')) as IncidentRecord);
    } catch {
      // An unreadable record is skipped; the next alert opens a new incident rather than none.
    }
  }
  return incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

export function writeIncident(root: string, incident: IncidentRecord): string {
  mkdirSync(path.join(root, INCIDENTS_DIR), { recursive: true });
  writeFileSync(path.join(root, incidentFile(incident.id)), `${JSON.stringify(incident, null, 2)}\n`);
  return incidentFile(incident.id);
}
