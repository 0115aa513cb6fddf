import { describe, expect, it } from 'vitest';
import type { ModerationEvent } from '../../src/core/moderation/log.ts';
import { median, moderationStats } from '../../src/core/moderation/stats.ts';

const base = { at: '2026-12-08T10:00:00.000Z', run: 'r1' };
const events: ModerationEvent[] = [
  { ...base, type: 'decided', channel: 'instagram', interaction: 'a', kind: 'comment', author: 'p_1', createdAt: base.at, verdict: 'hide', rule: 'insultes', match: 'term:0', plan: 'hide' },
  { ...base, type: 'acted', channel: 'instagram', interaction: 'a', key: 'instagram:a:hide', action: 'hide', by: 'cadence', rule: 'insultes' },
  { ...base, type: 'acted', channel: 'instagram', interaction: 'a', key: 'instagram:a:flag', action: 'flag', by: 'cadence', rule: 'insultes' },
  { ...base, type: 'acted', channel: 'instagram', interaction: 'a', key: 'instagram:a:unhide:c1', action: 'unhide', by: 'camille', undoOf: 'instagram:a:hide' },
  { ...base, type: 'decided', channel: 'mastodon', interaction: 'b', kind: 'reply', author: 'p_2', createdAt: base.at, verdict: 'hide', rule: 'insultes', match: 'term:0', plan: 'flag', degradedFrom: 'hide', why: 'network' },
  { ...base, type: 'acted', channel: 'mastodon', interaction: 'b', key: 'mastodon:b:flag', action: 'flag', by: 'cadence', degradedFrom: 'hide', rule: 'insultes' },
  { ...base, type: 'decided', channel: 'mastodon', interaction: 'c', kind: 'reply', author: 'p_3', createdAt: base.at, verdict: 'flag', rule: 'nouvelle', mode: 'shadow', plan: 'none', why: 'shadow' },
  { ...base, type: 'first-reply', channel: 'mastodon', interaction: 'q1', author: 'p_4', askedAt: base.at, repliedAt: base.at, seconds: 600, by: 'team', reply: 'r' },
  { ...base, type: 'first-reply', channel: 'mastodon', interaction: 'q2', author: 'p_4', askedAt: base.at, repliedAt: base.at, seconds: 3000, by: 'brand', reply: 'r' },
  { ...base, type: 'first-reply', channel: 'instagram', interaction: 'q3', author: 'p_5', askedAt: base.at, repliedAt: base.at, seconds: 60, by: 'team', reply: 'r' },
];

describe('moderation figures', () => {
  it('per rule and network: hidden, degraded flags, restores (false positives), shadow; medians of first replies', () => {
    const stats = moderationStats(events);
    expect(stats.rules).toEqual([
      { rule: 'insultes', network: 'instagram', decided: 1, hidden: 1, reported: 0, flagged: 1, degraded: 0, restored: 1, shadow: 0 },
      { rule: 'insultes', network: 'mastodon', decided: 1, hidden: 0, reported: 0, flagged: 1, degraded: 1, restored: 0, shadow: 0 },
      { rule: 'nouvelle', network: 'mastodon', decided: 1, hidden: 0, reported: 0, flagged: 0, degraded: 0, restored: 0, shadow: 1 },
    ]);
    expect(stats.firstReply).toEqual([{ network: 'instagram', count: 1, medianSeconds: 60 }, { network: 'mastodon', count: 2, medianSeconds: 1800 }]);
    expect(stats.medianFirstReplySeconds).toBe(600);
    expect(median([])).toBeUndefined();
  });
});
