import { describe, expect, it } from 'vitest';
import { buildDataset, postsBetween, type MetricsData } from '../../src/core/metrics/dataset.ts';
import { evaluateObjective, engagementRate, pillarMix, postsPerWeek, responseTime, utmVisits } from '../../src/core/metrics/kpi.ts';
import { dueReading } from '../../src/core/metrics/plan.ts';
import type { AccountRow, PublicationRow, SnapshotRow } from '../../src/core/metrics/model.ts';
import { editorialLineSchema, type EditorialLine } from '../../src/core/schema/index.ts';

const line: EditorialLine = editorialLineSchema.parse({
  brand: { name: 'Test', siteUrl: 'https://shop.example', timezone: 'Europe/Paris' },
  channels: { instagram: { cadence: { perWeek: 2 } }, mastodon: { cadence: { perWeek: 1 } }, facebook: {} },
  pillars: [{ id: 'a', label: 'A', target: 60 }, { id: 'b', label: 'B', target: 40 }],
  objectives: [
    { id: 'er', label: 'ER', kpi: 'engagement-rate', target: 5, unit: '%', channels: ['instagram'] },
    { id: 'fol', label: 'Abonnés', kpi: 'followers', target: 1500, by: '2026-12-31', from: '2026-11-01', channels: ['instagram'] },
    { id: 'cl', label: 'Clics', kpi: 'clicks', target: 100, by: '2026-12-31', from: '2026-11-01', channels: ['instagram', 'facebook'] },
    { id: 'x', label: 'Autre', kpi: 'sentiment', target: 1 },
  ],
});

const pub = (post: string, ch: PublicationRow['ch'], at: string, extra: Partial<PublicationRow> = {}): PublicationRow => ({ post, ch, rid: `${post}-id`, pub: at, ...extra });
const snap = (post: string, ch: SnapshotRow['ch'], counters: Partial<SnapshotRow>): SnapshotRow => ({ post, ch, age: '7d', at: '2026-11-20T10:00:00Z', ageH: 168, ...counters });
const acc = (ch: AccountRow['ch'], d: string, followers: number): AccountRow => ({ ch, d, at: `${d}T03:00:00Z`, followers });

// A table computed by hand:
//   instagram p1: 30 likes + 10 comments = 40 on reach 1000 (4 %); p2: 50 + 5 + 5 saves = 60 on 1500 (4 %)
//   mastodon  p3: 8 likes + 2 reposts = 10, no views, 500 followers that day → 2 % by followers
const data: MetricsData = {
  publications: [pub('p1', 'instagram', '2026-11-02T17:00:00Z', { pillar: 'a' }), pub('p2', 'instagram', '2026-11-04T11:30:00Z', { pillar: 'b' }), pub('p3', 'mastodon', '2026-11-04T07:30:00Z', { pillar: 'a' })],
  snapshots: [
    snap('p1', 'instagram', { reach: 1000, views: 1800, likes: 30, comments: 10, saves: null }),
    snap('p2', 'instagram', { reach: 1500, views: 2000, likes: 50, comments: 5, saves: 5 }),
    snap('p2', 'instagram', { reach: 99999, likes: 99999 }), // the same reading stored twice: the first counts
    snap('p3', 'mastodon', { likes: 8, reposts: 2, comments: 0 }),
  ],
  accounts: [acc('instagram', '2026-11-01', 1000), acc('instagram', '2026-11-30', 1100), acc('mastodon', '2026-11-01', 500)],
  blog: [
    { d: '2026-11-03', src: 'instagram', campaign: 'noel', visits: 10, visitors: 9 },
    { d: '2026-11-05', src: 'facebook', visits: 5, visitors: 5 },
    { d: '2026-11-05', src: 'mastodon', visits: 7, visitors: 7 },
    { d: '2026-10-05', src: 'instagram', visits: 100, visitors: 100 },
    { d: '2026-11-05', path: '/blog/x/', visitors: 50, pageviews: 70 },
  ],
  runs: [],
};

describe('KPI formulas on a hand-computed table', () => {
  const dataset = buildDataset({ ...data, snapshots: firstOnly(data.snapshots) }, 'Europe/Paris');

  it('engagement rate: a ratio of sums with its denominator named, null never 0', () => {
    const ig = engagementRate(dataset.byChannel.get('instagram')!);
    expect(ig.value).toBeCloseTo(4, 10); // (40 + 60) / (1000 + 1500)
    expect(ig.median).toBeCloseTo(4, 10);
    expect(ig.bases).toEqual({ instagram: 'reach' });
    const byViews = engagementRate(dataset.byChannel.get('instagram')!, 'views');
    expect(byViews.value).toBeCloseTo((100 / 3800) * 100, 10);
    const masto = engagementRate(dataset.byChannel.get('mastodon')!);
    expect(masto.value).toBeCloseTo(2, 10); // 10 / 500 followers
    expect(masto.bases).toEqual({ mastodon: 'followers' });
    expect(engagementRate([]).value).toBeNull();
  });

  it('a reading stored twice counts once (the first), as loadMetrics hands over every stored row', () => {
    const raw = buildDataset(data, 'Europe/Paris');
    const p2 = raw.byChannel.get('instagram')!.find((p) => p.pub.post === 'p2')!;
    expect(p2.reference?.reach).toBe(1500);
    expect(raw.posts.map((p) => p.rate)).toEqual(dataset.posts.map((p) => p.rate));
    const twice = buildDataset({ ...data, publications: [...data.publications, pub('p1', 'instagram', '2026-11-09T17:00:00Z')] }, 'Europe/Paris');
    expect(twice.posts.filter((p) => p.pub.post === 'p1')).toHaveLength(1);
    expect(twice.posts.find((p) => p.pub.post === 'p1')!.pub.pub).toBe('2026-11-02T17:00:00Z');
  });

  it('posts between two local days: the same as a filter, by binary search', () => {
    for (const [from, to] of [['2026-11-02', '2026-11-02'], ['2026-11-03', '2026-11-04'], ['2026-10-01', '2026-12-01'], ['2026-11-05', '2026-11-30'], ['2026-11-04', '2026-11-03']]) {
      expect(postsBetween(dataset.posts, from!, to!)).toEqual(dataset.posts.filter((p) => p.day >= from! && p.day <= to!));
    }
  });

  it('followers: progress from the start, linear pace to the deadline, weekly pace needed', () => {
    const result = evaluateObjective(line.objectives[1]!, dataset, { line, today: '2026-11-30' });
    expect(result.start).toBe(1000);
    expect(result.value).toBe(1100);
    expect(result.progress).toBeCloseTo(0.2, 10); // 100 of 500
    expect(result.expected).toBeCloseTo(29 / 60, 10); // 29 days of 60
    expect(result.status).toBe('behind');
    expect(result.perWeekNeeded).toBeCloseTo(400 / (31 / 7), 10);
  });

  it('clicks: UTM visits of the objective channels since its start; other sources and earlier days left out', () => {
    const result = evaluateObjective(line.objectives[2]!, dataset, { line, today: '2026-11-30' });
    expect(result.value).toBe(15);
    expect(utmVisits(data.blog, new Set(['instagram']), '2026-11-01', '2026-11-30', 'noel')).toBe(10);
    expect(result.networkClicks).toBeNull(); // Instagram counts no link clicks on posts
  });

  it('clicks: the network clicks of the objective channels\' posts published from its start to the day evaluated, not after', () => {
    const withClicks = buildDataset(
      {
        ...data,
        publications: [...data.publications, pub('f1', 'facebook', '2026-11-10T09:00:00Z'), pub('f2', 'facebook', '2026-11-20T09:00:00Z'), pub('f0', 'facebook', '2026-10-20T09:00:00Z')],
        snapshots: [...firstOnly(data.snapshots), snap('f1', 'facebook', { clicks: 12, likes: 1 }), snap('f2', 'facebook', { clicks: 30, likes: 1 }), snap('f0', 'facebook', { clicks: 500 })],
      },
      'Europe/Paris',
    );
    const on = (today: string) => evaluateObjective(line.objectives[2]!, withClicks, { line, today }).networkClicks;
    expect(on('2026-11-30')).toBe(42); // f1 + f2; f0 came before the start
    expect(on('2026-11-15')).toBe(12); // f2 is published after the 15th
    expect(on('2026-11-05')).toBeNull();
  });

  it('an unknown KPI is not measurable, said so', () => {
    expect(evaluateObjective(line.objectives[3]!, dataset, { line, today: '2026-11-30' }).status).toBe('not-measurable');
  });

  it('posts per week against the cadence, and the pillar mix against its targets', () => {
    const weeks = postsPerWeek(dataset, line, '2026-11-02', '2026-11-15');
    const ig = weeks.find((w) => w.channel === 'instagram')!;
    expect(ig.weeks).toEqual([{ week: '2026-11-02', count: 2 }, { week: '2026-11-09', count: 0 }]);
    expect(ig.average).toBeCloseTo(1, 10);
    expect(ig.perWeekTarget).toBe(2);
    const mix = pillarMix(dataset.posts, line);
    expect(mix.map((r) => [r.id, r.posts, Math.round(r.share)])).toEqual([['a', 2, 67], ['b', 1, 33]]);
  });

  it('response time from first-reply records', () => {
    const from = Date.parse('2026-11-01T00:00:00Z');
    const to = Date.parse('2026-12-01T00:00:00Z');
    const result = responseTime(
      [
        { channel: 'instagram', receivedAt: '2026-11-10T10:00:00Z', firstReplyAt: '2026-11-10T12:00:00Z' },
        { channel: 'instagram', receivedAt: '2026-11-11T10:00:00Z', firstReplyAt: '2026-11-12T16:00:00Z' }, // 30 h: median of 2 h and 30 h is 16 h
        { channel: 'facebook', receivedAt: '2026-11-12T10:00:00Z' },
        { channel: 'facebook', receivedAt: '2026-10-12T10:00:00Z', firstReplyAt: '2026-10-12T11:00:00Z' },
      ],
      from,
      to,
    );
    expect(result).toEqual({ messages: 3, answered: 2, median: 16, mean: 16, within24h: 1 / 3, unanswered: 1 });
  });
});

describe('milestones due', () => {
  const publication = { post: 'p', channel: 'mastodon' as const, remoteId: '1', publishedMs: Date.parse('2026-12-01T08:00:00Z') };
  const at = (iso: string) => Date.parse(iso);
  it('takes each milestone once, in order', () => {
    expect(dueReading(publication, new Set(), at('2026-12-01T08:30:00Z'))).toBeUndefined();
    expect(dueReading(publication, new Set(), at('2026-12-01T09:10:00Z'))).toMatchObject({ milestone: { id: '1h' }, late: false, missed: [] });
    expect(dueReading(publication, new Set(['1h']), at('2026-12-01T09:10:00Z'))).toBeUndefined();
  });
  it('a late run takes the latest milestone due, says it is late and which ones it missed', () => {
    const reading = dueReading(publication, new Set(), at('2026-12-03T08:00:00Z'))!;
    expect(reading.milestone.id).toBe('24h');
    expect(reading.late).toBe(true); // 48 h > 36 h
    expect(reading.ageHours).toBe(48);
    expect(reading.missed).toEqual(['1h']);
    expect(dueReading({ ...publication, retracted: true }, new Set(), at('2026-12-03T08:00:00Z'))).toBeUndefined();
  });
});

function firstOnly(rows: readonly SnapshotRow[]): SnapshotRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.post}:${r.ch}:${r.age}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
