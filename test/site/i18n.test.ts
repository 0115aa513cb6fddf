import { describe, expect, it } from 'vitest';
import { formatDate, formatMonth } from '../../src/site/i18n.ts';

describe('dates on the sites', () => {
  // 23:30 UTC on 31 December is already 1 January in Paris, still 31 December in London.
  const newYearsEve = Date.UTC(2026, 11, 31, 23, 30);

  it("writes a long date in the brand's locale and time zone", () => {
    expect(formatDate(newYearsEve, 'fr', 'Europe/Paris')).toBe('1 janvier 2027');
    expect(formatDate(newYearsEve, 'en', 'Europe/London')).toBe('31 December 2026');
  });

  it('does not give one zone or locale the date it formatted for another', () => {
    expect(formatDate(newYearsEve, 'fr', 'Europe/London')).toBe('31 décembre 2026');
    expect(formatDate(newYearsEve, 'en', 'Europe/Paris')).toBe('1 January 2027');
    expect(formatDate(newYearsEve, 'fr', 'Europe/Paris')).toBe('1 janvier 2027');
  });

  it('names a month', () => {
    expect(formatMonth('2026-12', 'fr')).toBe('décembre 2026');
    expect(formatMonth('2026-12', 'en')).toBe('December 2026');
  });
});
