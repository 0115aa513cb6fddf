import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { facebookAdapter, facebookFromEnv, facebookMessage } from '../../src/adapters/facebook.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { fakeFacebook, fbFixture, PAGE_ID, type FakeFacebook } from './fixtures/facebook/fake.ts';

const BASE = 'https://graph.facebook.test';
const TOKEN = 'EAAfbPageToken-Zq8v3Lx9Kp';
const LINK = 'https://boulangerie.example/blog/pain/';

const server = setupServer();
let fake: FakeFacebook;
let dir: string;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fake = fakeFacebook(BASE, TOKEN);
  server.use(...fake.handlers);
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-facebook-'));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const adapter = (options: Partial<Parameters<typeof facebookAdapter>[0]> = {}) => facebookAdapter({ pageId: PAGE_ID, token: TOKEN, apiUrl: BASE, ...options });

function publication(overrides: Partial<Publication> = {}, parts: PublicationPart[] = [{ text: 'Notre nouveau pain au levain sort du four.', media: [] }]): Publication {
  return { postId: '2026-12-pain', channel: 'facebook', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:96b14461789f0c2e', key: '2026-12-pain.facebook.96b14461789f', ...overrides };
}

async function image(name: string, format: 'avif' | 'png' | 'jpeg', width = 64, height = 48): Promise<string> {
  const file = path.join(dir, name);
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  writeFileSync(file, await (format === 'avif' ? img.avif() : format === 'png' ? img.png() : img.jpeg()).toBuffer());
  return file;
}

const calls = (method: string, suffix: string) => fake.requests.filter((r) => r.method === method && r.url.pathname.endsWith(suffix));

describe('Facebook adapter: publish', () => {
  it('posts text to /{page-id}/feed with the link field, the token in the Authorization header only, on the pinned version', async () => {
    const result = await adapter().publish(publication({ link: LINK }));
    const post = fake.posts[0]!;
    expect(result).toEqual({ ok: true, remoteId: post.id, url: `https://www.facebook.com/${PAGE_ID}/posts/${post.id.split('_')[1]}` });
    const [feed] = calls('POST', '/feed');
    expect(feed!.url.pathname).toBe(`/v25.0/${PAGE_ID}/feed`);
    expect(feed!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(feed!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(feed!.params).toEqual({ message: 'Notre nouveau pain au levain sort du four.', link: LINK });
    expect(fake.requests.every((r) => !r.href.includes(TOKEN) && !r.url.searchParams.has('access_token'))).toBe(true);
  });

  it('FACEBOOK_GRAPH_VERSION overrides the version', async () => {
    const other = fakeFacebook(BASE, TOKEN, 'v26.0');
    server.use(...other.handlers);
    const result = await facebookFromEnv({ FACEBOOK_PAGE_ID: PAGE_ID, FACEBOOK_PAGE_TOKEN: TOKEN, FACEBOOK_API_URL: BASE, FACEBOOK_GRAPH_VERSION: 'v26.0' }).publish(publication());
    expect(result.ok).toBe(true);
    expect(other.requests[0]!.url.pathname).toBe(`/v26.0/${PAGE_ID}/feed`);
  });

  it('one image of the repository: uploaded (converted) with published=false and alt_text_custom, then /feed with the message and the link at the end', async () => {
    const avif = await image('croissant.avif', 'avif');
    const result = await adapter().publish(publication({ link: LINK }, [{ text: 'Un croissant.\nTout chaud.', media: [{ path: 'content/posts/2026/12/croissant.avif', absolutePath: avif, alt: 'Un croissant doré' }] }]));
    const [photo] = calls('POST', '/photos');
    expect(photo!.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(photo!.params).toEqual({ published: 'false', alt_text_custom: 'Un croissant doré' });
    expect(photo!.files.source).toMatchObject({ filename: 'croissant.jpg', type: 'image/jpeg' });
    expect((await sharp(photo!.files.source!.bytes).metadata()).format).toBe('jpeg');
    const photoId = [...fake.photos.keys()][0]!;
    expect(calls('POST', '/feed')[0]!.params).toEqual({ message: `Un croissant.\nTout chaud.\n\n${LINK}`, 'attached_media[0]': JSON.stringify({ media_fbid: photoId }) });
    expect(result).toMatchObject({ ok: true, remoteId: fake.posts[0]!.id });
    expect(fake.photos.get(photoId)).toMatchObject({ published: true, alt: 'Un croissant doré' });
  });

  it('one https image that needs no change goes by url (Facebook fetches it)', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c80' } }).jpeg().toBuffer();
    server.use(http.get('https://cdn.example/pain.jpg', () => new HttpResponse(jpeg, { headers: { 'content-type': 'image/jpeg' } })));
    const result = await adapter().publish(publication({}, [{ text: 'Du pain.', media: [{ path: 'https://cdn.example/pain.jpg', alt: 'Une miche' }] }]));
    expect(result.ok).toBe(true);
    expect(calls('POST', '/photos')[0]!.params).toEqual({ url: 'https://cdn.example/pain.jpg', message: 'Du pain.', alt_text_custom: 'Une miche' });
  });

  it('several images: each uploaded with published=false, then /feed with attached_media', async () => {
    const a = await image('a.png', 'png');
    const b = await image('b.jpg', 'jpeg');
    const result = await adapter().publish(publication({ link: LINK }, [{ text: 'Deux photos.', media: [{ path: 'a.png', absolutePath: a, alt: 'A' }, { path: 'b.jpg', absolutePath: b, alt: 'B' }] }]));
    expect(result.ok).toBe(true);
    const uploads = calls('POST', '/photos');
    expect(uploads.map((u) => u.params)).toEqual([
      { published: 'false', alt_text_custom: 'A' },
      { published: 'false', alt_text_custom: 'B' },
    ]);
    expect(uploads.map((u) => u.files.source!.type)).toEqual(['image/png', 'image/jpeg']);
    const ids = [...fake.photos.keys()];
    expect(calls('POST', '/feed')[0]!.params).toEqual({
      message: `Deux photos.\n\n${LINK}`,
      'attached_media[0]': JSON.stringify({ media_fbid: ids[0] }),
      'attached_media[1]': JSON.stringify({ media_fbid: ids[1] }),
    });
    expect(fake.posts[0]!.photos).toEqual(ids);
  });

  it('a retry after the /feed call failed before sending reuses the photos uploaded in this run', async () => {
    const a = await image('a.png', 'png');
    const b = await image('b.png', 'png');
    fake.inject((r) => r.url.pathname.endsWith('/feed'), () => HttpResponse.json(fbFixture('errors.json')['page-rate-limit'], { status: 400 }));
    const pub = publication({}, [{ text: 'Deux.', media: [{ path: 'a.png', absolutePath: a, alt: 'A' }, { path: 'b.png', absolutePath: b, alt: 'B' }] }]);
    const first = adapter();
    expect(await first.publish(pub)).toMatchObject({ ok: false, kind: 'rate-limited' });
    expect((await first.publish(pub)).ok).toBe(true);
    expect(calls('POST', '/photos')).toHaveLength(2);
  });

  it('posts the first comment on the new post', async () => {
    const result = await adapter().publish(publication({ firstComment: 'La recette est sur le blog !' }));
    expect(result.ok).toBe(true);
    const [comment] = calls('POST', '/comments');
    expect(comment!.url.pathname).toBe(`/v25.0/${fake.posts[0]!.id}/comments`);
    expect(comment!.params).toEqual({ message: 'La recette est sur le blog !' });
    expect(fake.posts[0]!.comments).toEqual(['La recette est sur le blog !']);
  });

  it('a failed first comment does not fail the publication', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/comments'), () => HttpResponse.json({ error: { message: 'oops', code: 2 } }, { status: 500 }));
    expect((await adapter().publish(publication({ firstComment: 'Hop' }))).ok).toBe(true);
  });

  it('retries a photo without alt_text_custom when the Graph version refuses that parameter', async () => {
    const a = await image('a.png', 'png');
    fake.inject(
      (r) => r.url.pathname.endsWith('/photos') && 'alt_text_custom' in r.params,
      () => HttpResponse.json({ error: { message: '(#100) Param alt_text_custom is not a valid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'Ax' } }, { status: 400 }),
    );
    expect((await adapter().publish(publication({}, [{ text: 'Une.', media: [{ path: 'a.png', absolutePath: a, alt: 'A' }] }]))).ok).toBe(true);
    expect(calls('POST', '/photos').map((r) => 'alt_text_custom' in r.params)).toEqual([true, false]);
  });

  it('refuses a thread before any call (a Page has no reply chains)', async () => {
    const result = await adapter().publish(publication({}, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }]));
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(fake.requests).toHaveLength(0);
  });

  it('render shows the message (and where the link goes)', () => {
    expect(adapter().render(publication({ link: LINK }))).toEqual([`Notre nouveau pain au levain sort du four.\n\n[link: ${LINK}]`]);
    expect(facebookMessage(publication({ link: LINK }, [{ text: 'Photo.', media: [{ path: 'a.png', alt: '' }] }]))).toBe(`Photo.\n\n${LINK}`);
  });
});

describe('Facebook adapter: failures', () => {
  const feedFails = (respond: () => Response | Promise<Response>) => fake.inject((r) => r.url.pathname.endsWith('/feed'), respond);
  const errors = fbFixture('errors.json');

  it.each([
    ['page-rate-limit', 32],
    ['app-rate-limit', 4],
  ])('%s (code %i, HTTP 400) → rate-limited', async (name) => {
    feedFails(() => HttpResponse.json(errors[name], { status: 400 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'rate-limited', status: 400 });
  });

  it.each([17, 613, 80001])('code %i → rate-limited', async (code) => {
    feedFails(() => HttpResponse.json({ error: { message: 'limit', type: 'OAuthException', code, fbtrace_id: 'A' } }, { status: 400 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'rate-limited' });
  });

  it('rate limit: the wait comes from X-Business-Use-Case-Usage (minutes)', async () => {
    const usage = { [PAGE_ID]: [{ type: 'pages', call_count: 100, total_cputime: 12, total_time: 30, estimated_time_to_regain_access: 7 }] };
    feedFails(() => HttpResponse.json(errors['page-rate-limit'], { status: 400, headers: { 'X-Business-Use-Case-Usage': JSON.stringify(usage) } }));
    expect(await adapter().publish(publication())).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7 * 60_000 });
  });

  it('190 (expired token) → refused, naming the variable to renew, with Graph message, code and fbtrace_id', async () => {
    feedFails(() => HttpResponse.json(errors['token-expired'], { status: 400 }));
    const result = await adapter().publish(publication());
    expect(result).toMatchObject({ ok: false, kind: 'refused', status: 400 });
    expect(!result.ok && result.message).toMatch(/^POST \/\{page-id\}\/feed: Error validating access token: Session has expired.*\(code 190\/463, fbtrace_id H2il2t5bn4e\): the access token is invalid or expired, renew FACEBOOK_PAGE_TOKEN$/);
  });

  it('200 (missing permission) → refused', async () => {
    feedFails(() => HttpResponse.json(errors.permission, { status: 403 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'refused', status: 403 });
  });

  it('5xx on the publishing call → unknown (it may be published)', async () => {
    feedFails(() => HttpResponse.json(errors['unknown-error'], { status: 500 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'unknown', status: 500 });
  });

  it('code 1 "unknown error" with a 400 on the publishing call → unknown', async () => {
    feedFails(() => HttpResponse.json(errors['unknown-error'], { status: 400 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it('no answer in time on the publishing call → unknown', async () => {
    feedFails(async () => {
      await delay(500);
      return HttpResponse.json({ id: 'late' });
    });
    expect(await adapter({ timeoutMs: 50 }).publish(publication())).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it('5xx while uploading an unpublished photo → transient (nothing public yet)', async () => {
    const a = await image('a.png', 'png');
    const b = await image('b.png', 'png');
    fake.inject((r) => r.url.pathname.endsWith('/photos'), () => HttpResponse.json(errors['unknown-error'], { status: 503 }));
    const result = await adapter().publish(publication({}, [{ text: 'Deux.', media: [{ path: 'a.png', absolutePath: a, alt: 'A' }, { path: 'b.png', absolutePath: b, alt: 'B' }] }]));
    expect(result).toMatchObject({ ok: false, kind: 'transient', status: 503 });
    expect(calls('POST', '/feed')).toHaveLength(0);
  });

  it('5xx on a photo published at once (by URL) → unknown', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c80' } }).jpeg().toBuffer();
    server.use(http.get('https://cdn.example/pain.jpg', () => new HttpResponse(jpeg, { headers: { 'content-type': 'image/jpeg' } })));
    fake.inject((r) => r.url.pathname.endsWith('/photos'), () => HttpResponse.json(errors['unknown-error'], { status: 502 }));
    expect(await adapter().publish(publication({}, [{ text: 'Une.', media: [{ path: 'https://cdn.example/pain.jpg', alt: 'A' }] }]))).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it('the token never appears in a message, even when an error echoes it', async () => {
    feedFails(() => HttpResponse.json({ error: { message: `Malformed access token ${TOKEN}`, type: 'OAuthException', code: 190, fbtrace_id: 'A' } }, { status: 400 }));
    const result = await adapter().publish(publication());
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(!result.ok && result.message).toContain('***');
    const looked = await adapter({ token: 'wrong-token-123456' }).lookup(publication(), publication().key);
    expect(JSON.stringify(looked)).not.toContain('wrong-token-123456');
  });
});

describe('Facebook adapter: look-up and delete', () => {
  it('finds the publication among the Page posts by its exact message, without creating anything', async () => {
    const pub = publication({ link: LINK });
    const published = await adapter().publish(pub);
    const before = fake.requests.filter((r) => r.method === 'POST').length;
    const found = await adapter().lookup(pub, pub.key);
    expect(found).toEqual({ found: true, remoteId: published.ok && published.remoteId, url: published.ok && published.url });
    const [list] = calls('GET', '/posts');
    expect(Object.fromEntries(list!.url.searchParams)).toEqual({ fields: 'id,message,created_time,permalink_url', limit: '100' });
    expect(fake.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('not there → not found; another attempt key → unknown; no text → unknown', async () => {
    const pub = publication();
    expect(await adapter().lookup(pub, pub.key)).toEqual({ found: false });
    expect(await adapter().lookup(pub, 'older.key')).toMatchObject({ found: 'unknown' });
    expect(await adapter().lookup(publication({}, [{ text: '', media: [{ path: 'a.png', alt: '' }] }]), pub.key)).toMatchObject({ found: 'unknown' });
  });

  it('a failing look-up is unknown', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/posts'), () => HttpResponse.json(fbFixture('errors.json')['page-rate-limit'], { status: 400 }));
    expect(await adapter().lookup(publication(), publication().key)).toMatchObject({ found: 'unknown' });
  });

  it('deletes the post; already gone counts as deleted', async () => {
    const published = await adapter().publish(publication());
    const id = published.ok ? published.remoteId : '';
    expect(await adapter().delete({ remoteId: id })).toEqual({ ok: true });
    expect(fake.posts).toHaveLength(0);
    expect(calls('DELETE', `/${id}`)).toHaveLength(1);
    expect(await adapter().delete({ remoteId: id })).toEqual({ ok: true });
  });
});

describe('Facebook adapter: selection', () => {
  it('is chosen when FACEBOOK_PAGE_TOKEN and FACEBOOK_PAGE_ID are set', () => {
    const selection = selectAdapter('facebook', { root: dir, env: { FACEBOOK_PAGE_TOKEN: TOKEN, FACEBOOK_PAGE_ID: PAGE_ID } });
    expect(selection).toMatchObject({ ok: true, via: 'network' });
    expect(selection.ok && selection.adapter.name).toBe('facebook');
  });
});
