/**
 * The real CLI (a child process) publishing to a fake Mastodon instance: a node:http server on
 * 127.0.0.1 that answers with the same msw handlers as the unit tests (msw only intercepts fetch in
 * its own process, so the child talks to a real socket).
 */
import { describe, expect, it } from 'vitest';
import { basicPost } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, spawnCliAsync } from '../publish/helpers.ts';
import { AT, cliScenario } from './fixtures/cli-scenario.ts';
import { fakeMastodon, type FakeMastodon } from './fixtures/mastodon/fake.ts';

const TOKEN = 'mastodon-cli-token-8Hq2mZ';
const scenario = cliScenario();

async function serve(make: (base: string) => FakeMastodon): Promise<{ base: string; fake: FakeMastodon }> {
  let fake: FakeMastodon | undefined;
  const served = await scenario.serve((base) => (fake = make(base)).handlers);
  return { base: served.base, fake: fake! };
}

describe('cadence publish → Mastodon (real CLI, fake instance over HTTP)', () => {
  it('publishes once, records the remote id and URL in the ledger, and the rerun publishes nothing', async () => {
    const { base, fake } = await serve((b) => fakeMastodon(b, TOKEN));
    const remote = scenario.brand();
    remote.seed.post('2026/12/pain.mdx', basicPost({ link: 'https://boulangerie.example/blog/pain/', thread: [{ text: 'Et il est au levain naturel.' }] }));
    firstPush(remote);
    const runner = remote.clone();
    const env = { MASTODON_API_URL: base, MASTODON_TOKEN: TOKEN };

    const run = await spawnCliAsync(['publish', AT], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Mastodon: 1 published/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);

    expect(fake.statuses).toHaveLength(2);
    const [reply, post] = fake.statuses;
    expect(post!.text).toBe(`${basicPost().text}\n\nhttps://boulangerie.example/blog/pain/`);
    expect(reply!.in_reply_to_id).toBe(post!.id);

    const fresh = remote.clone();
    const published = ledgerEvents(fresh, '2026-12-pain', 'mastodon').filter((e) => e.type === 'published');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ adapter: 'mastodon', remoteId: post!.id, url: `${base}/@trwnh/${post!.id}`, replies: [{ remoteId: reply!.id, url: `${base}/@trwnh/${reply!.id}` }] });
    const claim = ledgerEvents(fresh, '2026-12-pain', 'mastodon').find((e) => e.type === 'claimed')!;
    const keys = fake.requests.filter((r) => r.url.pathname === '/api/v1/statuses').map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([claim.key, `${claim.key}.1`]);
    expect(JSON.stringify(ledgerEvents(fresh, '2026-12-pain', 'mastodon'))).not.toContain(TOKEN);

    const again = await spawnCliAsync(['publish', AT], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(fake.statuses).toHaveLength(2);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('a run killed right after the send is reconciled by the next run from the account statuses, without a second post', async () => {
    const { base, fake } = await serve((b) => fakeMastodon(b, TOKEN));
    const remote = scenario.brand();
    remote.seed.post('2026/12/pain.mdx', basicPost());
    firstPush(remote);
    const runner = remote.clone();
    const env = { MASTODON_API_URL: base, MASTODON_TOKEN: TOKEN };

    // A short claim for the run that dies only: the next run keeps the default one, so that a busy machine
    // does not make it too slow for its own claim (it would hold the post, rightly, and this test would fail).
    // A run sends only in the first two thirds of its claim: 1 s left a loaded machine 0.67 s from the claim's
    // push to the send, and the run held the post instead of dying after the send (seen in a full run at load 6).
    const crashed = await spawnCliAsync(['publish', AT], runner, { ...env, CADENCE_LEASE_SECONDS: '6', CADENCE_FAULT: 'after-send' });
    expect(crashed.signal).toBe('SIGKILL');
    expect(fake.statuses).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 6200)); // the dead run's lease runs out

    const next = await spawnCliAsync(['publish', AT], remote.clone(), env);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/reconciled/);
    expect(fake.statuses).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.url.pathname === '/api/v1/statuses')).toHaveLength(1);
    const published = ledgerEvents(remote.clone(), '2026-12-pain', 'mastodon').filter((e) => e.type === 'published');
    expect(published).toEqual([expect.objectContaining({ remoteId: fake.statuses[0]!.id, reconciled: true, url: `${base}/@trwnh/${fake.statuses[0]!.id}` })]);
  });
});
