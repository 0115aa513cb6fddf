/**
 * Bluesky moderation against the real PDS in this process: a second account replies for real, and the
 * brand hides the reply through its thread's threadgate record, which the PDS validates against the
 * lexicon. The PDS has no AppView (notifications are an AppView feature), so the notifications the
 * adapter reads are built here from the records that really are in the replier's repository.
 */
import type { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueskyModeration, POST_COLLECTION, THREADGATE_COLLECTION } from '../../src/adapters/bluesky.ts';
import type { ModerationAdapter } from '../../src/adapters/moderation.ts';
import { startLocalPds, type LocalPds, type TestAccount } from '../adapters/pds/harness.ts';

let pds: LocalPds;
let brand: TestAccount;
let friend: TestAccount;
let brandAgent: AtpAgent;
let friendAgent: AtpAgent;
let adapter: ModerationAdapter;
let root: { uri: string; cid: string };
let reply: { uri: string; cid: string };
let foreignReply: { uri: string; cid: string };
const listCalls: string[] = [];

/** listNotifications as the AppView would answer it, from the replier's real records. */
async function notifications(): Promise<unknown> {
  const records = await friendAgent.com.atproto.repo.listRecords({ repo: friend.did, collection: POST_COLLECTION, limit: 100 });
  return {
    notifications: records.data.records
      .filter((r) => (r.value as { reply?: unknown }).reply)
      .map((r) => ({ uri: r.uri, cid: r.cid, author: { did: friend.did, handle: friend.handle }, reason: 'reply', reasonSubject: (r.value as { reply: { parent: { uri: string } } }).reply.parent.uri, record: r.value, isRead: false, indexedAt: (r.value as { createdAt: string }).createdAt, labels: [] })),
  };
}

beforeAll(async () => {
  pds = await startLocalPds();
  brand = await pds.createAccount('boulangerie-mod');
  friend = await pds.createAccount('voisin');
  brandAgent = await pds.agentFor(brand);
  friendAgent = await pds.agentFor(friend);
  const post = await brandAgent.com.atproto.repo.createRecord({ repo: brand.did, collection: POST_COLLECTION, record: { $type: POST_COLLECTION, text: 'La brioche des Lumières est de retour', createdAt: '2026-12-04T11:30:00.000Z' } });
  root = { uri: post.data.uri, cid: post.data.cid };
  const answer = await friendAgent.com.atproto.repo.createRecord({ repo: friend.did, collection: POST_COLLECTION, record: { $type: POST_COLLECTION, text: 'Espèce de connard de boulanger', createdAt: '2026-12-04T12:00:00.000Z', reply: { root, parent: root } } });
  reply = { uri: answer.data.uri, cid: answer.data.cid };
  const other = await friendAgent.com.atproto.repo.createRecord({ repo: friend.did, collection: POST_COLLECTION, record: { $type: POST_COLLECTION, text: 'mon propre fil', createdAt: '2026-12-04T12:05:00.000Z' } });
  const inOther = await brandAgent.com.atproto.repo.createRecord({ repo: brand.did, collection: POST_COLLECTION, record: { $type: POST_COLLECTION, text: 'réponse de la marque', createdAt: '2026-12-04T12:06:00.000Z', reply: { root: { uri: other.data.uri, cid: other.data.cid }, parent: { uri: other.data.uri, cid: other.data.cid } } } });
  foreignReply = { uri: inOther.data.uri, cid: inOther.data.cid };
  // The PDS proxies listNotifications to an AppView it does not have: that one call is answered here.
  const route: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname === '/xrpc/app.bsky.notification.listNotifications') {
      listCalls.push(url.search);
      return Response.json(await notifications());
    }
    return fetch(input, init);
  };
  adapter = blueskyModeration({ service: pds.url, identifier: brand.handle, password: brand.password, fetch: route });
}, 60_000);

afterAll(async () => {
  await pds?.close();
});

async function gate(): Promise<{ hiddenReplies?: string[]; post?: string } | undefined> {
  try {
    const res = await brandAgent.com.atproto.repo.getRecord({ repo: brand.did, collection: THREADGATE_COLLECTION, rkey: root.uri.split('/').pop()! });
    return res.data.value as { hiddenReplies?: string[]; post?: string };
  } catch {
    return undefined;
  }
}

describe('Bluesky moderation on a real PDS', () => {
  it('reads the reply of a second account, mapped to the brand post of the thread', async () => {
    const listed = await adapter.list({ ownPosts: [{ postId: 'brioche', remoteId: root.uri }], nowMs: Date.parse('2026-12-08T20:00:00Z'), limit: 100 });
    if (!listed.ok) throw new Error(listed.message);
    expect(new URLSearchParams(listCalls[0]).getAll('reasons')).toEqual(['reply', 'mention', 'quote']);
    expect(listed.items[0]).toMatchObject({ id: reply.uri, kind: 'reply', ownPost: { postId: 'brioche' }, rootIsBrand: true, author: { id: friend.did, handle: friend.handle }, text: 'Espèce de connard de boulanger' });
    expect(listed.cursor).toBe('2026-12-04T12:00:00.000Z');
  });

  it('hides the reply through the threadgate (validated by the PDS), reads it back, and restores it', async () => {
    const ref = { id: reply.uri, network: 'bluesky' as const, rootId: root.uri };
    expect(await adapter.setHidden!(ref, true)).toEqual({ ok: true });
    expect(await gate()).toMatchObject({ post: root.uri, hiddenReplies: [reply.uri] });
    expect(await adapter.state!(ref)).toEqual({ known: true, exists: true, hidden: true });
    // Hiding again changes nothing (an unknown outcome is safe to redo).
    expect(await adapter.setHidden!(ref, true)).toEqual({ ok: true });
    expect((await gate())!.hiddenReplies).toEqual([reply.uri]);
    expect(await adapter.setHidden!(ref, false)).toEqual({ ok: true });
    expect((await gate())!.hiddenReplies).toEqual([]);
    expect(await adapter.state!(ref)).toMatchObject({ hidden: false });
  });

  it('cannot hide in a thread the brand did not start (own-root): refused, nothing written', async () => {
    const r = await adapter.setHidden!({ id: foreignReply.uri, network: 'bluesky', rootId: foreignReply.uri.replace(brand.did, friend.did) }, true);
    expect(r).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/only the author of a thread can hide/) });
    expect(adapter.caps.hide).toBe('own-root');
  });

  it('a report goes to the moderation service through the PDS (absent here): a clear failure, no password', async () => {
    const r = await adapter.report!({ id: reply.uri, network: 'bluesky', ref: { cid: reply.cid } }, { category: 'abuse', comment: 'Insultes (netiquette)' });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).toMatch(/createReport/);
    expect(JSON.stringify(r)).not.toContain(brand.password);
  });
});
