import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  brandObservances,
  buildSlots,
  easterSunday,
  fetesDesMeres,
  findConflicts,
  findGaps,
  frenchObservances,
  groupEntries,
  isoWeek,
  ledgerFromRecords,
  monthGrid,
  observancesBetween,
  pillarMix,
  toIcs,
  type CalendarPost,
} from '../../src/core/calendar/index.ts';
import { editorialLineSchema, postSchema, type PostFrontmatterInput } from '../../src/core/schema/index.ts';
import { fromEvents } from '../../src/site/ledger.ts';

const line = editorialLineSchema.parse({
  brand: { name: 'Test', siteUrl: 'https://test.example', locale: 'fr', timezone: 'Europe/Paris' },
  channels: {
    mastodon: { cadence: { maxPerDay: 1, minGapMinutes: 120, perWeek: 2 }, slots: { mon: ['09:00', '18:00'], weekdays: ['09:00'], weekend: ['10:00'] } },
    blog: { cadence: { perWeek: 0.5 } },
    x: { enabled: false },
  },
  pillars: [
    { id: 'a', label: 'A', target: 50 },
    { id: 'b', label: 'B', target: 50 },
  ],
  observances: [
    { date: '12-08', label: 'Fête des Lumières (8 décembre)' },
    { date: '2027-01-13', label: 'Soldes' },
  ],
});

function post(id: string, data: Partial<PostFrontmatterInput>): CalendarPost {
  return { id, file: `content/posts/${id}.mdx`, data: postSchema.parse({ title: id, text: 'Hello', channels: ['mastodon'], publishAt: '2026-12-07T09:00', ...data }) };
}

const day = (s: string) => Date.parse(s);

describe('observances', () => {
  it('computes Easter and the dates that hang on it', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    const y2026 = Object.fromEntries(frenchObservances(2026).map((o) => [o.label, o.date]));
    expect(y2026['Mardi gras']).toBe('2026-02-17');
    expect(y2026['Lundi de Pâques']).toBe('2026-04-06');
    expect(y2026['Ascension']).toBe('2026-05-14');
    expect(y2026['Pentecôte']).toBe('2026-05-24');
    expect(y2026['Lundi de Pentecôte']).toBe('2026-05-25');
    const y2027 = Object.fromEntries(frenchObservances(2027).map((o) => [o.label, o.date]));
    expect(y2027['Mardi gras']).toBe('2027-02-09'); // the sample editorial line agrees
  });

  it('has the fixed French dates', () => {
    const y = Object.fromEntries(frenchObservances(2026).map((o) => [o.label, o.date]));
    expect(y['Chandeleur']).toBe('2026-02-02');
    expect(y['Fête nationale (14 juillet)']).toBe('2026-07-14');
    expect(y['Fête des Lumières (Lyon)']).toBe('2026-12-08');
    expect(y['Noël']).toBe('2026-12-25');
  });

  it('puts Fête des mères on the last Sunday of May, or the first of June when that is Pentecost', () => {
    expect(fetesDesMeres(2026)).toBe('2026-05-31');
    expect(fetesDesMeres(2024)).toBe('2024-05-26');
    expect(fetesDesMeres(2025)).toBe('2025-05-25');
    // 2004: Pentecost was 30 May, the last Sunday of May, so Fête des mères moved to 6 June.
    expect(fetesDesMeres(2004)).toBe('2004-06-06');
  });

  it('computes Black Friday, Fête des pères and Épiphanie', () => {
    const y = Object.fromEntries(frenchObservances(2026).map((o) => [o.label, o.date]));
    expect(y['Black Friday']).toBe('2026-11-27');
    expect(y['Fête des pères']).toBe('2026-06-21');
    expect(Object.fromEntries(frenchObservances(2027).map((o) => [o.label, o.date]))['Épiphanie (galette des rois)']).toBe('2027-01-03');
    expect(Object.fromEntries(frenchObservances(2023).map((o) => [o.label, o.date]))['Épiphanie (galette des rois)']).toBe('2023-01-08');
    expect(Object.fromEntries(frenchObservances(2025).map((o) => [o.label, o.date]))['Black Friday']).toBe('2025-11-28');
  });

  it("expands the brand's own observances: every year (MM-DD) or once (YYYY-MM-DD)", () => {
    expect(brandObservances(line.observances, 2026).map((o) => o.date)).toEqual(['2026-12-08']);
    expect(brandObservances(line.observances, 2027).map((o) => o.date)).toEqual(['2027-01-13', '2027-12-08']);
    const between = observancesBetween('2026-12-01', '2027-01-31', line.observances);
    expect(between.filter((o) => o.source === 'brand').map((o) => o.label)).toEqual(['Fête des Lumières (8 décembre)', 'Soldes']);
    expect(between.map((o) => o.date)).toEqual([...between.map((o) => o.date)].sort());
  });

  it("labels the built-in dates in the editorial line's language; the brand's own keep their words", () => {
    const english = observancesBetween('2027-02-01', '2027-02-28', [{ date: '02-20', label: 'Anniversaire de la boutique' }], { locale: 'en' });
    expect(english.map((o) => [o.date, o.label])).toEqual([
      ['2027-02-02', 'Candlemas (Chandeleur)'],
      ['2027-02-09', 'Shrove Tuesday (Mardi gras)'],
      ['2027-02-10', 'Ash Wednesday'],
      ['2027-02-14', "Valentine's Day"],
      ['2027-02-20', 'Anniversaire de la boutique'],
    ]);
    // Same dates in both languages, one label each.
    expect(frenchObservances(2027, 'en').map((o) => o.date)).toEqual(frenchObservances(2027).map((o) => o.date));
  });
});

describe('slots and statuses', () => {
  const nowMs = day('2026-12-10T12:00:00+01:00');

  it('derives statuses from the post, the ledger, pauses and the build time', () => {
    const posts = [
      post('published', { publishAt: '2026-12-08T09:00' }),
      post('due', { publishAt: '2026-12-10T09:00' }),
      post('expired', { publishAt: '2026-12-01T09:00' }),
      post('approved', { publishAt: '2026-12-14T09:00' }),
      post('draft', { publishAt: '2026-12-15T09:00', status: 'draft' }),
      post('paused', { publishAt: '2026-12-16T09:00', channels: ['x'] }),
      post('failed', { publishAt: '2026-12-09T09:00' }),
    ];
    const ledger = ledgerFromRecords([
      { postId: 'published', channel: 'mastodon', state: 'published' },
      { postId: 'failed', channel: 'mastodon', state: 'failed' },
    ]);
    const { slots } = buildSlots(posts, { line, nowMs, ledger, inReview: new Set(['draft']) });
    const status = Object.fromEntries(slots.map((s) => [s.postId, s.status]));
    expect(status).toEqual({ published: 'published', due: 'due', expired: 'expired', approved: 'approved', draft: 'in-review', paused: 'paused', failed: 'failed' });
    expect(slots.find((s) => s.postId === 'due')).toMatchObject({ day: '2026-12-10', time: '09:00' });
  });

  it('treats a missing ledger as nothing published, and reads ledger event files', () => {
    const { slots } = buildSlots([post('p', { publishAt: '2026-12-10T09:00' })], { line, nowMs });
    expect(slots[0]!.status).toBe('due');
    expect(fromEvents('p', 'mastodon', '{"type":"claimed","at":"x","run":"1"}\n')?.state).toBe('unconfirmed');
    expect(fromEvents('p', 'mastodon', '{"type":"claimed","at":"x","run":"1"}\n{"type":"published","at":"y","run":"1","url":"https://m.example/1"}\n')).toMatchObject({ state: 'published', url: 'https://m.example/1' });
    expect(fromEvents('p', 'mastodon', '{"type":"claimed","at":"x","run":"1"}\n{"type":"released","at":"y","run":"1"}\n')).toBeUndefined();
  });

  it('groups the channels of one post at one time into one calendar entry', () => {
    const { slots } = buildSlots([post('p', { channels: ['mastodon', 'blog'], variants: { blog: { publishAt: '2026-12-08T08:30' } } }), post('q', { channels: ['mastodon', 'x'] })], { line, nowMs });
    const entries = groupEntries(slots);
    expect(entries.map((e) => [e.postId, e.channels.join('+')])).toEqual([
      ['p', 'mastodon'],
      ['q', 'mastodon'],
      ['q', 'x'], // paused: a status of its own
      ['p', 'blog'], // its own time, a day later
    ]);
  });
});

describe('gaps', () => {
  const nowMs = day('2026-11-01T00:00:00Z');
  it('flags the weeks a channel falls below perWeek', () => {
    const posts = [
      post('w1a', { publishAt: '2026-12-07T09:00' }), // Monday of week 50
      post('w1b', { publishAt: '2026-12-09T09:00' }),
      post('w2a', { publishAt: '2026-12-15T09:00' }), // week 51: one only
    ];
    const { slots } = buildSlots(posts, { line, nowMs });
    const gaps = findGaps(slots, line, '2026-12-07', '2026-12-27').filter((g) => g.channel === 'mastodon');
    expect(gaps.map((g) => [g.week, g.count])).toEqual([
      ['2026-12-14', 1],
      ['2026-12-21', 0],
    ]);
  });

  it('still counts planned posts whose time has passed without a ledger record (expired)', () => {
    const posts = [post('w1a', { publishAt: '2026-12-07T09:00' }), post('w1b', { publishAt: '2026-12-09T09:00' })];
    const { slots } = buildSlots(posts, { line, nowMs: day('2027-01-01T00:00:00Z') });
    expect(slots.map((s) => s.status)).toEqual(['expired', 'expired']);
    expect(findGaps(slots, line, '2026-12-07', '2026-12-13').filter((g) => g.channel === 'mastodon')).toEqual([]);
  });

  it('measures targets under one a week over a window (0.5 → one post in any 2 weeks)', () => {
    const posts = [post('b1', { channels: ['blog'], publishAt: '2026-12-08T08:30' })];
    const { slots } = buildSlots(posts, { line, nowMs });
    const gaps = findGaps(slots, line, '2026-12-07', '2027-01-03').filter((g) => g.channel === 'blog');
    expect(gaps.map((g) => g.week)).toEqual(['2026-12-21', '2026-12-28']);
    expect(gaps[0]).toMatchObject({ windowWeeks: 2, target: 1, count: 0 });
  });

  it('ignores drafts and disabled channels', () => {
    const { slots } = buildSlots([post('d', { status: 'draft' }), post('x', { channels: ['x'] })], { line, nowMs });
    const gaps = findGaps(slots, line, '2026-12-07', '2026-12-13');
    expect(gaps.some((g) => g.channel === 'x')).toBe(false);
    expect(gaps.find((g) => g.channel === 'mastodon')?.count).toBe(0);
  });
});

describe('conflicts', () => {
  const nowMs = day('2026-11-01T00:00:00Z');
  it('reports over maxPerDay, too close and outside slots', () => {
    const posts = [post('a', { publishAt: '2026-12-07T09:00' }), post('b', { publishAt: '2026-12-07T10:00' }), post('c', { publishAt: '2026-12-08T09:00' })];
    const { slots } = buildSlots(posts, { line, nowMs });
    const conflicts = findConflicts(slots, line);
    expect(conflicts.map((c) => [c.kind, c.day, c.postIds.join(',')])).toEqual([
      ['max-per-day', '2026-12-07', 'a,b'],
      ['too-close', '2026-12-07', 'a,b'],
      ['outside-slots', '2026-12-07', 'b'],
    ]);
  });

  it('has nothing to say about a clean plan or drafts', () => {
    const posts = [post('a', { publishAt: '2026-12-07T09:00' }), post('b', { publishAt: '2026-12-07T10:00', status: 'draft' }), post('c', { publishAt: '2026-12-08T09:00' })];
    expect(findConflicts(buildSlots(posts, { line, nowMs }).slots, line)).toEqual([]);
  });
});

describe('mix, grid and weeks', () => {
  it('computes the pillar mix against targets', () => {
    const posts = [post('a', { pillar: 'a' }), post('b', { pillar: 'a', publishAt: '2026-12-08T09:00' }), post('c', { pillar: 'b', publishAt: '2026-12-09T09:00' })];
    const { slots } = buildSlots(posts, { line, nowMs: 0 });
    expect(pillarMix(posts, slots, line, '2026-12-01', '2026-12-31').map((r) => [r.pillar, r.count, r.share, r.target])).toEqual([
      ['a', 2, 66.7, 50],
      ['b', 1, 33.3, 50],
    ]);
  });

  it('lays out a month from Monday to Sunday', () => {
    const grid = monthGrid(2026, 12);
    expect(grid[0]![0]).toEqual({ date: '2026-11-30', inMonth: false });
    expect(grid.at(-1)!.at(-1)).toEqual({ date: '2027-01-03', inMonth: false });
    expect(grid.every((w) => w.length === 7)).toBe(true);
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
  });
});

describe('ICS', () => {
  it('is parsed by a real iCalendar parser, with posts and observances', () => {
    const posts = [post('noel', { title: 'Joyeux Noël, à tous ; vraiment', channels: ['mastodon', 'blog'], publishAt: '2026-12-25T10:00', pillar: 'a', campaign: 'noël' })];
    const { slots } = buildSlots(posts, { line, nowMs: 0 });
    const ics = toIcs(groupEntries(slots), observancesBetween('2026-12-01', '2026-12-31', line.observances), { name: 'Test', nowMs: 0, domain: 'test.example' });
    expect(ics).toMatch(/\r\n/);
    for (const physical of ics.split('\r\n')) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const noel = events.find((e) => e.summary.startsWith('Joyeux'))!;
    expect(noel.summary).toBe('Joyeux Noël, à tous ; vraiment [blog, mastodon]');
    expect(noel.startDate.toJSDate().toISOString()).toBe('2026-12-25T09:00:00.000Z');
    const lumieres = events.filter((e) => e.summary.startsWith('Fête des Lumières'));
    expect(lumieres).toHaveLength(2); // the built-in one and the brand's own
    expect(lumieres[0]!.startDate.isDate).toBe(true);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });
});
