import { describe, expect, it } from 'vitest';
import { parseDateTime, resolveDateTime, toZonedIso, weekdayOf } from '../../src/core/time.ts';

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
