// Two `cadence metrics` runs at once, from two clones of the sample brand pushed to a local bare remote,
// and a run killed between reading and recording: on the remote, every reading (post, channel,
// milestone) is stored exactly once, and none that was due is lost.
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/brand.ts';
import { git, spawnCliAsync } from '../publish/helpers.ts';

const PUBLISHED = '2026-12-08T20:00:00+01:00';
const env = { CADENCE_OUTBOX: '1' };
const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
let bare: string;

/** A clone of the remote, as a runner starts from. */
function clone(): string {
  const dir = temp('cadence-metrics-clone-');
  git(dir, 'clone', '-q', bare, '.');
  git(dir, 'config', 'user.name', 'Runner');
  git(dir, 'config', 'user.email', 'runner@example.org');
  return dir;
}

/** Every row of data/metrics/ as the remote has it now. */
function remoteRows(): { file: string; row: Record<string, unknown> }[] {
  const dir = clone();
  const root = path.join(dir, 'data/metrics');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(path.join(root, file), 'utf8').split('\n').filter(Boolean).map((line) => ({ file, row: JSON.parse(line) as Record<string, unknown> })));
}

const readingKey = (r: Record<string, unknown>) => `${r.post} ${r.ch} ${r.age}`;

/** The readings due at an instant, from a dry run on a fresh clone (what one run alone would take). */
async function plannedAt(at: string): Promise<string[]> {
  const result = await spawnCliAsync(['metrics', '--at', at, '--dry-run', '--format', 'json'], clone(), { ...env, CADENCE_CLOCK: at });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { planned: { post: string; channel: string; milestone: string }[] }).planned.map((p) => `${p.post} ${p.channel} ${p.milestone}`);
}

/** Each reading, descriptor and account day at most once on the remote; returns the reading keys. */
function expectEachOnce(): Set<string> {
  const rows = remoteRows();
  const count = (keys: string[]) => {
    const seen = new Map<string, number>();
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
  };
  const readings = rows.filter(({ row }) => row.age !== undefined).map(({ row }) => readingKey(row));
  expect(count(readings), 'readings stored twice').toEqual([]);
  expect(count(rows.filter(({ row }) => row.rid !== undefined).map(({ row }) => `${row.post} ${row.ch}`)), 'publications described twice').toEqual([]);
  expect(count(rows.filter(({ file }) => file.startsWith('accounts/')).map(({ row }) => `${row.ch} ${row.d}`)), 'account days stored twice').toEqual([]);
  expect(count(rows.filter(({ file }) => file.startsWith('blog/')).map(({ row }) => JSON.stringify(row))), 'blog rows stored twice').toEqual([]);
  return new Set(readings);
}

beforeAll(async () => {
  const seed = temp('cadence-metrics-seed-');
  for (const folder of ['content', 'public', 'samples']) cpSync(path.join(REPO_ROOT, folder), path.join(seed, folder), { recursive: true });
  writeFileSync(path.join(seed, '.gitignore'), '.cadence/\n');
  bare = temp('cadence-metrics-remote-');
  git(bare, 'init', '-q', '--bare', '-b', 'main');
  git(seed, 'init', '-q', '-b', 'main');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'brand');
  git(seed, 'remote', 'add', 'origin', bare);
  git(seed, 'push', '-q', '-u', 'origin', 'main');
  // The day's posts, published to the outbox; the ledger reaches the remote.
  const published = await runCli(['publish', '--at', PUBLISHED], seed, { ...env, CADENCE_CLOCK: PUBLISHED });
  expect(published.code, published.stdout + published.stderr).toBe(0);
}, 180_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('cadence metrics: two runs at once, a rerun, a crash', () => {
  it('two runs at once from two clones store every +1 h reading once, and a rerun takes nothing', async () => {
    const at = '2026-12-08T21:05:00+01:00';
    const planned = await plannedAt(at);
    expect(planned.length).toBeGreaterThan(10);
    const [a, b] = [clone(), clone()];
    const runs = await Promise.all([a, b].map((dir) => spawnCliAsync(['metrics', '--at', at, '--format', 'json'], dir, { ...env, CADENCE_CLOCK: at })));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { pushed: boolean }).pushed).toBe(true);
    }
    const stored = expectEachOnce();
    expect(planned.filter((key) => !stored.has(key)), 'readings due but lost').toEqual([]);
    // Both runs say what they did; the account days of the evening are stored once (checked above).
    expect(remoteRows().filter(({ file }) => file.startsWith('runs/')).length).toBe(2);

    const rerun = await spawnCliAsync(['metrics', '--at', at, '--format', 'json'], clone(), { ...env, CADENCE_CLOCK: at });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((JSON.parse(rerun.stdout) as { channels: { readings: number }[] }).channels.reduce((n, c) => n + c.readings, 0)).toBe(0);
    expect(expectEachOnce()).toEqual(stored);
  }, 180_000);

  it('a run that reads while another pushes: its push is refused, it merges, drops what the other stored, and pushes the rest', async () => {
    const at = '2026-12-09T21:00:00+01:00';
    const planned = await plannedAt(at);
    expect(planned.length).toBeGreaterThan(10);
    const [late, early] = [clone(), clone()];
    // The interleaving, made certain: when `late` is about to push its readings, `early` reads the same
    // ones and pushes first (a pre-push hook runs it once), so `late`'s push is refused.
    const flag = path.join(late, '.git', 'early-ran');
    const hook = path.join(late, '.git', 'hooks', 'pre-push');
    writeFileSync(
      hook,
      `#!/bin/sh\n[ -f '${flag}' ] && exit 0\ntouch '${flag}'\ncd '${early}' && CADENCE_OUTBOX=1 CADENCE_CLOCK='${at}' '${process.execPath}' '${path.join(REPO_ROOT, 'bin/cadence.js')}' metrics --at '${at}' > '${flag}' 2>&1\nexit 0\n`,
    );
    chmodSync(hook, 0o755);
    const run = await spawnCliAsync(['metrics', '--at', at, '--format', 'json'], late, { ...env, CADENCE_CLOCK: at });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(flag, 'utf8'), 'the other run, inside the hook').toContain('committed and pushed');
    const report = JSON.parse(run.stdout) as { pushed: boolean; channels: { readings: number }[] };
    expect(report.pushed).toBe(true);
    expect(report.channels.reduce((n, c) => n + c.readings, 0)).toBeGreaterThan(0); // it did read them too
    const stored = expectEachOnce();
    expect(planned.filter((key) => !stored.has(key)), 'readings due but lost').toEqual([]);
  }, 180_000);

  it('a run killed between reading and recording loses nothing and duplicates nothing: the next run, there or elsewhere, records it once', async () => {
    const at = '2026-12-15T21:00:00+01:00';
    const planned = await plannedAt(at);
    expect(planned.length).toBeGreaterThan(10);
    const before = expectEachOnce();
    const runner = clone();
    const crash = await spawnCliAsync(['metrics', '--at', at], runner, { ...env, CADENCE_CLOCK: at, CADENCE_FAULT: 'after-read' });
    expect(crash.signal).toBe('SIGKILL');
    expect(expectEachOnce(), 'nothing reached the remote').toEqual(before);
    // The runner's disk kept the readings, uncommitted; another runner reads them meanwhile.
    expect(git(runner, 'status', '--porcelain', '--', 'data/metrics')).not.toBe('');
    const other = await spawnCliAsync(['metrics', '--at', at], clone(), { ...env, CADENCE_CLOCK: at });
    expect(other.code, other.stderr).toBe(0);
    // Then the crashed runner runs again: what it had written is merged with the other's, kept once.
    const again = await spawnCliAsync(['metrics', '--at', '2026-12-15T22:00:00+01:00', '--format', 'json'], runner, { ...env, CADENCE_CLOCK: '2026-12-15T22:00:00+01:00' });
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { recovered: string[] }).recovered).toContain('data/metrics/posts/2026-12/mastodon.jsonl');
    expect(git(runner, 'status', '--porcelain', '--', 'data/metrics'), 'nothing left behind uncommitted').toBe('');
    const stored = expectEachOnce();
    expect(planned.filter((key) => !stored.has(key)), 'readings due but lost').toEqual([]);
  }, 240_000);

  it('CADENCE_FAULT is checked', async () => {
    const result = await runCli(['metrics', '--dry-run'], clone(), { CADENCE_FAULT: 'before-send' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CADENCE_FAULT must be after-read');
  });
});
