/** The real CLI (child process) publishing a thread to a fake Threads API served over HTTP on 127.0.0.1. */
import { describe, expect, it } from 'vitest';
import { basicPost } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, spawnCliAsync } from '../publish/helpers.ts';
import { AT, cliScenario, lineWith } from './fixtures/cli-scenario.ts';
import { fakeThreads, THREADS_USER_ID, type FakeThreads } from './fixtures/threads/fake.ts';

const TOKEN = 'THAAcliToken-8Hq2mZ';
const LINK = 'https://boulangerie.example/blog/pain/';
const scenario = cliScenario();

describe('cadence publish → Threads (real CLI, fake Threads API over HTTP)', () => {
  it('publishes a thread once as a reply chain, records the ids and permalinks, and the rerun publishes nothing', async () => {
    let fake: FakeThreads | undefined;
    const served = await scenario.serve((base) => (fake = fakeThreads(base, TOKEN)).handlers);
    const remote = scenario.brand(lineWith('threads'));
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['threads'], text: 'Notre nouveau pain au levain sort du four ce matin. #boulangerie', link: LINK, thread: [{ text: 'Et il est au levain naturel.' }] }));
    firstPush(remote);
    const runner = remote.clone();
    const env = { THREADS_TOKEN: TOKEN, THREADS_USER_ID, THREADS_API_URL: served.base };

    const run = await spawnCliAsync(['publish', AT], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 published/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);

    expect(fake!.posts).toHaveLength(2);
    const [reply, post] = fake!.posts;
    expect(post!.container.params).toEqual({ media_type: 'TEXT', text: 'Notre nouveau pain au levain sort du four ce matin. #boulangerie', topic_tag: 'boulangerie', link_attachment: LINK });
    expect(reply!.container.params).toEqual({ media_type: 'TEXT', text: 'Et il est au levain naturel.', reply_to_id: post!.id });
    expect(fake!.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && !r.href.includes(TOKEN))).toBe(true);

    const events = ledgerEvents(remote.clone(), '2026-12-pain', 'threads');
    expect(events.filter((e) => e.type === 'published')).toEqual([
      expect.objectContaining({ adapter: 'threads', remoteId: post!.id, url: post!.permalink, replies: [{ remoteId: reply!.id, url: reply!.permalink }] }),
    ]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);

    const again = await spawnCliAsync(['publish', AT], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(fake!.posts).toHaveLength(2);
    expect(fake!.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
  });
});
