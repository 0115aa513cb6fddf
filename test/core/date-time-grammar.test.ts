import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/generate.ts';
import { parseDateTime } from '../../src/core/time.ts';

// The grammar parseDateTime reads by hand, as the regular expression it replaced wrote it.
const GRAMMAR = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** What parseDateTime must say, computed from the regular expression. */
function reference(text: string) {
  const m = GRAMMAR.exec(text.trim());
  if (!m) return { ok: false };
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] ? Number(m[6]) : 0;
  const zone = m[7];
  const invalid = month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate() || hour > 23 || minute > 59 || second > 59;
  if (invalid) return { ok: false };
  if (!zone) return { ok: true, kind: 'local', wall: [year, month, day, hour, minute, second] };
  const digits = zone === 'Z' ? '0000' : zone.slice(1).replace(':', '');
  const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (oh > 14 || om > 59) return { ok: false };
  const offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  return { ok: true, kind: 'instant', wall: [year, month, day, hour, minute, second], offset, epochMs: Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000 };
}

function actual(text: string) {
  const r = parseDateTime(text);
  if (!r.ok) return { ok: false };
  const { year, month, day, hour, minute, second } = r.value.wall;
  const wall = [year, month, day, hour, minute, second];
  return r.value.kind === 'local' ? { ok: true, kind: 'local', wall } : { ok: true, kind: 'instant', wall, offset: r.value.offsetMinutes, epochMs: r.value.epochMs };
}

describe('parseDateTime reads exactly the ISO 8601 subset of the content model', () => {
  it('agrees with the regular expression on valid, nearly valid and broken date-times', () => {
    // Seeded: the same strings on every run.
    const next = mulberry32(42);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const digit = () => String(Math.floor(next() * 10));
    // Two digits, mostly below `max` (a valid field), sometimes anything, sometimes not two digits.
    const two = (max = 100) => {
      const roll = next();
      if (roll < 0.85) return String(Math.floor(next() * max)).padStart(2, '0');
      return roll < 0.95 ? digit() + digit() : digit() + pick(['', digit() + digit(), 'x']);
    };
    const pieces = [
      () => String(1970 + Math.floor(next() * 100)),
      () => pick(['-', '-', '-', '-', '/', '']),
      () => two(13),
      () => pick(['-', '-', '-', '']),
      () => two(32),
      () => pick(['T', 'T', 'T', ' ', 't', '']),
      () => two(24),
      () => pick([':', ':', ':', '']),
      () => two(60),
      () => pick(['', '', `:${two(60)}`, `:${two(60)}.${'123456789012'.slice(0, Math.floor(next() * 12))}`, ':']),
      () => pick(['', '', 'Z', 'z', `+${two(16)}:${two(60)}`, `-${two(16)}${two(60)}`, `+${two()}`, `-${two()}:`, `+${two()}:${two()}x`, ' ']),
    ];
    const cases = ['2026-12-08T18:30', ' 2026-12-08 18:30:00\n', '2026-12-08T18:30:05.123456789+01:00', '2026-12-08T18:30:05.1234567890Z', '2026-12-08T18:30-0000', '\u00a02026-12-08T18:30Z\u2028', '2026-12-08T18:30Zx', '2026-12-08T18:30:00.Z'];
    for (let i = 0; i < 20_000; i++) cases.push(pieces.map((piece) => piece()).join(''));
    let valid = 0;
    for (const text of cases) {
      const expected = reference(text);
      expect(actual(text), JSON.stringify(text)).toEqual(expected);
      if (expected.ok) valid++;
    }
    // Both kinds of input were tried: the generator is not producing only garbage, nor only valid dates.
    expect(valid).toBeGreaterThan(1000);
    expect(valid).toBeLessThan(cases.length - 1000);
  });
});
