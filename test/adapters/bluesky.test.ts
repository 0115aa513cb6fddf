/**
 * The Bluesky adapter against a real PDS (@atproto/pds + PLC, in this process, SQLite in a temp dir):
 * the server validates every record against the real lexicons, so what passes here passes on bsky.social
 * as far as the PDS is concerned (the AppView, link-card hydration and the video service are not covered).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AtpAgent } from '@atproto/api';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { blueskyAdapter, blueskyFromEnv, bskyAppUrl, POST_COLLECTION, rkeyFor } from '../../src/adapters/bluesky.ts';
import { basicPost } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, remoteBrand, spawnCliAsync, type RemoteBrand } from '../publish/helpers.ts';
import { freePort, startLocalPds, type LocalPds, type TestAccount } from './pds/harness.ts';

let pds: LocalPds;
let brand: TestAccount;
let friend: TestAccount;
let agent: AtpAgent;
let adapter: Adapter;
let media: string;
let keySeq = 0;

beforeAll(async () => {
  pds = await startLocalPds();
  // Visible in the test output: the figure the issue asks for.
  console.info(`local PDS + PLC started in ${pds.startMs} ms at ${pds.url}`);
  brand = await pds.createAccount('boulangerie');
  friend = await pds.createAccount('meunier');
  agent = await pds.agentFor(brand);
  adapter = blueskyAdapter({ service: pds.url, identifier: brand.handle, password: brand.password });
  media = mkdtempSync(path.join(tmpdir(), 'cadence-bsky-media-'));
});

afterAll(async () => {
  await pds?.close();
  if (media) rmSync(media, { recursive: true, force: true });
});

function publication(parts: PublicationPart[], extra: Partial<Publication> = {}): Publication {
  const key = `2026-12-pain.bluesky.${(++keySeq).toString(16).padStart(12, '0')}`;
  return { postId: '2026-12-pain', channel: 'bluesky', file: 'content/posts/2026/12/pain.mdx', title: 'Nouveau pain', parts, contentHash: `sha256:${key}`, key, ...extra };
}

const text = (t: string): PublicationPart => ({ text: t, media: [] });

async function record(uri: string): Promise<{ cid: string; value: Record<string, any> }> {
  const [, , repo, collection, rkey] = uri.split('/');
  const res = await agent.com.atproto.repo.getRecord({ repo: repo!, collection: collection!, rkey: rkey! });
  return { cid: res.data.cid!, value: res.data.value as Record<string, any> };
}

async function postCount(): Promise<number> {
  const res = await agent.com.atproto.repo.listRecords({ repo: brand.did, collection: POST_COLLECTION, limit: 100 });
  return res.data.records.length;
}

/** The substring a facet points at, by its UTF-8 byte offsets. */
const slice = (s: string, index: { byteStart: number; byteEnd: number }) => Buffer.from(s, 'utf8').subarray(index.byteStart, index.byteEnd).toString('utf8');

describe('record keys derived from the idempotency key', () => {
  it('are valid TIDs, stable, distinct per part and per key', () => {
    const a = rkeyFor('2026-12-pain.bluesky.96b14461789f', 0);
    expect(a).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/);
    expect(rkeyFor('2026-12-pain.bluesky.96b14461789f', 0)).toBe(a);
    expect(rkeyFor('2026-12-pain.bluesky.96b14461789f', 1)).not.toBe(a);
    expect(rkeyFor('2026-12-pain.bluesky.96b14461789e', 0)).not.toBe(a);
    // The time part lies in the documented window after 2023-01-01.
    const s32 = '234567abcdefghijklmnopqrstuvwxyz';
    const value = [...a].reduce((n, c) => n * 32n + BigInt(s32.indexOf(c)), 0n);
    const ms = Number((value >> 10n) / 1000n);
    expect(ms).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 1));
    expect(ms).toBeLessThan(Date.UTC(2023, 0, 14));
  });
});

describe('Bluesky adapter against a local PDS', () => {
  it('publishes text with a mention, a link and a hashtag as facets at the right UTF-8 byte offsets', async () => {
    const body = 'Crème brûlée 🥐👩‍🍳 à 7 h : merci @meunier.test pour la farine ! Recette → https://boulangerie.example/recettes/crème?x=1 #PainAuLevain #fêtes';
    const pub = publication([text(body)], { lang: 'fr' });
    const result = await adapter.publish(pub);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.remoteId).toBe(`at://${brand.did}/${POST_COLLECTION}/${rkeyFor(pub.key, 0)}`);
    expect(result.url).toBe(`https://bsky.app/profile/${brand.did}/post/${rkeyFor(pub.key, 0)}`);

    const { value } = await record(result.remoteId);
    expect(value.text).toBe(body);
    expect(value.langs).toEqual(['fr']);
    const facets = value.facets as { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[];
    const seen = facets.map((f) => [slice(body, f.index), f.features[0]!]);
    expect(seen).toEqual([
      ['@meunier.test', { $type: 'app.bsky.richtext.facet#mention', did: friend.did }],
      ['https://boulangerie.example/recettes/crème?x=1', { $type: 'app.bsky.richtext.facet#link', uri: 'https://boulangerie.example/recettes/crème?x=1' }],
      ['#PainAuLevain', { $type: 'app.bsky.richtext.facet#tag', tag: 'PainAuLevain' }],
      ['#fêtes', { $type: 'app.bsky.richtext.facet#tag', tag: 'fêtes' }],
    ]);
    // Byte offsets, not UTF-16 ones: the accents and emoji before the mention shift them.
    expect(facets[0]!.index.byteStart).toBe(Buffer.byteLength(body.slice(0, body.indexOf('@meunier'))));
    expect(facets[0]!.index.byteStart).not.toBe(body.indexOf('@meunier'));
  });

  it('keeps an @handle that does not resolve as plain text instead of an invalid mention', async () => {
    const body = 'Bonjour @personne.test et @meunier.test';
    const result = await adapter.publish(publication([text(body)]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { value } = await record(result.remoteId);
    expect(value.facets.map((f: any) => slice(body, f.index))).toEqual(['@meunier.test']);
  });

  it('makes the post link an external card', async () => {
    const result = await adapter.publish(publication([text('Le pain du jour.')], { link: 'https://boulangerie.example/blog/pain/' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { value } = await record(result.remoteId);
    expect(value.text).toBe('Le pain du jour.');
    expect(value.embed).toEqual({ $type: 'app.bsky.embed.external', external: { uri: 'https://boulangerie.example/blog/pain/', title: 'Nouveau pain', description: '' } });
  });

  it('uploads images with their alt text and aspect ratio, converting and shrinking what Bluesky refuses', async () => {
    const png = path.join(media, 'four.png');
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c08040' } }).png().toFile(png);
    const tiff = path.join(media, 'scan.tiff'); // Bluesky's app does not render TIFF: converted to JPEG
    await sharp({ create: { width: 600, height: 900, channels: 3, background: '#304060' } }).tiff().toFile(tiff);
    const heavy = path.join(media, 'noise.png'); // random pixels: a PNG over 2,000,000 bytes
    const noise = Buffer.alloc(1100 * 1000 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    await sharp(noise, { raw: { width: 1100, height: 1000, channels: 3 } }).png({ compressionLevel: 0 }).toFile(heavy);

    const pub = publication([
      {
        text: 'Sortie du four 🔥',
        media: [
          { path: 'content/posts/2026/12/four.png', absolutePath: png, alt: 'Le four à bois, porte ouverte, les pains dorés alignés.' },
          { path: 'content/posts/2026/12/scan.tiff', absolutePath: tiff, alt: 'Une vieille recette manuscrite' },
          { path: 'content/posts/2026/12/noise.png', absolutePath: heavy, alt: '' },
        ],
      },
    ]);
    const result = await adapter.publish(pub);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const { value } = await record(result.remoteId);
    expect(value.embed.$type).toBe('app.bsky.embed.images');
    const images = value.embed.images as { alt: string; aspectRatio: { width: number; height: number }; image: { mimeType: string; size: number } }[];
    expect(images.map((i) => i.alt)).toEqual(['Le four à bois, porte ouverte, les pains dorés alignés.', 'Une vieille recette manuscrite', '']);
    expect(images[0]!.aspectRatio).toEqual({ width: 1200, height: 800 });
    expect(images[0]!.image.mimeType).toBe('image/png');
    expect(images[1]!.aspectRatio).toEqual({ width: 600, height: 900 });
    expect(images[1]!.image.mimeType).toBe('image/jpeg');
    expect(images[2]!.image.size).toBeLessThanOrEqual(2_000_000);
  });

  it('appends the link to the text when images take the embed', async () => {
    const png = path.join(media, 'small.png');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } }).png().toFile(png);
    const pub = publication([{ text: 'Galette 👑', media: [{ path: 'small.png', absolutePath: png, alt: 'Une galette' }] }], { link: 'https://boulangerie.example/galette' });
    expect(adapter.render(pub)).toEqual(['Galette 👑\n\nhttps://boulangerie.example/galette']);
    const result = await adapter.publish(pub);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { value } = await record(result.remoteId);
    expect(value.text).toBe('Galette 👑\n\nhttps://boulangerie.example/galette');
    expect(value.facets.map((f: any) => [slice(value.text, f.index), f.features[0].uri])).toEqual([['https://boulangerie.example/galette', 'https://boulangerie.example/galette']]);
  });

  it('publishes a 3-part thread as a reply chain, each part under its own derived rkey', async () => {
    const pub = publication([text('1/3 Le levain, c’est quoi ?'), text('2/3 Farine + eau, nourris chaque jour.'), text('3/3 Et de la patience. #levain')]);
    const result = await adapter.publish(pub);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.replies?.map((r) => r.remoteId)).toEqual([1, 2].map((i) => `at://${brand.did}/${POST_COLLECTION}/${rkeyFor(pub.key, i)}`));
    expect(result.replies?.[1]?.url).toBe(bskyAppUrl(result.replies![1]!.remoteId));
    const root = await record(result.remoteId);
    const second = await record(result.replies![0]!.remoteId);
    const third = await record(result.replies![1]!.remoteId);
    expect(root.value.reply).toBeUndefined();
    expect(second.value.reply).toEqual({ root: { uri: result.remoteId, cid: root.cid }, parent: { uri: result.remoteId, cid: root.cid } });
    expect(third.value.reply).toEqual({ root: { uri: result.remoteId, cid: root.cid }, parent: { uri: result.replies![0]!.remoteId, cid: second.cid } });
  });

  it('a retry with the same key creates nothing new, and a look-up finds the whole thread', async () => {
    const pub = publication([text('Retry 1/2 — édition spéciale'), text('Retry 2/2')]);
    const first = await adapter.publish(pub);
    expect(first.ok).toBe(true);
    const before = await postCount();
    // A second adapter (a later run) with the same key: createRecord hits existing rkeys, getRecord finds them.
    const again = await blueskyAdapter({ service: pds.url, identifier: brand.handle, password: brand.password }).publish(pub);
    expect(again).toEqual(first);
    expect(await postCount()).toBe(before);
    const found = await adapter.lookup(pub, pub.key);
    expect(found).toEqual({ found: true, ...(first.ok ? { remoteId: first.remoteId, url: first.url, replies: first.replies } : {}) });
  });

  it('completes a half-published thread on the next attempt without duplicating the first part', async () => {
    const pub = publication([text('Moitié 1/2'), text('Moitié 2/2')]);
    const half = await adapter.publish({ ...pub, parts: pub.parts.slice(0, 1) }); // as if the run died after part 1
    expect(half.ok).toBe(true);
    expect(await adapter.lookup(pub, pub.key)).toEqual({ found: false }); // incomplete: publish again
    const before = await postCount();
    const full = await adapter.publish(pub);
    expect(full.ok && full.remoteId).toBe(half.ok && half.remoteId);
    expect(full.ok && full.replies?.length).toBe(1);
    expect(await postCount()).toBe(before + 1);
  });

  it('finds nothing under a key never published', async () => {
    expect(await adapter.lookup(publication([text('jamais')]), 'never.bluesky.000000000000')).toEqual({ found: false });
  });

  it('deletes a thread, and deleting it again still succeeds', async () => {
    const pub = publication([text('À supprimer 1/2'), text('À supprimer 2/2')]);
    const result = await adapter.publish(pub);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await adapter.delete({ remoteId: result.remoteId, replies: result.replies ?? [] })).toEqual({ ok: true });
    await expect(record(result.remoteId)).rejects.toThrow(/Could not locate record/);
    await expect(record(result.replies![0]!.remoteId)).rejects.toThrow(/Could not locate record/);
    expect(await adapter.lookup(pub, pub.key)).toEqual({ found: false });
    expect(await adapter.delete({ remoteId: result.remoteId })).toEqual({ ok: true });
  });

  it('a 301-grapheme text is refused by the server (not transient) and creates nothing', async () => {
    const pub = publication([text('é'.repeat(300) + '🥖')]);
    const result = await adapter.publish(pub);
    expect(result).toMatchObject({ ok: false, kind: 'refused', status: 400 });
    expect(!result.ok && result.message).toMatch(/grapheme/i);
    expect(await adapter.lookup(pub, pub.key)).toEqual({ found: false });
    // 300 graphemes of emoji (1200 bytes) are fine.
    expect((await adapter.publish(publication([text('🥐'.repeat(300))]))).ok).toBe(true);
  });

  it('a wrong app password is refused, and the password never appears in the message', async () => {
    const wrong = blueskyAdapter({ service: pds.url, identifier: brand.handle, password: 'wrong-app-password' });
    const result = await wrong.publish(publication([text('x')]));
    expect(result).toMatchObject({ ok: false, kind: 'refused', status: 401 });
    expect(!result.ok && result.message).not.toContain('wrong-app-password');
  });

  it('a PDS that is not there is transient: nothing can have been posted', async () => {
    const down = blueskyAdapter({ service: `http://127.0.0.1:${await freePort()}`, identifier: brand.handle, password: brand.password });
    expect(await down.publish(publication([text('x')]))).toMatchObject({ ok: false, kind: 'transient' });
  });

  it('reads its configuration from the environment', async () => {
    const fromEnv = blueskyFromEnv({ BLUESKY_IDENTIFIER: `@${brand.handle}`, BLUESKY_APP_PASSWORD: brand.password, BLUESKY_API_URL: pds.url });
    expect(fromEnv.name).toBe('bluesky');
    expect((await fromEnv.publish(publication([text('depuis l’environnement')]))).ok).toBe(true);
  });
});

describe('cadence publish to a local PDS', () => {
  let remote: RemoteBrand | undefined;
  afterAll(() => remote?.cleanup());

  it('publishes the due post, records the at:// URI and the bsky.app URL, and publishes nothing on the next run', async () => {
    remote = remoteBrand();
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['bluesky'], text: 'Notre pain au levain sort du four, merci @meunier.test ! #levain', link: 'https://boulangerie.example/blog/pain/' }));
    firstPush(remote);
    const runner = remote.clone();
    const env = { BLUESKY_IDENTIFIER: brand.handle, BLUESKY_APP_PASSWORD: brand.password, BLUESKY_API_URL: pds.url };
    const at = '--at=2026-12-07T09:30:00+01:00';

    const run = await spawnCliAsync(['publish', at], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(brand.password);
    const events = ledgerEvents(runner, '2026-12-pain', 'bluesky');
    const published = events.find((e) => e.type === 'published') as { adapter: string; remoteId: string; url: string; key: string } | undefined;
    expect(published).toMatchObject({ adapter: 'bluesky', remoteId: expect.stringMatching(new RegExp(`^at://${brand.did}/app\\.bsky\\.feed\\.post/`)) });
    expect(published!.remoteId).toBe(`at://${brand.did}/${POST_COLLECTION}/${rkeyFor(published!.key, 0)}`);
    expect(published!.url).toBe(`https://bsky.app/profile/${brand.did}/post/${rkeyFor(published!.key, 0)}`);
    const { value } = await record(published!.remoteId);
    expect(value.text).toBe('Notre pain au levain sort du four, merci @meunier.test ! #levain');
    expect(value.embed.external.uri).toBe('https://boulangerie.example/blog/pain/');
    expect(JSON.stringify(events)).not.toContain(brand.password);

    const before = await postCount();
    const again = await spawnCliAsync(['publish', at], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(await postCount()).toBe(before);
  });
});
