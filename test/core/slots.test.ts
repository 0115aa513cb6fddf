import { describe, expect, it } from 'vitest';
import { outsideSlots } from '../../src/core/rules/cadence.ts';
import { slotsOn } from '../../src/core/slots.ts';
import { basicPost, editorialLine } from '../helpers/brand.ts';
import { lintPosts } from '../helpers/lint.ts';

describe('slotsOn', () => {
  const slots = { daily: ['12:00'], weekend: ['10:00'], fri: ['18:00', '08:30'] };
  it('prefers the day, then its group, then daily', () => {
    expect(slotsOn(slots, 'fri')).toEqual(['08:30', '18:00']);
    expect(slotsOn(slots, 'sun')).toEqual(['10:00']);
    expect(slotsOn(slots, 'tue')).toEqual(['12:00']);
    expect(slotsOn({ weekdays: ['09:00'] }, 'sat')).toEqual([]);
    expect(slotsOn(undefined, 'mon')).toBeUndefined();
  });
  it('drives the cadence/slot rule', () => {
    const line = editorialLine({ channels: { mastodon: { slots: { weekdays: ['09:00'], weekend: ['11:00'] } } } });
    const d = lintPosts(
      { 'content/posts/a.mdx': basicPost({ publishAt: '2026-12-07T09:00' }), 'content/posts/b.mdx': basicPost({ publishAt: '2026-12-12T09:00', text: 'b' }) },
      { rules: [outsideSlots], line },
    );
    expect(d.map((x) => [x.file, x.message])).toEqual([['content/posts/b.mdx', 'sat 09:00 is not a mastodon slot (sat: 11:00)']]);
  });
});
