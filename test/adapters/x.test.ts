/**
 * The X adapter against msw handlers answering with the shapes of X's official OpenAPI
 * (CreatePostsRequest/Response, MediaUploadResponse, MediaMetadataCreateResponse, Problem; copies in
 * fixtures/x/). What is checked is what Cadence sends: auth, JSON bodies, reply chains, alt text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { oauth1Header, sameText, xAdapter, xFromEnv } from '../../src/adapters/x.ts';

const BASE = 'https://api.x.test';
const TOKEN = 'x-oauth2-user-token-7Hq2Zr';
const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/x', name), 'utf8')) as Record<string, any>;

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  json?: any;
  form?: FormData;
}

const server = setupServer();
let seen: Seen[];
let dir: string;
let nextTweet: number;
let nextMedia: number;

async function record(request: Request): Promise<Seen> {
  const entry: Seen = { method: request.method, url: new URL(request.url), headers: request.headers };
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('json')) entry.json = await request.json();
  else if (type.includes('multipart')) entry.form = await request.formData();
  seen.push(entry);
  return entry;
}

const handlers = [
  http.post(`${BASE}/2/media/upload`, async ({ request }) => {
    await record(request);
    const body = fixture('media-upload.json');
    return HttpResponse.json({ data: { ...body.data, id: `media-${++nextMedia}` } });
  }),
  http.post(`${BASE}/2/media/metadata`, async ({ request }) => {
    const entry = await record(request);
    return HttpResponse.json({ data: { id: entry.json.id, associated_metadata: entry.json.metadata } });
  }),
  http.post(`${BASE}/2/tweets`, async ({ request }) => {
    const entry = await record(request);
    return HttpResponse.json({ data: { id: `tweet-${++nextTweet}`, text: entry.json.text } }, { status: 201 });
  }),
  http.delete(`${BASE}/2/tweets/:id`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(fixture('delete-post.json'));
  }),
];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
  nextTweet = 0;
  nextMedia = 0;
  server.use(...handlers);
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-x-'));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const adapter = () => xAdapter({ auth: { kind: 'bearer', token: TOKEN }, apiUrl: BASE, sleep: async () => {} });
const tweets = () => seen.filter((s) => s.method === 'POST' && s.url.pathname === '/2/tweets');

function publication(parts: PublicationPart[], extra: Partial<Publication> = {}): Publication {
  return { postId: '2026-12-pain', channel: 'x', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:0a1b2c3d4e5f6a7b', key: '2026-12-pain.x.0a1b2c3d4e5f', ...extra };
}

async function image(name: string, format: 'png' | 'jpeg' | 'tiff' = 'png'): Promise<string> {
  const file = path.join(dir, name);
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#aa7733' } }).toFormat(format).toFile(file);
  return file;
}

describe('OAuth 1.0a signature', () => {
  it('matches the worked example of X’s “Creating a signature” guide', () => {
    const header = oauth1Header(
      'POST',
      'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      { kind: 'oauth1', consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
      { nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: 1318622958, extraParams: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' } },
    );
    expect(header).toContain('oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"');
    expect(header).toMatch(/^OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"/);
  });
});

describe('text comparison for look-ups', () => {
  it('compares URLs as URLs (X returns t.co links), undoes HTML entities, ignores the trailing media link', () => {
    expect(sameText('Pain & levain <3\n\nhttps://boulangerie.example/blog/pain/', 'Pain &amp; levain &lt;3\n\nhttps://t.co/abc123')).toBe(true);
    expect(sameText('Galette 👑', 'Galette 👑 https://t.co/media99')).toBe(true);
    expect(sameText('Galette 👑', 'Galette 👑 !')).toBe(false);
    expect(sameText('Cafe\u0301', 'Café')).toBe(true); // NFC
  });
});

describe('X adapter (msw)', () => {
  it('posts the text with the link after a blank line, as a Bearer-authenticated JSON CreatePostsRequest', async () => {
    const result = await adapter().publish(publication([{ text: 'Le pain au levain est sorti du four 🥖', media: [] }], { link: 'https://boulangerie.example/blog/pain/' }));
    expect(result).toEqual({ ok: true, remoteId: 'tweet-1', url: 'https://x.com/i/web/status/tweet-1' });
    const [post] = tweets();
    expect(post!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(post!.headers.get('content-type')).toBe('application/json');
    expect(post!.json).toEqual({ text: 'Le pain au levain est sorti du four 🥖\n\nhttps://boulangerie.example/blog/pain/' });
  });

  it('publishes a thread with images: uploads, alt text metadata, media_ids and the reply chain', async () => {
    const a = await image('a.png');
    const b = await image('b.tiff', 'tiff'); // X takes no TIFF: converted to JPEG
    const c = await image('c.jpeg', 'jpeg');
    const result = await adapter().publish(
      publication([
        { text: '1/3 La fournée du matin', media: [{ path: 'a.png', absolutePath: a, alt: 'Le four ouvert, pains dorés' }, { path: 'b.tiff', absolutePath: b, alt: '' }] },
        { text: '2/3 Le façonnage', media: [{ path: 'c.jpeg', absolutePath: c, alt: 'Mains farinées façonnant une boule' }] },
        { text: '3/3 À demain !', media: [] },
      ]),
    );
    expect(result).toEqual({
      ok: true,
      remoteId: 'tweet-1',
      url: 'https://x.com/i/web/status/tweet-1',
      replies: [
        { remoteId: 'tweet-2', url: 'https://x.com/i/web/status/tweet-2' },
        { remoteId: 'tweet-3', url: 'https://x.com/i/web/status/tweet-3' },
      ],
    });
    const uploads = seen.filter((s) => s.url.pathname === '/2/media/upload');
    expect(uploads).toHaveLength(3);
    expect(uploads.map((u) => u.form!.get('media_category'))).toEqual(['tweet_image', 'tweet_image', 'tweet_image']);
    expect(uploads.map((u) => (u.form!.get('media') as File).type)).toEqual(['image/png', 'image/jpeg', 'image/jpeg']);
    expect(uploads.every((u) => u.headers.get('authorization') === `Bearer ${TOKEN}`)).toBe(true);
    expect(seen.filter((s) => s.url.pathname === '/2/media/metadata').map((s) => s.json)).toEqual([
      { id: 'media-1', metadata: { alt_text: { text: 'Le four ouvert, pains dorés' } } },
      { id: 'media-3', metadata: { alt_text: { text: 'Mains farinées façonnant une boule' } } },
    ]);
    expect(tweets().map((t) => t.json)).toEqual([
      { text: '1/3 La fournée du matin', media: { media_ids: ['media-1', 'media-2'] } },
      { text: '2/3 Le façonnage', media: { media_ids: ['media-3'] }, reply: { in_reply_to_tweet_id: 'tweet-1' } },
      { text: '3/3 À demain !', reply: { in_reply_to_tweet_id: 'tweet-2' } },
    ]);
  });

  it('a 429 is rate-limited until x-rate-limit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 40;
    server.use(http.post(`${BASE}/2/tweets`, () => HttpResponse.json(fixture('too-many-requests.json'), { status: 429, headers: { 'x-rate-limit-reset': String(reset), 'x-rate-limit-remaining': '0' } })));
    const result = await adapter().publish(publication([{ text: 'x', media: [] }]));
    expect(result).toMatchObject({ ok: false, kind: 'rate-limited', status: 429 });
    expect(!result.ok && result.retryAfterMs).toBeGreaterThan(30_000);
    expect(!result.ok && result.retryAfterMs).toBeLessThanOrEqual(40_000);
  });

  it('403 duplicate content is refused; a 503 on POST /2/tweets is unknown (look it up, never repost)', async () => {
    server.use(http.post(`${BASE}/2/tweets`, () => HttpResponse.json(fixture('duplicate.json'), { status: 403 })));
    expect(await adapter().publish(publication([{ text: 'x', media: [] }]))).toMatchObject({ ok: false, kind: 'refused', status: 403, message: expect.stringContaining('duplicate content') });
    server.use(http.post(`${BASE}/2/tweets`, () => HttpResponse.json({ title: 'Service Unavailable', status: 503 }, { status: 503 })));
    expect(await adapter().publish(publication([{ text: 'x', media: [] }]))).toMatchObject({ ok: false, kind: 'unknown', status: 503 });
  });

  it('a thread that fails after its first part is unknown, naming what was posted', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/2/tweets`, async ({ request }) => {
        await record(request);
        return ++calls === 1 ? HttpResponse.json({ data: { id: 'tweet-1', text: '1/2' } }, { status: 201 }) : HttpResponse.json({ title: 'Internal Server Error', status: 500 }, { status: 500 });
      }),
    );
    const result = await adapter().publish(publication([{ text: '1/2', media: [] }, { text: '2/2', media: [] }]));
    expect(result).toMatchObject({ ok: false, kind: 'unknown', message: expect.stringContaining('parts 1–1 were posted (tweet-1)') });
  });

  it('a failed media upload is transient and posts nothing', async () => {
    server.use(http.post(`${BASE}/2/media/upload`, () => HttpResponse.json({ title: 'Service Unavailable', status: 503 }, { status: 503 })));
    const a = await image('a.png');
    expect(await adapter().publish(publication([{ text: 'x', media: [{ path: 'a.png', absolutePath: a, alt: '' }] }]))).toMatchObject({ ok: false, kind: 'transient', status: 503 });
    expect(tweets()).toEqual([]);
  });

  it('looks a thread up in the user’s latest posts (users/me, then users/:id/tweets)', async () => {
    const pub = publication([{ text: 'Pain & levain', media: [] }, { text: 'Suite 🥖', media: [] }], { link: 'https://boulangerie.example/pain' });
    const timeline = fixture('user-tweets.json');
    server.use(
      http.get(`${BASE}/2/users/me`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fixture('users-me.json'));
      }),
      http.get(`${BASE}/2/users/:id/tweets`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({
          ...timeline,
          data: [
            { id: '202', text: 'Suite 🥖', referenced_tweets: [{ type: 'replied_to', id: '201' }] },
            { id: '201', text: 'Pain &amp; levain\n\nhttps://t.co/xyz' },
            ...timeline.data,
          ],
        });
      }),
    );
    expect(await adapter().lookup(pub, pub.key)).toEqual({ found: true, remoteId: '201', url: 'https://x.com/i/web/status/201', replies: [{ remoteId: '202', url: 'https://x.com/i/web/status/202' }] });
    const list = seen.find((s) => s.url.pathname === '/2/users/2244994945/tweets')!;
    expect(list.url.searchParams.get('max_results')).toBe('100');
    expect(list.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);

    const longer = publication([...pub.parts, { text: 'Encore', media: [] }], { link: pub.link });
    expect(await adapter().lookup(longer, longer.key)).toMatchObject({ found: 'unknown', message: expect.stringContaining('only parts 1–2') });
    expect(await adapter().lookup(publication([{ text: 'Jamais', media: [] }]), pub.key)).toEqual({ found: false });
    expect(await adapter().lookup(pub, 'other.key')).toMatchObject({ found: 'unknown' });
  });

  it('deletes the replies last to first, then the post; already gone counts as deleted', async () => {
    server.use(
      http.delete(`${BASE}/2/tweets/:id`, async ({ request, params }) => {
        await record(request);
        return params.id === 't2' ? HttpResponse.json({ title: 'Not Found Error', status: 404 }, { status: 404 }) : HttpResponse.json(fixture('delete-post.json'));
      }),
    );
    expect(await adapter().delete({ remoteId: 't1', replies: [{ remoteId: 't2' }, { remoteId: 't3' }] })).toEqual({ ok: true });
    expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual(['DELETE /2/tweets/t3', 'DELETE /2/tweets/t2', 'DELETE /2/tweets/t1']);
  });

  it('signs with OAuth 1.0a when the four keys are in the environment, never printing them', async () => {
    const env = { X_ACCESS_TOKEN: '1234-userToken', X_ACCESS_TOKEN_SECRET: 'userSecretQz', X_API_KEY: 'consumerKeyAb', X_API_SECRET: 'consumerSecretCd', X_API_URL: BASE };
    expect(selectAdapter('x', { root: dir, env })).toMatchObject({ ok: true, via: 'network' });
    expect((await xFromEnv(env).publish(publication([{ text: 'Bonjour', media: [] }]))).ok).toBe(true);
    const auth = tweets()[0]!.headers.get('authorization')!;
    expect(auth).toMatch(/^OAuth /);
    const field = (name: string) => decodeURIComponent(new RegExp(`${name}="([^"]*)"`).exec(auth)![1]!);
    expect(field('oauth_consumer_key')).toBe('consumerKeyAb');
    expect(field('oauth_token')).toBe('1234-userToken');
    // The signature is the one of this very request (method, URL, nonce, timestamp).
    const again = oauth1Header('POST', `${BASE}/2/tweets`, { kind: 'oauth1', consumerKey: 'consumerKeyAb', consumerSecret: 'consumerSecretCd', token: '1234-userToken', tokenSecret: 'userSecretQz' }, { nonce: field('oauth_nonce'), timestamp: Number(field('oauth_timestamp')) });
    expect(again).toBe(auth);
    expect(auth).not.toContain('consumerSecretCd');
    expect(auth).not.toContain('userSecretQz');

    const half = xFromEnv({ X_ACCESS_TOKEN: 'tok', X_API_KEY: 'k', X_API_URL: BASE });
    expect(await half.publish(publication([{ text: 'x', media: [] }]))).toMatchObject({ ok: false, kind: 'refused', message: expect.stringContaining('X_API_SECRET, X_ACCESS_TOKEN_SECRET missing') });
    expect(tweets()).toHaveLength(1);
  });
});
