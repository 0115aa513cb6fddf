/**
 * A randomized run of many ticks with random faults: every pair published exactly once or reported,
 * none twice, none lost.
 *
 * A brand of 12 posts on 2–3 channels each, due at various instants over a week, lives in a local bare
 * remote; two runners (clones) publish it tick by tick through `publishRun` in-process, sometimes at the
 * same time, against fake networks (test/publish/fault-adapter.ts) that fail at random: 429 with a
 * Retry-After the run waits for or not, 5xx before anything is created, a lost response or an exception
 * after the creation (unknown outcome), look-ups that fail, a refusal on a few pairs, and process crashes
 * before a call or between the network and the ledger (the run never returns; its runner is replaced by
 * a fresh clone, as a dead CI runner loses its disk). Ticks advance the schedule instant and the clock;
 * leases are the default 15 minutes, so a tick five minutes after a crash finds the pairs busy and a
 * later one reconciles them. After the last tick, runs go on without faults until nothing is due.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelId } from '../../src/core/channels.ts';
import { resolveDateTime } from '../../src/core/time.ts';
import { DEFAULT_LEASE_MS, publishRun, type Outcome, type RunReport } from '../../src/publish/run.ts';
import { loadLedger } from '../../src/publish/store.ts';
import { editorialLine } from '../helpers/brand.ts';
import { FakeNetworks, SimulatedProcess, unit } from './fault-adapter.ts';
import { firstPush, remoteBrand, type RemoteBrand } from './helpers.ts';

const CHANNELS: readonly ChannelId[] = ['mastodon', 'bluesky', 'x', 'linkedin'];
const ENV: NodeJS.ProcessEnv = {
  MASTODON_TOKEN: 'fake-mastodon-token',
  MASTODON_API_URL: 'https://mastodon.invalid',
  BLUESKY_IDENTIFIER: 'boulangerie.bsky.invalid',
  BLUESKY_APP_PASSWORD: 'fake-app-password',
  X_ACCESS_TOKEN: 'fake-x-token',
  LINKEDIN_ACCESS_TOKEN: 'fake-linkedin-token',
  LINKEDIN_AUTHOR_URN: 'urn:li:organization:42',
};
const TIME_ZONE = 'Europe/Paris';
const POSTS = 12;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SEEDS = [1, 2, 3];

let remote: RemoteBrand | undefined;
afterEach(() => {
  remote?.cleanup();
  remote = undefined;
});

interface PlannedPost {
  id: string;
  publishAt: string;
  publishAtMs: number;
  channels: ChannelId[];
}

/** 12 posts over the week of Monday 2026-12-07, 2–3 channels each; a few pairs the networks refuse. */
function seedBrand(r: RemoteBrand, seed: number): { posts: PlannedPost[]; refused: Set<string> } {
  const times = ['08:00', '09:30', '12:15', '18:00', '21:45'];
  const posts: PlannedPost[] = [];
  for (let i = 0; i < POSTS; i++) {
    const day = 7 + Math.floor(unit(seed, 'day', i) * 7);
    const time = times[Math.floor(unit(seed, 'time', i) * times.length)]!;
    const publishAt = `2026-12-${String(day).padStart(2, '0')}T${time}`;
    const shuffled = [...CHANNELS].sort((a, b) => unit(seed, 'order', i, a) - unit(seed, 'order', i, b));
    const channels = shuffled.slice(0, 2 + Math.floor(unit(seed, 'count', i) * 2));
    const name = `post-${String(i).padStart(2, '0')}`;
    r.seed.post(`2026/12/${name}.mdx`, {
      title: `Fournée numéro ${i}`,
      publishAt,
      channels,
      pillar: i % 2 ? 'produits' : 'coulisses',
      text: `Fournée ${i} : le pain au levain numéro ${i} sort du four (${['seigle', 'épeautre', 'froment', 'sarrasin'][i % 4]}).`,
    });
    const resolved = resolveDateTime(publishAt, TIME_ZONE);
    if (!resolved.ok) throw new Error(`unresolvable ${publishAt}`);
    posts.push({ id: `2026-12-${name}`, publishAt, publishAtMs: resolved.epochMs, channels });
  }
  firstPush(r);
  // One pair refused on one post, every pair of another.
  const refused = new Set<string>([`${posts[3]!.id}:${posts[3]!.channels[0]}`, ...posts[8]!.channels.map((c) => `${posts[8]!.id}:${c}`)]);
  return { posts, refused };
}

interface Stats {
  runs: number;
  concurrentTicks: number;
  crashes: number;
  outcomes: Map<string, number>;
}

async function simulate(seed: number) {
  remote = remoteBrand(editorialLine({ channels: { mastodon: {}, bluesky: {}, x: {}, linkedin: {} } }));
  const r = remote;
  const { posts, refused } = seedBrand(r, seed);
  const networks = new FakeNetworks({ seed, refused });
  const runners = [r.clone(), r.clone()];
  const stats: Stats = { runs: 0, concurrentTicks: 0, crashes: 0, outcomes: new Map() };
  const allOutcomes: Outcome[] = [];
  let processes = 0;

  /** One publish run on runner `i` at schedule instant `nowMs` (the clock a few seconds later). */
  const runOn = async (i: number, nowMs: number, clockMs: number): Promise<RunReport | 'crashed'> => {
    const proc = new SimulatedProcess(`p${++processes}`);
    stats.runs++;
    let clock = clockMs;
    const run = publishRun({
      root: runners[i]!,
      nowMs,
      clock: () => (clock += 250),
      env: ENV,
      leaseMs: DEFAULT_LEASE_MS,
      retry: { attempts: 3, baseMs: 1_000, maxWaitMs: 60_000 },
      sleep: async () => {},
      factories: networks.factories(proc, CHANNELS),
    });
    const result = await Promise.race([run, proc.crashed]);
    if (result === 'crashed') {
      stats.crashes++;
      // The dead run never settles; its runner (and its working copy) is gone.
      runners[i] = r.clone();
      return result;
    }
    for (const o of result.outcomes) {
      allOutcomes.push(o);
      stats.outcomes.set(o.kind, (stats.outcomes.get(o.kind) ?? 0) + 1);
    }
    expect(result.gitError, `run on runner ${i}`).toBeUndefined();
    expect(result.ledgerProblems).toEqual([]);
    return result;
  };

  // Ticks: from Monday 00:00 to a day after the last post, in steps of 5 minutes (inside a crashed run's
  // lease) to 14 hours; one runner or both at once.
  const start = resolveDateTime('2026-12-07T00:00', TIME_ZONE);
  if (!start.ok) throw new Error('start');
  const end = Math.max(...posts.map((p) => p.publishAtMs)) + 2 * HOUR;
  const steps = [5 * MINUTE, 2 * HOUR, 7 * HOUR, 14 * HOUR];
  let t = start.epochMs;
  for (let tick = 0; t <= end; tick++) {
    const both = unit(seed, 'both', tick) < 0.35;
    if (both) {
      stats.concurrentTicks++;
      await Promise.all([runOn(0, t, t), runOn(1, t, t)]);
    } else await runOn(unit(seed, 'runner', tick) < 0.5 ? 0 : 1, t, t);
    t += steps[Math.floor(unit(seed, 'step', tick) * steps.length)]!;
  }

  // No more faults: run until nothing is due (the leases of crashed runs have run out by then).
  networks.faults = false;
  let last: RunReport | undefined;
  for (let quiet = 0; quiet < 8; quiet++) {
    t += HOUR;
    const report = await runOn(quiet % 2, t, t);
    if (report === 'crashed') throw new Error('a run crashed without faults');
    last = report;
    if (report.plan.due.length === 0 && report.plan.busy.length === 0) break;
  }
  expect(last!.plan.due).toEqual([]);
  expect(last!.plan.busy).toEqual([]);

  // The remote's ledger, as a fresh runner sees it.
  const { ledger, problems } = loadLedger(r.clone());
  expect(problems).toEqual([]);
  const stuck = new Map(last!.plan.stuck.map((s) => [`${s.postId}:${s.channel}`, s.reason]));
  const verdicts: string[] = [];
  for (const post of posts) {
    for (const channel of post.channels) {
      const pair = `${post.id}:${channel}`;
      const record = ledger.get(pair);
      const creations = networks.creationsOf(post.id, channel);
      const events = record?.events ?? [];
      const where = `${pair} (seed ${seed}): ${creations.length} creation(s) ${JSON.stringify(creations.map((c) => c.id))}, ledger ${events.map((e) => e.type).join(' → ')}`;
      // Never twice, whatever happened.
      expect(creations.length, where).toBeLessThanOrEqual(1);
      expect(events.filter((e) => e.type === 'published').length, where).toBeLessThanOrEqual(1);
      expect(record?.state, where).not.toBe('claimed');
      if (refused.has(pair)) {
        // Refused: failed for good, reported, never created.
        expect(creations, where).toEqual([]);
        expect(record?.state, where).toBe('failed');
        expect(record?.lastError, where).toMatchObject({ type: 'failed', retryable: false, status: 422 });
        expect(stuck.get(pair), where).toMatch(/^refused: /);
        expect(allOutcomes.some((o) => `${o.postId}:${o.channel}` === pair && o.kind === 'failed' && /refused: 422/.test(o.message ?? '')), where).toBe(true);
        verdicts.push('refused');
      } else if (record?.state === 'published') {
        // Published exactly once, and the ledger names that very creation.
        expect(creations.length, where).toBe(1);
        expect(record.published, where).toMatchObject({ remoteId: creations[0]!.id, key: creations[0]!.key });
        verdicts.push(record.published!.reconciled ? 'reconciled' : 'published');
      } else {
        // Otherwise only "out of attempts", with nothing on the network, and reported.
        expect(record?.state, where).toBe('failed');
        expect(creations, where).toEqual([]);
        expect(stuck.get(pair), where).toMatch(/^failed \d+ times/);
        verdicts.push('stuck');
      }
    }
  }
  // Every creation belongs to a pair of the brand (nothing sent for a post or channel that is not due).
  const pairs = new Set(posts.flatMap((p) => p.channels.map((c) => `${p.id}:${c}`)));
  expect(networks.creations.filter((c) => !pairs.has(`${c.postId}:${c.channel}`))).toEqual([]);
  return { verdicts, stats, injected: networks.injected, pairs: pairs.size };
}

describe('publish under random faults (randomized, several seeds)', () => {
  it('a randomized run of many ticks with random faults: every pair published exactly once or reported, none twice, none lost', { timeout: 600_000 }, async () => {
    const injected = new Map<string, number>();
    const outcomes = new Map<string, number>();
    const verdicts = new Map<string, number>();
    let crashes = 0;
    let concurrent = 0;
    for (const seed of SEEDS) {
      const result = await simulate(seed);
      remote?.cleanup();
      remote = undefined;
      for (const [k, v] of result.injected) injected.set(k, (injected.get(k) ?? 0) + v);
      for (const [k, v] of result.stats.outcomes) outcomes.set(k, (outcomes.get(k) ?? 0) + v);
      for (const v of result.verdicts) verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
      crashes += result.stats.crashes;
      concurrent += result.stats.concurrentTicks;
    }
    // The paths this test exists for were exercised (over all seeds).
    for (const fault of ['ok', 'rate-limited-short', 'rate-limited-long', 'server-error', 'timeout-after', 'throw-after', 'crash-after', 'crash-before', 'refused', 'lookup:ok', 'lookup:lookup-failed'])
      expect(injected.get(fault) ?? 0, `${fault} injected`).toBeGreaterThan(0);
    for (const kind of ['published', 'reconciled', 'failed', 'unconfirmed', 'busy']) expect(outcomes.get(kind) ?? 0, `${kind} outcomes`).toBeGreaterThan(0);
    expect(crashes).toBeGreaterThan(0);
    expect(concurrent).toBeGreaterThan(0);
    expect((verdicts.get('published') ?? 0) + (verdicts.get('reconciled') ?? 0)).toBeGreaterThan(0);
    console.log(
      `randomized publish, seeds ${SEEDS.join(',')}: verdicts ${JSON.stringify(Object.fromEntries(verdicts))}; ` +
        `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; faults ${JSON.stringify(Object.fromEntries(injected))}; crashes ${crashes}, concurrent ticks ${concurrent}`,
    );
  });
});

/**
 * KNOWN LIMIT. A run now starts a send only while a third of its claim is left (test/publish/lease.test.ts),
 * and adapters bound every request (30 s timeouts), so a send cannot outlive the claim. What stays
 * unfenceable without the network's own idempotency is a single call that hangs past the whole claim:
 * forced here with a call held open and a frozen clock, a second runner takes the stale claims over and
 * publishes, then the held call completes. Mastodon's Idempotency-Key and Bluesky's record keys absorb it;
 * the others cannot. `it.fails`: passes while the limit holds (and fails if the set-up goes wrong, see the
 * early return); turn it into `it` if the runner ever fences in-flight calls (e.g. with a per-call deadline
 * signal tied to the claim).
 */
describe('a run that outlives its lease', () => {
  it.fails('does not send pairs whose claims have gone stale (known bug: it does, and they are published twice)', async () => {
    remote = remoteBrand(editorialLine({ channels: { mastodon: {} } }));
    const r = remote;
    r.seed.post('2026/12/a.mdx', { title: 'Premier', publishAt: '2026-12-07T08:00', channels: ['mastodon'], pillar: 'produits', text: 'Le premier pain de la semaine.' });
    r.seed.post('2026/12/b.mdx', { title: 'Second', publishAt: '2026-12-07T08:30', channels: ['mastodon'], pillar: 'coulisses', text: 'Le second pain de la semaine.' });
    firstPush(r);
    const networks = new FakeNetworks({ seed: 0 });
    networks.faults = false;
    // The first run's first call takes longer than the lease (held until released).
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inSlowCall = new Promise<void>((resolve) => (started = resolve));
    const slowAdapter = networks.adapter('mastodon', new SimulatedProcess('slow'));
    const t = Date.parse('2026-12-07T09:00:00+01:00');
    const first = publishRun({
      root: r.clone(),
      nowMs: t,
      clock: () => t,
      env: ENV,
      sleep: async () => {},
      factories: {
        mastodon: () => ({
          ...slowAdapter,
          publish: async (publication) => {
            started();
            await slow;
            return slowAdapter.publish(publication);
          },
        }),
      },
    });
    await inSlowCall;
    // Sixteen minutes later another runner finds both claims stale, looks them up (not there) and publishes.
    const later = t + 16 * MINUTE;
    const second = await publishRun({ root: r.clone(), nowMs: later, clock: () => later, env: ENV, sleep: async () => {}, factories: networks.factories(new SimulatedProcess('second'), ['mastodon']) });
    release();
    const firstReport = await first;
    // Only the assertions below may throw: a broken set-up returns, which fails this `it.fails`.
    if (second.outcomes.map((o) => o.kind).join() !== 'published,published' || firstReport.gitError) return;
    expect(networks.creationsOf('2026-12-a', 'mastodon')).toHaveLength(1);
    expect(networks.creationsOf('2026-12-b', 'mastodon')).toHaveLength(1);
  });
});
