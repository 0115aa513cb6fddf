import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadZoneOffsets, saveZoneOffsets } from '../../src/content/zone-cache.ts';
import { learntDayOffsets, toWallClock } from '../../src/core/time.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cadence-zones-'));
  mkdirSync(path.join(root, '.cadence/cache'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const FILE = () => path.join(root, '.cadence/cache/zone-offsets.json');
const DAY = 86_400_000;
const data = `${process.versions.tz ?? ''}/${process.versions.icu ?? ''}`;
// Each test uses a zone no other test of this file touches: the offsets live in the module.
const plant = (timeZone: string, fileData: string) =>
  writeFileSync(FILE(), JSON.stringify({ data: fileData, timeZone, days: [[30_000, 7 * 3_600_000]] }));

describe('time zone offsets kept between runs', () => {
  it('are used by a later run with the same time zone data', () => {
    plant('Asia/Kathmandu', data);
    expect(loadZoneOffsets(root, 'Asia/Kathmandu')).toBe(1);
    // Planted: seven hours on that day (Kathmandu is +5:45). Only a loaded offset can say so.
    expect(toWallClock(30_000 * DAY + 3_600_000, 'Asia/Kathmandu').hour).toBe(8);
    expect(toWallClock(30_001 * DAY + 3_600_000, 'Asia/Kathmandu')).toMatchObject({ hour: 6, minute: 45 });
  });

  it('are ignored from other time zone data, or for another zone', () => {
    plant('Asia/Colombo', `${data}-older`);
    expect(loadZoneOffsets(root, 'Asia/Colombo')).toBe(0);
    expect(toWallClock(30_000 * DAY, 'Asia/Colombo')).toMatchObject({ hour: 5, minute: 30 });
    plant('Asia/Colombo', data);
    expect(loadZoneOffsets(root, 'Europe/Paris')).toBe(0);
  });

  it('are saved when a run learnt new days, with the days that change clocks marked', () => {
    const zone = 'America/Santiago';
    for (let h = 0; h < 24 * 400; h += 5) toWallClock(Date.UTC(2026, 0, 1) + h * 3_600_000, zone);
    saveZoneOffsets(root, zone, 0);
    const saved = JSON.parse(readFileSync(FILE(), 'utf8')) as { data: string; timeZone: string; days: [number, number | null][] };
    expect(saved).toMatchObject({ data, timeZone: zone });
    expect(saved.days).toEqual(learntDayOffsets(zone));
    expect(saved.days.filter(([, offset]) => offset === null).length).toBeGreaterThanOrEqual(2); // two clock changes a year
    const before = readFileSync(FILE(), 'utf8');
    saveZoneOffsets(root, zone, saved.days.length);
    expect(readFileSync(FILE(), 'utf8')).toBe(before);
  });
});
