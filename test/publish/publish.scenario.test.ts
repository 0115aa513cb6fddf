import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { basicPost, runCli } from '../helpers/brand.ts';
import { firstPush, git, ledgerEvents, outboxEntries, readJson, remoteBrand, spawnCliAsync, type RemoteBrand } from './helpers.ts';

const AT = '--at=2026-12-07T09:30:00+01:00';
let remote: RemoteBrand | undefined;
afterEach(() => {
  remote?.cleanup();
  remote = undefined;
});

/** Three posts due on Monday 2026-12-07 morning, on two to three channels each: 7 pairs. */
function seedPosts(r: RemoteBrand): string[] {
  r.seed.post('2026/12/pain.mdx', basicPost({ channels: ['mastodon', 'bluesky', 'x'] }));
  r.seed.post('2026/12/croissant.mdx', basicPost({ text: 'Les croissants du dimanche reviennent.', publishAt: '2026-12-07T07:00', channels: ['mastodon', 'bluesky'], pillar: 'coulisses' }));
  r.seed.post('2026/12/galette.mdx', basicPost({ text: 'La galette arrive en janvier.', publishAt: '2026-12-07T06:30', channels: ['linkedin', 'x'] }));
  r.seed.post('2026/12/later.mdx', basicPost({ text: 'Pas encore.', publishAt: '2026-12-09T09:00' }));
  firstPush(r);
  return ['2026-12-croissant:bluesky', '2026-12-croissant:mastodon', '2026-12-galette:linkedin', '2026-12-galette:x', '2026-12-pain:bluesky', '2026-12-pain:mastodon', '2026-12-pain:x'];
}

/** Pairs published in the remote's ledger, each with its number of `published` events. */
function remotePublished(r: RemoteBrand): Map<string, number> {
  const dir = r.clone();
  const counts = new Map<string, number>();
  const files = git(dir, 'ls-files', 'data/ledger').trim().split('\n').filter(Boolean);
  for (const file of files) {
    const [, , postId, name] = file.split('/');
    const channel = name!.replace('.jsonl', '');
    const n = ledgerEvents(dir, postId!, channel).filter((e) => e.type === 'published').length;
    if (n) counts.set(`${postId}:${channel}`, n);
  }
  return counts;
}

const outboxPairs = (root: string) => outboxEntries(root).map((e) => { const [channel, file] = e.split('/'); return `${file!.split('.')[0]}:${channel}`; }).sort();

describe('cadence due / publish through the outbox with a Git ledger', () => {
  it('lists what is due, publishes it once, pushes the ledger, and finds nothing more on the next run', async () => {
    remote = remoteBrand();
    const pairs = seedPosts(remote);
    const runner = remote.clone();

    const due = await runCli(['due', AT, '--format', 'json'], runner);
    expect(due.code).toBe(0);
    const rows = JSON.parse(due.stdout) as { post: string; channel: string; publishAt: string; action: string }[];
    expect(rows.map((r) => `${r.post}:${r.channel}`).sort()).toEqual(pairs);
    expect(rows[0]).toMatchObject({ post: '2026-12-galette', publishAt: '2026-12-07T06:30:00+01:00', action: 'publish' });

    const dry = await runCli(['publish', AT, '--dry-run'], runner);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would-publish');
    expect(outboxEntries(runner)).toEqual([]);
    expect(git(runner, 'status', '--porcelain')).toBe('');

    const summary = path.join(mkdtempSync(path.join(tmpdir(), 'cadence-summary-')), 'summary.md');
    const run = await spawnCliAsync(['publish', AT], runner, { GITHUB_STEP_SUMMARY: summary });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Mastodon: 2 published/);
    expect(outboxPairs(runner)).toEqual(pairs);
    expect([...remotePublished(remote).entries()].sort()).toEqual(pairs.map((p) => [p, 1]));
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(/^## Cadence publish — 2026-12-07T09:30:00\+01:00/);
    expect(markdown).toContain('| Mastodon | 2 |');
    rmSync(path.dirname(summary), { recursive: true, force: true });

    const entry = readJson<{ parts: { text: string }[]; key: string }>(path.join(runner, '.cadence/outbox/mastodon', outboxEntries(runner).find((e) => e.startsWith('mastodon/2026-12-pain'))!.split('/')[1]!));
    expect(entry.parts[0]!.text).toBe(basicPost().text);

    const again = await runCli(['publish', AT], runner);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('nothing due') });
    expect(JSON.parse((await runCli(['due', AT, '--format', 'json'], runner)).stdout)).toEqual([]);
  });

  it('two publish processes at once, from two clones: every pair published exactly once', async () => {
    remote = remoteBrand();
    const pairs = seedPosts(remote);
    const a = remote.clone();
    const b = remote.clone();
    const [ra, rb] = await Promise.all([spawnCliAsync(['publish', AT], a), spawnCliAsync(['publish', AT], b)]);
    expect(ra.stderr + rb.stderr).toBe('');
    // Each clone's outbox is its own "network": together they hold each pair once.
    expect([...outboxPairs(a), ...outboxPairs(b)].sort()).toEqual(pairs);
    expect([...remotePublished(remote).entries()].sort()).toEqual(pairs.map((p) => [p, 1]));
    expect([ra.code, rb.code]).toEqual([0, 0]);
  });

  it('a crash between the network and the ledger: the rerun looks the post up and does not publish it twice', async () => {
    remote = remoteBrand();
    const pairs = seedPosts(remote);
    const runner = remote.clone();
    const crash = await spawnCliAsync(['publish', AT], runner, { CADENCE_FAULT: 'after-send' });
    expect(crash.signal).toBe('SIGKILL');
    // Channels run side by side: a few sends may have completed before the process died.
    const before = outboxPairs(runner);
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(pairs.length);
    const sent = before[0]!;
    // The claims reached the remote before the network was called.
    const claimed = remote.clone();
    const [postId, channel] = sent.split(':');
    expect(ledgerEvents(claimed, postId!, channel!).map((e) => e.type)).toEqual(['claimed']);

    // While the crashed run's lease holds, another run leaves its pairs alone.
    const waiting = await spawnCliAsync(['publish', AT], runner);
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toContain('busy');
    expect(outboxPairs(runner)).toEqual(before);

    // Sixteen minutes later (the real clock, not the schedule instant), the lease has run out.
    const rerun = await spawnCliAsync(['publish', AT], runner, { CADENCE_CLOCK: new Date(Date.now() + 16 * 60_000).toISOString() });
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${postId} reconciled (reconcile)`);
    expect(outboxPairs(runner)).toEqual(pairs);
    expect([...remotePublished(remote).entries()].sort()).toEqual(pairs.map((p) => [p, 1]));
    const events = ledgerEvents(remote.clone(), postId!, channel!);
    expect(events.map((e) => e.type)).toEqual(['claimed', 'claimed', 'published']);
    expect(events[2]).toMatchObject({ reconciled: true });
  });

  it('a crash after the claim but before any call: the rerun finds nothing and publishes once', async () => {
    remote = remoteBrand();
    const pairs = seedPosts(remote);
    const runner = remote.clone();
    const crash = await spawnCliAsync(['publish', AT], runner, { CADENCE_FAULT: 'before-send', CADENCE_LEASE_SECONDS: '0' });
    expect(crash.signal).toBe('SIGKILL');
    expect(outboxEntries(runner)).toEqual([]);
    const rerun = await spawnCliAsync(['publish', AT], runner);
    expect(rerun.code).toBe(0);
    expect(outboxPairs(runner)).toEqual(pairs);
    expect([...remotePublished(remote).entries()].sort()).toEqual(pairs.map((p) => [p, 1]));
  });

  it('pause holds due posts (recorded in Git), resume releases them', async () => {
    remote = remoteBrand();
    seedPosts(remote);
    const manager = remote.clone();
    const runner = remote.clone();
    const pause = await runCli(['pause', '--channel', 'mastodon', '--reason', 'Crise en cours'], manager);
    expect(pause).toMatchObject({ code: 0, stdout: expect.stringContaining('committed and pushed') });
    expect(await runCli(['pause'], manager)).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason is required') });

    const run = await spawnCliAsync(['publish', AT], runner);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Mastodon: 2 held/);
    expect(run.stdout).toContain('paused: Crise en cours');
    expect(outboxPairs(runner).filter((p) => p.endsWith(':mastodon'))).toEqual([]);
    expect(outboxPairs(runner)).toHaveLength(5);
    const due = await runCli(['due', AT], runner);
    expect(due.stdout).toContain('Held by a pause');

    const all = await runCli(['pause', '--reason', 'Tout arrêter'], manager);
    expect(all.code).toBe(0);
    const resumeAll = await runCli(['resume'], manager);
    expect(resumeAll.stdout).toContain('all channels resumed');
    const resume = await runCli(['resume', '--channel', 'mastodon'], manager);
    expect(resume).toMatchObject({ code: 0, stdout: expect.stringContaining('mastodon resumed') });
    const after = await spawnCliAsync(['publish', AT], runner);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Mastodon: 2 published/);
    expect(outboxPairs(runner)).toHaveLength(7);
  });

  it('never sends what lint rejects: the pair is blocked and the run exits 1', async () => {
    remote = remoteBrand();
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['mastodon', 'bluesky'], pillar: 'inconnu' }));
    remote.seed.post('2026/12/ok.mdx', basicPost({ text: 'Tout va bien.', channels: ['bluesky'], publishAt: '2026-12-07T08:00' }));
    firstPush(remote);
    const runner = remote.clone();
    const run = await runCli(['publish', AT], runner);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✖ 2026-12-pain blocked {2}lint: .*pillar/);
    expect(outboxPairs(runner)).toEqual(['2026-12-ok:bluesky']);
    expect(ledgerEvents(runner, '2026-12-pain', 'mastodon')).toEqual([]);
  });

  it('an edited published post is not reposted; a retracted one is deleted and recorded', async () => {
    remote = remoteBrand();
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['mastodon', 'bluesky'] }));
    firstPush(remote);
    const runner = remote.clone();
    expect((await runCli(['publish', AT], runner)).code).toBe(0);

    remote.seed.git('pull', '-q', '--rebase', 'origin', 'main');
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['mastodon', 'bluesky'], text: 'Texte corrigé après coup.' }));
    remote.pushSeed('edit');
    const edited = await runCli(['publish', AT], runner);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('was edited after it was published');
    expect(outboxEntries(runner)).toHaveLength(2);

    remote.seed.git('pull', '-q', '--rebase', 'origin', 'main');
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['mastodon', 'bluesky'], status: 'retracted' }));
    remote.pushSeed('retract');
    const retract = await runCli(['publish', AT], runner);
    expect(retract.code).toBe(0);
    expect(retract.stdout).toMatch(/Mastodon: 1 retracted/);
    const entry = readJson<{ deletedAt?: string }>(path.join(runner, '.cadence/outbox', outboxEntries(runner)[0]!));
    expect(entry.deletedAt).toBeDefined();
    expect(ledgerEvents(runner, '2026-12-pain', 'mastodon').at(-1)).toMatchObject({ type: 'retracted', deleted: true });
    expect((await runCli(['publish', AT], runner)).stdout).toContain('nothing due');
  });

  it('refuses half a set of credentials without printing it, and leaves the pair unclaimed', async () => {
    remote = remoteBrand();
    remote.seed.post('2026/12/pain.mdx', basicPost({ channels: ['bluesky', 'mastodon'] }));
    firstPush(remote);
    const runner = remote.clone();
    const run = await spawnCliAsync(['publish', AT], runner, { BLUESKY_APP_PASSWORD: 'super-secret-app-password' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('BLUESKY_APP_PASSWORD is set but BLUESKY_IDENTIFIER is missing');
    expect(run.stdout + run.stderr).not.toContain('super-secret');
    expect(outboxPairs(runner)).toEqual(['2026-12-pain:mastodon']);
    expect(ledgerEvents(runner, '2026-12-pain', 'bluesky')).toEqual([]);
  });
});
