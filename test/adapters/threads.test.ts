import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationMedia, PublicationPart } from '../../src/adapters/adapter.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { threadsAdapter, topicTag } from '../../src/adapters/threads.ts';
import { fakeThreads, thFixture, THREADS_USER_ID, type FakeThreads } from './fixtures/threads/fake.ts';

const BASE = 'https://graph.threads.test';
const SITE = 'https://boulangerie.example';
const TOKEN = 'THAAthreadsToken-Zq8v3Lx9Kp';
const LINK = 'https://boulangerie.example/blog/pain/';

const server = setupServer();
let fake: FakeThreads;
let dir: string;
let sleeps: number[];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fake = fakeThreads(BASE, TOKEN);
  server.use(...fake.handlers, http.head(`${SITE}/*`, () => new HttpResponse(null, { status: 200 })));
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-threads-'));
  sleeps = [];
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const adapter = (options: Partial<Parameters<typeof threadsAdapter>[0]> = {}) =>
  threadsAdapter({ userId: THREADS_USER_ID, token: TOKEN, apiUrl: BASE, siteUrl: SITE, root: dir, sleep: async (ms) => void sleeps.push(ms), ...options });

function publication(overrides: Partial<Publication> = {}, parts: PublicationPart[] = [{ text: 'Notre nouveau pain au levain. #boulangerie #pain', media: [] }]): Publication {
  return { postId: '2026-12-pain', channel: 'threads', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:96b14461789f0c2e', key: '2026-12-pain.threads.96b14461789f', ...overrides };
}

async function sitePhoto(name: string, format: 'jpeg' | 'png' = 'jpeg', alt = `Photo ${name}`): Promise<PublicationMedia> {
  const rel = `public/images/${name}`;
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  const img = sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  writeFileSync(file, await (format === 'png' ? img.png() : img.jpeg()).toBuffer());
  return { path: rel, absolutePath: file, alt };
}

const containerCalls = () => fake.requests.filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/threads'));
const publishCalls = () => fake.requests.filter((r) => r.url.pathname.endsWith('/threads_publish'));
const errors = thFixture('errors.json');

describe('Threads adapter: publish', () => {
  it('a text post: quota, TEXT container with topic_tag and link_attachment, status poll, threads_publish, permalink', async () => {
    const result = await adapter().publish(publication({ link: LINK }));
    const post = fake.posts[0]!;
    expect(result).toEqual({ ok: true, remoteId: post.id, url: post.permalink });
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname.replace(/\d{10,}/g, ':id')}?${r.url.searchParams.get('fields') ?? ''}`)).toEqual([
      'GET /v1.0/:id/threads_publishing_limit?quota_usage,config',
      'POST /v1.0/:id/threads?',
      'GET /v1.0/:id?status,error_message',
      'POST /v1.0/:id/threads_publish?',
      'GET /v1.0/:id?permalink',
    ]);
    expect(containerCalls()[0]!.params).toEqual({ media_type: 'TEXT', text: 'Notre nouveau pain au levain. #boulangerie #pain', topic_tag: 'boulangerie', link_attachment: LINK });
    expect(publishCalls()[0]!.params).toEqual({ creation_id: post.container.id });
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && !r.href.includes(TOKEN) && !r.url.searchParams.has('access_token'))).toBe(true);
  });

  it('a thread is a reply chain: each part replies to the previous one (reply quota checked too)', async () => {
    const result = await adapter().publish(publication({}, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }, { text: 'Trois.', media: [] }]));
    const [three, two, one] = fake.posts;
    expect(containerCalls().map((r) => r.params)).toEqual([
      { media_type: 'TEXT', text: 'Un.' },
      { media_type: 'TEXT', text: 'Deux.', reply_to_id: one!.id },
      { media_type: 'TEXT', text: 'Trois.', reply_to_id: two!.id },
    ]);
    expect(fake.requests[0]!.url.searchParams.get('fields')).toBe('quota_usage,config,reply_quota_usage,reply_config');
    expect(result).toEqual({ ok: true, remoteId: one!.id, url: one!.permalink, replies: [two, three].map((p) => ({ remoteId: p!.id, url: p!.permalink })) });
  });

  it('an image: IMAGE container with the public URL and alt_text; the link goes at the end of the text', async () => {
    const photo = await sitePhoto('pain.png', 'png', 'Une miche dorée');
    expect((await adapter().publish(publication({ link: LINK }, [{ text: 'Du pain.', media: [photo] }]))).ok).toBe(true);
    expect(containerCalls()[0]!.params).toEqual({ media_type: 'IMAGE', image_url: `${SITE}/images/pain.png`, alt_text: 'Une miche dorée', text: `Du pain.\n\n${LINK}` });
  });

  it('a carousel: IMAGE children with is_carousel_item, then the CAROUSEL container with the text', async () => {
    const a = await sitePhoto('a.jpg', 'jpeg', 'A');
    const b = await sitePhoto('b.jpg', 'jpeg', '');
    expect((await adapter().publish(publication({}, [{ text: 'Deux #photos', media: [a, b] }]))).ok).toBe(true);
    const ids = [...fake.containers.keys()];
    expect(containerCalls().map((r) => r.params)).toEqual([
      { media_type: 'IMAGE', image_url: `${SITE}/images/a.jpg`, alt_text: 'A', is_carousel_item: 'true' },
      { media_type: 'IMAGE', image_url: `${SITE}/images/b.jpg`, is_carousel_item: 'true' },
      { media_type: 'CAROUSEL', children: `${ids[0]},${ids[1]}`, text: 'Deux #photos', topic_tag: 'photos' },
    ]);
    expect(publishCalls()[0]!.params.creation_id).toBe(ids[2]);
  });

  it('polls the container while IN_PROGRESS (2 s apart)', async () => {
    fake.processingPolls = 2;
    expect((await adapter().publish(publication({}, [{ text: 'Photo.', media: [await sitePhoto('p.jpg')] }]))).ok).toBe(true);
    expect(fake.requests.filter((r) => r.url.searchParams.get('fields') === 'status,error_message')).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('topic_tag: the first tag Threads accepts (1–50 characters, no . or &)', () => {
    expect(topicTag('Bonjour #boulangerie et #pain')).toBe('boulangerie');
    expect(topicTag('Sans tag')).toBeUndefined();
    expect(topicTag(`#${'a'.repeat(51)}`)).toBeUndefined();
  });

  it('refuses a first comment, a text too long once the link is appended, and an empty part, before any call', async () => {
    expect(await adapter().publish(publication({ firstComment: 'Hop' }))).toMatchObject({ ok: false, kind: 'refused' });
    const photo = await sitePhoto('p.jpg');
    expect(await adapter().publish(publication({ link: LINK }, [{ text: 'x'.repeat(480), media: [photo] }]))).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/with the link at its end/) });
    expect(await adapter().publish(publication({}, [{ text: 'Un.', media: [] }, { text: ' ', media: [] }]))).toMatchObject({ ok: false, kind: 'refused' });
    expect(fake.requests).toHaveLength(0);
  });

  it('an image next to the post (no public URL) is refused', async () => {
    const file = path.join(dir, 'p.jpg');
    writeFileSync(file, await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c80' } }).jpeg().toBuffer());
    expect(await adapter().publish(publication({}, [{ text: 'P.', media: [{ path: 'content/posts/p.jpg', absolutePath: file, alt: '' }] }]))).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/Threads downloads images from a public URL/) });
  });
});

describe('Threads adapter: failures', () => {
  it('5xx or no answer on threads_publish → unknown', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/threads_publish'), () => HttpResponse.json(errors['unknown-error'], { status: 500 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'unknown', status: 500 });
    fake.inject(
      (r) => r.url.pathname.endsWith('/threads_publish'),
      async () => {
        await delay(500);
        return HttpResponse.json({ id: 'late' });
      },
    );
    expect(await adapter({ timeoutMs: 50 }).publish(publication())).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it('5xx when creating a container → transient (nothing public)', async () => {
    fake.inject((r) => r.method === 'POST' && r.url.pathname.endsWith('/threads'), () => HttpResponse.json(errors['unknown-error'], { status: 503 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'transient', status: 503 });
  });

  it('a thread failing after part 1 was published → unknown, naming the part out (never re-posted from the top)', async () => {
    fake.inject((r) => r.method === 'POST' && r.url.pathname.endsWith('/threads') && r.params.text === 'Deux.', () => HttpResponse.json(errors['rate-limit'], { status: 400 }));
    const result = await adapter().publish(publication({}, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }]));
    expect(result).toMatchObject({ ok: false, kind: 'unknown' });
    expect(!result.ok && result.message).toContain(`parts 1–1 were published (${fake.posts[0]!.id})`);
  });

  it('code 4 → rate-limited; quota used up → rate-limited before any container', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/threads_publish'), () => HttpResponse.json(errors['rate-limit'], { status: 400 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'rate-limited' });
    fake.quotaUsage = 250;
    const before = containerCalls().length;
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'rate-limited', message: 'Threads publishing quota used up: 250 of 250 posts in the last 24 hours' });
    expect(containerCalls()).toHaveLength(before);
  });

  it('container ERROR → refused with error_message', async () => {
    fake.inject((r) => r.url.searchParams.get('fields') === 'status,error_message', () => HttpResponse.json({ status: 'ERROR', id: '1', error_message: 'UNKNOWN' }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'refused', message: 'Threads could not process post: UNKNOWN' });
  });

  it("a refusal keeps Meta's words (link limit)", async () => {
    fake.inject((r) => r.method === 'POST' && r.url.pathname.endsWith('/threads'), () => HttpResponse.json(errors['invalid-parameter'], { status: 400 }));
    const result = await adapter().publish(publication());
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(!result.ok && result.message).toContain('THREADS_API__LINK_LIMIT_EXCEEDED (code 100/4279009, fbtrace_id AlInKlImIt0)');
  });

  it('190 → refused naming THREADS_TOKEN; the token never appears in a message', async () => {
    fake.inject((r) => r.url.pathname.endsWith('/threads_publishing_limit'), () => HttpResponse.json({ error: { ...errors['token-invalid'].error, message: `Bad token ${TOKEN}` } }, { status: 400 }));
    const result = await adapter().publish(publication());
    expect(result).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/renew THREADS_TOKEN$/) });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});

describe('Threads adapter: look-up and delete', () => {
  const thread = () => publication({ link: LINK }, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }]);

  it('finds a thread: the first part among the posts, the others among the replies by replied_to', async () => {
    const published = await adapter().publish(thread());
    const posts = fake.requests.filter((r) => r.method === 'POST').length;
    const found = await adapter().lookup(thread(), thread().key);
    expect(published.ok && found).toEqual({ found: true, remoteId: published.ok && published.remoteId, url: published.ok && published.url, replies: published.ok && published.replies });
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
    const replies = fake.requests.find((r) => r.url.pathname.endsWith('/replies'))!;
    expect(replies.url.searchParams.get('fields')).toBe('id,text,permalink,timestamp,replied_to');
  });

  it('not there → not found; only part of the thread → unknown; another key → unknown', async () => {
    expect(await adapter().lookup(thread(), thread().key)).toEqual({ found: false });
    await adapter().publish(publication({}, [{ text: 'Un.', media: [] }]));
    expect(await adapter().lookup(thread(), thread().key)).toMatchObject({ found: 'unknown', message: expect.stringMatching(/only parts 1–1/) });
    expect(await adapter().lookup(thread(), 'older')).toMatchObject({ found: 'unknown' });
  });

  it('deletes the replies last to first, then the post; already gone counts as deleted', async () => {
    const published = await adapter().publish(thread());
    if (!published.ok) throw new Error(published.message);
    expect(await adapter().delete(published)).toEqual({ ok: true });
    const deletes = fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.url.pathname.split('/').pop());
    expect(deletes).toEqual([published.replies![0]!.remoteId, published.remoteId]);
    expect(fake.posts).toHaveLength(0);
    expect(await adapter().delete(published)).toEqual({ ok: true });
  });

  it('is selected when THREADS_TOKEN and THREADS_USER_ID are set', () => {
    const selection = selectAdapter('threads', { root: dir, env: { THREADS_TOKEN: TOKEN, THREADS_USER_ID: THREADS_USER_ID } });
    expect(selection.ok && selection.adapter.name).toBe('threads');
  });
});
