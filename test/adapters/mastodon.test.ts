import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { forgetInstances, htmlToText, instanceLimits, mastodonAdapter } from '../../src/adapters/mastodon.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { fakeMastodon, fixture, type FakeMastodon } from './fixtures/mastodon/fake.ts';

const BASE = 'https://social.example';
const TOKEN = 'mastodon-token-Zq8v3Lx9';
const ENV = { MASTODON_API_URL: BASE, MASTODON_TOKEN: TOKEN };
const LINK = 'https://boulangerie.example/blog/pain/';

const server = setupServer();
let fake: FakeMastodon;
let dir: string;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  forgetInstances();
  fake = fakeMastodon(BASE, TOKEN);
  server.use(...fake.handlers);
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-mastodon-'));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const noSleep = async () => {};
const adapter = (options: Parameters<typeof mastodonAdapter>[2] = {}) => mastodonAdapter(ENV, dir, { sleep: noSleep, ...options });

function publication(overrides: Partial<Publication> = {}, parts: PublicationPart[] = [{ text: 'Notre nouveau pain au levain sort du four.', media: [] }]): Publication {
  return { postId: '2026-12-pain', channel: 'mastodon', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:96b14461789f0c2e', key: '2026-12-pain.mastodon.96b14461789f', ...overrides };
}

async function image(name: string, format: 'avif' | 'png' | 'jpeg', width = 64, height = 48): Promise<string> {
  const file = path.join(dir, name);
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  writeFileSync(file, await (format === 'avif' ? img.avif() : format === 'png' ? img.png() : img.jpeg()).toBuffer());
  return file;
}

const posts = () => fake.requests.filter((r) => r.method === 'POST' && r.url.pathname === '/api/v1/statuses');

describe('Mastodon adapter: publish', () => {
  it('posts the text with the link appended, public, with language, spoiler and the ledger key as Idempotency-Key', async () => {
    const result = await adapter().publish(publication({ link: LINK, spoiler: 'Gourmandise', lang: 'fr-FR' }));
    expect(result).toEqual({ ok: true, remoteId: fake.statuses[0]!.id, url: `${BASE}/@trwnh/${fake.statuses[0]!.id}` });
    const [post] = posts();
    expect(post!.url.href).toBe(`${BASE}/api/v1/statuses`);
    expect(post!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post!.headers['idempotency-key']).toBe('2026-12-pain.mastodon.96b14461789f');
    expect(post!.headers['content-type']).toBe('application/json');
    expect(post!.json).toEqual({ status: `Notre nouveau pain au levain sort du four.\n\n${LINK}`, visibility: 'public', spoiler_text: 'Gourmandise', language: 'fr' });
  });

  it('reads /api/v2/instance once per run and applies its limits', async () => {
    await adapter().publish(publication());
    await adapter().publish(publication({ key: 'other.key' }));
    expect(fake.requests.filter((r) => r.url.pathname === '/api/v2/instance')).toHaveLength(1);
    const limits = instanceLimits(fixture('instance.json'));
    expect(limits.image).toMatchObject({ maxBytes: 10_485_760, maxPixels: 16_777_216, accepted: ['jpeg', 'png', 'gif', 'heif', 'webp'] });
    expect(limits.alt.maxLength).toBe(1500);
    expect(limits.media.maxPerPost).toBe(4);
  });

  it('uploads media first (multipart file, description = alt, focus), converting what the instance refuses, then attaches them', async () => {
    const avif = await image('croissant.avif', 'avif');
    const png = await image('four.png', 'png');
    const result = await adapter().publish(
      publication({}, [{ text: 'Deux photos.', media: [{ path: 'content/posts/2026/12/croissant.avif', absolutePath: avif, alt: 'Un croissant doré', focus: [0.25, -0.5] }, { path: 'content/posts/2026/12/four.png', absolutePath: png, alt: 'Le four' }] }]),
    );
    expect(result.ok).toBe(true);
    const uploads = fake.requests.filter((r) => r.url.pathname === '/api/v2/media');
    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploads[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The fixture instance lists no image/avif: converted to JPEG as planMedia says.
    expect(uploads[0]!.form).toMatchObject({ file: { filename: 'croissant.jpg', type: 'image/jpeg' }, description: { value: 'Un croissant doré' }, focus: { value: '0.25,-0.5' } });
    expect((await sharp(uploads[0]!.form!.file!.bytes!).metadata()).format).toBe('jpeg');
    expect(uploads[1]!.form).toMatchObject({ file: { filename: 'four.png', type: 'image/png' }, description: { value: 'Le four' } });
    expect(uploads[1]!.form!.focus).toBeUndefined();
    const ids = [...fake.media.keys()];
    expect(posts()[0]!.json!.media_ids).toEqual(ids);
  });

  it('polls GET /api/v1/media/:id while an upload answers 202/206', async () => {
    fake.processingPolls = 2;
    const png = await image('four.png', 'png');
    const result = await adapter().publish(publication({}, [{ text: 'Vidéo bientôt.', media: [{ path: 'four.png', absolutePath: png, alt: 'Four' }] }]));
    expect(result.ok).toBe(true);
    const polls = fake.requests.filter((r) => r.method === 'GET' && r.url.pathname.startsWith('/api/v1/media/'));
    expect(polls).toHaveLength(3); // 206, 206, 200
    expect(posts()).toHaveLength(1);
  });

  it('publishes a thread as a reply chain, each part under its own derived Idempotency-Key', async () => {
    const result = await adapter().publish(publication({ link: LINK }, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }, { text: 'Trois.', media: [] }]));
    const [one, two, three] = posts();
    expect(one!.json).toMatchObject({ status: `Un.\n\n${LINK}` });
    expect(one!.json!.in_reply_to_id).toBeUndefined();
    expect(two!.json).toMatchObject({ status: 'Deux.', in_reply_to_id: fake.statuses[2]!.id });
    expect(three!.json).toMatchObject({ status: 'Trois.', in_reply_to_id: fake.statuses[1]!.id });
    expect(posts().map((p) => p.headers['idempotency-key'])).toEqual(['2026-12-pain.mastodon.96b14461789f', '2026-12-pain.mastodon.96b14461789f.1', '2026-12-pain.mastodon.96b14461789f.2']);
    expect(result).toEqual({
      ok: true,
      remoteId: fake.statuses[2]!.id,
      url: `${BASE}/@trwnh/${fake.statuses[2]!.id}`,
      replies: [1, 0].map((i) => ({ remoteId: fake.statuses[i]!.id, url: `${BASE}/@trwnh/${fake.statuses[i]!.id}` })),
    });
  });

  it('a retry after a 5xx on part 2 keeps every Idempotency-Key and creates no duplicate', async () => {
    fake.inject((r) => r.method === 'POST' && r.headers['idempotency-key']?.endsWith('.1') === true, () => HttpResponse.json({ error: 'oops' }, { status: 503 }));
    const thread = publication({}, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }]);
    const first = adapter();
    const failed = await first.publish(thread);
    expect(failed).toMatchObject({ ok: false, kind: 'transient', status: 503 });
    expect(failed.ok === false && failed.message).toMatch(/already published: https:\/\/social\.example\/@trwnh\/\d+/);
    const retried = await first.publish(thread);
    expect(retried.ok).toBe(true);
    // The same adapter does not even re-send part 1; a fresh one (next run) re-sends it under the same key.
    const again = await adapter().publish(thread);
    expect(again).toEqual(retried);
    expect(fake.statuses).toHaveLength(2);
    expect(posts().map((p) => p.headers['idempotency-key'])).toEqual([thread.key, `${thread.key}.1`, `${thread.key}.1`, thread.key, `${thread.key}.1`]);
  });
});

describe('Mastodon adapter: failures', () => {
  const statusFails = (respond: () => Response | Promise<Response>) => fake.inject((r) => r.url.pathname === '/api/v1/statuses', respond);

  it('429 with X-RateLimit-Reset (ISO instant) → rate-limited with the wait', async () => {
    const now = Date.parse('2026-12-07T08:30:00Z');
    statusFails(() => HttpResponse.json(fixture<Record<string, Record<string, string>>>('errors.json')['429']!, { status: 429, headers: { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '2026-12-07T08:30:42.000Z' } }));
    expect(await adapter({ now: () => now }).publish(publication())).toEqual({ ok: false, kind: 'rate-limited', status: 429, retryAfterMs: 42_000, message: 'POST /api/v1/statuses: Too many requests' });
  });

  it('429 with Retry-After → rate-limited', async () => {
    statusFails(() => HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'Retry-After': '7' } }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'rate-limited', retryAfterMs: 7000 });
  });

  it("422 → refused with Mastodon's own error text", async () => {
    expect(await adapter().publish(publication({}, [{ text: '', media: [] }]))).toEqual({ ok: false, kind: 'refused', status: 422, message: "POST /api/v1/statuses: Validation failed: Text can't be blank" });
  });

  it('5xx → transient', async () => {
    statusFails(() => new HttpResponse('<html>Bad gateway</html>', { status: 502 }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'transient', status: 502 });
  });

  it('no answer in time → unknown (the next run looks it up)', async () => {
    statusFails(async () => {
      await delay(2000);
      return HttpResponse.json({});
    });
    expect(await adapter({ timeoutMs: 50 }).publish(publication())).toMatchObject({ ok: false, kind: 'unknown', message: expect.stringMatching(/timed out/) });
  });

  it('a connection lost after sending → unknown; a success without an id → unknown', async () => {
    statusFails(() => HttpResponse.error());
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'unknown' });
    statusFails(() => HttpResponse.json({ hello: 'world' }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'unknown', message: expect.stringMatching(/without a status id/) });
  });

  it('a token never appears in an error, even when the server echoes it', async () => {
    const echo = (r: { headers: Record<string, string> }) => HttpResponse.json({ error: `bad token ${r.headers.authorization}` }, { status: 401 });
    fake.inject((r) => r.url.pathname === '/api/v1/statuses', echo);
    fake.inject((r) => r.url.pathname === '/api/v1/accounts/verify_credentials', echo);
    fake.inject((r) => r.url.pathname.startsWith('/api/v1/statuses/'), echo);
    const a = adapter();
    const results = [await a.publish(publication()), await a.lookup(publication(), 'k'), await a.delete({ remoteId: '1' })];
    for (const result of results) {
      const text = JSON.stringify(result);
      expect(text).not.toContain(TOKEN);
      expect(text).toContain('***');
    }
    expect(results[0]).toMatchObject({ kind: 'refused', status: 401 });
    expect(results[1]).toMatchObject({ found: 'unknown' });
  });
});

describe('Mastodon adapter: lookup and delete', () => {
  it('finds a publication by its exact text among the recent statuses (HTML content, confirmed by /source)', async () => {
    const pub = publication({ link: LINK }, [{ text: 'Merci @marie@boulangers.social pour la recette & le levain <3', media: [] }, { text: 'Suite.', media: [] }]);
    const published = await adapter().publish(pub);
    // Unrelated statuses around it.
    fake.statuses.push({ id: '1', text: 'Ancien message', spoiler_text: '', in_reply_to_id: null, language: null, media_ids: [] });
    const found = await adapter().lookup(pub, pub.key);
    expect(published.ok && found).toEqual({ found: true, remoteId: published.ok && published.remoteId, url: published.ok && published.url, replies: published.ok && published.replies });
    expect(fake.requests.some((r) => r.url.pathname.endsWith('/source'))).toBe(true);
    expect(fake.requests.find((r) => r.url.pathname === '/api/v1/accounts/14715/statuses')!.url.searchParams.get('exclude_reblogs')).toBe('true');
  });

  it('not found → found: false; a thread only partly there → unknown, naming what is there; an API error → unknown', async () => {
    const pub = publication({}, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }]);
    expect(await adapter().lookup(pub, pub.key)).toEqual({ found: false });
    await adapter().publish(publication({}, [{ text: 'Un.', media: [] }]));
    expect(await adapter().lookup(pub, pub.key)).toMatchObject({ found: 'unknown', message: expect.stringMatching(/only 1 of the 2 thread parts/) });
    fake.inject((r) => r.url.pathname.endsWith('verify_credentials'), () => new HttpResponse(null, { status: 500 }));
    expect(await adapter().lookup(pub, pub.key)).toMatchObject({ found: 'unknown' });
  });

  it('a status with the same text but another spoiler or other alt texts is not the publication', async () => {
    await adapter().publish(publication({ spoiler: 'Autre' }));
    expect(await adapter().lookup(publication(), 'k')).toEqual({ found: false });
  });

  it('lookup creates nothing', async () => {
    await adapter().lookup(publication(), 'k');
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('deletes the replies last to first, then the post; an already deleted status is fine', async () => {
    const result = await adapter().publish(publication({}, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }, { text: 'Trois.', media: [] }]));
    if (!result.ok) throw new Error(result.message);
    fake.statuses.splice(fake.statuses.findIndex((s) => s.id === result.replies![1]!.remoteId), 1);
    expect(await adapter().delete(result)).toEqual({ ok: true });
    const deletes = fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.url.pathname);
    expect(deletes).toEqual([result.replies![1]!.remoteId, result.replies![0]!.remoteId, result.remoteId].map((id) => `/api/v1/statuses/${id}`));
    expect(fake.statuses).toEqual([]);
  });

  it('a failed delete is reported (5xx transient), never as done', async () => {
    fake.inject((r) => r.method === 'DELETE', () => new HttpResponse(null, { status: 503 }));
    expect(await adapter().delete({ remoteId: '1' })).toMatchObject({ ok: false, kind: 'transient', status: 503 });
  });
});

describe('Mastodon adapter: wiring', () => {
  it('is selected when MASTODON_TOKEN and MASTODON_API_URL are set', () => {
    const selection = selectAdapter('mastodon', { root: dir, env: ENV });
    expect(selection).toMatchObject({ ok: true, via: 'network', adapter: { name: 'mastodon' } });
  });

  it('renders the status texts with the content warning', () => {
    expect(adapter().render(publication({ link: LINK, spoiler: 'CW' }, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }]))).toEqual([`CW: CW\n\nUn.\n\n${LINK}`, 'CW: CW\n\nDeux.']);
  });

  it('turns status HTML back into text', () => {
    expect(htmlToText('<p>A &amp; B &lt;3<br />ligne</p><p>Para <a href="https://x.example"><span class="invisible">https://</span><span>x.example</span></a></p>')).toBe('A & B <3\nligne\n\nPara https://x.example');
  });
});

// Keep msw's `http` import used for ad-hoc handlers in future tests.
void http;
