import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpResponse, delay, http } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { discordAdapter } from '../../src/adapters/discord.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { discordFixture, fakeDiscord, WEBHOOK_ID, type FakeDiscord } from './fixtures/discord/fake.ts';

const API = 'https://discord.test/api/v10';
const TOKEN = 'dIsCoRdWeBhOoKtOkEn-abc123';
const ENV = { DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${TOKEN}`, DISCORD_API_URL: API };
const LINK = 'https://boulangerie.example/blog/pain/';

const server = setupServer();
let fake: FakeDiscord;
let dir: string;
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fake = fakeDiscord(API, TOKEN);
  server.use(...fake.handlers);
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-discord-'));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const adapter = (options: Parameters<typeof discordAdapter>[2] = {}) => discordAdapter(ENV, dir, options);
function publication(overrides: Partial<Publication> = {}, parts: PublicationPart[] = [{ text: 'Le pain sort du four @everyone <@&123>', media: [] }]): Publication {
  return { postId: '2026-12-pain', channel: 'discord', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:0', key: '2026-12-pain.discord.000000000000', ...overrides };
}
const posts = () => fake.requests.filter((r) => r.method === 'POST');

describe('Discord adapter', () => {
  it('posts JSON with ?wait=true, the link appended, and allowed_mentions that ping nobody', async () => {
    const result = await adapter().publish(publication({ link: LINK }));
    const [post] = posts();
    expect(post!.url.href).toBe(`${API}/webhooks/${WEBHOOK_ID}/${TOKEN}?wait=true`);
    expect(post!.headers['content-type']).toBe('application/json');
    expect(post!.json).toEqual({ content: `Le pain sort du four @everyone <@&123>\n\n${LINK}`, allowed_mentions: { parse: [] } });
    const id = [...fake.messages.keys()][0]!;
    // The message has no guild_id: the webhook (one GET) says where it lives.
    expect(result).toEqual({ ok: true, remoteId: id, url: `https://discord.com/channels/290926798626357999/290926798999357250/${id}` });
  });

  it('attaches media as multipart payload_json + files[n], alt text as the attachment description', async () => {
    const file = path.join(dir, 'pain.png');
    writeFileSync(file, await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c87828' } }).png().toBuffer());
    const result = await adapter().publish(publication({}, [{ text: 'Photo', media: [{ path: 'content/posts/pain.png', absolutePath: file, alt: 'Une miche dorée' }] }]));
    expect(result.ok).toBe(true);
    const [post] = posts();
    expect(post!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(JSON.parse(post!.form!.payload_json!.value!)).toEqual({ content: 'Photo', allowed_mentions: { parse: [] }, attachments: [{ id: 0, filename: 'pain.png', description: 'Une miche dorée' }] });
    expect(post!.form!['files[0]']).toMatchObject({ filename: 'pain.png', type: 'image/png' });
  });

  it('publishes only the main text (no reply chains) and turns a content warning into a spoiler', async () => {
    await adapter().publish(publication({ spoiler: 'Gourmandise' }, [{ text: 'Un.', media: [] }, { text: 'Deux.', media: [] }]));
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.json!.content).toBe('Gourmandise\n||Un.||');
  });

  it('429 → rate-limited with retry_after from the body', async () => {
    fake.inject((r) => r.method === 'POST', () => HttpResponse.json(discordFixture('errors.json')['429'] as Record<string, unknown>, { status: 429, headers: { 'Retry-After': '65' } }));
    expect(await adapter().publish(publication())).toMatchObject({ ok: false, kind: 'rate-limited', status: 429, retryAfterMs: 64_570 });
  });

  it('400 → refused with Discord’s message; 500 → transient; 502/504 → unknown; timeout → unknown', async () => {
    expect(await adapter().publish(publication({}, [{ text: '', media: [] }]))).toMatchObject({ ok: false, kind: 'refused', status: 400, message: expect.stringContaining('Cannot send an empty message (code 50006)') });
    fake.inject((r) => r.method === 'POST', () => new HttpResponse('oops', { status: 500 }));
    expect(await adapter().publish(publication())).toMatchObject({ kind: 'transient', status: 500 });
    fake.inject((r) => r.method === 'POST', () => new HttpResponse('bad gateway', { status: 504 }));
    expect(await adapter().publish(publication())).toMatchObject({ kind: 'unknown', status: 504 });
    server.use(
      http.post(`${API}/webhooks/:id/:token`, async () => {
        await delay(2000);
        return HttpResponse.json({});
      }),
    );
    expect(await adapter({ timeoutMs: 50 }).publish(publication())).toMatchObject({ kind: 'unknown' });
  });

  it('a deleted webhook (404) → refused, and the webhook token never appears in a message', async () => {
    const wrong = discordAdapter({ ...ENV, DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/1/${TOKEN}` }, dir);
    const result = await wrong.publish(publication());
    expect(result).toMatchObject({ ok: false, kind: 'refused', status: 404, message: expect.stringContaining('Unknown Webhook') });
    fake.inject((r) => r.method === 'POST', (r) => HttpResponse.json({ message: `bad ${r.url.href}`, code: 0 }, { status: 400 }));
    const echoed = await adapter().publish(publication());
    for (const r of [result, echoed, await wrong.delete({ remoteId: '1' })]) expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('lookup cannot search a webhook: unknown, creating nothing', async () => {
    expect(await adapter().lookup(publication(), 'k')).toMatchObject({ found: 'unknown' });
    expect(fake.requests).toEqual([]);
  });

  it('deletes through the webhook; an already deleted message is fine', async () => {
    const result = await adapter().publish(publication());
    if (!result.ok) throw new Error(result.message);
    expect(await adapter().delete(result)).toEqual({ ok: true });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE' });
    expect(fake.requests.at(-1)!.url.pathname).toBe(`/api/v10/webhooks/${WEBHOOK_ID}/${TOKEN}/messages/${result.remoteId}`);
    expect(await adapter().delete(result)).toEqual({ ok: true });
  });

  it('is selected by DISCORD_WEBHOOK_URL', () => {
    expect(selectAdapter('discord', { root: dir, env: ENV })).toMatchObject({ ok: true, via: 'network', adapter: { name: 'discord' } });
  });
});
