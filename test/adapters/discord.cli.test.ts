/** The real CLI (child process) publishing to a fake Discord webhook served over HTTP on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { basicPost } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, spawnCliAsync } from '../publish/helpers.ts';
import { AT, cliScenario, lineWith } from './fixtures/cli-scenario.ts';
import { fakeDiscord, WEBHOOK_ID, type FakeDiscord } from './fixtures/discord/fake.ts';

const TOKEN = 'discord-cli-webhook-token-Qm3';
const scenario = cliScenario();

describe('cadence publish → Discord (real CLI, fake webhook over HTTP)', () => {
  it('publishes once, records the message id and link, and the rerun publishes nothing', async () => {
    let fake: FakeDiscord | undefined;
    const served = await scenario.serve((base) => (fake = fakeDiscord(`${base}/api/v10`, TOKEN)).handlers);
    const remote = scenario.brand(lineWith('discord'));
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['discord'] }));
    firstPush(remote);
    const runner = remote.clone();
    const env = { DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${TOKEN}`, DISCORD_API_URL: `${served.base}/api/v10` };

    const run = await spawnCliAsync(['publish', AT], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(`${run.stdout}`).not.toContain(TOKEN);
    expect(fake!.messages.size).toBe(1);
    const [id, message] = [...fake!.messages.entries()][0]!;
    expect(message.content).toBe(basicPost().text);
    const published = ledgerEvents(remote.clone(), '2026-12-pain', 'discord').filter((e) => e.type === 'published');
    expect(published).toEqual([expect.objectContaining({ adapter: 'discord', remoteId: id, url: `https://discord.com/channels/290926798626357999/290926798999357250/${id}` })]);

    const again = await spawnCliAsync(['publish', AT], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(fake!.messages.size).toBe(1);
  });
});
