/** The brand's own posts whose replies are read: what the ledger says was published within the look-back. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownPostsByChannel } from '../../src/moderation/run.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'cadence-own-posts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const line = (type: string, at: string, extra: Record<string, unknown> = {}) => `${JSON.stringify({ type, at, run: 'r', ...extra })}\n`;
function pair(post: string, channel: string, text: string): void {
  mkdirSync(path.join(root, 'data/ledger', post), { recursive: true });
  writeFileSync(path.join(root, 'data/ledger', post, `${channel}.jsonl`), text);
}
const since = Date.parse('2026-12-01T00:00:00Z');

pair('recent', 'mastodon', line('claimed', '2026-12-07T07:59:00Z') + line('published', '2026-12-07T08:00:00Z', { remoteId: 'm1', url: 'https://m/1' }));
pair('recent', 'x', line('published', '2026-12-07T08:00:00Z', { remoteId: 'x1' }));
pair('old', 'mastodon', line('published', '2026-11-01T08:00:00Z', { remoteId: 'm0' }));
pair('retracted', 'mastodon', line('published', '2026-12-05T08:00:00Z', { remoteId: 'm2' }) + line('retracted', '2026-12-06T08:00:00Z'));
pair('republished', 'mastodon', line('published', '2026-12-02T08:00:00Z', { remoteId: 'm3' }) + line('retracted', '2026-12-03T08:00:00Z') + line('published', '2026-12-04T08:00:00Z', { remoteId: 'm4' }));
pair('broken', 'mastodon', '{"type":"published", not json\n');
pair('failed', 'x', line('failed', '2026-12-07T08:00:00Z'));
mkdirSync(path.join(root, 'data/ledger/empty-dir'), { recursive: true });

describe('ownPostsByChannel', () => {
  it('reads the last published line of each moderated channel, within the look-back, not retracted', () => {
    const own = ownPostsByChannel(root, since, ['mastodon', 'x', 'bluesky']);
    expect(own.get('mastodon')?.map((p) => p.remoteId).sort()).toEqual(['m1', 'm4']);
    expect(own.get('mastodon')?.find((p) => p.remoteId === 'm1')).toEqual({ postId: 'recent', remoteId: 'm1', url: 'https://m/1', publishedAt: '2026-12-07T08:00:00Z' });
    expect(own.get('x')).toEqual([{ postId: 'recent', remoteId: 'x1', publishedAt: '2026-12-07T08:00:00Z' }]);
    expect(own.has('bluesky')).toBe(false);
  });
  it('gives the same answer for one channel at a time', () => {
    expect(ownPostsByChannel(root, since, ['x']).get('x')).toEqual(ownPostsByChannel(root, since, ['mastodon', 'x']).get('x'));
    expect(ownPostsByChannel(root, since, ['mastodon']).get('mastodon')).toEqual(ownPostsByChannel(root, since, ['mastodon', 'x']).get('mastodon'));
  });
  it('a brand without a ledger has no own posts', () => {
    expect(ownPostsByChannel(path.join(root, 'nowhere'), since, ['x']).size).toBe(0);
  });
});
