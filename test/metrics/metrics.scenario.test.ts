// A user's day: the sample brand publishes to the outbox, then `cadence metrics` reads the seeded
// history at later instants, once per milestone; `cadence report` prints the month, and its CSV.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/brand.ts';
import { execFileSync } from 'node:child_process';

const brand = mkdtempSync(path.join(tmpdir(), 'cadence-metrics-'));
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@x', ...args], { cwd: brand, encoding: 'utf8' });
const env = { CADENCE_OUTBOX: '1', CADENCE_CLOCK: '2026-12-08T20:00:00+01:00' };

beforeAll(async () => {
  for (const folder of ['content', 'public', 'samples']) cpSync(path.join(REPO_ROOT, folder), path.join(brand, folder), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'brand');
  const published = await runCli(['publish', '--at', '2026-12-08T20:00:00+01:00'], brand, env);
  expect(published.code, published.stdout + published.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(brand, { recursive: true, force: true }));

function rows(file: string): Record<string, unknown>[] {
  return readFileSync(path.join(brand, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('cadence metrics on the outbox (no account)', () => {
  it('takes +1 h an hour later, from the seeded history, with null for what a network does not have', async () => {
    const result = await runCli(['metrics', '--at', '2026-12-08T21:05:00+01:00'], brand, { ...env, CADENCE_CLOCK: '2026-12-08T21:05:00+01:00' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ mastodon\s+6 readings/);
    const masto = rows('data/metrics/posts/2026-12/mastodon.jsonl');
    const snapshot = masto.find((r) => r.age === '1h' && r.post === 'fete-des-lumieres-2026')!;
    expect(snapshot).toMatchObject({ ch: 'mastodon', ageH: 1.1 });
    expect(Object.keys(snapshot)).not.toContain('views'); // Mastodon has no views: not asked, never 0
    expect(masto.find((r) => r.pub && r.post === 'fete-des-lumieres-2026')).toMatchObject({ title: expect.any(String), campaign: 'lumieres-2026' });
    // Followers once a day, with the days the outbox's history knows.
    expect(rows('data/metrics/accounts/instagram/2026.jsonl').at(-1)).toMatchObject({ d: '2026-12-08', followers: expect.any(Number) });
    expect(git('log', '-1', '--format=%s')).toContain('cadence: metrics');
  });

  it('is exactly once: a re-run at the same instant takes nothing; a late run takes the latest milestone and says so', async () => {
    const again = await runCli(['metrics', '--at', '2026-12-08T21:05:00+01:00', '--dry-run'], brand, env);
    expect(again.stdout).toContain('nothing');
    const late = await runCli(['metrics', '--at', '2026-12-10T20:00:00+01:00'], brand, { ...env, CADENCE_CLOCK: '2026-12-10T20:00:00+01:00' });
    expect(late.code).toBe(0);
    const day = rows('data/metrics/posts/2026-12/mastodon.jsonl').find((r) => r.age === '24h' && r.post === 'fete-des-lumieres-2026')!;
    expect(day).toMatchObject({ late: true, ageH: 48 });
    const keys = rows('data/metrics/posts/2026-12/mastodon.jsonl').filter((r) => r.age).map((r) => `${r.post}:${r.age}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a channel with half its credentials fails alone, with a clear message; the others are read', async () => {
    const result = await runCli(['metrics', '--at', '2026-12-16T21:00:00+01:00'], brand, { ...env, CADENCE_CLOCK: '2026-12-16T21:00:00+01:00', FACEBOOK_PAGE_TOKEN: 'secret-token-value' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✖ facebook');
    expect(result.stdout).toContain('FACEBOOK_PAGE_ID');
    expect(result.stdout).not.toContain('secret-token-value');
    expect(result.stdout).toMatch(/✓ instagram\s+\d+ readings/);
  });

  it('on a GitHub runner a channel without credentials is an error unless CADENCE_OUTBOX=1', async () => {
    const result = await runCli(['metrics', '--at', '2026-12-17T21:00:00+01:00', '--dry-run', '--channel', 'mastodon'], brand, { GITHUB_ACTIONS: 'true' });
    expect(result.stdout).toContain('no credentials in this workflow');
  });

  it('cadence report: the month in French, and a CSV French Excel opens (BOM, ;, decimal comma, one row per publication)', async () => {
    const md = await runCli(['report', '--month', '2026-12', '--at', '2026-12-17T21:00:00+01:00'], brand, {});
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('# Boulangerie Lumière — Rapport de décembre 2026');
    expect(md.stdout).toContain('## Objectifs');
    const csv = await runCli(['report', '--month', '2026-12', '--at', '2026-12-17T21:00:00+01:00', '--format', 'csv', '--output', 'dec.csv'], brand, {});
    expect(csv.code).toBe(0);
    const text = readFileSync(path.join(brand, 'dec.csv'), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('post;title;channel;published_at;url;pillar;campaign;reading;read_at;late;views;reach;likes;comments;reposts;quotes;shares;saves;clicks;profileClicks;videoViews;engagement_rate_pct;rate_basis;lift');
    const masto = lines.find((l) => l.startsWith('fete-des-lumieres-2026;') && l.includes(';mastodon;'))!;
    expect(masto.split(';').length).toBe(24);
    expect(masto).toMatch(/;mastodon;2026-12-08T20:00:\d\d\+01:00;/);
    expect(masto.split(';')[10]).toBe(''); // views: Mastodon has none, empty, not 0
    expect(lines.length - 1).toBe(readdirSync(path.join(brand, '.cadence/outbox')).reduce((n, ch) => n + readdirSync(path.join(brand, '.cadence/outbox', ch)).length, 0) + 1); // + the blog
  });

  it('usage errors: a malformed month, pdf without a file', async () => {
    expect((await runCli(['report', '--month', '2026-13'], brand, {})).stderr).toContain('--month must be YYYY-MM');
    expect((await runCli(['report', '--format', 'pdf'], brand, {})).code).toBe(2);
  });
});
