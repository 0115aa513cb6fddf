/**
 * Each network's moderation against HTTP fakes with the shapes of its official documentation
 * (research/moderation.md §4.1), asserting the outgoing calls: what is read, how a hide, an unhide or a
 * report is sent, what a malformed answer or an expired token gives (a clear failure, no token printed).
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { giscusModeration } from '../../src/adapters/blog.ts';
import { discordModeration } from '../../src/adapters/discord.ts';
import { facebookModeration } from '../../src/adapters/facebook.ts';
import { instagramModeration } from '../../src/adapters/instagram.ts';
import { linkedInModeration } from '../../src/adapters/linkedin.ts';
import { mastodonModeration } from '../../src/adapters/mastodon.ts';
import type { ListQuery, ListResult } from '../../src/adapters/moderation.ts';
import { telegramModeration } from '../../src/adapters/telegram.ts';
import { threadsModeration } from '../../src/adapters/threads.ts';
import { xModeration } from '../../src/adapters/x.ts';
import { createGitHubClient } from '../../src/github/octokit.ts';

const calls: { method: string; url: string; body?: unknown; auth: string | null }[] = [];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  calls.length = 0;
});
afterAll(() => server.close());

async function record(request: Request): Promise<void> {
  const text = request.method === 'GET' ? '' : await request.clone().text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = Object.fromEntries(new URLSearchParams(text));
  }
  calls.push({ method: request.method, url: request.url, ...(body !== undefined ? { body } : {}), auth: request.headers.get('authorization') });
}

const query = (ownPosts: ListQuery['ownPosts'], extra: Partial<ListQuery> = {}): ListQuery => ({ ownPosts, nowMs: Date.parse('2026-12-08T20:00:00Z'), limit: 100, ...extra });
const items = (r: ListResult) => {
  if (!r.ok) throw new Error(r.message);
  return r.items;
};

describe('Mastodon', () => {
  const API = 'https://piaille.example';
  const env = { MASTODON_API_URL: API, MASTODON_TOKEN: 'masto-secret-token' };
  it('reads mentions since the cursor, maps replies to the brand post, reports through the API; cannot hide', async () => {
    server.use(
      http.get(`${API}/api/v1/accounts/verify_credentials`, () => HttpResponse.json({ id: '1', username: 'boulangerie', acct: 'boulangerie' })),
      http.get(`${API}/api/v1/notifications`, async ({ request }) => {
        await record(request);
        return HttpResponse.json([
          { id: '9012', type: 'mention', created_at: '2026-12-08T18:00:01.000Z', account: { id: '77', username: 'lea', acct: 'lea@autre.social', display_name: 'Léa' }, status: { id: '1100', url: 'https://autre.social/@lea/1100', content: '<p><span class="h-card"><a href="https://piaille.example/@boulangerie">@<span>boulangerie</span></a></span> Vous êtes ouverts le 25&nbsp;?</p>', in_reply_to_id: '500', created_at: '2026-12-08T18:00:00.000Z' } },
        ]);
      }),
      http.post(`${API}/api/v1/reports`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ id: '42', action_taken: false, category: 'violation', comment: 'x', forwarded: true, created_at: '2026-12-08T19:00:00.000Z', status_ids: ['1100'], rule_ids: [] });
      }),
      http.get(`${API}/api/v1/statuses/:id/context`, () => HttpResponse.json({ ancestors: [], descendants: [] })),
    );
    const adapter = mastodonModeration(env);
    expect(adapter.caps.hide).toBe('none');
    const listed = await adapter.list(query([{ postId: 'pain', remoteId: '500' }], { cursor: '9000' }));
    expect(calls[0]!.url).toBe(`${API}/api/v1/notifications?types[]=mention&limit=80&min_id=9000`);
    expect(calls[0]!.auth).toBe('Bearer masto-secret-token');
    expect(listed).toMatchObject({ ok: true, cursor: '9012' });
    expect(items(listed)[0]).toMatchObject({ id: '1100', kind: 'reply', ownPost: { postId: 'pain' }, author: { id: '77', handle: '@lea@autre.social' }, text: '@boulangerie Vous êtes ouverts le 25\u00a0?' });
    expect(await adapter.report!(items(listed)[0]!, { category: 'harassment', comment: 'Harcèlement (netiquette)' })).toEqual({ ok: true, remoteId: '42' });
    expect(calls[1]).toMatchObject({ method: 'POST', body: { account_id: '77', status_ids: ['1100'], category: 'violation', forward: true } });
  });
  it('reads replies that drop the @mention in the threads of the 20 newest brand posts (GET /api/v1/statuses/:id/context)', async () => {
    // Status entities as in docs.joinmastodon.org/entities/Status and methods/statuses#context.
    const status = (id: string, inReplyTo: string, account: { id: string; acct: string }, text: string, createdAt = '2026-12-08T18:30:00.000Z') => ({ id, created_at: createdAt, in_reply_to_id: inReplyTo, in_reply_to_account_id: '1', visibility: 'public', url: `https://autre.social/@${account.acct}/${id}`, uri: `https://autre.social/users/${account.acct}/statuses/${id}`, content: `<p>${text}</p>`, account: { ...account, username: account.acct.split('@')[0] } });
    const marc = { id: '78', acct: 'marc@autre.social' };
    const zoe = { id: '79', acct: 'zoe' };
    const brand = { id: '1', acct: 'boulangerie' };
    server.use(
      http.get(`${API}/api/v1/accounts/verify_credentials`, () => HttpResponse.json({ id: '1', username: 'boulangerie', acct: 'boulangerie' })),
      http.get(`${API}/api/v1/notifications`, () =>
        HttpResponse.json([{ id: '9013', type: 'mention', created_at: '2026-12-08T18:00:01.000Z', account: { id: '77', acct: 'lea@autre.social' }, status: { id: '1100', content: '<p>@boulangerie merci !</p>', in_reply_to_id: '1099', created_at: '2026-12-08T18:00:00.000Z' } }]),
      ),
      http.get(`${API}/api/v1/statuses/:id/context`, async ({ request, params }) => {
        await record(request);
        if (params.id === '619') return HttpResponse.json({ error: 'Record not found' }, { status: 404 });
        if (params.id === '621') {
          return HttpResponse.json({
            ancestors: [],
            descendants: [status('1200', '621', marc, 'Le pain était rassis ce matin'), status('1201', '1200', zoe, 'pareil pour moi'), status('1202', '1200', brand, 'Désolés Marc, passez nous voir'), status('1150', '621', zoe, 'trop vieux', '2026-11-01T10:00:00.000Z')],
          });
        }
        if (params.id === '620') return HttpResponse.json({ ancestors: [], descendants: [status('1099', '620', marc, 'Superbe'), status('1100', '1099', { id: '77', acct: 'lea@autre.social' }, '@boulangerie merci !', '2026-12-08T18:00:00.000Z')] });
        return HttpResponse.json({ ancestors: [], descendants: [] });
      }),
    );
    const ownPosts = Array.from({ length: 22 }, (_, i) => ({ postId: `p${i}`, remoteId: String(600 + i), publishedAt: new Date(Date.parse('2026-12-01T08:00:00Z') + i * 3_600_000).toISOString() }));
    const listed = await mastodonModeration(env).list(query(ownPosts, { cursor: '9000', sinceMs: Date.parse('2026-11-24T00:00:00Z') }));
    // The 20 newest posts, newest first, one call each with the token; the two oldest wait for later runs.
    expect(calls.map((c) => c.url)).toEqual(Array.from({ length: 20 }, (_, i) => `${API}/api/v1/statuses/${621 - i}/context`));
    expect(calls.every((c) => c.method === 'GET' && c.auth === 'Bearer masto-secret-token')).toBe(true);
    expect(listed).toMatchObject({ ok: true, cursor: '9013' });
    const byId = new Map(items(listed).map((i) => [i.id, i]));
    expect([...byId.keys()].sort()).toEqual(['1099', '1100', '1200', '1201', '1202']);
    expect(byId.get('1200')).toMatchObject({ kind: 'reply', ownPost: { postId: 'p21', remoteId: '621' }, parentId: '621', rootId: '621', rootIsBrand: true, nested: false, author: { id: '78', handle: '@marc@autre.social' }, text: 'Le pain était rassis ce matin' });
    expect(byId.get('1201')).toMatchObject({ ownPost: { postId: 'p21' }, parentId: '1200', nested: true, author: { handle: '@zoe@piaille.example' } });
    expect(byId.get('1202')).toMatchObject({ parentId: '1200', author: { id: '1', isBrand: true } });
    // The mention read from the notifications is the same interaction: now with the brand post of its thread.
    expect(byId.get('1100')).toMatchObject({ ownPost: { postId: 'p20' }, parentId: '1099', nested: true, author: { id: '77' } });
  });
  it('a malformed thread is a failure naming the call', async () => {
    server.use(
      http.get(`${API}/api/v1/accounts/verify_credentials`, () => HttpResponse.json({ id: '1' })),
      http.get(`${API}/api/v1/notifications`, () => HttpResponse.json([])),
      http.get(`${API}/api/v1/statuses/:id/context`, () => HttpResponse.json({ ancestors: [], descendants: 'nope' })),
    );
    expect(await mastodonModeration(env).list(query([{ postId: 'pain', remoteId: '500' }]))).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/statuses\/500\/context: malformed/) });
  });
  it('an expired token: refused, with Mastodon\'s message and never the token', async () => {
    server.use(http.get(`${API}/api/v1/notifications`, () => HttpResponse.json({ error: 'The access token was revoked' }, { status: 401 })));
    const r = await mastodonModeration(env).list(query([]));
    expect(r).toMatchObject({ ok: false, kind: 'refused', status: 401 });
    expect(JSON.stringify(r)).toContain('The access token was revoked');
    expect(JSON.stringify(r)).not.toContain('masto-secret-token');
  });
  it('a malformed answer is a failure, not an empty inbox', async () => {
    server.use(http.get(`${API}/api/v1/notifications`, () => HttpResponse.json({ unexpected: true })));
    expect(await mastodonModeration(env).list(query([]))).toMatchObject({ ok: false, message: expect.stringMatching(/malformed/) });
  });
});

describe('X', () => {
  const API = 'https://api.x.test';
  const env = { X_API_URL: API, X_ACCESS_TOKEN: 'x-bearer-secret' };
  it('reads mentions since the newest id, maps the conversation to the brand post, hides with PUT /hidden', async () => {
    server.use(
      http.get(`${API}/2/users/me`, () => HttpResponse.json({ data: { id: '100', name: 'Boulangerie', username: 'boulangerie' } })),
      http.get(`${API}/2/users/100/mentions`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ data: [{ id: '2001', text: '@boulangerie espèce de c0nnard', author_id: '55', created_at: '2026-12-08T18:30:00.000Z', conversation_id: '1900', referenced_tweets: [{ type: 'replied_to', id: '1900' }] }], includes: { users: [{ id: '55', name: 'Anon', username: 'anon_1' }] }, meta: { newest_id: '2001', oldest_id: '2001', result_count: 1 } });
      }),
      http.put(`${API}/2/tweets/2001/hidden`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ data: { hidden: true } });
      }),
    );
    const adapter = xModeration(env);
    const listed = await adapter.list(query([{ postId: 'pain', remoteId: '1900' }], { cursor: '1999' }));
    const url = new URL(calls[0]!.url);
    expect(url.searchParams.get('since_id')).toBe('1999');
    expect(url.searchParams.get('expansions')).toBe('author_id');
    expect(listed).toMatchObject({ ok: true, cursor: '2001' });
    expect(items(listed)[0]).toMatchObject({ id: '2001', url: 'https://x.com/anon_1/status/2001', ownPost: { postId: 'pain' }, rootIsBrand: true, author: { handle: '@anon_1' } });
    expect(await adapter.setHidden!(items(listed)[0]!, true)).toEqual({ ok: true });
    expect(calls[1]).toMatchObject({ method: 'PUT', body: { hidden: true }, auth: 'Bearer x-bearer-secret' });
  });
  it('a 429 says when to come back', async () => {
    server.use(
      http.get(`${API}/2/users/me`, () => HttpResponse.json({ data: { id: '100' } })),
      http.get(`${API}/2/users/100/mentions`, () => HttpResponse.json({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { status: 429, headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 60) } })),
    );
    const r = await xModeration(env).list(query([]));
    expect(r).toMatchObject({ ok: false, kind: 'rate-limited' });
    expect((r as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50_000);
  });
});

describe('Facebook, Instagram, Threads (Graph API)', () => {
  it('Facebook: comments per post until the cursor, hide with is_hidden, read back with is_hidden', async () => {
    const API = 'https://graph.facebook.test';
    server.use(
      http.get(`${API}/v25.0/123_456/comments`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ data: [
          { id: '456_9', message: 'Bande d’abrutis', created_time: '2026-12-08T18:00:00+0000', from: { id: '8', name: 'Anon' }, is_hidden: false, permalink_url: 'https://www.facebook.com/123/posts/456?comment_id=9' },
          { id: '456_8', message: 'ancien', created_time: '2026-12-01T10:00:00+0000', from: { id: '7', name: 'Ancien' } },
        ], paging: { cursors: { before: 'a', after: 'b' }, next: `${API}/v25.0/123_456/comments?after=b` } });
      }),
      http.post(`${API}/v25.0/456_9`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ success: true });
      }),
      http.get(`${API}/v25.0/456_9`, () => HttpResponse.json({ id: '456_9', is_hidden: true })),
    );
    const adapter = facebookModeration({ FACEBOOK_API_URL: API, FACEBOOK_PAGE_TOKEN: 'fb-page-secret', FACEBOOK_PAGE_ID: '123' });
    const listed = await adapter.list(query([{ postId: 'pain', remoteId: '123_456' }], { cursor: '2026-12-05T00:00:00.000Z' }));
    expect(calls).toHaveLength(1); // the older comment stops the reading: no second page
    expect(new URL(calls[0]!.url).searchParams.get('filter')).toBe('stream');
    expect(items(listed).map((i) => i.id)).toEqual(['456_9']);
    expect(await adapter.setHidden!(items(listed)[0]!, true)).toEqual({ ok: true });
    expect(calls[1]).toMatchObject({ method: 'POST', body: { is_hidden: 'true' }, auth: 'Bearer fb-page-secret' });
    expect(await adapter.state!(items(listed)[0]!)).toEqual({ known: true, exists: true, hidden: true });
  });
  it('Facebook: an expired token (code 190) says which variable to renew', async () => {
    const API = 'https://graph.facebook.test';
    server.use(http.get(`${API}/v25.0/123_456/comments`, () => HttpResponse.json({ error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbC' } }, { status: 400 })));
    const r = await facebookModeration({ FACEBOOK_API_URL: API, FACEBOOK_PAGE_TOKEN: 'fb-page-secret', FACEBOOK_PAGE_ID: '123' }).list(query([{ postId: 'pain', remoteId: '123_456' }]));
    expect(r).toMatchObject({ ok: false, kind: 'refused', message: expect.stringMatching(/renew FACEBOOK_PAGE_TOKEN/) });
    expect(JSON.stringify(r)).not.toContain('fb-page-secret');
  });
  it('Instagram: comments with their replies, hide=true', async () => {
    const API = 'https://graph.instagram.test';
    server.use(
      http.get(`${API}/v25.0/1789/comments`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ data: [{ id: '1801', text: 'Appelez-moi au 06 12 34 56 78', timestamp: '2026-12-08T17:00:00+0000', username: 'marc', from: { id: '31', username: 'marc' }, hidden: false, replies: { data: [{ id: '1802', text: 'Merci Marc !', timestamp: '2026-12-08T17:30:00+0000', username: 'boulangerie', from: { id: '999', username: 'boulangerie' }, parent_id: '1801' }] } }] });
      }),
      http.post(`${API}/v25.0/1801`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ success: true });
      }),
    );
    const adapter = instagramModeration({ INSTAGRAM_API_URL: API, INSTAGRAM_TOKEN: 'ig-secret', INSTAGRAM_USER_ID: '999' });
    const listed = items(await adapter.list(query([{ postId: 'brioche', remoteId: '1789' }])));
    expect(listed.map((i) => [i.id, i.nested, i.author.isBrand ?? false, i.parentId])).toEqual([['1801', false, false, '1789'], ['1802', true, true, '1801']]);
    await adapter.setHidden!(listed[0]!, true);
    expect(calls[1]).toMatchObject({ method: 'POST', body: { hide: 'true' } });
  });
  it('Threads: the whole conversation, nested replies marked (only top-level ones can be hidden), manage_reply', async () => {
    const API = 'https://graph.threads.test';
    server.use(
      http.get(`${API}/v1.0/77/conversation`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ data: [
          { id: '81', text: 'Mon mail : a@b.fr', username: 'thomas', timestamp: '2026-12-08T16:00:00+0000', permalink: 'https://www.threads.net/@thomas/post/x', replied_to: { id: '80' }, root_post: { id: '77' }, is_reply_owned_by_me: false, hide_status: 'NOT_HUSHED' },
          { id: '80', text: 'Superbe', username: 'ines', timestamp: '2026-12-08T15:00:00+0000', replied_to: { id: '77' }, root_post: { id: '77' }, is_reply_owned_by_me: false, hide_status: 'NOT_HUSHED' },
        ], paging: { cursors: { before: 'a', after: 'b' } } });
      }),
      http.post(`${API}/v1.0/80/manage_reply`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ success: true });
      }),
    );
    const adapter = threadsModeration({ THREADS_API_URL: API, THREADS_TOKEN: 'th-secret', THREADS_USER_ID: '1' });
    expect(adapter.caps.hide).toBe('top-level');
    const listed = items(await adapter.list(query([{ postId: 'nuit', remoteId: '77' }])));
    expect(listed.map((i) => [i.id, i.nested])).toEqual([['80', false], ['81', true]]);
    await adapter.setHidden!(listed[0]!, true);
    expect(calls[1]).toMatchObject({ method: 'POST', url: `${API}/v1.0/80/manage_reply`, body: { hide: 'true' } });
  });
});

describe('read-only networks: LinkedIn, Telegram, Discord', () => {
  it('LinkedIn: comments of the organization posts, with the versioned Rest.li headers; flag only', async () => {
    const API = 'https://api.linkedin.test';
    server.use(
      http.get(`${API}/rest/socialActions/:urn/comments`, async ({ request }) => {
        await record(request);
        expect(request.headers.get('linkedin-version')).toMatch(/^\d{6}$/);
        expect(request.headers.get('x-restli-protocol-version')).toBe('2.0.0');
        return HttpResponse.json({ elements: [{ $URN: 'urn:li:comment:(urn:li:share:1,5)', actor: 'urn:li:person:abc', created: { time: Date.parse('2026-12-08T10:00:00Z') }, message: { text: 'Bravo pour le recrutement' } }], paging: { start: 0, count: 10, total: 1 } });
      }),
    );
    const adapter = linkedInModeration({ LINKEDIN_API_URL: API, LINKEDIN_ACCESS_TOKEN: 'li-secret', LINKEDIN_AUTHOR_URN: 'urn:li:organization:1' });
    expect(adapter.caps).toEqual({ hide: 'none', unhide: false, report: false, reply: false });
    const listed = items(await adapter.list(query([{ postId: 'apprenti', remoteId: 'urn:li:share:1' }])));
    expect(decodeURIComponent(calls[0]!.url)).toContain('/rest/socialActions/urn:li:share:1/comments');
    expect(listed[0]).toMatchObject({ id: 'urn:li:comment:(urn:li:share:1,5)', author: { id: 'urn:li:person:abc' }, text: 'Bravo pour le recrutement' });
  });
  it('Telegram: comments in the discussion group that answer the forwarded channel post', async () => {
    const API = 'https://api.telegram.test';
    server.use(
      http.post(`${API}/botTG-SECRET/getUpdates`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ ok: true, result: [
          { update_id: 501, message: { message_id: 90, date: 1796752200, chat: { id: -100200, type: 'supergroup', username: 'boulangerie_chat' }, from: { id: 7, is_bot: false, first_name: 'Aurélie', username: 'aurelie_l' }, text: 'Trop bien !', reply_to_message: { message_id: 80, forward_from_message_id: 42 } } },
          { update_id: 502, message: { message_id: 91, date: 1796752300, chat: { id: -100200, type: 'supergroup' }, from: { id: 8, is_bot: false, first_name: 'X' }, text: 'hors sujet' } },
        ] });
      }),
    );
    const listed = await telegramModeration({ TELEGRAM_API_URL: API, TELEGRAM_BOT_TOKEN: 'TG-SECRET' }).list(query([{ postId: 'buches', remoteId: '42' }], { cursor: '500' }));
    expect(calls[0]!.body).toMatchObject({ offset: 501, allowed_updates: ['message'] });
    expect(listed).toMatchObject({ ok: true, cursor: '502' });
    expect(items(listed).map((i) => [i.id, i.ownPost?.postId, i.url])).toEqual([['-100200:90', 'buches', 'https://t.me/boulangerie_chat/90']]);
  });
  it('Discord: a bot reads the channel after the last message; replies point at the brand post', async () => {
    const API = 'https://discord.test/api/v10';
    server.use(
      http.get(`${API}/channels/333/messages`, async ({ request }) => {
        await record(request);
        return HttpResponse.json([{ id: '1200', channel_id: '333', guild_id: '9', content: 'Miam', timestamp: '2026-12-08T19:00:00.000000+00:00', author: { id: '5', username: 'copain' }, message_reference: { message_id: '1100', channel_id: '333' } }]);
      }),
    );
    const adapter = discordModeration({ DISCORD_API_URL: API, DISCORD_BOT_TOKEN: 'bot-secret', DISCORD_CHANNEL_ID: '333' });
    const listed = await adapter.list(query([{ postId: 'merci', remoteId: '1100' }], { cursor: '1150' }));
    expect(calls[0]!.url).toBe(`${API}/channels/333/messages?limit=100&after=1150`);
    expect(calls[0]!.auth).toBe('Bot bot-secret');
    expect(listed).toMatchObject({ ok: true, cursor: '1200' });
    expect(items(listed)[0]).toMatchObject({ kind: 'reply', ownPost: { postId: 'merci' }, url: 'https://discord.com/channels/9/333/1200' });
  });
});

describe('blog comments through giscus (GitHub Discussions, GraphQL through octokit)', () => {
  const API = 'https://api.github.test';
  it('reads the comments of the article discussions, minimizes and unminimizes', async () => {
    const queries: { query: string; variables: Record<string, unknown> }[] = [];
    server.use(
      http.post(`${API}/graphql`, async ({ request }) => {
        const body = (await request.json()) as { query: string; variables: Record<string, unknown> };
        queries.push(body);
        if (body.query.includes('discussions(')) {
          return HttpResponse.json({ data: { repository: { discussions: { nodes: [{ id: 'D_1', title: 'fete-des-lumieres-2026', url: 'https://github.test/d/1', comments: { nodes: [
            { id: 'DC_1', bodyText: 'Super article', createdAt: '2026-12-08T10:00:00Z', url: 'https://github.test/d/1#c1', isMinimized: false, authorAssociation: 'NONE', author: { login: 'hugo', id: 'U_1' }, replyTo: null, replies: { nodes: [{ id: 'DC_2', bodyText: 'Merci Hugo', createdAt: '2026-12-08T11:00:00Z', isMinimized: false, authorAssociation: 'OWNER', author: { login: 'boulangerie', id: 'U_0' }, replyTo: { id: 'DC_1' } }] } },
          ] } }] } } } });
        }
        if (body.query.includes('minimizeComment(')) return HttpResponse.json({ data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
        if (body.query.includes('unminimizeComment(')) return HttpResponse.json({ data: { unminimizeComment: { unminimizedComment: { isMinimized: false } } } });
        return HttpResponse.json({ errors: [{ message: 'unexpected' }] });
      }),
    );
    const client = createGitHubClient({ token: 'ghs_blogsecret', baseUrl: API, retries: 0, throttle: false, warn: () => {} });
    const adapter = await giscusModeration({ GITHUB_REPOSITORY: 'boulangerie/contenus', CADENCE_GISCUS_CATEGORY_ID: 'DIC_1' }, client);
    const listed = items(await adapter.list(query([{ postId: 'fete-des-lumieres-2026', remoteId: 'https://boulangerie.example/blog/fete-des-lumieres-2026/' }])));
    expect(queries[0]!.variables).toEqual({ owner: 'boulangerie', name: 'contenus', category: 'DIC_1' });
    expect(listed.map((i) => [i.id, i.author.isBrand ?? false, i.parentId])).toEqual([['DC_1', false, 'D_1'], ['DC_2', true, 'DC_1']]);
    await adapter.setHidden!(listed[0]!, true);
    await adapter.setHidden!(listed[0]!, false);
    expect(queries[1]!.query).toMatch(/minimizeComment\(input: \{subjectId: \$id, classifier: ABUSE\}\)/);
    expect(queries[1]!.variables).toEqual({ id: 'DC_1' });
    expect(queries[2]!.query).toMatch(/unminimizeComment/);
  });
});
