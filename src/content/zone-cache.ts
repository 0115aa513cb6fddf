import path from 'node:path';
import { learntDayOffsets, primeDayOffsets } from '../core/time.ts';
import { readJson, writeAtomically } from './cache.ts';
import { CACHE_DIR } from './paths.ts';

const FILE = 'zone-offsets.json';

interface ZoneFile {
  /** The time zone data the offsets came from: another Node may know other rules. */
  data: string;
  timeZone: string;
  days: [number, number | null][];
}

/** Which time zone database this Node reads: a change of either invalidates the saved offsets. */
function zoneData(): string {
  return `${process.versions.tz ?? ''}/${process.versions.icu ?? ''}`;
}

/**
 * Loads the brand time zone's offsets an earlier run saved (core/time.ts primeDayOffsets). Returns how many
 * days were known, for `saveZoneOffsets` to tell whether anything new was learnt.
 */
export function loadZoneOffsets(root: string, timeZone: string): number {
  const saved = readJson<ZoneFile>(path.join(root, CACHE_DIR, FILE));
  if (saved?.data !== zoneData() || saved.timeZone !== timeZone || !Array.isArray(saved.days)) return 0;
  primeDayOffsets(timeZone, saved.days);
  return saved.days.length;
}

/** Saves the zone's offsets when this run learnt days the file did not have. */
export function saveZoneOffsets(root: string, timeZone: string, known: number): void {
  const days = learntDayOffsets(timeZone);
  if (days.length <= known) return;
  const file: ZoneFile = { data: zoneData(), timeZone, days };
  writeAtomically(path.join(root, CACHE_DIR, FILE), JSON.stringify(file));
}
