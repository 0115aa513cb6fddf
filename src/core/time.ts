/**
 * Date-times of the content model. A `publishAt` is either an instant (ISO 8601 with `Z` or an offset)
 * or a wall-clock time read in the editorial line's time zone. Wall-clock times that do not exist
 * (spring forward) or exist twice (fall back) are refused rather than guessed.
 */

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export type ParsedDateTime =
  | { kind: 'instant'; epochMs: number; wall: WallClock; offsetMinutes: number }
  | { kind: 'local'; wall: WallClock };

export type ParseDateTimeResult = { ok: true; value: ParsedDateTime } | { ok: false; reason: string };

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The fields of `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH[:]MM]`, or undefined when the text is not that. */
interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Absent for a local time; 0 for `Z`. */
  zone: { sign: 1 | -1; hours: number; minutes: number } | undefined;
  /** The zone as written, for messages. */
  zoneText: string;
}

/**
 * Reads the date-time grammar by character rather than with a regular expression: lint reads every
 * `publishAt` of every post this way, on each thread (the regular expression and its match array
 * cost ~6 µs a call). Equivalent to
 * /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/ (tested).
 */
function readDateTime(s: string): DateTimeFields | undefined {
  if (s.length < 16 || s[4] !== '-' || s[7] !== '-' || (s[10] !== 'T' && s[10] !== ' ') || s[13] !== ':') return undefined;
  const year = readDigits(s, 0, 4);
  const month = readDigits(s, 5, 2);
  const day = readDigits(s, 8, 2);
  const hour = readDigits(s, 11, 2);
  const minute = readDigits(s, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
  let at = 16;
  let second = 0;
  if (s[at] === ':') {
    second = readDigits(s, at + 1, 2);
    if (second < 0) return undefined;
    at += 3;
    if (s[at] === '.') {
      let end = at + 1;
      while (end < s.length && end - at <= 10 && readDigits(s, end, 1) >= 0) end++;
      if (end === at + 1 || end - at > 10) return undefined;
      at = end;
    }
  }
  let zone: DateTimeFields['zone'];
  if (s[at] === 'Z') {
    if (at + 1 !== s.length) return undefined;
    zone = { sign: 1, hours: 0, minutes: 0 };
  } else if (s[at] === '+' || s[at] === '-') {
    const hours = readDigits(s, at + 1, 2);
    const colon = s[at + 3] === ':' ? 1 : 0;
    const minutes = readDigits(s, at + 3 + colon, 2);
    if (hours < 0 || minutes < 0 || at + 5 + colon !== s.length) return undefined;
    zone = { sign: s[at] === '-' ? -1 : 1, hours, minutes };
  } else if (at !== s.length) return undefined;
  return { year, month, day, hour, minute, second, zone, zoneText: s.slice(at) };
}

/** The number written by `count` ASCII digits at `at`, or -1 when one of them is not a digit. */
function readDigits(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Parses `2026-12-08T18:30`, `2026-12-08 18:30:00`, `2026-12-08T18:30+01:00`, `…Z`. */
export function parseDateTime(text: string): ParseDateTimeResult {
  const fields = readDateTime(text.trim());
  if (!fields) {
    return {
      ok: false,
      reason: `"${text}" is not an ISO 8601 date-time (expected e.g. 2026-12-08T18:30 or 2026-12-08T18:30+01:00)`,
    };
  }
  const { year, month, day, hour, minute, second, zone } = fields;
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} does not exist in "${text}"` };
  const dim = daysInMonth(year, month);
  if (day < 1 || day > dim) {
    return { ok: false, reason: `day ${day} does not exist in ${year}-${pad(month)} (it has ${dim} days)` };
  }
  if (hour > 23) return { ok: false, reason: `hour ${hour} does not exist in "${text}"` };
  if (minute > 59) return { ok: false, reason: `minute ${minute} does not exist in "${text}"` };
  if (second > 59) return { ok: false, reason: `second ${second} does not exist in "${text}"` };
  const wall: WallClock = { year, month, day, hour, minute, second };
  if (!zone) return { ok: true, value: { kind: 'local', wall } };
  if (zone.hours > 14 || zone.minutes > 59) return { ok: false, reason: `offset ${fields.zoneText} is not a valid UTC offset` };
  const offsetMinutes = zone.sign * (zone.hours * 60 + zone.minutes);
  const epochMs = wallAsUtc(wall) - offsetMinutes * 60_000;
  return { ok: true, value: { kind: 'instant', epochMs, wall, offsetMinutes } };
}

/** The wall clock read as if it were UTC, in epoch milliseconds. */
export function wallAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  // Offsets known for the zone came from Intl with this zone (primed from a run on the same time zone data):
  // valid, without the first Intl.DateTimeFormat, which starts ICU (25-100 ms of a small lint).
  if ((dayOffsets.get(timeZone)?.size ?? 0) > 0) return true;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** `MM/DD/YYYY, HH:MM:SS`, what the en-US formatter above writes. */
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/** The wall clock shown in `timeZone` at an instant, straight from Intl (slow: ~3 µs a call). */
function intlWallClock(epochMs: number, timeZone: string): WallClock {
  const formatter = formatterFor(timeZone);
  // format() and a regular expression: a third of the time of formatToParts, which stays for other years.
  const m = FORMATTED.exec(formatter.format(epochMs));
  if (m) return { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
  const parts = formatter.formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function intlOffsetMs(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtc(intlWallClock(whole, timeZone)) - whole;
}

const DAY_MS = 86_400_000;
/** Per zone, per UTC day: the zone's offset that whole day, or null when it changes during the day. */
const dayOffsets = new Map<string, Map<number, number | null>>();
/** Per zone: the offset at the start of each UTC day asked about (each day's end is the next one's start). */
const midnightOffsets = new Map<string, Map<number, number>>();

/** The map a per-zone cache keeps for `timeZone`, created on first use. */
function ofZone<V>(cache: Map<string, Map<number, V>>, timeZone: string): Map<number, V> {
  let days = cache.get(timeZone);
  if (!days) cache.set(timeZone, (days = new Map()));
  return days;
}

function offsetAtMidnight(day: number, timeZone: string): number {
  const midnights = ofZone(midnightOffsets, timeZone);
  let offset = midnights.get(day);
  if (offset === undefined) midnights.set(day, (offset = intlOffsetMs(day * DAY_MS, timeZone)));
  return offset;
}

/**
 * The zone's offset at an instant, from a per-day cache: Intl is asked about each UTC midnight once, and a
 * day whose two midnights agree has one offset all day. Days with a clock change (or one at the very end
 * of the day) go to Intl at every call.
 */
function offsetMs(epochMs: number, timeZone: string): number {
  const days = ofZone(dayOffsets, timeZone);
  const day = Math.floor(epochMs / DAY_MS);
  let offset = days.get(day);
  if (offset === undefined) {
    const first = offsetAtMidnight(day, timeZone);
    offset = first === offsetAtMidnight(day + 1, timeZone) ? first : null;
    days.set(day, offset);
  }
  return offset ?? intlOffsetMs(epochMs, timeZone);
}

/** The offset the zone has all that UTC day, or undefined when its clocks change that day. */
function wholeDayOffset(epochMs: number, timeZone: string): number | undefined {
  offsetMs(epochMs, timeZone);
  return ofZone(dayOffsets, timeZone).get(Math.floor(epochMs / DAY_MS)) ?? undefined;
}

/** The per-day offsets learnt so far for a zone (days with a clock change as null), to keep for later runs. */
export function learntDayOffsets(timeZone: string): [number, number | null][] {
  return [...(dayOffsets.get(timeZone) ?? [])];
}

/**
 * Offsets learnt by an earlier run with the same time zone data (the edge checks that), so that this run
 * asks Intl only about new days: the first Intl.DateTimeFormat alone costs ~25 ms. Days known already are
 * kept as they are.
 */
export function primeDayOffsets(timeZone: string, entries: readonly (readonly [number, number | null])[]): void {
  const days = ofZone(dayOffsets, timeZone);
  for (const entry of entries) {
    if (!Array.isArray(entry)) continue;
    const [day, offset] = entry;
    const plausible = offset === null || (Number.isInteger(offset) && Math.abs(offset) <= 18 * 3_600_000);
    if (Number.isInteger(day) && plausible && !days.has(day)) days.set(day, offset);
  }
}

/** The wall clock shown in `timeZone` at an instant. */
export function toWallClock(epochMs: number, timeZone: string): WallClock {
  const shifted = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMs(epochMs, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** Offset of `timeZone` from UTC at an instant, in minutes (Paris in winter: +60). */
export function offsetAt(epochMs: number, timeZone: string): number {
  return Math.round(offsetMs(epochMs, timeZone) / 60_000);
}

export type ZonedResult =
  | { ok: true; epochMs: number }
  | { ok: false; problem: 'nonexistent'; reason: string }
  | { ok: false; problem: 'ambiguous'; reason: string; candidates: [number, number] };

/** The instant a wall-clock time denotes in `timeZone`, refusing DST gaps and overlaps. */
export function zonedToInstant(wall: WallClock, timeZone: string): ZonedResult {
  const asUtc = wallAsUtc(wall);
  const before = offsetAt(asUtc - 86_400_000, timeZone);
  const after = offsetAt(asUtc + 86_400_000, timeZone);
  // The common case: one offset around, and the day of the instant it gives has that offset all day, so
  // that instant shows this very wall clock (the round trip below would only confirm it).
  if (before === after && wholeDayOffset(asUtc - before * 60_000, timeZone) === before * 60_000) return { ok: true, epochMs: asUtc - before * 60_000 };
  const offsets = new Set([before, after]);
  const matches: number[] = [];
  for (const offset of offsets) {
    const candidate = asUtc - offset * 60_000;
    if (wallAsUtc(toWallClock(candidate, timeZone)) === asUtc) matches.push(candidate);
  }
  matches.sort((a, b) => a - b);
  const label = `${formatWall(wall)} in ${timeZone}`;
  if (matches.length === 1) return { ok: true, epochMs: matches[0]! };
  if (matches.length === 0) {
    return { ok: false, problem: 'nonexistent', reason: `${label} does not exist (clocks spring forward); write an explicit offset or another time` };
  }
  const [first, second] = matches as [number, number];
  return {
    ok: false,
    problem: 'ambiguous',
    reason: `${label} happens twice (clocks fall back): write the offset, ${formatOffset(offsetAt(first, timeZone))} or ${formatOffset(offsetAt(second, timeZone))}`,
    candidates: [first, second],
  };
}

export type ResolveResult = { ok: true; epochMs: number } | { ok: false; reason: string };

/** Resolves a `publishAt` string to an instant, reading local times in `timeZone`. */
export function resolveDateTime(text: string, timeZone: string): ResolveResult {
  // Memoized: a post's channels mostly share one publishAt, and several rules resolve it.
  const key = `${timeZone}\u0000${text}`;
  let result = resolved.get(key);
  if (result === undefined) {
    if (resolved.size >= RESOLVED_MAX) resolved.clear();
    result = resolveUncached(text, timeZone);
    resolved.set(key, result);
  }
  return result;
}

const RESOLVED_MAX = 100_000;
const resolved = new Map<string, ResolveResult>();

function resolveUncached(text: string, timeZone: string): ResolveResult {
  const parsed = parseDateTime(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.kind === 'instant') return { ok: true, epochMs: parsed.value.epochMs };
  const zoned = zonedToInstant(parsed.value.wall, timeZone);
  return zoned.ok ? zoned : { ok: false, reason: zoned.reason };
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatWall(w: WallClock, withSeconds = false): string {
  const base = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  return withSeconds ? `${base}:${pad(w.second)}` : base;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 with the zone's offset, e.g. 2026-12-08T18:30:00+01:00. */
export function toZonedIso(epochMs: number, timeZone: string): string {
  const w = toWallClock(epochMs, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${formatOffset(offsetAt(epochMs, timeZone))}`;
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function weekdayOf(w: Pick<WallClock, 'year' | 'month' | 'day'>): Weekday {
  return WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()]!;
}

/** `YYYY-MM-DD` of a wall clock: the day a post counts against in cadence rules. */
export function dayKey(w: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}
