import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpResponse, delay, http } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { selectAdapter } from '../../src/adapters/select.ts';
import { telegramAdapter } from '../../src/adapters/telegram.ts';
import { fakeTelegram, telegramFixture, type FakeTelegram } from './fixtures/telegram/fake.ts';

const API = 'https://telegram.test';
const TOKEN = '123456789:AAHsecretTelegramBotToken_xyz';
const ENV = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '@boulangerie_lumiere', TELEGRAM_API_URL: API };
const LINK = 'https://boulangerie.example/blog/pain/';

const server = setupServer();
let fake: FakeTelegram;
let dir: string;
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  fake = fakeTelegram(API, TOKEN);
  server.use(...fake.handlers);
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-telegram-'));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const slept: number[] = [];
const adapter = (options: Parameters<typeof telegramAdapter>[2] = {}) => telegramAdapter(ENV, dir, { sleep: async (ms) => void slept.push(ms), ...options });
function publication(overrides: Partial<Publication> = {}, parts: PublicationPart[] = [{ text: 'Le pain sort du four 🥖', media: [] }]): Publication {
  return { postId: '2026-12-pain', channel: 'telegram', file: 'content/posts/2026/12/pain.mdx', title: 'Pain', parts, contentHash: 'sha256:0', key: '2026-12-pain.telegram.000000000000', ...overrides };
}
async function image(name: string): Promise<{ path: string; absolutePath: string; alt: string }> {
  const file = path.join(dir, name);
  writeFileSync(file, await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c87828' } }).jpeg().toBuffer());
  return { path: `content/posts/${name}`, absolutePath: file, alt: 'Photo' };
}

describe('Telegram adapter', () => {
  it('sendMessage with the link appended, to the chat, token only in the URL path', async () => {
    const result = await adapter().publish(publication({ link: LINK }));
    const [r] = fake.requests;
    expect(r!.url.href).toBe(`${API}/bot${TOKEN}/sendMessage`);
    expect(r!.headers['content-type']).toBe('application/json');
    expect(r!.json).toEqual({ chat_id: '@boulangerie_lumiere', text: `Le pain sort du four 🥖\n\n${LINK}` });
    expect(result).toEqual({ ok: true, remoteId: '101', url: 'https://t.me/boulangerie_lumiere/101' });
  });

  it('a content warning goes first, the text behind a spoiler entity (UTF-16 offsets)', async () => {
    await adapter().publish(publication({ spoiler: 'Spoiler 🎂' }));
    expect(fake.requests[0]!.json).toMatchObject({ text: 'Spoiler 🎂\n\nLe pain sort du four 🥖', entities: [{ type: 'spoiler', offset: 12, length: 23 }] });
  });

  it('one photo: sendPhoto multipart with caption; several: sendMediaGroup with attach:// and the caption on the first', async () => {
    const one = await adapter().publish(publication({}, [{ text: 'Une photo', media: [await image('a.jpg')] }]));
    expect(one.ok).toBe(true);
    const photo = fake.requests[0]!;
    expect(photo.botMethod).toBe('sendPhoto');
    expect(photo.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(photo.form).toMatchObject({ chat_id: { value: '@boulangerie_lumiere' }, caption: { value: 'Une photo' }, photo: { filename: 'a.jpg', type: 'image/jpeg' } });

    const group = await adapter().publish(publication({ key: 'k2' }, [{ text: 'Deux photos', media: [await image('a.jpg'), await image('b.jpg')] }]));
    const album = fake.requests[1]!;
    expect(album.botMethod).toBe('sendMediaGroup');
    expect(JSON.parse(album.form!.media!.value!)).toEqual([
      { type: 'photo', media: 'attach://file0', caption: 'Deux photos' },
      { type: 'photo', media: 'attach://file1' },
    ]);
    expect(album.form!.file1).toMatchObject({ filename: 'b.jpg' });
    expect(group).toMatchObject({ ok: true, remoteId: '102,103' });
  });

  it('thread parts reply to the previous part, paced about 1 s apart', async () => {
    slept.length = 0;
    const result = await adapter().publish(publication({}, [{ text: 'Un', media: [] }, { text: 'Deux', media: [] }, { text: 'Trois', media: [] }]));
    expect(fake.requests.map((r) => r.json!.reply_parameters)).toEqual([undefined, { message_id: 101 }, { message_id: 102 }]);
    expect(slept).toEqual([1100, 1100]);
    expect(result).toEqual({ ok: true, remoteId: '101', url: 'https://t.me/boulangerie_lumiere/101', replies: [{ remoteId: '102', url: 'https://t.me/boulangerie_lumiere/102' }, { remoteId: '103', url: 'https://t.me/boulangerie_lumiere/103' }] });
  });

  it('429 on part 2 → rate-limited with parameters.retry_after; the retry resumes the thread without resending part 1', async () => {
    fake.inject((r) => r.json?.text === 'Deux', () => HttpResponse.json(telegramFixture('errors.json')['429'] as Record<string, unknown>, { status: 429 }));
    const a = adapter();
    const thread = publication({}, [{ text: 'Un', media: [] }, { text: 'Deux', media: [] }]);
    expect(await a.publish(thread)).toMatchObject({ ok: false, kind: 'rate-limited', status: 429, retryAfterMs: 5000, message: expect.stringContaining('already sent: https://t.me/boulangerie_lumiere/101') });
    expect(await a.publish(thread)).toMatchObject({ ok: true, remoteId: '101', replies: [{ remoteId: '102' }] });
    expect(fake.requests.filter((r) => r.json?.text === 'Un')).toHaveLength(1);
  });

  it('400 → refused with the description; 500 → transient; 502 → unknown; timeout → unknown', async () => {
    const long = await adapter().publish(publication({}, [{ text: 'x'.repeat(1025), media: [await image('a.jpg')] }]));
    expect(long).toMatchObject({ ok: false, kind: 'refused', status: 400, message: 'sendPhoto: Bad Request: message caption is too long' });
    fake.inject(() => true, () => HttpResponse.json(telegramFixture('errors.json')['500'] as Record<string, unknown>, { status: 500 }));
    expect(await adapter().publish(publication())).toMatchObject({ kind: 'transient', status: 500 });
    fake.inject(() => true, () => new HttpResponse('<html>502</html>', { status: 502 }));
    expect(await adapter().publish(publication())).toMatchObject({ kind: 'unknown', status: 502 });
    server.use(http.post(`${API}/:bot/:method`, async () => (await delay(2000), HttpResponse.json({ ok: true }))));
    expect(await adapter({ timeoutMs: 50 }).publish(publication())).toMatchObject({ kind: 'unknown' });
  });

  it('the bot token never appears in a message, even when the URL is echoed back', async () => {
    fake.inject(() => true, () => HttpResponse.json({ ok: false, error_code: 400, description: `Bad Request: ${API}/bot${TOKEN}/sendMessage` }, { status: 400 }));
    const wrong = telegramAdapter({ ...ENV, TELEGRAM_BOT_TOKEN: `${TOKEN}x` }, dir);
    const results = [await adapter().publish(publication()), await wrong.publish(publication()), await wrong.delete({ remoteId: '1' })];
    for (const r of results) expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(results[1]).toMatchObject({ kind: 'refused', status: 401, message: 'sendMessage: Unauthorized' });
  });

  it('lookup: unknown without any call; delete: every message, already deleted is fine, too old is unsupported', async () => {
    expect(await adapter().lookup(publication(), 'k')).toMatchObject({ found: 'unknown' });
    expect(fake.requests).toEqual([]);
    const result = await adapter().publish(publication({}, [{ text: 'Deux photos', media: [await image('a.jpg'), await image('b.jpg')] }, { text: 'Suite', media: [] }]));
    if (!result.ok) throw new Error(result.message);
    expect(await adapter().delete(result)).toEqual({ ok: true });
    expect(fake.requests.filter((r) => r.botMethod === 'deleteMessage').map((r) => r.json)).toEqual([103, 101, 102].map((id) => ({ chat_id: '@boulangerie_lumiere', message_id: id })));
    expect(fake.messages.size).toBe(0);
    expect(await adapter().delete(result)).toEqual({ ok: true });
    fake.inject((r) => r.botMethod === 'deleteMessage', () => HttpResponse.json(telegramFixture('errors.json')['400-cannot-delete'] as Record<string, unknown>, { status: 400 }));
    expect(await adapter().delete({ remoteId: '5' })).toMatchObject({ ok: false, unsupported: true });
  });

  it('links to a private channel by its -100 id; is selected by TELEGRAM_BOT_TOKEN + TELEGRAM_CHAT_ID', async () => {
    const a = telegramAdapter({ ...ENV, TELEGRAM_CHAT_ID: '-1001234567890' }, dir);
    expect(await a.publish(publication())).toMatchObject({ url: 'https://t.me/c/1234567890/101' });
    expect(selectAdapter('telegram', { root: dir, env: ENV })).toMatchObject({ ok: true, via: 'network', adapter: { name: 'telegram' } });
  });
});
