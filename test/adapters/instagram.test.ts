import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationMedia, PublicationPart } from '../../src/adapters/adapter.ts';
import { instagramAdapter } from '../../src/adapters/instagram.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { fakeInstagram, igFixture, IG_USER_ID, type FakeInstagram } from './fixtures/instagram/fake.ts';

const BASE = 'https://graph.instagram.test';
const SITE = 'https://boulangerie.example';
const TOKEN = 'IGAAinstaToken-Zq8v3Lx9Kp';

const server = setupServer();
let fake: FakeInstagram;
let dir: string;
let sleeps: number[];
let online: Set<string>;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fake = fakeInstagram(BASE, TOKEN);
  online = new Set();
  server.use(
    ...fake.handlers,
    // The deployed site: HEAD answers 200 for the files the test put "online".
    http.head(`${SITE}/*`, ({ request }) => new HttpResponse(null, { status: online.has(new URL(request.url).pathname) ? 200 : 404 })),
  );
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-instagram-'));
  sleeps = [];
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const adapter = (options: Partial<Parameters<typeof instagramAdapter>[0]> = {}) =>
  instagramAdapter({ userId: IG_USER_ID, token: TOKEN, apiUrl: BASE, siteUrl: SITE, root: dir, sleep: async (ms) => void sleeps.push(ms), ...options });

function publication(overrides: Partial<Publication> = {}, parts: PublicationPart[] = [{ text: 'Notre nouveau pain au levain. #boulangerie', media: [] }]): Publication {
  return { postId: '2026-12-pain', channel: 'instagram', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:96b14461789f0c2e', key: '2026-12-pain.instagram.96b14461789f', ...overrides };
}

/** A file under public/ (served by the site once "online"). */
async function sitePhoto(name: string, format: 'jpeg' | 'png' = 'jpeg', alt = `Photo ${name}`, { width = 400, height = 300, deployed = true } = {}): Promise<PublicationMedia> {
  const rel = `public/images/${name}`;
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  writeFileSync(file, await (format === 'png' ? img.png() : img.jpeg()).toBuffer());
  if (deployed) online.add(`/images/${name}`);
  return { path: rel, absolutePath: file, alt };
}

const withMedia = (media: readonly PublicationMedia[], text = 'Notre nouveau pain au levain. #boulangerie') => publication({}, [{ text, media }]);
const calls = (method: string, suffix: string) => fake.requests.filter((r) => r.method === method && r.url.pathname.endsWith(suffix));
const errors = igFixture('errors.json');

describe('Instagram adapter: publish', () => {
  it('one image: quota check, container {image_url = public URL, caption, alt_text}, status poll, media_publish, permalink', async () => {
    const photo = await sitePhoto('pain.jpg', 'jpeg', 'Une miche dorée');
    const result = await adapter().publish(withMedia([photo]));
    const published = fake.media[0]!;
    expect(result).toEqual({ ok: true, remoteId: published.id, url: published.permalink });
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname.replace(/\d{10,}/g, ':id')}`)).toEqual([
      'GET /v25.0/:id/content_publishing_limit',
      'POST /v25.0/:id/media',
      'GET /v25.0/:id',
      'POST /v25.0/:id/media_publish',
      'GET /v25.0/:id',
    ]);
    expect(calls('GET', '/content_publishing_limit')[0]!.url.searchParams.get('fields')).toBe('quota_usage,config');
    const [container] = calls('POST', '/media');
    expect(container!.params).toEqual({ image_url: `${SITE}/images/pain.jpg`, caption: 'Notre nouveau pain au levain. #boulangerie', alt_text: 'Une miche dorée' });
    expect(container!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(calls('POST', '/media_publish')[0]!.params).toEqual({ creation_id: [...fake.containers.keys()][0] });
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && !r.href.includes(TOKEN) && !r.url.searchParams.has('access_token'))).toBe(true);
  });

  it('polls the container while it is IN_PROGRESS (2 s apart), then publishes', async () => {
    fake.processingPolls = 2;
    const result = await adapter().publish(withMedia([await sitePhoto('pain.jpg')]));
    expect(result.ok).toBe(true);
    const polls = fake.requests.filter((r) => r.method === 'GET' && r.url.searchParams.get('fields') === 'status_code,status');
    expect(polls).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('a carousel: one child container per image (is_carousel_item, alt_text), then the CAROUSEL parent with the caption', async () => {
    const a = await sitePhoto('a.jpg', 'jpeg', 'A');
    const b = await sitePhoto('b.jpg', 'jpeg', '');
    const result = await adapter().publish(withMedia([a, b], 'Deux photos.'));
    expect(result.ok).toBe(true);
    const made = calls('POST', '/media').map((r) => r.params);
    const ids = [...fake.containers.keys()];
    expect(made).toEqual([
      { image_url: `${SITE}/images/a.jpg`, is_carousel_item: 'true', alt_text: 'A' },
      { image_url: `${SITE}/images/b.jpg`, is_carousel_item: 'true' },
      { media_type: 'CAROUSEL', children: `${ids[0]},${ids[1]}`, caption: 'Deux photos.' },
    ]);
    expect(calls('POST', '/media_publish')[0]!.params.creation_id).toBe(ids[2]);
  });

  it('an https:// JPEG goes as written', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#c80' } }).jpeg().toBuffer();
    server.use(http.get('https://cdn.example/pain.jpg', () => new HttpResponse(jpeg, { headers: { 'content-type': 'image/jpeg' } })));
    expect((await adapter().publish(withMedia([{ path: 'https://cdn.example/pain.jpg', alt: 'Miche' }]))).ok).toBe(true);
    expect(calls('POST', '/media')[0]!.params.image_url).toBe('https://cdn.example/pain.jpg');
  });

  it('posts the first comment on the published media', async () => {
    const result = await adapter().publish(publication({ firstComment: 'Recette en bio.' }, [{ text: 'Pain.', media: [await sitePhoto('pain.jpg')] }]));
    expect(result.ok).toBe(true);
    const [comment] = calls('POST', '/comments');
    expect(comment!.url.pathname).toBe(`/v25.0/${fake.media[0]!.id}/comments`);
    expect(comment!.params).toEqual({ message: 'Recette en bio.' });
  });

  it('does not add the post link to the caption (not clickable on Instagram)', async () => {
    await adapter().publish(publication({ link: 'https://boulangerie.example/blog/pain/' }, [{ text: 'Pain.', media: [await sitePhoto('pain.jpg')] }]));
    expect(calls('POST', '/media')[0]!.params.caption).toBe('Pain.');
  });

  it('a retry after media_publish was rate-limited reuses the container', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/media_publish'), () => HttpResponse.json(errors['publishing-limit'], { status: 400 }));
    const ig = adapter();
    const pub = withMedia([await sitePhoto('pain.jpg')]);
    expect(await ig.publish(pub)).toMatchObject({ ok: false, kind: 'rate-limited' });
    expect((await ig.publish(pub)).ok).toBe(true);
    expect(calls('POST', '/media')).toHaveLength(1);
    expect(calls('POST', '/media_publish')).toHaveLength(2);
  });
});

describe('Instagram adapter: media that Instagram cannot fetch as they are', () => {
  it('a PNG under public/ is refused with the fix to make, before any call', async () => {
    const result = await adapter().publish(withMedia([await sitePhoto('pain.png', 'png')]));
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(!result.ok && result.message).toMatch(/^public\/images\/pain\.png: Instagram downloads the image itself from https:\/\/boulangerie\.example\/images\/pain\.png, so Cadence cannot fix it on the way \(convert png to jpeg.*commit a copy that needs no change under public\/ \(JPEG, sRGB, at most 8 MB\)/);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('an image next to the post (no stable public URL) is refused', async () => {
    const file = path.join(dir, 'pain.jpg');
    writeFileSync(file, await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c80' } }).jpeg().toBuffer());
    const result = await adapter().publish(withMedia([{ path: 'content/posts/2026/12/pain.jpg', absolutePath: file, alt: '' }]));
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(!result.ok && result.message).toMatch(/downloads images from a public URL.*put the file under public\//);
  });

  it('an aspect ratio Instagram refuses is refused', async () => {
    const result = await adapter().publish(withMedia([await sitePhoto('banner.jpg', 'jpeg', 'Bannière', { width: 1200, height: 300 })]));
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(!result.ok && result.message).toMatch(/aspect ratio 4\.00/);
  });

  it('a site image not online yet (site not deployed) → transient, nothing created', async () => {
    const result = await adapter().publish(withMedia([await sitePhoto('pain.jpg', 'jpeg', 'Miche', { deployed: false })]));
    expect(result).toMatchObject({ ok: false, kind: 'transient' });
    expect(!result.ok && result.message).toMatch(/answers 404; Instagram needs it online/);
    expect(calls('POST', '/media')).toHaveLength(0);
  });

  it('no image, more than 10, or a thread → refused before any call', async () => {
    const photo = await sitePhoto('pain.jpg');
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'refused', message: 'an Instagram post needs an image' });
    expect(await adapter().publish(withMedia(Array.from({ length: 11 }, () => photo)))).toMatchObject({ ok: false, kind: 'refused' });
    expect(await adapter().publish(publication({}, [{ text: 'Un.', media: [photo] }, { text: 'Deux.', media: [] }]))).toMatchObject({ ok: false, kind: 'refused' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('Instagram adapter: failures', () => {
  const photo = () => sitePhoto('pain.jpg');

  it('quota used up (content_publishing_limit) → rate-limited, nothing created', async () => {
    fake.quotaUsage = 100;
    const result = await adapter().publish(withMedia([await photo()]));
    expect(result).toMatchObject({ ok: false, kind: 'rate-limited', message: 'Instagram publishing quota used up: 100 of 100 posts in the last 24 hours' });
    expect(calls('POST', '/media')).toHaveLength(0);
  });

  it('9/2207042 on media_publish → rate-limited', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/media_publish'), () => HttpResponse.json(errors['publishing-limit'], { status: 400 }));
    const result = await adapter().publish(withMedia([await photo()]));
    expect(result).toMatchObject({ ok: false, kind: 'rate-limited' });
    expect(!result.ok && result.message).toContain('code 9/2207042');
  });

  it('container status ERROR → refused with the reason; EXPIRED → transient', async () => {
    fake.inject((r) => r.method === 'GET' && r.url.searchParams.get('fields') === 'status_code,status', () => HttpResponse.json({ status_code: 'ERROR', status: 'Error: Media download has failed (2207052)', id: '1' }));
    expect(await adapter().publish(withMedia([await photo()]))).toMatchObject({ ok: false, kind: 'refused', message: 'Instagram could not process public/images/pain.jpg: Error: Media download has failed (2207052)' });
    fake.inject((r) => r.method === 'GET' && r.url.searchParams.get('fields') === 'status_code,status', () => HttpResponse.json({ status_code: 'EXPIRED', id: '1' }));
    expect(await adapter().publish(withMedia([await photo()]))).toMatchObject({ ok: false, kind: 'transient' });
    expect(calls('POST', '/media_publish')).toHaveLength(0);
  });

  it('still IN_PROGRESS after the polls → transient', async () => {
    fake.processingPolls = 10;
    expect(await adapter({ polls: 3 }).publish(withMedia([await photo()]))).toMatchObject({ ok: false, kind: 'transient' });
  });

  it('a media download failure at container creation → refused with Meta message', async () => {
    fake.inject((r) => r.method === 'POST' && r.url.pathname.endsWith('/media'), () => HttpResponse.json(errors['media-download-failed'], { status: 400 }));
    const result = await adapter().publish(withMedia([await photo()]));
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(!result.ok && result.message).toMatch(/could not be fetched from this URI.*code 9004\/2207052/);
  });

  it('5xx or no answer when creating a container → transient (nothing public)', async () => {
    fake.inject((r) => r.method === 'POST' && r.url.pathname.endsWith('/media'), () => HttpResponse.json(errors['unknown-error'], { status: 500 }));
    expect(await adapter().publish(withMedia([await photo()]))).toMatchObject({ ok: false, kind: 'transient', status: 500 });
    fake.inject(
      (r) => r.method === 'POST' && r.url.pathname.endsWith('/media'),
      async () => {
        await delay(500);
        return HttpResponse.json({ id: 'late' });
      },
    );
    expect(await adapter({ timeoutMs: 50 }).publish(withMedia([await photo()]))).toMatchObject({ ok: false, kind: 'transient' });
  });

  it('5xx or no answer on media_publish → unknown', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/media_publish'), () => HttpResponse.json(errors['unknown-error'], { status: 500 }));
    expect(await adapter().publish(withMedia([await photo()]))).toMatchObject({ ok: false, kind: 'unknown', status: 500 });
    fake.inject(
      (r) => r.url.pathname.endsWith('/media_publish'),
      async () => {
        await delay(500);
        return HttpResponse.json({ id: 'late' });
      },
    );
    expect(await adapter({ timeoutMs: 50 }).publish(withMedia([await photo()]))).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it('190 → refused naming INSTAGRAM_TOKEN, and the token is never in a message', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/content_publishing_limit'), () => HttpResponse.json({ error: { ...errors['token-invalid'].error, message: `Invalid OAuth access token ${TOKEN}` } }, { status: 400 }));
    const result = await adapter().publish(withMedia([await photo()]));
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(!result.ok && result.message).toMatch(/renew INSTAGRAM_TOKEN$/);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});

describe('Instagram adapter: look-up and delete', () => {
  it('finds the media by its exact caption, creating nothing', async () => {
    const pub = withMedia([await sitePhoto('pain.jpg')]);
    const published = await adapter().publish(pub);
    const posts = fake.requests.filter((r) => r.method === 'POST').length;
    const found = await adapter().lookup(pub, pub.key);
    expect(found).toEqual({ found: true, remoteId: published.ok && published.remoteId, url: published.ok && published.url });
    expect(Object.fromEntries(calls('GET', '/media')[0]!.url.searchParams)).toEqual({ fields: 'id,caption,permalink,timestamp', limit: '50' });
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
  });

  it('not there → not found; no caption → unknown; another key → unknown', async () => {
    const pub = withMedia([await sitePhoto('pain.jpg')]);
    expect(await adapter().lookup(pub, pub.key)).toEqual({ found: false });
    expect(await adapter().lookup(withMedia(pub.parts[0]!.media, ''), pub.key)).toMatchObject({ found: 'unknown' });
    expect(await adapter().lookup(pub, 'older')).toMatchObject({ found: 'unknown' });
  });

  it('delete is not supported by the API: unsupported, with what to do', async () => {
    expect(await adapter().delete({ remoteId: '1' })).toEqual({ ok: false, unsupported: true, message: expect.stringMatching(/delete it in the Instagram app/) });
    expect(fake.requests).toHaveLength(0);
  });

  it('is selected when INSTAGRAM_TOKEN and INSTAGRAM_USER_ID are set', () => {
    const selection = selectAdapter('instagram', { root: dir, env: { INSTAGRAM_TOKEN: TOKEN, INSTAGRAM_USER_ID: IG_USER_ID } });
    expect(selection.ok && selection.adapter.name).toBe('instagram');
  });
});
