/** The real CLI (child process) publishing to a fake Slack incoming webhook served over HTTP on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { basicPost } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, spawnCliAsync } from '../publish/helpers.ts';
import { AT, cliScenario, lineWith } from './fixtures/cli-scenario.ts';
import { fakeSlack, HOOK_PATH, type FakeSlack } from './fixtures/slack/fake.ts';

const scenario = cliScenario();

describe('cadence publish → Slack (real CLI, fake webhook over HTTP)', () => {
  it('publishes once with an image from public/ by its site URL, records slack:<key>, and the rerun publishes nothing', async () => {
    let fake: FakeSlack | undefined;
    const served = await scenario.serve((base) => (fake = fakeSlack(base)).handlers);
    const remote = scenario.brand(lineWith('slack'));
    remote.seed.write('public/images/pain.png', Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['slack'], media: [{ src: '../../../../public/images/pain.png', alt: 'Une miche' }] }));
    firstPush(remote);
    const runner = remote.clone();
    const env = { SLACK_WEBHOOK_URL: `https://hooks.slack.com${HOOK_PATH}`, SLACK_API_URL: served.base };

    const run = await spawnCliAsync(['publish', AT], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('XXXXslackSECRETxxxx');
    expect(fake!.posted).toEqual([
      {
        text: basicPost().text,
        unfurl_links: true,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: basicPost().text } },
          { type: 'image', image_url: 'https://boulangerie.example/images/pain.png', alt_text: 'Une miche' },
        ],
      },
    ]);
    const events = ledgerEvents(remote.clone(), '2026-12-pain', 'slack');
    const claim = events.find((e) => e.type === 'claimed')!;
    expect(events.filter((e) => e.type === 'published')).toEqual([expect.objectContaining({ adapter: 'slack', remoteId: `slack:${claim.key}` })]);

    const again = await spawnCliAsync(['publish', AT], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(fake!.posted).toHaveLength(1);
  });
});
