import { describe, expect, it } from 'vitest';
import { parseDateTime, resolveDateTime, toWallClock, toZonedIso, weekdayOf } from '../../src/core/time.ts';

describe('parseDateTime', () => {
  it('reads local and offset forms', () => {
    expect(parseDateTime('2026-12-08T18:30')).toMatchObject({ ok: true, value: { kind: 'local' } });
    expect(parseDateTime('2026-12-08 18:30:00')).toMatchObject({ ok: true, value: { kind: 'local' } });
    const z = parseDateTime('2026-12-08T18:30+01:00');
    expect(z.ok && z.value.kind === 'instant' && new Date(z.value.epochMs).toISOString()).toBe('2026-12-08T17:30:00.000Z');
  });
  it('refuses impossible calendar dates with the reason', () => {
    expect(parseDateTime('2026-02-29T10:00')).toMatchObject({ ok: false, reason: expect.stringContaining('day 29') });
    expect(parseDateTime('2028-02-29T10:00').ok).toBe(true);
    expect(parseDateTime('2026-13-01T10:00').ok).toBe(false);
    expect(parseDateTime('2026-12-08T24:00').ok).toBe(false);
    expect(parseDateTime('tomorrow').ok).toBe(false);
  });
});

describe('resolveDateTime in Europe/Paris', () => {
  const tz = 'Europe/Paris';
  it('reads winter and summer local times with the right offset', () => {
    const winter = resolveDateTime('2026-12-08T18:30', tz);
    expect(winter.ok && new Date(winter.epochMs).toISOString()).toBe('2026-12-08T17:30:00.000Z');
    const summer = resolveDateTime('2026-07-14T10:00', tz);
    expect(summer.ok && new Date(summer.epochMs).toISOString()).toBe('2026-07-14T08:00:00.000Z');
  });
  it('refuses 02:30 on the spring-forward night (2027-03-28)', () => {
    const r = resolveDateTime('2027-03-28T02:30', tz);
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('does not exist') });
  });
  it('refuses 02:30 on the fall-back night (2026-10-25) as ambiguous, naming both offsets', () => {
    const r = resolveDateTime('2026-10-25T02:30', tz);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/twice.*\+02:00.*\+01:00/) });
  });
  it('accepts an explicit offset on those nights', () => {
    const r = resolveDateTime('2026-10-25T02:30+01:00', tz);
    expect(r.ok && toZonedIso(r.epochMs, tz)).toBe('2026-10-25T02:30:00+01:00');
  });
  it('works in a zone without DST and one far from UTC', () => {
    const r = resolveDateTime('2026-03-08T02:30', 'America/New_York');
    expect(r.ok).toBe(false);
    const k = resolveDateTime('2026-03-08T02:30', 'Asia/Kolkata');
    expect(k.ok && new Date(k.epochMs).toISOString()).toBe('2026-03-07T21:00:00.000Z');
  });
  it('names weekdays', () => {
    expect(weekdayOf({ year: 2026, month: 11, day: 21 })).toBe('sat');
  });
});

describe('toWallClock fast path', () => {
  it('agrees with Intl on every hour around DST changes and in odd zones', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'Asia/Kolkata', 'America/St_Johns', 'UTC'];
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (const zone of zones) {
      const intl = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      for (let t = start; t < start + 366 * 86_400_000; t += 3_600_000 + 17_000) {
        const parts = Object.fromEntries(intl.formatToParts(new Date(t)).map((p) => [p.type, Number(p.value)]));
        const w = toWallClock(t, zone);
        expect([w.year, w.month, w.day, w.hour, w.minute, w.second], `${zone} ${new Date(t).toISOString()}`).toEqual([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second]);
      }
    }
  });
});
