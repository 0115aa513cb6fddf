// Each network's metrics reading against an HTTP fake with the official response shapes (msw).
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { facebookMetrics } from '../../src/adapters/facebook.ts';
import { instagramMetrics } from '../../src/adapters/instagram.ts';
import { mastodonMetrics } from '../../src/adapters/mastodon.ts';
import { blueskyMetrics } from '../../src/adapters/bluesky.ts';
import { xMetrics } from '../../src/adapters/x.ts';
import { linkedInMetrics } from '../../src/adapters/linkedin.ts';
import { plausibleAnalytics } from '../../src/adapters/blog.ts';

const server = setupServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const requests: string[] = [];
server.events.on('request:start', ({ request }) => void requests.push(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`));

const NOW = Date.parse('2026-12-10T12:00:00Z');
const ref = (remoteId: string, daysAgo = 2) => ({ post: 'p', remoteId, publishedMs: NOW - daysAgo * 86_400_000 });

describe('Meta insights: one retired metric fails the whole call', () => {
  const env = { FACEBOOK_PAGE_TOKEN: 'page-token-secret', FACEBOOK_PAGE_ID: '42', FACEBOOK_API_URL: 'https://graph.facebook.test' };
  it('retries metric by metric, keeps the others, names the refused one (null, never 0)', async () => {
    server.use(
      http.get('https://graph.facebook.test/v25.0/:id/insights', ({ request }) => {
        const metrics = new URL(request.url).searchParams.get('metric')!.split(',');
        if (metrics.includes('post_total_media_view_unique')) return HttpResponse.json({ error: { message: '(#100) The value must be a valid insights metric', type: 'OAuthException', code: 100, fbtrace_id: 'Axyz' } }, { status: 400 });
        const values: Record<string, unknown> = { post_media_view: 1200, post_reactions_by_type_total: { like: 30, love: 5 }, post_clicks: 14 };
        return HttpResponse.json({ data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] }] })) });
      }),
      http.get('https://graph.facebook.test/v25.0/:id', () => HttpResponse.json({ comments: { data: [], summary: { total_count: 4 } }, id: '42_1' })),
    );
    const reader = facebookMetrics(env);
    const result = await reader.readPosts!([ref('42_1')], NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.refused).toEqual(['post_total_media_view_unique']);
    expect(result.value.get('42_1')).toEqual({ views: 1200, reach: null, likes: 35, clicks: 14, comments: 4, shares: 0 });
  });

  it('a rate limit (code 4) fails the channel with the wait, the token never in the message', async () => {
    server.use(http.get('https://graph.facebook.test/v25.0/:id/insights', () => HttpResponse.json({ error: { message: 'Application request limit reached', code: 4 } }, { status: 400, headers: { 'x-business-use-case-usage': JSON.stringify({ '42': [{ estimated_time_to_regain_access: 3 }] }) } })));
    const result = await facebookMetrics(env).readPosts!([ref('42_1')], NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe('rate-limited');
    expect(result.retryAfterMs).toBe(180_000);
    expect(result.message).not.toContain('page-token-secret');
  });

  it('Instagram: a metric left out of the answer is null', async () => {
    server.use(http.get('https://graph.instagram.test/v25.0/:id/insights', () => HttpResponse.json({ data: [{ name: 'views', values: [{ value: 900 }] }, { name: 'reach', values: [{ value: 610 }] }, { name: 'likes', values: [{ value: 31 }] }, { name: 'comments', values: [{ value: 2 }] }] })));
    const result = await instagramMetrics({ INSTAGRAM_TOKEN: 't', INSTAGRAM_USER_ID: '7', INSTAGRAM_API_URL: 'https://graph.instagram.test' }).readPosts!([ref('179')], NOW);
    expect(result.ok && result.value.get('179')).toEqual({ views: 900, reach: 610, likes: 31, comments: 2, shares: null, saves: null });
  });
});

describe('counters-only networks and the others', () => {
  it('Mastodon: batch read with id[], older servers one by one; followers from verify_credentials', async () => {
    requests.length = 0;
    server.use(
      http.get('https://masto.test/api/v1/statuses', () => new HttpResponse(null, { status: 404 })),
      http.get('https://masto.test/api/v1/statuses/:id', ({ params }) => (params.id === '2' ? new HttpResponse(JSON.stringify({ error: 'Record not found' }), { status: 404 }) : HttpResponse.json({ id: params.id, favourites_count: 12, reblogs_count: 3, replies_count: 1 }))),
      http.get('https://masto.test/api/v1/accounts/verify_credentials', () => HttpResponse.json({ id: '9', followers_count: 431, statuses_count: 812 })),
    );
    const reader = mastodonMetrics({ MASTODON_API_URL: 'https://masto.test', MASTODON_TOKEN: 'tok' });
    const result = await reader.readPosts!([ref('1'), ref('2')], NOW);
    expect(result.ok && [...result.value.entries()]).toEqual([['1', { likes: 12, reposts: 3, comments: 1, quotes: null }]]);
    expect(requests[0]).toBe('GET /api/v1/statuses?id[]=1&id[]=2');
    expect(await reader.readAccount!(NOW)).toEqual({ ok: true, value: { followers: 431, posts: 812 } });
  });

  it('Bluesky: getPosts on the public AppView, bookmarks as saves', async () => {
    server.use(http.get('https://appview.test/xrpc/app.bsky.feed.getPosts', ({ request }) => HttpResponse.json({ posts: new URL(request.url).searchParams.getAll('uris').map((uri) => ({ uri, likeCount: 7, repostCount: 2, replyCount: 1, quoteCount: 0, bookmarkCount: 3 })) })));
    const result = await blueskyMetrics({ BLUESKY_APPVIEW_URL: 'https://appview.test', BLUESKY_IDENTIFIER: 'b.test' }).readPosts!([ref('at://did:plc:x/app.bsky.feed.post/abc')], NOW);
    expect(result.ok && result.value.get('at://did:plc:x/app.bsky.feed.post/abc')).toEqual({ likes: 7, reposts: 2, comments: 1, quotes: 0, saves: 3 });
  });

  it('X: private metrics only asked for posts under 30 days; repost_count or retweet_count', async () => {
    requests.length = 0;
    server.use(
      http.get('https://x.test/2/tweets', ({ request }) => {
        const ids = new URL(request.url).searchParams.get('ids')!.split(',');
        const privateToo = new URL(request.url).searchParams.get('tweet.fields')!.includes('non_public_metrics');
        return HttpResponse.json({ data: ids.map((id) => ({ id, text: '…', public_metrics: { impression_count: 500, like_count: 9, reply_count: 1, retweet_count: 2, quote_count: 0, bookmark_count: 1 }, ...(privateToo ? { non_public_metrics: { url_link_clicks: 6, user_profile_clicks: 2 } } : {}) })) });
      }),
    );
    const result = await xMetrics({ X_ACCESS_TOKEN: 'tok', X_API_URL: 'https://x.test' }).readPosts!([ref('1', 2), ref('2', 40)], NOW);
    expect(result.ok && result.value.get('1')).toEqual({ views: 500, likes: 9, comments: 1, reposts: 2, quotes: 0, saves: 1, clicks: 6, profileClicks: 2 });
    expect(result.ok && result.value.get('2')).toMatchObject({ clicks: null, profileClicks: null });
    expect(requests).toEqual(['GET /2/tweets?ids=1&tweet.fields=public_metrics,non_public_metrics', 'GET /2/tweets?ids=2&tweet.fields=public_metrics']);
  });

  it('LinkedIn: organization share statistics; a member profile is refused with what to do', async () => {
    server.use(http.get('https://li.test/rest/organizationalEntityShareStatistics', () => HttpResponse.json({ elements: [{ share: 'urn:li:share:1', totalShareStatistics: { impressionCount: 800, uniqueImpressionsCount: 500, clickCount: 9, likeCount: 12, commentCount: 1, shareCount: 2, engagement: 0.03 } }] })));
    const page = await linkedInMetrics({ LINKEDIN_ACCESS_TOKEN: 't', LINKEDIN_AUTHOR_URN: 'urn:li:organization:5', LINKEDIN_API_URL: 'https://li.test' }).readPosts!([ref('urn:li:share:1')], NOW);
    expect(page.ok && page.value.get('urn:li:share:1')).toEqual({ views: 800, reach: 500, likes: 12, comments: 1, shares: 2, clicks: 9 });
    const member = await linkedInMetrics({ LINKEDIN_ACCESS_TOKEN: 't', LINKEDIN_AUTHOR_URN: 'urn:li:person:abc', LINKEDIN_API_URL: 'https://li.test' }).readPosts!([ref('urn:li:share:1')], NOW);
    expect(member.ok).toBe(false);
  });

  it('Plausible: pages and UTM visits of a complete day', async () => {
    server.use(
      http.post('https://plausible.test/api/v2/query', async ({ request }) => {
        const body = (await request.json()) as { dimensions: string[]; site_id: string };
        expect(body.site_id).toBe('boulangerie.example');
        if (body.dimensions[0] === 'event:page') return HttpResponse.json({ results: [{ metrics: [120, 150], dimensions: ['/blog/galette/'] }], meta: {}, query: {} });
        return HttpResponse.json({ results: [{ metrics: [14, 12], dimensions: ['instagram', 'galette-2027', 'galette'] }], meta: {}, query: {} });
      }),
    );
    const day = await plausibleAnalytics({ PLAUSIBLE_API_KEY: 'k', PLAUSIBLE_API_URL: 'https://plausible.test' }, 'https://boulangerie.example').readDay('2027-01-06');
    expect(day).toEqual({ ok: true, api: 'plausible-v2', value: { pages: [{ path: '/blog/galette/', visitors: 120, pageviews: 150 }], utm: [{ src: 'instagram', campaign: 'galette-2027', content: 'galette', visits: 14, visitors: 12 }] } });
  });
});
