/**
 * A community manager's day with `cadence moderate`, on a brand repository cloned from a local bare
 * remote (each clone is a runner): a run, a rerun, a crash between a call and its record, a 429, a
 * network down while the others go on, an invalid charter, an expired token. Third parties' words never
 * reach Git.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModerationAdapter } from '../../src/adapters/moderation.ts';
import { inboxModeration } from '../../src/adapters/inbox.ts';
import { parseLog, type ModerationEvent } from '../../src/core/moderation/log.ts';
import { localQueue } from '../../src/moderation/queue.ts';
import { moderateRun } from '../../src/moderation/run.ts';
import { runCli } from '../helpers/brand.ts';
import { git, spawnCliAsync, type RemoteBrand } from '../publish/helpers.ts';
import { AT, committedData, day, env, moderationBrand, thirdPartyWords } from './helpers.ts';

let remote: RemoteBrand | undefined;
afterEach(() => remote?.cleanup());

function events(root: string, channel: string): ModerationEvent[] {
  const dir = path.join(root, 'data/moderation/log');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((month) => {
    const file = path.join(dir, month, `${channel}.jsonl`);
    return existsSync(file) ? parseLog(readFileSync(file, 'utf8')).events : [];
  });
}

const fresh = (root: string) => {
  git(root, 'pull', '-q', '--rebase');
  return root;
};

describe('cadence moderate on a day of replies', () => {
  it('decides, hides, reports, flags and records, with no third party text or handle in Git; a rerun does nothing', async () => {
    remote = moderationBrand(day);
    const runner = remote.clone();
    const first = await runCli(['moderate', '--at', AT], runner, env());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Instagram \(local inbox\): 7 read · 2 hidden · 1 flagged · 1 to answer · 1 answered \(first reply after 30 min\)/);
    expect(first.stdout).toMatch(/ig-2 hidden\s+insultes/);
    expect(first.stdout).toMatch(/ig-3 flagged\s+liens-suspects/);
    expect(first.stdout).toMatch(/m-2 reported\s+harcelement/);

    const check = fresh(remote.clone());
    const ig = events(check, 'instagram');
    expect(ig.filter((e) => e.type === 'decided')).toHaveLength(7);
    expect(ig.find((e) => e.type === 'acted' && e.action === 'hide')).toMatchObject({ interaction: 'ig-2', rule: 'insultes', by: 'cadence' });
    // The ambassador-free personal-data reply is hidden; the question answered by the team has its delay.
    expect(ig.find((e) => e.type === 'first-reply')).toMatchObject({ interaction: 'ig-6', seconds: 1800, by: 'team' });
    // The question of the 7th at 10:00 has had no reply for 34 h: to answer.
    expect(ig.find((e) => e.type === 'acted' && e.action === 'to-answer')).toMatchObject({ interaction: 'ig-1' });
    const queue = await localQueue(runner).listOpen();
    expect(queue.map((q) => q.key).sort()).toEqual(['instagram:ig-1:to-answer', 'instagram:ig-2:flag', 'instagram:ig-3:flag', 'instagram:ig-4:flag', 'mastodon:m-2:flag'].sort());
    // The excerpt lives in the queue (outside Git), the log has ids, rules and pseudonyms only.
    expect(queue.find((q) => q.key === 'instagram:ig-2:flag')!.excerpt).toContain('connards');
    const data = committedData(remote.bare).toLowerCase();
    expect(data).toContain('"author":"p_');
    for (const word of thirdPartyWords) expect(data, word).not.toContain(word);

    const commits = git(remote.bare, 'rev-list', '--count', 'main');
    const again = await runCli(['moderate', '--at', AT], runner, env());
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Instagram \(local inbox\): nothing new/);
    expect(git(remote.bare, 'rev-list', '--count', 'main')).toBe(commits);
    // --since re-reads, and still decides nothing twice.
    const since = await runCli(['moderate', '--at', AT, '--since', '2026-12-01T00:00:00Z'], runner, env());
    expect(since.stdout).toMatch(/Instagram \(local inbox\): nothing new/);
  }, 180_000);

  it("a question left unanswered goes to the queue; the team's later answer records the delay and closes the item", async () => {
    remote = moderationBrand({
      instagram: [
        { id: 'q-1', post: 'pain', kind: 'comment', author: { id: 'u9', handle: '@patrick.g' }, text: 'Jusqu’à quand peut-on commander la bûche ?', at: '2026-12-06T10:00:00+01:00' },
        { id: 'r-1', post: 'pain', kind: 'comment', author: { id: 'b', handle: '@julien.fournil' }, text: 'Jusqu’au 20 décembre, Patrick !', at: '2026-12-08T21:00:00+01:00', parent: 'q-1' },
      ],
    });
    const runner = remote.clone();
    const first = await runCli(['moderate', '--at', AT, '--channel', 'instagram'], runner, env());
    expect(first.stdout).toMatch(/1 read · 1 to answer/);
    expect((await localQueue(runner).listOpen()).map((q) => q.key)).toEqual(['instagram:q-1:to-answer']);
    const later = await runCli(['moderate', '--at', '2026-12-08T22:00:00+01:00', '--channel', 'instagram'], runner, env());
    expect(later.stdout).toMatch(/1 read · 1 answered \(first reply after 59\.0 h\)/);
    expect(await localQueue(runner).listOpen()).toEqual([]);
    expect(events(fresh(remote.clone()), 'instagram').find((e) => e.type === 'first-reply')).toMatchObject({ interaction: 'q-1', seconds: 212_400, by: 'team', reply: 'r-1' });
  }, 120_000);

  it('--dry-run decides and shows without acting or committing', async () => {
    remote = moderationBrand(day);
    const runner = remote.clone();
    const r = await runCli(['moderate', '--at', AT, '--dry-run', '--channel', 'instagram', '--format', 'json'], runner, env());
    const report = JSON.parse(r.stdout);
    expect(report.channels).toHaveLength(1);
    expect(report.channels[0].items.find((i: { interaction: string }) => i.interaction === 'ig-2').result).toBe('would-hide');
    expect(existsSync(path.join(runner, 'data/moderation'))).toBe(false);
    expect(existsSync(path.join(runner, '.cadence/moderation/queue.jsonl'))).toBe(false);
  }, 120_000);

  it('a crash between the call and its record: the next run reads the outcome back and acts only once', async () => {
    remote = moderationBrand({ instagram: day.instagram });
    const runner = remote.clone();
    const crashed = await spawnCliAsync(['moderate', '--at', AT], runner, { ...env(), CADENCE_FAULT: 'after-act', CADENCE_LEASE_SECONDS: '1' });
    expect(crashed.signal).toBe('SIGKILL');
    // The claims were pushed before the call; no outcome was.
    const afterCrash = fresh(remote.clone());
    const claimed = events(afterCrash, 'instagram').filter((e) => e.type === 'claimed');
    expect(claimed.length).toBeGreaterThan(0);
    expect(events(afterCrash, 'instagram').filter((e) => e.type === 'acted')).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const rerun = await runCli(['moderate', '--at', AT], runner, env());
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    const all = events(fresh(remote.clone()), 'instagram');
    const acted = all.filter((e) => e.type === 'acted');
    // Every claimed action has exactly one outcome; the hide done before the crash was read back, not redone.
    for (const claim of claimed) expect(acted.filter((e) => (e as { key: string }).key === (claim as { key: string }).key), (claim as { key: string }).key).toHaveLength(1);
    expect(acted.find((e) => e.action === 'hide')).toMatchObject({ interaction: 'ig-2', reconciled: true });
    expect(all.filter((e) => e.type === 'decided')).toHaveLength(7);
    // Nothing was decided twice and no second queue item was opened.
    expect((await localQueue(runner).listOpen()).filter((q) => q.key === 'instagram:ig-2:flag')).toHaveLength(1);
  }, 180_000);

  it('an invalid charter stops everything before reading, with the file, line and rule', async () => {
    remote = moderationBrand(day);
    const runner = remote.clone();
    writeFileSync(path.join(runner, 'content/netiquette.mdx'), '---\nrules:\n  - id: x\n    label: X\n    match:\n      patterns: ["(a+)+$"]\n    action: hide\ncontact: a@b.c\n---\n');
    const r = await runCli(['moderate', '--at', AT], runner, env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/content\/netiquette\.mdx:6: pattern can backtrack catastrophically.*netiquette\/pattern-redos/);
    expect(existsSync(path.join(runner, 'data/moderation'))).toBe(false);
  }, 120_000);

  it('an unknown field in the charter is a usage error with its line and a suggestion; nothing is read', async () => {
    remote = moderationBrand(day);
    const runner = remote.clone();
    writeFileSync(path.join(runner, 'content/netiquette.mdx'), '---\ncontact: a@b.c\nrules:\n  - id: x\n    label: X\n    match:\n      terms: [abruti]\n    acton: hide\n---\n');
    const r = await runCli(['moderate', '--at', AT], runner, env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/content\/netiquette\.mdx:\d+: .*`acton`.*did you mean `action`/);
    expect(existsSync(path.join(runner, 'data/moderation'))).toBe(false);
  }, 120_000);

  it('on a GitHub runner, no pseudonym key stops the run before reading anything', async () => {
    remote = moderationBrand(day);
    const runner = remote.clone();
    const r = await runCli(['moderate', '--at', AT], runner, { GITHUB_ACTIONS: 'true', CADENCE_OUTBOX: '1', CADENCE_QUEUE: 'local' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CADENCE_PSEUDONYM_KEY is not set/);
    expect(existsSync(path.join(runner, 'data/moderation'))).toBe(false);
  }, 120_000);
});

describe('one network in trouble, the others go on', () => {
  const TOKEN = 'tok-secret-123456';
  /** The local inbox of a channel, with its list or its hide replaced. */
  function faulty(channel: 'mastodon' | 'instagram', root: string, change: Partial<ModerationAdapter>): ModerationAdapter {
    return { ...inboxModeration(root, channel), name: `fake-${channel}`, ...change };
  }

  it('a network down and an expired token: those channels fail with a clear message, nothing is marked done there, the others are moderated', async () => {
    remote = moderationBrand(day);
    const runner = remote.clone();
    const report = await moderateRun({
      root: runner,
      nowMs: Date.parse(AT),
      env: { ...env(), MASTODON_TOKEN: TOKEN, MASTODON_API_URL: 'https://m.example', INSTAGRAM_TOKEN: 'ig', INSTAGRAM_USER_ID: '1' },
      queue: localQueue(runner),
      factories: {
        mastodon: () => faulty('mastodon', runner, { list: async () => ({ ok: false, kind: 'transient', message: 'GET /api/v1/notifications: connect ECONNREFUSED' }) }),
        instagram: () => faulty('instagram', runner, {}),
        x: () => faulty('instagram', runner, { list: async () => ({ ok: false, kind: 'refused', status: 401, message: `Invalid OAuth access token ${TOKEN}` }) }),
      },
    });
    const byChannel = Object.fromEntries(report.channels.map((c) => [c.channel, c]));
    expect(byChannel.mastodon).toMatchObject({ status: 'failed' });
    expect(byChannel.mastodon!.message).toMatch(/cannot read replies: transient: .*ECONNREFUSED.*nothing was changed for mastodon/);
    expect(byChannel.instagram).toMatchObject({ status: 'ok', read: 7 });
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    expect(existsSync(path.join(runner, 'data/moderation/state/mastodon.json'))).toBe(false);
    expect(existsSync(path.join(runner, 'data/moderation/state/instagram.json'))).toBe(true);
  }, 120_000);

  it('a 429 on hide: recorded as failed, retried by the next run, done once', async () => {
    remote = moderationBrand({ instagram: day.instagram });
    const runner = remote.clone();
    let calls = 0;
    let limited = true;
    const factories = {
      instagram: () =>
        faulty('instagram', runner, {
          setHidden: async (ref, hidden) => {
            calls++;
            if (limited) return { ok: false, kind: 'rate-limited', status: 429, message: 'Too many calls', retryAfterMs: 3_600_000 };
            return inboxModeration(runner, 'instagram').setHidden!(ref, hidden);
          },
        }),
    };
    const options = { root: runner, nowMs: Date.parse(AT), env: { ...env(), INSTAGRAM_TOKEN: 'ig', INSTAGRAM_USER_ID: '1' }, queue: localQueue(runner), channels: new Set(['instagram'] as const), factories, sleep: async () => {} };
    const first = await moderateRun(options);
    expect(first.channels[0]!.items.find((i) => i.interaction === 'ig-2')).toMatchObject({ result: 'failed' });
    expect(calls).toBe(2); // ig-2 and ig-4, once each: a wait of an hour is not taken in this run
    expect(events(runner, 'instagram').filter((e) => e.type === 'failed')).toMatchObject([{ key: 'instagram:ig-2:hide', retryable: true }, { key: 'instagram:ig-4:hide', retryable: true }]);
    limited = false;
    const second = await moderateRun(options);
    expect(second.channels[0]!.settled).toEqual([
      { key: 'instagram:ig-2:hide', result: 'hide' },
      { key: 'instagram:ig-4:hide', result: 'hide' },
    ]);
    expect(calls).toBe(4);
    const third = await moderateRun(options);
    expect(third.channels[0]!.settled).toEqual([]);
    expect(calls).toBe(4);
    const acted = events(runner, 'instagram').filter((e) => e.type === 'acted' && e.action === 'hide');
    expect(acted.map((e) => (e as { interaction: string }).interaction)).toEqual(['ig-2', 'ig-4']);
  }, 120_000);

  it('the circuit breaker: a bad rule that would hide most replies hides nothing, flags everything, and fails the run loudly', async () => {
    remote = moderationBrand({ instagram: Array.from({ length: 12 }, (_, i) => ({ id: `b-${i}`, post: 'pain', author: { id: `u${i}` }, text: `Bonjour ${i}`, at: `2026-12-08T1${i % 10}:00:00+01:00` })) });
    const runner = remote.clone();
    writeFileSync(path.join(runner, 'content/netiquette.mdx'), '---\ncontact: a@b.c\nrules:\n  - id: trop-large\n    label: Règle trop large\n    match:\n      terms: [bonjour]\n    action: hide\n---\n');
    const r = await runCli(['moderate', '--at', AT, '--channel', 'instagram'], runner, env());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CIRCUIT BREAKER: this run would have hidden or reported 12 of 12/);
    expect(r.stdout).not.toMatch(/⊘/);
    expect((await localQueue(runner).listOpen()).length).toBe(12);
    expect(existsSync(path.join(runner, '.cadence/outbox/moderation/instagram.jsonl'))).toBe(false);
    expect(events(runner, 'instagram').find((e) => e.type === 'breaker')).toMatchObject({ read: 12, wouldHide: 12, limit: 0.3 });
  }, 120_000);
});
