import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readStars, unwrapRedirect } from '../../src/watch/sources/rss.ts';
import { watchRun } from '../../src/watch/run.ts';
import { tempBrand, type TempBrand } from '../helpers/brand.ts';
import { KEY } from './helpers.ts';

const server = setupServer();
const requests: { url: URL; headers: Headers; body?: string }[] = [];
let brand: TempBrand;
const NOW = Date.parse('2026-12-08T20:00:00+01:00');
const HOUR = 3_600_000;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  server.events.on('request:start', async ({ request }) => {
    requests.push({ url: new URL(request.url), headers: request.headers, ...(request.method === 'POST' ? { body: await request.clone().text() } : {}) });
  });
  brand = tempBrand();
});
afterEach(() => {
  server.resetHandlers();
  server.events.removeAllListeners();
  brand.cleanup();
});

function config(sources: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  brand.write('content/watch.mdx', `---\n${stringify({ queries: [{ id: 'marque', terms: ['"Boulangerie Test"'] }], competitors: [{ id: 'voisin', label: 'Le Voisin', terms: ['"Fournil Voisin"'] }], sources, ...extra })}---\n`);
}

const run = (env: Record<string, string>, nowMs = NOW) => watchRun({ root: brand.root, nowMs, env: { CADENCE_PSEUDONYM_KEY: KEY, ...env } });
const stored = () => readFileSync(path.join(brand.root, 'data/watch/mentions/2026-12-08.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const cursor = (source: string) => (existsSync(path.join(brand.root, `data/watch/cursors/${source}.json`)) ? (JSON.parse(readFileSync(path.join(brand.root, `data/watch/cursors/${source}.json`), 'utf8')) as { cursor?: string }) : undefined);

const post = (rkey: string, text: string, createdAt: string) => ({
  uri: `at://did:plc:abc${rkey}/app.bsky.feed.post/${rkey}`,
  cid: 'bafy',
  author: { did: `did:plc:abc${rkey}`, handle: `${rkey}.bsky.social` },
  record: { $type: 'app.bsky.feed.post', text, createdAt, langs: ['fr'] },
  indexedAt: createdAt,
  likeCount: 120,
  repostCount: 3,
  replyCount: 1,
  quoteCount: 0,
});

describe('Bluesky search', () => {
  const BSKY = 'https://pds.test';
  const env = { BLUESKY_IDENTIFIER: 'boulangerie.test', BLUESKY_APP_PASSWORD: 'app-pass-1234', BLUESKY_API_URL: BSKY };

  it('logs in once with the app password, searches each term (latest, since the cursor) and stores the site address, not links that name their author (a DID)', async () => {
    config({ bluesky: {} });
    server.use(
      http.post(`${BSKY}/xrpc/com.atproto.server.createSession`, () => HttpResponse.json({ accessJwt: 'jwt-1', did: 'did:plc:brand', handle: 'boulangerie.test' })),
      http.get(`${BSKY}/xrpc/app.bsky.feed.searchPosts`, () => HttpResponse.json({ posts: [post('aaa', 'La Boulangerie Test, une merveille 😍', '2026-12-08T17:00:00.000Z'), post('bbb', 'Boulangerie Test : pain rassis, déçu', '2026-12-08T18:00:00.000Z')] })),
    );
    const report = await run(env);
    expect(report.sources).toEqual([expect.objectContaining({ source: 'bluesky', via: 'network', read: 2, stored: 2 })]);
    const session = requests.find((r) => r.url.pathname.endsWith('createSession'))!;
    expect(JSON.parse(session.body!)).toEqual({ identifier: 'boulangerie.test', password: 'app-pass-1234' });
    const search = requests.find((r) => r.url.pathname.endsWith('searchPosts'))!;
    expect(search.headers.get('authorization')).toBe('Bearer jwt-1');
    expect(Object.fromEntries(search.url.searchParams)).toMatchObject({ q: '"Boulangerie Test"', sort: 'latest', limit: '100' });
    expect(stored().map((m) => [m.url, m.label, m.reach])).toEqual([
      ['https://bsky.app/', 'positive', 2],
      ['https://bsky.app/', 'negative', 2],
    ]);
    expect(stored().map((m) => m.id).join(' ')).not.toContain('did:plc:');
    // The cursor is the newest post read; a later read that finds only those posts leaves it (nothing to commit).
    expect(cursor('bluesky')?.cursor).toBe('2026-12-08T18:00:00.000Z');
    const before = readFileSync(path.join(brand.root, 'data/watch/cursors/bluesky.json'), 'utf8');
    requests.length = 0;
    const again = await run(env, NOW + HOUR);
    expect(again.sources).toEqual([expect.objectContaining({ source: 'bluesky', read: 2, stored: 0 })]);
    expect(requests.find((r) => r.url.pathname.endsWith('searchPosts'))!.url.searchParams.get('since')).toBe('2026-12-08T17:00:00.000Z');
    expect(readFileSync(path.join(brand.root, 'data/watch/cursors/bluesky.json'), 'utf8')).toBe(before);
  });

  it('a 403 names the source and the call; the cursor does not move; the other sources go on', async () => {
    config({ bluesky: {}, rss: { feeds: [{ id: 'presse', url: 'https://feeds.test/presse.xml' }] } });
    server.use(
      http.post(`${BSKY}/xrpc/com.atproto.server.createSession`, () => HttpResponse.json({ accessJwt: 'jwt-1' })),
      http.get(`${BSKY}/xrpc/app.bsky.feed.searchPosts`, () => HttpResponse.json({ error: 'Forbidden', message: 'Search is not available' }, { status: 403 })),
      http.get('https://feeds.test/presse.xml', () => new HttpResponse(atom([{ id: '1', title: 'La Boulangerie Test ouvre une deuxième boutique', at: '2026-12-08T10:00:00Z' }]), { headers: { 'content-type': 'application/atom+xml' } })),
    );
    const report = await run(env);
    const bluesky = report.sources.find((s) => s.source === 'bluesky')!;
    expect(bluesky.error).toBe('Bluesky searchPosts ""Boulangerie Test"": Search is not available (HTTP 403) (check the credentials and their permissions)');
    expect(cursor('bluesky')).toBeUndefined();
    expect(report.sources.find((s) => s.source === 'rss')).toMatchObject({ read: 1, stored: 1 });
    expect(stored()).toHaveLength(1);
  });
});

function atom(entries: { id: string; title: string; at: string; link?: string }[]): string {
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Alerte</title>${entries.map((e) => `<entry><id>${e.id}</id><title>${e.title}</title><link href="${e.link ?? `https://www.google.com/url?rct=j&amp;url=https://news.test/${e.id}&amp;ct=ga`}"/><published>${e.at}</published></entry>`).join('')}</feed>`;
}

describe('Mastodon mentions and hashtags', () => {
  const M = 'https://masto.test';
  const status = (id: string, text: string, at: string) => ({ id, uri: `https://remote.test/users/u${id}/statuses/${id}`, url: `https://remote.test/@u${id}/${id}`, created_at: at, content: `<p>${text}</p>`, language: 'fr', account: { id: `a${id}`, acct: `u${id}@remote.test`, url: `https://remote.test/@u${id}`, followers_count: 1500 } });

  it('reads notifications and hashtag timelines, pages with min_id, and counts a status seen twice once', async () => {
    config({ mastodon: { hashtags: ['boulangerietest'], instances: ['https://other.test'] } });
    server.use(
      http.get(`${M}/api/v1/notifications`, () => HttpResponse.json([{ id: '90', type: 'mention', status: status('1', '@boulangerie merci, Boulangerie Test au top', '2026-12-08T15:00:00.000Z') }])),
      http.get(`${M}/api/v1/timelines/tag/boulangerietest`, () => HttpResponse.json([status('2', 'Boulangerie Test : trop cher', '2026-12-08T16:00:00.000Z')])),
      http.get('https://other.test/api/v1/timelines/tag/boulangerietest', () => HttpResponse.json([{ ...status('2', 'Boulangerie Test : trop cher', '2026-12-08T16:00:00.000Z'), id: '777' }])),
    );
    const report = await run({ MASTODON_TOKEN: 'masto-token', MASTODON_API_URL: M });
    expect(report.sources[0]).toMatchObject({ source: 'mastodon', read: 2, stored: 2 });
    expect(requests.find((r) => r.url.pathname === '/api/v1/notifications')!.url.searchParams.getAll('types[]')).toEqual(['mention']);
    expect(requests.find((r) => r.url.host === 'other.test')!.headers.get('authorization')).toBeNull();
    expect(JSON.parse(cursor('mastodon')!.cursor!)).toEqual({ [`${M}#mentions`]: '90', [`${M}#boulangerietest`]: '2', 'https://other.test#boulangerietest': '777' });
    await run({ MASTODON_TOKEN: 'masto-token', MASTODON_API_URL: M }, NOW + HOUR);
    expect(requests.filter((r) => r.url.pathname === '/api/v1/notifications').at(-1)!.url.searchParams.get('min_id')).toBe('90');
  });

  it('a 429 everywhere is an error with the wait; the cursor stays', async () => {
    config({ mastodon: { hashtags: [] } });
    server.use(http.get(`${M}/api/v1/notifications`, () => HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'retry-after': '120' } })));
    const report = await run({ MASTODON_TOKEN: 'masto-token', MASTODON_API_URL: M });
    expect(report.sources[0]!.error).toBe('Mastodon GET masto.test/api/v1/notifications: Too many requests (HTTP 429) (rate limited, retry in 120 s; the next run tries again)');
    expect(cursor('mastodon')).toBeUndefined();
  });
});

describe('RSS and Atom feeds', () => {
  it('unwraps Google Alerts links, reads the stars of a review feed, and a feed that is not XML is named while the others go on', async () => {
    config({ rss: { feeds: [{ id: 'alertes', urlEnv: 'FEED_ALERTES' }, { id: 'avis', url: 'https://reviews.test/avis.rss', kind: 'reviews' }, { id: 'casse', url: 'https://broken.test/feed' }] } });
    server.use(
      http.get('https://alerts.test/feeds/123/456', () => new HttpResponse(atom([{ id: 'g1', title: 'La Boulangerie Test dans le Progrès', at: '2026-12-08T09:00:00Z' }]))),
      http.get('https://reviews.test/avis.rss', () =>
        new HttpResponse(`<?xml version="1.0"?><rss version="2.0"><channel><title>Avis</title><item><guid>r1</guid><title>★☆☆☆☆ Boulangerie Test</title><link>https://reviews.test/r1</link><pubDate>Tue, 08 Dec 2026 11:00:00 GMT</pubDate><description>Très bon pain mais un cheveu dans la brioche</description></item></channel></rss>`),
      ),
      http.get('https://broken.test/feed', () => new HttpResponse('<html><body>Maintenance</body></html>', { headers: { 'content-type': 'text/html' } })),
    );
    const report = await run({ FEED_ALERTES: 'https://alerts.test/feeds/123/456' });
    expect(report.sources[0]!.notes).toEqual([expect.stringMatching(/^feed `casse` \(broken\.test\) is not an RSS or Atom feed: .*\(it starts with "<html><body>Maintenance/)]);
    const mentions = stored();
    expect(mentions.map((m) => [m.network, m.url, m.label, m.rating ?? null, m.risk])).toEqual([
      ['web', 'https://news.test/g1', 'neutral', null, []],
      ['reviews', 'https://reviews.test/r1', 'negative', 1, ['cheveu']],
    ]);
  });

  it('RSS_API_URL replaces the origin of the feed URLs; a secret URL is never printed', async () => {
    config({ rss: { feeds: [{ id: 'alertes', urlEnv: 'FEED_ALERTES' }] } });
    server.use(http.get('https://mirror.test/alerts/feeds/1/2', () => new HttpResponse('', { status: 404 })));
    const report = await run({ FEED_ALERTES: 'https://www.google.com/alerts/feeds/1/2', RSS_API_URL: 'https://mirror.test' });
    expect(report.sources[0]!.error).toBe('feed `alertes` ($FEED_ALERTES) answered 404 (is the feed URL still valid?)');
  });

  it('helpers: redirect unwrapping and stars', () => {
    expect(unwrapRedirect('https://www.google.com/url?rct=j&sa=t&url=https://a.test/x&ct=ga')).toBe('https://a.test/x');
    expect([readStars('★★★★☆ Super'), readStars('Note : 2/5'), readStars('3 étoiles'), readStars('rated 5 out of 5'), readStars('Bien')]).toEqual([4, 2, 3, 5, undefined]);
  });
});

describe('Reddit, YouTube and X', () => {
  it('Reddit: client-credentials token, search in the listed subreddits, permalinks without user names', async () => {
    config({ reddit: { subreddits: ['lyon'] } });
    server.use(
      http.post('https://auth.reddit.test/api/v1/access_token', () => HttpResponse.json({ access_token: 'r-token', token_type: 'bearer' })),
      http.get('https://api.reddit.test/r/lyon/search', () => HttpResponse.json({ kind: 'Listing', data: { children: [{ kind: 't3', data: { name: 't3_x1', id: 'x1', title: 'Boulangerie Test, avis ?', selftext: 'Leur pain est excellent', created_utc: Date.parse('2026-12-08T12:00:00Z') / 1000, author: 'someone', author_fullname: 't2_abc', permalink: '/r/lyon/comments/x1/boulangerie_test/', score: 40, num_comments: 12 } }] } })),
    );
    const report = await run({ REDDIT_CLIENT_ID: 'id', REDDIT_CLIENT_SECRET: 'secret', REDDIT_API_URL: 'https://api.reddit.test', REDDIT_AUTH_URL: 'https://auth.reddit.test' });
    expect(report.sources[0]).toMatchObject({ source: 'reddit', via: 'network', stored: 1 });
    const token = requests.find((r) => r.url.pathname === '/api/v1/access_token')!;
    expect(token.headers.get('authorization')).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
    expect(token.body).toBe('grant_type=client_credentials');
    expect(requests.find((r) => r.url.pathname === '/r/lyon/search')!.url.searchParams.get('restrict_sr')).toBe('1');
    expect(stored()[0]).toMatchObject({ url: 'https://www.reddit.com/r/lyon/comments/x1/boulangerie_test/', label: 'positive', reach: 1 });
  });

  it('YouTube: search.list with the key, newest first, since the cursor', async () => {
    config({ youtube: {} });
    server.use(http.get('https://yt.test/v3/search', () => HttpResponse.json({ items: [{ id: { kind: 'youtube#video', videoId: 'vid1' }, snippet: { publishedAt: '2026-12-08T08:00:00Z', channelId: 'UCabc', channelTitle: 'Chaîne', title: 'Visite de la Boulangerie Test', description: 'Le fournil' } }] })));
    const report = await run({ YOUTUBE_API_KEY: 'yt-key', YOUTUBE_API_URL: 'https://yt.test/v3' });
    expect(report.sources[0]).toMatchObject({ source: 'youtube', stored: 1 });
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toMatchObject({ part: 'snippet', type: 'video', order: 'date', key: 'yt-key', q: '"Boulangerie Test"' });
    expect(stored()[0]!.url).toBe('https://www.youtube.com/watch?v=vid1');
  });

  it('a source that found nothing commits nothing, yet its `every` throttle holds (the read time is kept locally)', async () => {
    config({ youtube: {} });
    server.use(http.get('https://yt.test/v3/search', () => HttpResponse.json({ items: [] })));
    const env = { YOUTUBE_API_KEY: 'yt-key', YOUTUBE_API_URL: 'https://yt.test/v3' };
    const first = await run(env);
    expect(first.sources[0]).toMatchObject({ source: 'youtube', read: 0, stored: 0 });
    expect(cursor('youtube')).toBeUndefined();
    // 15 minutes later: YouTube is read every 2 h (100 quota units a search), so not again.
    const soon = await run(env, NOW + 15 * 60_000);
    expect(soon.sources[0]!.skipped).toBe('read 15 min ago (every 120 min)');
    const searches = () => requests.filter((r) => r.url.pathname === '/v3/search').length;
    expect(searches()).toBe(2); // one per term, from the first run only
    const later = await run(env, NOW + 2 * HOUR);
    expect(later.sources[0]!.skipped).toBeUndefined();
    expect(searches()).toBe(4);
    // Without the local record (a fresh clone whose cache was lost), the committed cursor's time is the floor.
    rmSync(path.join(brand.root, '.cadence/watch/polls.json'));
    brand.write('data/watch/cursors/youtube.json', JSON.stringify({ cursor: '2026-12-08T08:00:00.000Z', lastReadAt: new Date(NOW + 2 * HOUR).toISOString() }));
    expect((await run(env, NOW + 2 * HOUR + 30 * 60_000)).sources[0]!.skipped).toBe('read 30 min ago (every 120 min)');
  });

  it('X: off unless enabled; when on, one OR query within the read budget, handle-free links, reads counted', async () => {
    config({ x: { enabled: false } });
    expect((await run({ X_BEARER_TOKEN: 'x-token' })).sources).toEqual([]);
    config({ x: { enabled: true, maxReadsPerRun: 20, maxReadsPerMonth: 30 } });
    server.use(http.get('https://x.test/2/tweets/search/recent', () => HttpResponse.json({ data: [{ id: '1866', text: 'Boulangerie Test nul', created_at: '2026-12-08T10:00:00.000Z', author_id: '42', lang: 'fr' }], includes: { users: [{ id: '42', username: 'someone', public_metrics: { followers_count: 25000 } }] }, meta: { newest_id: '1866', result_count: 1 } })));
    const report = await run({ X_BEARER_TOKEN: 'x-token', X_API_URL: 'https://x.test' });
    expect(report.sources[0]).toMatchObject({ source: 'x', stored: 1 });
    const search = requests.find((r) => r.url.pathname.endsWith('/search/recent'))!;
    expect(search.headers.get('authorization')).toBe('Bearer x-token');
    expect(search.url.searchParams.get('query')).toBe('("Boulangerie Test" OR "Fournil Voisin") -is:retweet');
    expect(search.url.searchParams.get('max_results')).toBe('20');
    expect(stored()[0]).toMatchObject({ url: 'https://x.com/i/web/status/1866', reach: 4 });
    expect(JSON.parse(readFileSync(path.join(brand.root, 'data/watch/cursors/x.json'), 'utf8'))).toMatchObject({ cursor: '1866', reads: { month: '2026-12', count: 1 } });
  });
});

describe('content/watch.mdx with a bad threshold', () => {
  it('stops the run with the file, the line and the rule', async () => {
    config({ bluesky: {} }, { spike: { alpha: 5 } });
    await expect(run({})).rejects.toThrow(/^content\/watch\.mdx:\d+:\d+: `spike\.alpha` must be at most 1 \(schema\/range\)$/);
  });
});
