/**
 * GitHub Actions cron lines for the posting slots of an editorial line. Pure: no file system, no clock.
 *
 * GitHub's `on.schedule` cron is in UTC, posting slots are local times in the brand's time zone. A
 * zone with daylight saving time maps one local slot to two UTC times (09:00 in Paris is 08:00 UTC in
 * winter, 07:00 UTC in summer), and a slot near midnight may fall on another UTC weekday. So the slots
 * are expanded into their real occurrences over a horizon (12 months by default), each tagged with the
 * UTC offset in force; the required UTC minutes of the week are collapsed into few cron lines, and a
 * workflow's cron lines are checked against every occurrence.
 */
import type { ChannelSettings } from './schema/index.ts';
import { slotsOn } from './slots.ts';
import { dayKey, formatOffset, offsetAt, pad, toWallClock, WEEKDAYS, wallAsUtc, weekdayOf, zonedToInstant, type Weekday } from './time.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
export const WEEK_MINUTES = 7 * 24 * 60;

// ---------------------------------------------------------------------------------------------------
// Cron: the 5-field syntax GitHub accepts (lists, ranges, steps, `*`, month and weekday names).

export interface Cron {
  source: string;
  minute: ReadonlySet<number>;
  hour: ReadonlySet<number>;
  dayOfMonth: ReadonlySet<number>;
  month: ReadonlySet<number>;
  dayOfWeek: ReadonlySet<number>;
  /** Whether the day-of-month / day-of-week field starts with `*` (cron's rule for combining them). */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

export type ParseCronResult = { ok: true; cron: Cron } | { ok: false; reason: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  // 7 is Sunday too.
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function fieldValue(text: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index < 0) return undefined;
  return spec.name === 'month' ? index + 1 : index;
}

function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `${spec.name}: "${part}" is not a value, range, list or step`;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return `${spec.name}: step "${m[2]}" must be at least 1`;
    let from: number;
    let to: number;
    if (m[1] === '*') {
      from = spec.min;
      to = spec.name === 'day of week' ? 6 : spec.max;
    } else {
      const [a, b] = m[1]!.split('-') as [string, string | undefined];
      const start = fieldValue(a, spec);
      const end = b === undefined ? undefined : fieldValue(b, spec);
      if (start === undefined || (b !== undefined && end === undefined)) return `${spec.name}: "${part}" is not a number${spec.names ? ' or a name' : ''}`;
      from = start;
      // `5/15` means from 5 to the end, every 15.
      to = end ?? (m[2] === undefined ? start : spec.max);
    }
    if (from < spec.min || to > spec.max || from > spec.max) return `${spec.name}: "${part}" is outside ${spec.min}-${spec.max}`;
    if (from > to) return `${spec.name}: range "${part}" goes backwards`;
    for (let v = from; v <= to; v += step) values.add(spec.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

/** Parses a 5-field cron expression (`30 6,7 * * 1-5`, `*\/15 8-18 * * MON-FRI`). */
export function parseCron(text: string): ParseCronResult {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) return { ok: false, reason: `"${text}" has ${fields.length} field${fields.length === 1 ? '' : 's'}, a cron line has 5 (minute hour day-of-month month day-of-week)` };
  const sets: Set<number>[] = [];
  for (const [i, spec] of FIELDS.entries()) {
    const parsed = parseField(fields[i]!, spec);
    if (typeof parsed === 'string') return { ok: false, reason: `"${text}": ${parsed}` };
    sets.push(parsed);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  return {
    ok: true,
    cron: { source: text.trim(), minute, hour, dayOfMonth, month, dayOfWeek, dayOfMonthStar: fields[2]!.startsWith('*'), dayOfWeekStar: fields[4]!.startsWith('*') },
  };
}

/** Whether the cron line fires in the UTC minute of `epochMs`. */
export function cronMatches(cron: Cron, epochMs: number): boolean {
  const d = new Date(epochMs);
  if (!cron.minute.has(d.getUTCMinutes()) || !cron.hour.has(d.getUTCHours()) || !cron.month.has(d.getUTCMonth() + 1)) return false;
  const dom = cron.dayOfMonth.has(d.getUTCDate());
  const dow = cron.dayOfWeek.has(d.getUTCDay());
  // Cron's rule: when both day fields are restricted, either one may match.
  return cron.dayOfMonthStar || cron.dayOfWeekStar ? dom && dow : dom || dow;
}

// ---------------------------------------------------------------------------------------------------
// Slot occurrences and the UTC runs they need.

export interface ChannelSlots {
  channel: string;
  slots: ChannelSettings['slots'];
}

/** One posting slot on one local date, as the instant a publish run must start at. */
export interface SlotOccurrence {
  /** The instant of the slot (UTC epoch ms). */
  epochMs: number;
  /** Local date (YYYY-MM-DD), weekday and time of the slot. */
  date: string;
  weekday: Weekday;
  time: string;
  /** The zone's UTC offset at that instant, in minutes (Paris in winter: 60). */
  offsetMinutes: number;
  /** `gap`: the local time does not exist that day (spring forward), the run is at the time the clock reads it before the change; `overlap`: it happens twice (fall back), both are listed. */
  transition?: 'gap' | 'overlap';
  channels: string[];
}

/** A period of the horizon during which the zone keeps one UTC offset. */
export interface OffsetPeriod {
  offsetMinutes: number;
  fromMs: number;
  untilMs: number;
}

/** A UTC run one local slot needs while the zone is at one offset. */
export interface SlotRun {
  offsetMinutes: number;
  /** Minute of the UTC week, 0 = Sunday 00:00 UTC (cron's weekday 0). */
  minuteOfWeek: number;
  utcWeekday: Weekday;
  utcTime: string;
  /** The first occurrence in the horizon, and how many there are. */
  firstMs: number;
  count: number;
}

/** A local posting slot (weekday + time) with the channels that use it and the UTC runs it needs. */
export interface SlotNeed {
  weekday: Weekday;
  time: string;
  channels: string[];
  runs: SlotRun[];
}

export interface SchedulePlan {
  timeZone: string;
  fromMs: number;
  untilMs: number;
  offsets: OffsetPeriod[];
  occurrences: SlotOccurrence[];
  needs: SlotNeed[];
}

function clock(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

function minuteOfWeek(epochMs: number): number {
  const d = new Date(epochMs);
  return d.getUTCDay() * 1440 + d.getUTCHours() * 60 + d.getUTCMinutes();
}

/** The offsets the zone uses between two instants, as consecutive periods (hour resolution, then refined to the minute). */
export function offsetPeriods(timeZone: string, fromMs: number, untilMs: number): OffsetPeriod[] {
  const periods: OffsetPeriod[] = [];
  const HOUR = 3_600_000;
  let current = offsetAt(fromMs, timeZone);
  let start = fromMs;
  let previous = fromMs;
  for (let t = fromMs + HOUR; t <= untilMs + HOUR; t += HOUR) {
    const at = Math.min(t, untilMs);
    const offset = offsetAt(at, timeZone);
    if (offset !== current) {
      // The change happened in (previous, at]: find its minute.
      let lo = previous;
      let hi = at;
      while (hi - lo > MINUTE_MS) {
        const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
        if (offsetAt(mid, timeZone) === current) lo = mid;
        else hi = mid;
      }
      periods.push({ offsetMinutes: current, fromMs: start, untilMs: hi });
      current = offset;
      start = hi;
    }
    previous = at;
    if (at === untilMs) break;
  }
  periods.push({ offsetMinutes: current, fromMs: start, untilMs });
  return periods;
}

/**
 * Every occurrence of the channels' posting slots in the local days from `fromMs` for `days` days.
 * A slot in the spring-forward gap occurs at the instant the clock would show it with the offset of
 * before the change (02:30 in Paris that day is 01:30 UTC); a slot in the fall-back overlap occurs twice.
 */
export function slotOccurrences(channels: readonly ChannelSlots[], timeZone: string, fromMs: number, days = 366): SlotOccurrence[] {
  const start = toWallClock(fromMs, timeZone);
  const out: SlotOccurrence[] = [];
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + i));
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    const weekday = weekdayOf(day);
    const byTime = new Map<string, string[]>();
    for (const { channel, slots } of channels) {
      for (const time of slotsOn(slots, weekday) ?? []) byTime.set(time, [...(byTime.get(time) ?? []), channel]);
    }
    for (const [time, names] of [...byTime].sort(([a], [b]) => a.localeCompare(b))) {
      const [hour, minute] = time.split(':').map(Number) as [number, number];
      const wall = { ...day, hour, minute, second: 0 };
      const zoned = zonedToInstant(wall, timeZone);
      const base = { date: dayKey(day), weekday, time, channels: names };
      if (zoned.ok) {
        out.push({ ...base, epochMs: zoned.epochMs, offsetMinutes: offsetAt(zoned.epochMs, timeZone) });
      } else if (zoned.problem === 'ambiguous') {
        for (const epochMs of zoned.candidates) out.push({ ...base, epochMs, offsetMinutes: offsetAt(epochMs, timeZone), transition: 'overlap' });
      } else {
        const before = offsetAt(wallAsUtc(wall) - DAY_MS, timeZone);
        out.push({ ...base, epochMs: wallAsUtc(wall) - before * MINUTE_MS, offsetMinutes: before, transition: 'gap' });
      }
    }
  }
  return out.filter((o) => o.epochMs >= fromMs);
}

/** Occurrences grouped into local slots (weekday + time) and the UTC runs each needs, per offset. */
export function slotNeeds(occurrences: readonly SlotOccurrence[]): SlotNeed[] {
  const needs = new Map<string, SlotNeed>();
  for (const o of occurrences) {
    const key = `${WEEKDAYS.indexOf(o.weekday)} ${o.time}`;
    let need = needs.get(key);
    if (!need) {
      need = { weekday: o.weekday, time: o.time, channels: [], runs: [] };
      needs.set(key, need);
    }
    for (const c of o.channels) if (!need.channels.includes(c)) need.channels.push(c);
    const mow = minuteOfWeek(o.epochMs);
    const run = need.runs.find((r) => r.offsetMinutes === o.offsetMinutes && r.minuteOfWeek === mow);
    if (run) run.count++;
    else need.runs.push({ offsetMinutes: o.offsetMinutes, minuteOfWeek: mow, utcWeekday: WEEKDAYS[Math.floor(mow / 1440)]!, utcTime: clock(mow % 1440), firstMs: o.epochMs, count: 1 });
  }
  const list = [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
  // Monday first, as people read a week.
  const order = (w: Weekday) => (WEEKDAYS.indexOf(w) + 6) % 7;
  list.sort((a, b) => order(a.weekday) - order(b.weekday) || a.time.localeCompare(b.time));
  for (const n of list) n.runs.sort((a, b) => b.offsetMinutes - a.offsetMinutes || a.minuteOfWeek - b.minuteOfWeek);
  return list;
}

export interface ScheduleInput {
  channels: readonly ChannelSlots[];
  timeZone: string;
  fromMs: number;
  /** Length of the horizon in days (default 366: every offset the zone uses in the next 12 months). */
  days?: number;
}

export function schedulePlan(input: ScheduleInput): SchedulePlan {
  const days = input.days ?? 366;
  const occurrences = slotOccurrences(input.channels, input.timeZone, input.fromMs, days);
  const untilMs = input.fromMs + days * DAY_MS;
  return { timeZone: input.timeZone, fromMs: input.fromMs, untilMs, offsets: offsetPeriods(input.timeZone, input.fromMs, untilMs), occurrences, needs: slotNeeds(occurrences) };
}

/** The UTC minutes of the week at which some run must start. */
export function requiredMinutes(needs: readonly SlotNeed[]): Set<number> {
  return new Set(needs.flatMap((n) => n.runs.map((r) => r.minuteOfWeek)));
}

/** "winter time", "summer time" or "all year" for a zone with one or two offsets; the offset otherwise. */
export function offsetLabel(offsetMinutes: number, offsets: readonly number[]): string {
  const distinct = [...new Set(offsets)].sort((a, b) => a - b);
  if (distinct.length === 1) return `all year (UTC${formatOffset(offsetMinutes)})`;
  if (distinct.length === 2) return `${offsetMinutes === distinct[0] ? 'winter' : 'summer'} time (UTC${formatOffset(offsetMinutes)})`;
  return `UTC${formatOffset(offsetMinutes)}`;
}

// ---------------------------------------------------------------------------------------------------
// Collapsing a set of UTC minutes of the week into cron lines.

export interface CronLine {
  expression: string;
  minutes: number[];
  hours: number[];
  weekdays: number[];
}

/** `0,1,2,5` → `0-2,5`; every value → `*`; an arithmetic series from the minimum → `*\/step`. */
export function formatCronList(values: readonly number[], min: number, max: number): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length === max - min + 1) return '*';
  if (sorted.length > 2 && sorted[0] === min) {
    const step = sorted[1]! - sorted[0]!;
    if (sorted.every((v, i) => v === min + i * step) && sorted.at(-1)! + step > max) return `*/${step}`;
  }
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(',');
}

function groupBy<K, V>(entries: Iterable<readonly [K, V]>, keyOf: (k: K) => string): Map<string, { key: K; values: V[] }> {
  const map = new Map<string, { key: K; values: V[] }>();
  for (const [k, v] of entries) {
    const id = keyOf(k);
    const group = map.get(id);
    if (group) group.values.push(v);
    else map.set(id, { key: k, values: [v] });
  }
  return map;
}

/**
 * Exact cover of a set of UTC minutes of the week by cron lines `M H * * D` (each line fires only at
 * required minutes, and no minute twice). Three groupings are tried (times of day with the same
 * weekdays, by minute then hour or by hour then minute; or weekdays with the same times of day), and
 * the one with the fewest lines wins.
 */
export function collapseToCron(minutes: Iterable<number>): CronLine[] {
  const days = new Map<number, Set<number>>(); // minute of day → weekdays
  for (const m of minutes) {
    const mod = ((m % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
    const tod = mod % 1440;
    let set = days.get(tod);
    if (!set) days.set(tod, (set = new Set()));
    set.add(Math.floor(mod / 1440));
  }
  const mask = (s: Set<number>) => [...s].sort((a, b) => a - b);
  const entries = [...days].map(([tod, wd]) => ({ hour: Math.floor(tod / 60), minute: tod % 60, weekdays: mask(wd) }));

  const byMinuteFirst = (): CronLine[] => {
    const first = groupBy(entries.map((e) => [{ minute: e.minute, weekdays: e.weekdays }, e.hour] as const), (k) => `${k.minute}|${k.weekdays}`);
    const second = groupBy([...first.values()].map((g) => [{ weekdays: g.key.weekdays, hours: g.values.sort((a, b) => a - b) }, g.key.minute] as const), (k) => `${k.weekdays}|${k.hours}`);
    return [...second.values()].map((g) => line(g.values, g.key.hours, g.key.weekdays));
  };
  const byHourFirst = (): CronLine[] => {
    const first = groupBy(entries.map((e) => [{ hour: e.hour, weekdays: e.weekdays }, e.minute] as const), (k) => `${k.hour}|${k.weekdays}`);
    const second = groupBy([...first.values()].map((g) => [{ weekdays: g.key.weekdays, minutes: g.values.sort((a, b) => a - b) }, g.key.hour] as const), (k) => `${k.weekdays}|${k.minutes}`);
    return [...second.values()].map((g) => line(g.key.minutes, g.values, g.key.weekdays));
  };
  // Or weekdays first: days with the same times of day share lines, whose times are then grouped.
  const byDayFirst = (): CronLine[] => {
    const perDay = new Map<number, number[]>();
    for (const [tod, wd] of days) for (const d of wd) perDay.set(d, [...(perDay.get(d) ?? []), tod]);
    const groups = groupBy([...perDay].map(([d, tods]) => [tods.sort((x, y) => x - y), d] as const), (k) => `${k}`);
    return [...groups.values()].flatMap((g) => {
      const times = g.key.map((tod) => ({ hour: Math.floor(tod / 60), minute: tod % 60 }));
      // hours of each minute → minutes sharing those hours (and the other way round)
      const regroup = (pairs: (readonly [number, number])[]) =>
        groupBy([...groupBy(pairs, String).values()].map((x) => [x.values.sort((p, q) => p - q), x.key] as const), (k) => `${k}`);
      const byMinute = regroup(times.map((t) => [t.minute, t.hour] as const));
      const byHour = regroup(times.map((t) => [t.hour, t.minute] as const));
      return byHour.size < byMinute.size
        ? [...byHour.values()].map((x) => line(x.key, x.values, g.values))
        : [...byMinute.values()].map((x) => line(x.values, x.key, g.values));
    });
  };
  const lines = [byMinuteFirst(), byHourFirst(), byDayFirst()].reduce((best, next) => (next.length < best.length ? next : best));
  return lines.sort((x, y) => x.hours[0]! - y.hours[0]! || x.minutes[0]! - y.minutes[0]! || x.weekdays[0]! - y.weekdays[0]!);
}

function line(minutes: number[], hours: number[], weekdays: number[]): CronLine {
  const m = [...minutes].sort((a, b) => a - b);
  const h = [...hours].sort((a, b) => a - b);
  const w = [...weekdays].sort((a, b) => a - b);
  return { minutes: m, hours: h, weekdays: w, expression: `${formatCronList(m, 0, 59)} ${formatCronList(h, 0, 23)} * * ${formatCronList(w, 0, 6)}` };
}

/** The UTC minutes of the week a cron line of `collapseToCron` fires at. */
export function lineMinutes(l: CronLine): Set<number> {
  const out = new Set<number>();
  for (const w of l.weekdays) for (const h of l.hours) for (const m of l.minutes) out.add(w * 1440 + h * 60 + m);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Checking a workflow's cron lines.

export interface MissedRun {
  run: SlotRun;
  /** Occurrences with no cron line firing within the tolerance, and the first of them. */
  missed: number;
  firstMissedMs: number;
}

export interface UncoveredSlot {
  need: SlotNeed;
  missed: MissedRun[];
}

/**
 * Slots for which some occurrence has no cron line firing at its instant or up to `toleranceMinutes`
 * after it (a run before the slot would not find the post due yet).
 */
export function uncoveredSlots(plan: Pick<SchedulePlan, 'occurrences' | 'needs'>, crons: readonly Cron[], toleranceMinutes = 5): UncoveredSlot[] {
  const memo = new Map<number, boolean>();
  const fires = (minuteMs: number) => {
    let hit = memo.get(minuteMs);
    if (hit === undefined) memo.set(minuteMs, (hit = crons.some((c) => cronMatches(c, minuteMs))));
    return hit;
  };
  const covered = (epochMs: number) => {
    const start = Math.ceil(epochMs / MINUTE_MS) * MINUTE_MS;
    for (let k = 0; k <= toleranceMinutes; k++) if (fires(start + k * MINUTE_MS)) return true;
    return false;
  };
  const missed = new Map<string, MissedRun>();
  const key = (o: { weekday: Weekday; time: string }, offset: number, mow: number) => `${o.weekday} ${o.time} ${offset} ${mow}`;
  for (const o of plan.occurrences) {
    if (covered(o.epochMs)) continue;
    const mow = minuteOfWeek(o.epochMs);
    const k = key(o, o.offsetMinutes, mow);
    const entry = missed.get(k);
    if (entry) entry.missed++;
    else {
      const need = plan.needs.find((n) => n.weekday === o.weekday && n.time === o.time)!;
      const run = need.runs.find((r) => r.offsetMinutes === o.offsetMinutes && r.minuteOfWeek === mow)!;
      missed.set(k, { run, missed: 1, firstMissedMs: o.epochMs });
    }
  }
  const out: UncoveredSlot[] = [];
  for (const need of plan.needs) {
    const runs = need.runs.map((r) => missed.get(key(need, r.offsetMinutes, r.minuteOfWeek))).filter((m): m is MissedRun => m !== undefined);
    if (runs.length) out.push({ need, missed: runs });
  }
  return out;
}
