import { describe, expect, it } from 'vitest';
import {
  collapseToCron,
  cronMatches,
  formatCronList,
  lineMinutes,
  offsetLabel,
  offsetPeriods,
  parseCron,
  requiredMinutes,
  schedulePlan,
  slotOccurrences,
  uncoveredSlots,
  type ChannelSlots,
  type Cron,
} from '../../src/core/schedule-cron.ts';

const cron = (text: string): Cron => {
  const parsed = parseCron(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.cron;
};
const at = (iso: string) => Date.parse(iso);
const sorted = (s: Iterable<number>) => [...s].sort((a, b) => a - b);
// Minute of the UTC week: 0 = Sunday 00:00 UTC.
const mow = (day: number, hh: number, mm: number) => day * 1440 + hh * 60 + mm;
const WINTER = at('2026-11-02T00:00:00Z'); // a Monday in Paris winter time, 12 months ahead cover both offsets

function runsOf(channels: ChannelSlots[], timeZone: string, fromMs = WINTER) {
  const plan = schedulePlan({ channels, timeZone, fromMs });
  return { plan, runs: plan.needs.map((n) => `${n.weekday} ${n.time} → ${n.runs.map((r) => `${r.utcWeekday} ${r.utcTime} (${r.offsetMinutes})`).join(', ')}`) };
}

describe('parseCron', () => {
  it('reads values, lists, ranges, steps, * and names', () => {
    const c = cron('*/15 6-8,12 * JAN-mar mon-FRI');
    expect(sorted(c.minute)).toEqual([0, 15, 30, 45]);
    expect(sorted(c.hour)).toEqual([6, 7, 8, 12]);
    expect(c.dayOfMonth.size).toBe(31);
    expect(sorted(c.month)).toEqual([1, 2, 3]);
    expect(sorted(c.dayOfWeek)).toEqual([1, 2, 3, 4, 5]);
    expect(sorted(cron('5/20 0 1 1 7').minute)).toEqual([5, 25, 45]);
    expect(sorted(cron('0 0 * * 7').dayOfWeek)).toEqual([0]); // 7 is Sunday
    expect(sorted(cron('0 0 * * 5-7').dayOfWeek)).toEqual([0, 5, 6]);
    expect(sorted(cron('0 0 * * *').dayOfWeek)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sorted(cron('10-20/5 0 * * *').minute)).toEqual([10, 15, 20]);
  });
  it('refuses what is not a 5-field cron line', () => {
    for (const bad of ['0 8 * *', '0 8 * * * *', '60 8 * * *', '0 24 * * *', '0 8 0 * *', '0 8 * 13 *', '0 8 * * 8', '10-5 8 * * *', '*/0 8 * * *', 'a 8 * * *', '0 8 * * MON-', '']) {
      expect(parseCron(bad).ok, bad).toBe(false);
    }
    expect(parseCron('60 8 * * *')).toMatchObject({ ok: false, reason: expect.stringContaining('minute') });
  });
});

describe('cronMatches (UTC)', () => {
  it('matches minute, hour, month and weekday', () => {
    const c = cron('30 7 * * 1-5');
    expect(cronMatches(c, at('2026-11-02T07:30:00Z'))).toBe(true); // Monday
    expect(cronMatches(c, at('2026-11-02T07:30:59Z'))).toBe(true);
    expect(cronMatches(c, at('2026-11-02T07:31:00Z'))).toBe(false);
    expect(cronMatches(c, at('2026-11-01T07:30:00Z'))).toBe(false); // Sunday
    expect(cronMatches(cron('0 12 * 3 *'), at('2027-03-10T12:00:00Z'))).toBe(true);
    expect(cronMatches(cron('0 12 * 3 *'), at('2027-04-10T12:00:00Z'))).toBe(false);
  });
  it('combines day of month and day of week like cron: either one when both are restricted', () => {
    const both = cron('0 12 1 * 1'); // the 1st, or any Monday
    expect(cronMatches(both, at('2026-12-01T12:00:00Z'))).toBe(true); // a Tuesday, the 1st
    expect(cronMatches(both, at('2026-12-07T12:00:00Z'))).toBe(true); // a Monday
    expect(cronMatches(both, at('2026-12-08T12:00:00Z'))).toBe(false);
    const domOnly = cron('0 12 1 * *');
    expect(cronMatches(domOnly, at('2026-12-07T12:00:00Z'))).toBe(false);
    expect(cronMatches(domOnly, at('2026-12-01T12:00:00Z'))).toBe(true);
  });
});

describe('formatCronList', () => {
  it('writes ranges, *, steps and lists', () => {
    expect(formatCronList([1, 2, 3, 4, 5], 0, 6)).toBe('1-5');
    expect(formatCronList([0, 6], 0, 6)).toBe('0,6');
    expect(formatCronList([0, 1, 2, 3, 4, 5, 6], 0, 6)).toBe('*');
    expect(formatCronList([0, 15, 30, 45], 0, 59)).toBe('*/15');
    expect(formatCronList([6, 7, 10, 11], 0, 23)).toBe('6,7,10,11');
    expect(formatCronList([0, 1, 2, 5], 0, 59)).toBe('0-2,5');
  });
});

describe('UTC runs of posting slots across DST', () => {
  it('Europe/Paris: 09:00 is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    const { plan, runs } = runsOf([{ channel: 'mastodon', slots: { mon: ['09:00'] } }], 'Europe/Paris');
    expect(runs).toEqual(['mon 09:00 → mon 07:00 (120), mon 08:00 (60)']);
    expect([...new Set(plan.offsets.map((o) => o.offsetMinutes))].sort()).toEqual([120, 60]);
    expect(offsetLabel(60, [60, 120])).toBe('winter time (UTC+01:00)');
    expect(offsetLabel(120, [60, 120])).toBe('summer time (UTC+02:00)');
    expect(collapseToCron(requiredMinutes(plan.needs)).map((l) => l.expression)).toEqual(['0 7,8 * * 1']);
  });

  it('Europe/Paris: the offset periods of the next 12 months, to the minute', () => {
    const periods = offsetPeriods('Europe/Paris', WINTER, WINTER + 366 * 86_400_000);
    expect(periods.map((p) => [p.offsetMinutes, new Date(p.fromMs).toISOString()])).toEqual([
      [60, '2026-11-02T00:00:00.000Z'],
      [120, '2027-03-28T01:00:00.000Z'],
      [60, '2027-10-31T01:00:00.000Z'],
    ]);
  });

  it('America/New_York: 09:00 is 14:00 UTC in winter (EST) and 13:00 UTC in summer (EDT)', () => {
    const { plan, runs } = runsOf([{ channel: 'bluesky', slots: { weekdays: ['09:00'] } }], 'America/New_York');
    expect(runs[0]).toBe('mon 09:00 → mon 13:00 (-240), mon 14:00 (-300)');
    expect(offsetLabel(-300, [-300, -240])).toBe('winter time (UTC-05:00)');
    expect(collapseToCron(requiredMinutes(plan.needs)).map((l) => l.expression)).toEqual(['0 13,14 * * 1-5']);
  });

  it('America/New_York: 21:00 is already the next day in UTC', () => {
    const { plan, runs } = runsOf([{ channel: 'x', slots: { fri: ['21:00'] } }], 'America/New_York');
    expect(runs).toEqual(['fri 21:00 → sat 01:00 (-240), sat 02:00 (-300)']);
    expect(collapseToCron(requiredMinutes(plan.needs)).map((l) => l.expression)).toEqual(['0 1,2 * * 6']);
  });

  it('Asia/Kolkata (+05:30, no DST): one UTC time per slot, at minute 30', () => {
    const { plan, runs } = runsOf([{ channel: 'linkedin', slots: { daily: ['09:00', '18:00'] } }], 'Asia/Kolkata');
    expect(runs).toContain('mon 09:00 → mon 03:30 (330)');
    expect(runs).toContain('sun 18:00 → sun 12:30 (330)');
    expect(plan.offsets).toHaveLength(1);
    expect(offsetLabel(330, [330])).toBe('all year (UTC+05:30)');
    expect(collapseToCron(requiredMinutes(plan.needs)).map((l) => l.expression)).toEqual(['30 3,12 * * *']);
  });

  it('a slot crossing UTC midnight moves to the previous weekday: 00:30 Paris on Monday is Sunday 23:30 UTC in winter', () => {
    const { plan, runs } = runsOf([{ channel: 'telegram', slots: { mon: ['00:30'] } }], 'Europe/Paris');
    expect(runs).toEqual(['mon 00:30 → sun 22:30 (120), sun 23:30 (60)']);
    expect(requiredMinutes(plan.needs)).toEqual(new Set([mow(0, 22, 30), mow(0, 23, 30)]));
    expect(collapseToCron(requiredMinutes(plan.needs)).map((l) => l.expression)).toEqual(['30 22,23 * * 0']);
  });

  it('a slot at 02:30 on the spring-forward day (does not exist) runs at 01:30 UTC, the winter run', () => {
    const channels = [{ channel: 'mastodon', slots: { sun: ['02:30'] } }];
    const occurrences = slotOccurrences(channels, 'Europe/Paris', at('2027-03-21T00:00:00Z'), 15);
    const spring = occurrences.find((o) => o.date === '2027-03-28')!;
    expect(spring).toMatchObject({ transition: 'gap', offsetMinutes: 60, weekday: 'sun', time: '02:30' });
    expect(new Date(spring.epochMs).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(occurrences.map((o) => [o.date, new Date(o.epochMs).toISOString().slice(11, 16)])).toEqual([
      ['2027-03-21', '01:30'],
      ['2027-03-28', '01:30'],
      ['2027-04-04', '00:30'],
    ]);
    const { plan } = runsOf(channels, 'Europe/Paris');
    expect(plan.needs[0]!.runs.map((r) => `${r.utcTime} (${r.offsetMinutes})`)).toEqual(['00:30 (120)', '01:30 (60)']);
    // The generated lines cover that day too.
    const lines = collapseToCron(requiredMinutes(plan.needs));
    expect(uncoveredSlots(plan, lines.map((l) => cron(l.expression)))).toEqual([]);
  });

  it('a slot at 02:30 on the fall-back day (happens twice) needs both runs', () => {
    const occurrences = slotOccurrences([{ channel: 'mastodon', slots: { sun: ['02:30'] } }], 'Europe/Paris', at('2026-10-24T00:00:00Z'), 3);
    expect(occurrences.map((o) => [o.transition, o.offsetMinutes, new Date(o.epochMs).toISOString()])).toEqual([
      ['overlap', 120, '2026-10-25T00:30:00.000Z'],
      ['overlap', 60, '2026-10-25T01:30:00.000Z'],
    ]);
  });

  it('merges channels sharing a slot and skips slots already past at the start', () => {
    const channels = [{ channel: 'mastodon', slots: { mon: ['09:00'] } }, { channel: 'bluesky', slots: { weekdays: ['09:00'] } }];
    const plan = schedulePlan({ channels, timeZone: 'Europe/Paris', fromMs: at('2026-11-02T00:00:00Z'), days: 7 });
    expect(plan.needs.map((n) => [n.weekday, n.channels])).toEqual([['mon', ['mastodon', 'bluesky']], ['tue', ['bluesky']], ['wed', ['bluesky']], ['thu', ['bluesky']], ['fri', ['bluesky']]]);
    const later = schedulePlan({ channels, timeZone: 'Europe/Paris', fromMs: at('2026-11-02T09:00:00Z'), days: 7 });
    expect(later.occurrences[0]!.date).toBe('2026-11-03');
  });
});

describe('collapseToCron', () => {
  it('covers exactly the required minutes, in few lines', () => {
    const { plan } = runsOf([{ channel: 'mastodon', slots: { weekdays: ['08:30', '12:30', '18:00'], weekend: ['10:00', '18:00'] } }], 'Europe/Paris');
    const lines = collapseToCron(requiredMinutes(plan.needs));
    expect(lines.map((l) => l.expression)).toEqual(['30 6,7,10,11 * * 1-5', '0 8,9 * * 0,6', '0 16,17 * * *']);
  });

  it('is an exact cover for arbitrary sets (no run at a minute nobody needs)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 50; trial++) {
      const wanted = new Set<number>();
      const n = 1 + Math.floor(random() * 40);
      for (let i = 0; i < n; i++) wanted.add(Math.floor(random() * 7) * 1440 + Math.floor(random() * 6) * 60 * 4 + [0, 15, 30, 45][Math.floor(random() * 4)]!);
      const lines = collapseToCron(wanted);
      const union = new Set(lines.flatMap((l) => [...lineMinutes(l)]));
      expect(sorted(union)).toEqual(sorted(wanted));
      for (const l of lines) expect(sorted(lineMinutes(l))).toEqual(sorted(lineMinutes({ ...l, ...toLine(cron(l.expression)) })));
      expect(lines.length).toBeLessThanOrEqual(wanted.size);
    }
  });
});

function toLine(c: Cron) {
  return { minutes: sorted(c.minute), hours: sorted(c.hour), weekdays: sorted(c.dayOfWeek) };
}

describe('uncoveredSlots', () => {
  const channels = [{ channel: 'mastodon', slots: { mon: ['09:00'] } }];
  const { plan } = runsOf(channels, 'Europe/Paris');

  it('names the offset whose run is missing, with its first occurrence', () => {
    const [u, ...rest] = uncoveredSlots(plan, [cron('0 8 * * 1')]);
    expect(rest).toEqual([]);
    expect(u!.need).toMatchObject({ weekday: 'mon', time: '09:00', channels: ['mastodon'] });
    expect(u!.missed.map((m) => [m.run.utcTime, m.run.offsetMinutes, new Date(m.firstMissedMs).toISOString()])).toEqual([['07:00', 120, '2027-03-29T07:00:00.000Z']]);
    expect(uncoveredSlots(plan, [cron('0 8 * * 1'), cron('0 7 * * 1')])).toEqual([]);
  });

  it('accepts a run up to the tolerance after the slot, never before it', () => {
    expect(uncoveredSlots(plan, [cron('3 7,8 * * 1')], 5)).toEqual([]);
    expect(uncoveredSlots(plan, [cron('3 7,8 * * 1')], 2)).toHaveLength(1);
    expect(uncoveredSlots(plan, [cron('55 6,7 * * 1')], 5)).toHaveLength(1);
    expect(uncoveredSlots(plan, [cron('*/5 * * * *')], 0)).toEqual([]);
  });

  it('accepts extra lines, and month-restricted lines only when they cover every week', () => {
    expect(uncoveredSlots(plan, [cron('0 7,8 * * 1'), cron('0 12 * * *')])).toEqual([]);
    // Winter months only by month: the last days of March are summer time in Paris.
    const byMonth = uncoveredSlots(plan, [cron('0 8 * 1-3,11,12 1'), cron('0 7 * 4-10 1')]);
    expect(byMonth.flatMap((u) => u.missed.map((m) => [m.missed, new Date(m.firstMissedMs).toISOString()]))).toEqual([[1, '2027-03-29T07:00:00.000Z']]);
  });

  it('the generated lines always cover the slots (several zones, midnight slots)', () => {
    const slots = { weekdays: ['00:00', '00:30', '08:15', '23:45'], sat: ['02:30'], sun: ['01:00', '03:00'] };
    for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Pacific/Chatham', 'UTC']) {
      const p = schedulePlan({ channels: [{ channel: 'x', slots }], timeZone: zone, fromMs: WINTER });
      const lines = collapseToCron(requiredMinutes(p.needs));
      expect(uncoveredSlots(p, lines.map((l) => cron(l.expression))), zone).toEqual([]);
    }
  });
});
