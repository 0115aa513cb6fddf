import { HttpResponse, delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { escapeMrkdwn, slackAdapter } from '../../src/adapters/slack.ts';
import { fakeSlack, HOOK_PATH, type FakeSlack } from './fixtures/slack/fake.ts';

const ORIGIN = 'https://hooks.slack.test';
const ENV = { SLACK_WEBHOOK_URL: `https://hooks.slack.com${HOOK_PATH}`, SLACK_API_URL: ORIGIN };
const LINK = 'https://boulangerie.example/blog/pain/';

const server = setupServer();
let fake: FakeSlack;
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fake = fakeSlack(ORIGIN);
  server.use(...fake.handlers);
});
afterEach(() => server.resetHandlers());

const adapter = (options: Parameters<typeof slackAdapter>[2] = {}) => slackAdapter(ENV, '/nonexistent', { siteUrl: 'https://boulangerie.example/site/', ...options });
function publication(overrides: Partial<Publication> = {}, parts: PublicationPart[] = [{ text: 'Pain & viennoiseries <3 pour <!channel> et <@U123>', media: [] }]): Publication {
  return { postId: '2026-12-pain', channel: 'slack', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:0', key: '2026-12-pain.slack.000000000000', ...overrides };
}

describe('Slack adapter', () => {
  it('posts JSON to the webhook path with & < > escaped (no ping possible) and the link appended', async () => {
    const result = await adapter().publish(publication({ link: LINK }));
    const [r] = fake.requests;
    expect(r!.url.href).toBe(`${ORIGIN}${HOOK_PATH}`);
    expect(r!.headers['content-type']).toBe('application/json');
    expect(r!.json).toEqual({ text: `Pain &amp; viennoiseries &lt;3 pour &lt;!channel&gt; et &lt;@U123&gt;\n\n${LINK}`, unfurl_links: true });
    expect(result).toEqual({ ok: true, remoteId: 'slack:2026-12-pain.slack.000000000000' });
    expect(escapeMrkdwn('a&b<c>d')).toBe('a&amp;b&lt;c&gt;d');
  });

  it('images by public URL in image blocks with alt_text; media beside the posts are refused before any call', async () => {
    await adapter().publish(
      publication({ spoiler: 'Miam' }, [{ text: 'Photos', media: [{ path: 'public/images/pain doré.jpg', absolutePath: '/x', alt: 'Une miche' }, { path: 'https://cdn.example/croissant.png', alt: 'Croissant' }] }]),
    );
    expect(fake.requests[0]!.json).toEqual({
      text: '*Miam*\n\nPhotos',
      unfurl_links: true,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Miam*\n\nPhotos' } },
        { type: 'image', image_url: 'https://boulangerie.example/site/images/pain%20dor%C3%A9.jpg', alt_text: 'Une miche' },
        { type: 'image', image_url: 'https://cdn.example/croissant.png', alt_text: 'Croissant' },
      ],
    });
    const local = await adapter().publish(publication({}, [{ text: 'x', media: [{ path: 'content/posts/2026/12/pain.jpg', absolutePath: '/x', alt: 'a' }] }]));
    expect(local).toMatchObject({ ok: false, kind: 'refused', message: expect.stringContaining('public URL') });
    expect(fake.requests).toHaveLength(1);
  });

  it('maps the documented errors: 400/403/404/410 refused, 429 rate-limited (Retry-After), 500 transient; timeout unknown', async () => {
    for (const error of ['invalid_payload', 'action_prohibited', 'channel_not_found', 'channel_is_archived']) {
      fake.fail(error);
      expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'refused', message: expect.stringContaining(error) });
    }
    fake.fail('rate_limited', { 'Retry-After': '30' });
    expect(await adapter().publish(publication())).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 30_000 });
    fake.fail('rollup_error');
    expect(await adapter().publish(publication())).toMatchObject({ kind: 'transient', status: 500 });
    server.use(http.post(`${ORIGIN}/services/:a/:b/:c`, async () => (await delay(2000), new HttpResponse('ok'))));
    expect(await adapter({ timeoutMs: 50 }).publish(publication())).toMatchObject({ kind: 'unknown' });
  });

  it('the webhook secret never appears in a message', async () => {
    const wrong = slackAdapter({ ...ENV, SLACK_WEBHOOK_URL: `https://hooks.slack.com${HOOK_PATH}x` }, '/nonexistent');
    server.use(http.post(`${ORIGIN}/services/:a/:b/:c`, ({ request }) => new HttpResponse(`no_service ${request.url}`, { status: 404 })));
    const result = await wrong.publish(publication());
    expect(result).toMatchObject({ ok: false, kind: 'refused', status: 404 });
    expect(JSON.stringify(result)).not.toContain('XXXXslackSECRETxxxx');
  });

  it('no look-up (unknown) and no deletion (unsupported), without any call', async () => {
    expect(await adapter().lookup(publication(), 'k')).toMatchObject({ found: 'unknown' });
    expect(await adapter().delete({ remoteId: 'slack:k' })).toMatchObject({ ok: false, unsupported: true });
    expect(fake.requests).toEqual([]);
  });

  it('is selected by SLACK_WEBHOOK_URL', () => {
    expect(selectAdapter('slack', { root: '/nonexistent', env: ENV })).toMatchObject({ ok: true, via: 'network', adapter: { name: 'slack' } });
  });
});

void HttpResponse;
