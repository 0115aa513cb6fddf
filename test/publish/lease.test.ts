import { afterEach, describe, expect, it } from 'vitest';
import { publishRun } from '../../src/publish/run.ts';
import { editorialLine } from '../helpers/brand.ts';
import { FakeNetworks, SimulatedProcess } from './fault-adapter.ts';
import { firstPush, remoteBrand, type RemoteBrand } from './helpers.ts';

const MINUTE = 60_000;
// Credentials make the run use the fake network's adapter (without them a channel goes to the outbox).
const ENV: NodeJS.ProcessEnv = { MASTODON_TOKEN: 'fake-token', MASTODON_API_URL: 'https://mastodon.invalid' };
let remote: RemoteBrand | undefined;
afterEach(() => remote?.cleanup());

// A run that has used most of its claim (slow sends on one channel) must not start another send: it
// releases the rest, which the next run publishes exactly once.
describe('a slow publish run near the end of its claim', () => {
  it('releases what it can no longer send in time, and the next run sends it once', async () => {
    remote = remoteBrand(editorialLine({ channels: { mastodon: {} } }));
    remote.seed.post('2026/12/a.mdx', { title: 'Premier', publishAt: '2026-12-07T08:00', channels: ['mastodon'], pillar: 'produits', text: 'Le premier pain de la semaine.' });
    remote.seed.post('2026/12/b.mdx', { title: 'Second', publishAt: '2026-12-07T08:30', channels: ['mastodon'], pillar: 'coulisses', text: 'Le second pain de la semaine.' });
    firstPush(remote);
    const networks = new FakeNetworks({ seed: 0 });
    networks.faults = false;
    const t = Date.parse('2026-12-07T09:00:00+01:00');
    let now = t;
    const slow = networks.adapter('mastodon', new SimulatedProcess('slow'));
    const first = await publishRun({
      root: remote.clone(),
      nowMs: t,
      clock: () => now,
      env: ENV,
      sleep: async () => {},
      factories: {
        mastodon: () => ({
          ...slow,
          // The first send succeeds after 11 of the claim's 15 minutes.
          publish: async (publication, signal) => {
            now += 11 * MINUTE;
            return slow.publish(publication, signal);
          },
        }),
      },
    });
    expect(first.outcomes.map((o) => [o.postId, o.kind])).toEqual([
      ['2026-12-a', 'published'],
      ['2026-12-b', 'held'],
    ]);
    expect(networks.creationsOf('2026-12-b', 'mastodon')).toHaveLength(0);

    const later = t + 16 * MINUTE;
    const second = await publishRun({ root: remote.clone(), nowMs: later, clock: () => later, env: ENV, sleep: async () => {}, factories: networks.factories(new SimulatedProcess('second'), ['mastodon']) });
    expect(second.outcomes.map((o) => [o.postId, o.kind])).toEqual([['2026-12-b', 'published']]);
    expect(networks.creationsOf('2026-12-a', 'mastodon')).toHaveLength(1);
    expect(networks.creationsOf('2026-12-b', 'mastodon')).toHaveLength(1);
  });
});
