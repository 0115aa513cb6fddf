import { describe, expect, it } from 'vitest';
import { duePlan } from '../../src/core/due.ts';
import { contentHash, idempotencyKey } from '../../src/core/ledger/hash.ts';
import { foldEvents } from '../../src/core/ledger/state.ts';
import { pairKey, type LedgerEvent, type PairRecord } from '../../src/core/ledger/types.ts';
import type { PauseEntry, PauseScope } from '../../src/core/ledger/pause.ts';
import { validateDocuments } from '../../src/core/lint.ts';
import type { PostDoc } from '../../src/core/model.ts';
import type { ChannelId } from '../../src/core/channels.ts';
import type { EndedCrisis } from '../../src/core/crisis/after-crisis.ts';
import { toDocument } from '../../src/content/repository.ts';
import { basicPost, mdx } from '../helpers/brand.ts';

const TZ = 'Europe/Paris';
const at = (iso: string) => Date.parse(iso);

function posts(...list: [string, Record<string, unknown>, string?][]): PostDoc[] {
  const validated = validateDocuments({ posts: list.map(([name, fm, body]) => toDocument(`content/posts/${name}`, mdx(fm, body ?? ''))) });
  expect(validated.diagnostics).toEqual([]);
  return validated.posts;
}

function ledgerOf(...records: PairRecord[]): Map<string, PairRecord> {
  return new Map(records.map((r) => [pairKey(r.postId, r.channel), r]));
}

const T0 = '2026-12-07T08:00:00.000Z';
function published(post: PostDoc, channel: ChannelId, hash = contentHash(post.data, post.body, channel)): PairRecord {
  const events: LedgerEvent[] = [
    { type: 'claimed', at: T0, run: 'r1', action: 'publish', leaseUntil: '2026-12-07T08:15:00.000Z', contentHash: hash, key: idempotencyKey(post.id, channel, hash) },
    { type: 'published', at: T0, run: 'r1', adapter: 'outbox', remoteId: 'x', url: 'https://example/1', contentHash: hash, key: idempotencyKey(post.id, channel, hash) },
  ];
  return foldEvents(post.id, channel, events);
}

const none = new Map<PauseScope, PauseEntry>();

describe('duePlan', () => {
  it('is due per channel: a variant with its own publishAt waits for its own time', () => {
    const p = posts(['2026/12/pain.mdx', basicPost({ channels: ['mastodon', 'bluesky'], variants: { bluesky: { publishAt: '2026-12-07T18:00' } } })]);
    const morning = duePlan({ posts: p, ledger: new Map(), pauses: none, nowMs: at('2026-12-07T09:00:00+01:00'), timeZone: TZ });
    expect(morning.due.map((d) => [d.channel, d.action])).toEqual([['mastodon', 'publish']]);
    const evening = duePlan({ posts: p, ledger: new Map(), pauses: none, nowMs: at('2026-12-07T18:00:00+01:00'), timeZone: TZ });
    expect(evening.due.map((d) => d.channel)).toEqual(['mastodon', 'bluesky']);
    const before = duePlan({ posts: p, ledger: new Map(), pauses: none, nowMs: at('2026-12-07T08:59:59+01:00'), timeZone: TZ });
    expect(before.due).toEqual([]);
  });

  it('leaves drafts alone and skips what the ledger has published', () => {
    const p = posts(['2026/12/a.mdx', basicPost({ channels: ['mastodon', 'bluesky'] })], ['2026/12/b.mdx', basicPost({ status: 'draft', text: 'b' })]);
    const plan = duePlan({ posts: p, ledger: ledgerOf(published(p[0]!, 'mastodon')), pauses: none, nowMs: at('2026-12-08T00:00:00Z'), timeZone: TZ });
    expect(plan.due.map((d) => `${d.postId}:${d.channel}`)).toEqual(['2026-12-a:bluesky']);
  });

  it('reads local times in the brand zone across DST, with offsets choosing the 02:30 that happens twice', () => {
    // Paris springs forward on 2026-03-29 at 02:00 (02:30 does not exist) and falls back on 2026-10-25 at 03:00 (02:30 twice).
    const p = posts(
      ['2026/03/spring.mdx', basicPost({ text: 'spring', publishAt: '2026-03-29T02:30+01:00' })],
      ['2026/10/first.mdx', basicPost({ text: 'first', publishAt: '2026-10-25T02:30+02:00' })],
      ['2026/10/second.mdx', basicPost({ text: 'second', publishAt: '2026-10-25T02:30+01:00' })],
      ['2026/03/gap.mdx', basicPost({ text: 'gap', publishAt: '2026-03-29T02:30' })],
    );
    const plan = (iso: string) => duePlan({ posts: p, ledger: new Map(), pauses: none, nowMs: at(iso), timeZone: TZ });
    // 02:30+01:00 on the spring night is 03:30 CEST.
    expect(plan('2026-03-29T03:29:00+02:00').due.map((d) => d.postId)).not.toContain('2026-03-spring');
    expect(plan('2026-03-29T03:30:00+02:00').due.map((d) => d.postId)).toContain('2026-03-spring');
    // The first 02:30 (CEST) is 00:30Z, the second (CET) 01:30Z.
    expect(plan('2026-10-25T02:45:00+02:00').due.map((d) => d.postId)).toEqual(['2026-03-spring', '2026-10-first']);
    expect(plan('2026-10-25T02:29:00+01:00').due.map((d) => d.postId)).toEqual(['2026-03-spring', '2026-10-first']);
    expect(plan('2026-10-25T02:30:00+01:00').due.map((d) => d.postId)).toEqual(['2026-03-spring', '2026-10-first', '2026-10-second']);
    // A local time in the gap never comes due: it is reported instead of guessed.
    expect(plan('2026-12-01T00:00:00Z').unschedulable).toEqual([expect.objectContaining({ postId: '2026-03-gap', reason: expect.stringContaining('does not exist') })]);
  });

  it('holds paused channels (nothing dropped) but never holds a retraction', () => {
    const p = posts(['2026/12/a.mdx', basicPost({ channels: ['mastodon', 'bluesky'] })], ['2026/12/r.mdx', basicPost({ text: 'r', status: 'retracted' })]);
    const pauses = new Map<PauseScope, PauseEntry>([['mastodon', { scope: 'mastodon', reason: 'crise', at: T0 }]]);
    const plan = duePlan({ posts: p, ledger: ledgerOf(published(p[1]!, 'mastodon')), pauses, nowMs: at('2026-12-08T00:00:00Z'), timeZone: TZ });
    expect(plan.held.map((d) => `${d.postId}:${d.channel}`)).toEqual(['2026-12-a:mastodon']);
    expect(plan.due.map((d) => `${d.postId}:${d.channel}:${d.action}`)).toEqual(['2026-12-a:bluesky:publish', '2026-12-r:mastodon:retract']);
    const all = duePlan({ posts: p, ledger: new Map(), pauses: new Map([['all', { scope: 'all' as const, reason: 'tout', at: T0 }]]), nowMs: at('2026-12-08T00:00:00Z'), timeZone: TZ });
    expect(all.due).toEqual([]);
    expect(all.held).toHaveLength(2);
  });

  it('never reposts a post edited after publication, and reports it', () => {
    const [p] = posts(['2026/12/a.mdx', basicPost()]);
    const plan = duePlan({ posts: [p!], ledger: ledgerOf(published(p!, 'mastodon', 'sha256:0000000000000000')), pauses: none, nowMs: at('2026-12-08T00:00:00Z'), timeZone: TZ });
    expect(plan.due).toEqual([]);
    expect(plan.edited).toEqual([expect.objectContaining({ postId: '2026-12-a', channel: 'mastodon', url: 'https://example/1' })]);
  });

  it('reconciles an unknown outcome with the key of that attempt, and leaves a live claim to its run', () => {
    const [p] = posts(['2026/12/a.mdx', basicPost()]);
    const claim: LedgerEvent = { type: 'claimed', at: T0, run: 'other', action: 'publish', leaseUntil: '2026-12-07T08:15:00.000Z', contentHash: 'sha256:1111111111111111', key: 'old-key' };
    const record = foldEvents(p!.id, 'mastodon', [claim]);
    const input = { posts: [p!], ledger: ledgerOf(record), pauses: none, nowMs: at('2026-12-08T00:00:00Z'), timeZone: TZ };
    const live = duePlan({ ...input, clockMs: at('2026-12-07T08:10:00Z') });
    expect(live.due).toEqual([]);
    expect(live.busy).toEqual([expect.objectContaining({ run: 'other' })]);
    const stale = duePlan({ ...input, clockMs: at('2026-12-07T08:16:00Z') });
    expect(stale.due).toEqual([expect.objectContaining({ action: 'reconcile', lookupKey: 'old-key', sendIfMissing: true })]);
  });
});

describe('content hash', () => {
  it('changes with what a reader sees, not with the publish time', () => {
    const [a, b, c] = posts(['2026/12/a.mdx', basicPost()], ['2026/12/b.mdx', basicPost({ publishAt: '2026-12-09T09:00' })], ['2026/12/c.mdx', basicPost({ text: 'Autre' })]);
    expect(contentHash(a!.data, '', 'mastodon')).toBe(contentHash(b!.data, '', 'mastodon'));
    expect(contentHash(a!.data, '', 'mastodon')).not.toBe(contentHash(c!.data, '', 'mastodon'));
    expect(contentHash(a!.data, '', 'mastodon')).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
});

describe('duePlan after a crisis (core/crisis/after-crisis.ts)', () => {
  // A crisis from 7 Dec 20:00 to 9 Dec 12:00 (Paris) that paused the "produits" pillar; staleAfter 2 h.
  const crisis: EndedCrisis = { id: 'crise-1', startedAtMs: at('2026-12-07T20:00:00+01:00'), endedAtMs: at('2026-12-09T12:00:00+01:00'), scopes: ['pillar-produits'], staleAfterMs: 2 * 3_600_000 };
  const p = posts(
    ['2026/12/held.mdx', basicPost({ text: 'held', publishAt: '2026-12-09T11:00' })],
    ['2026/12/other-pillar.mdx', basicPost({ text: 'other', publishAt: '2026-12-09T11:00', pillar: 'communaute' })],
    ['2026/12/before.mdx', basicPost({ text: 'before', publishAt: '2026-12-07T19:00' })],
    ['2026/12/after.mdx', basicPost({ text: 'after', publishAt: '2026-12-09T12:30' })],
    ['2026/12/statement.mdx', basicPost({ text: 'statement', publishAt: '2026-12-08T09:00', crisis: 'crise-1' })],
  );
  const plan = (iso: string, endedCrises: EndedCrisis[] = [crisis]) => duePlan({ posts: p, ledger: new Map(), pauses: none, endedCrises, nowMs: at(iso), timeZone: TZ });
  const ids = (pairs: { postId: string }[]) => pairs.map((x) => x.postId.replace('2026-12-', '')).sort();

  it('releases what the crisis held while it is less than staleAfter late', () => {
    const soon = plan('2026-12-09T12:59:00+01:00');
    expect(ids(soon.held)).toEqual(['statement']);
    expect(ids(soon.due)).toEqual(['after', 'before', 'held', 'other-pillar']);
  });

  it('holds it once it is later than staleAfter, with the crisis, the lateness and what to do; other scopes and times go out', () => {
    const late = plan('2026-12-09T13:30:00+01:00');
    expect(ids(late.held)).toEqual(['held', 'statement']);
    const held = late.held.find((h) => h.postId.endsWith('held'))!;
    expect(held.afterCrisis).toBe(true);
    expect(held.pause).toMatchObject({ scope: 'pillar-produits', crisis: 'crise-1' });
    expect(held.pause.reason).toBe('held by crisis crise-1 (pillar-produits), now 2.5 h late, more than its staleAfter: not released blindly; reschedule it (a new publishAt) or set status: draft');
    // Another pillar, a time before the crisis, a time after its end: not this rule's business.
    expect(ids(late.due)).toEqual(['after', 'before', 'other-pillar']);
    // Without the record, everything due goes out.
    expect(ids(plan('2026-12-09T13:30:00+01:00', []).due)).toEqual(['after', 'before', 'held', 'other-pillar', 'statement']);
  });

  it('a pause in force still comes first, and a retry is never held by an ended crisis', () => {
    const pauses = new Map<PauseScope, PauseEntry>([['all', { scope: 'all', reason: 'tout', at: T0 }]]);
    const paused = duePlan({ posts: p, ledger: new Map(), pauses, endedCrises: [crisis], nowMs: at('2026-12-09T13:30:00+01:00'), timeZone: TZ });
    expect(paused.held.every((h) => !h.afterCrisis && h.pause.reason === 'tout')).toBe(true);
    const post = p.find((x) => x.id.endsWith('held'))!;
    const hash = contentHash(post.data, post.body, 'mastodon');
    const failed = foldEvents(post.id, 'mastodon', [
      { type: 'claimed', at: T0, run: 'r1', action: 'publish', leaseUntil: '2026-12-07T08:15:00.000Z', contentHash: hash, key: idempotencyKey(post.id, 'mastodon', hash) },
      { type: 'failed', at: T0, run: 'r1', adapter: 'outbox', error: 'HTTP 503', retryable: true, status: 503 },
    ]);
    const retry = duePlan({ posts: [post], ledger: ledgerOf(failed), pauses: none, endedCrises: [crisis], nowMs: at('2026-12-09T13:30:00+01:00'), timeZone: TZ });
    expect(retry.due.map((d) => d.action)).toEqual(['retry']);
  });
});
