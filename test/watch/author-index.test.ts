import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spikeEvent } from '../../src/core/watch/author-index.ts';
import { serializeMention, type StoredMention } from '../../src/core/watch/mention.ts';
import { AUTHOR_INDEX_FILE, loadSpikeEvents } from '../../src/watch/author-index.ts';
import { loadMentions } from '../../src/watch/store.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cadence-author-index-'));
  mkdirSync(path.join(root, 'data/watch/mentions'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const mention = (n: number, fields: Partial<StoredMention> = {}): StoredMention => ({
  id: `bluesky:${n}`,
  network: 'bluesky',
  url: `https://bsky.app/profile/did:plc:x/post/${n}`,
  createdAt: `2026-12-0${1 + (n % 3)}T1${n % 10}:00:00.000Z`,
  seenAt: '2026-12-04T00:00:00.000Z',
  kind: 'post',
  author: `p_${n.toString(16).padStart(16, '0')}`,
  reach: 0,
  lang: 'fr',
  label: n % 2 ? 'negative' : 'positive',
  score: n % 2 ? -0.5 : 0.5,
  risk: [],
  alerting: true,
  ...fields,
});
const day = (d: string) => path.join(root, `data/watch/mentions/${d}.jsonl`);
const write = (d: string, mentions: StoredMention[], extra = '') => writeFileSync(day(d), `${mentions.map((m) => `${serializeMention(m)}\n`).join('')}${extra}`);
const fromJson = (from: string, to: string) => loadMentions(root, from, to).mentions.filter((m) => m.alerting).map(spikeEvent);

describe('the author index of the spike rule', () => {
  it('gives the events the mention files give, rating and risk words included, competitors left out', () => {
    write('2026-12-01', [mention(3), mention(6, { risk: ['hygiene'], label: 'neutral' }), mention(9, { rating: 1, kind: 'review' })]);
    write('2026-12-02', [mention(1), mention(4, { alerting: false, competitor: 'voisin' }), mention(7, { rating: 5 })]);
    write('2026-12-03', [mention(2)], 'not json\n');
    const first = loadSpikeEvents(root, '2026-12-01', '2026-12-03');
    expect(first.events).toEqual(fromJson('2026-12-01', '2026-12-03'));
    expect(first.events).toContainEqual({ atMs: Date.parse(mention(6).createdAt), author: mention(6).author, negative: true, risk: true, rating: undefined });
    expect(first.events).toContainEqual(expect.objectContaining({ author: mention(9).author, rating: 1 }));
    expect(first.events.some((e) => e.author === mention(4).author)).toBe(false);
    expect(first.problems).toEqual(['data/watch/mentions/2026-12-03.jsonl:2']);
    // From the cache: the same answer, the unreadable line still reported.
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-03')).toEqual(first);
    expect(loadSpikeEvents(root, '2026-12-02', '2026-12-02').events).toEqual(fromJson('2026-12-02', '2026-12-02'));
  });

  it('is used while a mention file is unchanged, and sees a hand edit of the same size at once', () => {
    write('2026-12-01', [mention(1), mention(3)]);
    const before = loadSpikeEvents(root, '2026-12-01', '2026-12-01').events;
    expect(before.map((e) => e.negative)).toEqual([true, true]);
    // Proof the cache is read while the file is unchanged: an author altered in the cache comes back.
    const cache = path.join(root, AUTHOR_INDEX_FILE);
    writeFileSync(cache, readFileSync(cache, 'utf8').replace(mention(1).author, 'p_cached0000000001'));
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-01').events.map((e) => e.author)).toEqual(['p_cached0000000001', mention(3).author]);
    // A hand edit of the same size (a label corrected: "negative" and "positive" are the same length).
    const stamp = statSync(day('2026-12-01'));
    writeFileSync(day('2026-12-01'), readFileSync(day('2026-12-01'), 'utf8').replace('"negative"', '"positive"'));
    utimesSync(day('2026-12-01'), stamp.atime, new Date(stamp.mtimeMs + 5000));
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-01').events.map((e) => e.negative)).toEqual([false, true]);
  });

  it('after a fresh checkout (new times, same bytes) and with a damaged cache, the answer is the same', () => {
    write('2026-12-01', [mention(1), mention(3), mention(5, { risk: ['malade'] })]);
    const expected = fromJson('2026-12-01', '2026-12-01');
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-01').events).toEqual(expected);
    utimesSync(day('2026-12-01'), new Date(), new Date(Date.now() + 60_000));
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-01').events).toEqual(expected);
    const cache = path.join(root, AUTHOR_INDEX_FILE);
    writeFileSync(cache, readFileSync(cache, 'utf8').slice(0, -20));
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-01').events).toEqual(expected);
    writeFileSync(cache, 'garbage');
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-01').events).toEqual(expected);
    // A day deleted by retention leaves the cache too.
    write('2026-12-02', [mention(2)]);
    loadSpikeEvents(root, '2026-12-01', '2026-12-02');
    rmSync(day('2026-12-01'));
    expect(loadSpikeEvents(root, '2026-12-01', '2026-12-02').events).toEqual(fromJson('2026-12-02', '2026-12-02'));
    expect(readFileSync(cache, 'utf8')).not.toContain('@2026-12-01');
  });
});
