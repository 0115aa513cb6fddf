import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicPost, editorialLine, runCli, tempBrand, type TempBrand } from '../helpers/brand.ts';
import { API, FakeGitHub, OWNER, REPO } from '../github/fake-github.ts';

const AT = '--at=2026-12-07T09:30:00+01:00';
const HEAD = 'a'.repeat(40);

// Proof of approval at publish time: with `approval.required`, a post is sent only when the commit that
// last changed it came through a merged pull request approved by others. The publish runs in-process,
// so the GitHub API is faked at the HTTP level (msw).
describe('cadence publish with approval.required', () => {
  const server = setupServer();
  let github: FakeGitHub;
  let brand: TempBrand;
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    github = new FakeGitHub();
    server.use(...github.handlers);
    brand = tempBrand({ git: true, line: editorialLine({ approval: { required: 1 } }) });
    brand.post('2026/12/pain.mdx', basicPost());
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'Nouveau pain (#7)');
  });
  afterEach(() => {
    server.resetHandlers();
    brand.cleanup();
  });

  const env = { GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: API, GITHUB_REF_NAME: 'main' };
  const outbox = () => (existsSync(path.join(brand.root, '.cadence/outbox/mastodon')) ? readdirSync(path.join(brand.root, '.cadence/outbox/mastodon')) : []);
  const ledger = () => readFileSync(path.join(brand.root, 'data/ledger/2026-12-pain/mastodon.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('holds a post without approval, says why, and sends nothing', async () => {
    const commit = brand.git('rev-parse', 'HEAD').trim();
    github.commitPulls.set(commit, []);
    const run = await runCli(['publish', AT], brand.root, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/unapproved/);
    expect(run.stdout).toContain('direct push');
    expect(outbox()).toEqual([]);
    expect(existsSync(path.join(brand.root, 'data/ledger'))).toBe(false);
  });

  it('fails closed without a token', async () => {
    const run = await runCli(['publish', AT], brand.root, {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('GITHUB_REPOSITORY is not set');
    expect(outbox()).toEqual([]);
  });

  it('publishes an approved post and records who approved, in which pull request', async () => {
    const commit = brand.git('rev-parse', 'HEAD').trim();
    github.pulls.set(7, { number: 7, state: 'closed', head: { sha: HEAD, ref: 'pain', repo: { full_name: `${OWNER}/${REPO}` } }, base: { ref: 'main' }, user: { login: 'camille' }, merged_at: '2026-12-01T10:00:00Z', html_url: `https://github.com/${OWNER}/${REPO}/pull/7` });
    github.commitPulls.set(commit, [7]);
    github.reviews.set(7, [{ id: 1, user: { login: 'julien' }, state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-12-01T09:00:00Z' }]);
    github.pullCommits.set(7, [{ sha: HEAD, author: { login: 'camille' } }]);
    const run = await runCli(['publish', AT], brand.root, env);
    expect(run.code, run.stdout).toBe(0);
    expect(outbox()).toHaveLength(1);
    const events = ledger();
    const proof = { pr: 7, url: `https://github.com/${OWNER}/${REPO}/pull/7`, commit, headSha: HEAD, mergedAt: '2026-12-01T10:00:00Z', approvers: ['julien'], required: 1 };
    expect(events.find((e) => e.type === 'claimed')).toMatchObject({ approval: proof });
    expect(events.find((e) => e.type === 'published')).toMatchObject({ approval: proof });
    expect(github.writes()).toEqual([]);
  });
});
