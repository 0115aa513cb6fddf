import { describe, expect, it } from 'vitest';
import { localPublishAt, nextFreeSlot } from '../../src/core/schedule.ts';
import { editorialLineSchema } from '../../src/core/schema/index.ts';
import type { PostSummary } from '../../src/core/summary.ts';

const line = editorialLineSchema.parse({
  brand: { name: 'B', siteUrl: 'https://b.example', timezone: 'Europe/Paris' },
  channels: { mastodon: { cadence: { maxPerDay: 1, minGapMinutes: 60 }, slots: { sun: ['02:30', '10:00'], mon: ['09:00'] } } },
});
const at = (iso: string) => Date.parse(iso);
const post = (iso: string): PostSummary => ({ file: iso, id: iso, title: iso, status: 'ready', pillar: undefined, slots: [{ channel: 'mastodon', publishAtMs: at(iso), publishAtPath: ['publishAt'], textKey: 'k', textPath: ['text'] }] });

describe('nextFreeSlot', () => {
  it('takes the next slot after the given instant', () => {
    const t = nextFreeSlot(line, [], 'mastodon', at('2026-12-06T09:30:00+01:00'));
    expect(localPublishAt(t!, 'Europe/Paris')).toBe('2026-12-06T10:00');
  });
  it('skips a day already at maxPerDay', () => {
    const t = nextFreeSlot(line, [post('2026-12-06T10:00:00+01:00')], 'mastodon', at('2026-12-06T09:30:00+01:00'));
    expect(localPublishAt(t!, 'Europe/Paris')).toBe('2026-12-07T09:00');
  });
  it('never proposes a local time that does not exist (spring forward)', () => {
    const t = nextFreeSlot(line, [], 'mastodon', at('2027-03-28T00:00:00+01:00'));
    expect(localPublishAt(t!, 'Europe/Paris')).toBe('2027-03-28T10:00');
  });
});
