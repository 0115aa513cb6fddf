/** The real CLI (child process) publishing to a fake Telegram Bot API served over HTTP on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { basicPost } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, spawnCliAsync } from '../publish/helpers.ts';
import { AT, cliScenario, lineWith } from './fixtures/cli-scenario.ts';
import { fakeTelegram, type FakeTelegram } from './fixtures/telegram/fake.ts';

const TOKEN = '987654321:AAcliTelegramToken_Secret';
const scenario = cliScenario();

describe('cadence publish → Telegram (real CLI, fake Bot API over HTTP)', () => {
  it('publishes a thread once as a reply chain, records message ids and links, and the rerun publishes nothing', async () => {
    let fake: FakeTelegram | undefined;
    const served = await scenario.serve((base) => (fake = fakeTelegram(base, TOKEN)).handlers);
    const remote = scenario.brand(lineWith('telegram'));
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['telegram'], thread: [{ text: 'Au levain naturel.' }] }));
    firstPush(remote);
    const runner = remote.clone();
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '@boulangerie_lumiere', TELEGRAM_API_URL: served.base };

    const run = await spawnCliAsync(['publish', AT], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(TOKEN);
    expect([...fake!.messages.entries()]).toEqual([
      [101, { kind: 'text', text: basicPost().text }],
      [102, { kind: 'text', text: 'Au levain naturel.', reply_to: 101 }],
    ]);
    const published = ledgerEvents(remote.clone(), '2026-12-pain', 'telegram').filter((e) => e.type === 'published');
    expect(published).toEqual([expect.objectContaining({ adapter: 'telegram', remoteId: '101', url: 'https://t.me/boulangerie_lumiere/101', replies: [{ remoteId: '102', url: 'https://t.me/boulangerie_lumiere/102' }] })]);

    const again = await spawnCliAsync(['publish', AT], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(fake!.messages.size).toBe(2);
  });
});
