// Response time in the report comes from the moderation log as `cadence moderate` writes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { responseTime } from '../../src/core/metrics/kpi.ts';
import type { ModerationEvent } from '../../src/core/moderation/log.ts';
import { readFirstReplies } from '../../src/metrics/report/load.ts';
import { appendEvents } from '../../src/moderation/store.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

const decided = (interaction: string, createdAt: string, question: boolean): ModerationEvent => ({
  type: 'decided', at: createdAt, run: 'r1', channel: 'instagram', interaction, kind: 'comment', author: 'p_0123456789abcdef', createdAt, verdict: 'none', plan: 'none', ...(question ? { question: true as const } : {}),
});

describe('response time from the moderation log', () => {
  it('counts questions, their first replies and the ones still waiting', () => {
    root = mkdtempSync(path.join(tmpdir(), 'cadence-replies-'));
    appendEvents(root, 'instagram', [
      decided('c1', '2026-12-01T09:00:00Z', true),
      decided('c2', '2026-12-01T10:00:00Z', true),
      decided('c3', '2026-12-01T11:00:00Z', false),
      decided('c4', '2026-12-02T08:00:00Z', true),
      { type: 'first-reply', at: '2026-12-01T11:00:00Z', run: 'r2', channel: 'instagram', interaction: 'c1', author: 'p_0123456789abcdef', askedAt: '2026-12-01T09:00:00Z', repliedAt: '2026-12-01T11:00:00Z', seconds: 7200, by: 'brand', reply: 'r-1' },
      // A second reply later on does not change the first.
      { type: 'first-reply', at: '2026-12-03T11:00:00Z', run: 'r3', channel: 'instagram', interaction: 'c1', author: 'p_0123456789abcdef', askedAt: '2026-12-01T09:00:00Z', repliedAt: '2026-12-03T11:00:00Z', seconds: 180000, by: 'team', reply: 'r-2' },
      { type: 'first-reply', at: '2026-12-02T16:00:00Z', run: 'r3', channel: 'instagram', interaction: 'c2', author: 'p_0123456789abcdef', askedAt: '2026-12-01T10:00:00Z', repliedAt: '2026-12-02T16:00:00Z', seconds: 108000, by: 'team', reply: 'r-3' },
    ]);
    const records = readFirstReplies(root);
    expect(records).toHaveLength(3);
    const december = responseTime(records, Date.parse('2026-12-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'));
    // c1 answered in 2 h, c2 in 30 h, c4 waiting: median of 2 and 30 is 16 h; within 24 h: 1 of 3.
    expect(december).toEqual({ messages: 3, answered: 2, median: 16, mean: 16, within24h: 1 / 3, unanswered: 1 });
  });

  it('is empty without a moderation log', () => {
    root = mkdtempSync(path.join(tmpdir(), 'cadence-replies-'));
    expect(readFirstReplies(root)).toEqual([]);
  });
});
