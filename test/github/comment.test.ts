import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, describeGitHubError } from '../../src/github/octokit.ts';
import { runComment, type WorkflowRunEvent } from '../../src/github/comment.ts';
import { REVIEW_MARKER } from '../../src/review/markdown.ts';
import { parseReport } from '../../src/review/schema.ts';
import type { ReviewedPost, ReviewReport } from '../../src/review/types.ts';
import { runCli } from '../helpers/brand.ts';
import { API, FakeGitHub, OWNER, REPO } from './fake-github.ts';

const HEAD = 'c0ffee'.padEnd(40, '1');
const NEWER = 'beef'.padEnd(40, '2');
const RUN_ID = 4242;
const repo = { owner: OWNER, name: REPO };
const server = setupServer();
let github: FakeGitHub;
let dir: string;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  github = new FakeGitHub();
  server.use(...github.handlers);
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-artifact-'));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

function post(overrides: Partial<ReviewedPost> = {}): ReviewedPost {
  return {
    status: 'added',
    file: 'content/posts/2026/12/noel.mdx',
    id: '2026-12-noel',
    title: 'La fournée de Noël',
    pillar: 'produits',
    postStatus: 'ready',
    channels: ['mastodon', 'x'],
    diagnostics: [{ file: 'content/posts/2026/12/noel.mdx', line: 12, column: 3, rule: 'text/length', severity: 'error', message: 'X counts 300 of 280', channel: 'x' }],
    previews: [],
    expired: [],
    published: [],
    card: 'cards/2026-12-noel.png',
    ...overrides,
  };
}

function report(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return { version: 1, base: 'a'.repeat(40), head: 'b'.repeat(40), dirty: false, at: '2026-12-01T11:00:00.000Z', brand: { name: 'Boulangerie', timeZone: 'Europe/Paris', locale: 'fr' }, counts: { error: 1, warning: 0, note: 0 }, posts: [post()], documents: [], otherFiles: [], labels: ['channel:mastodon', 'channel:x', 'pillar:produits'], ...overrides };
}

function writeArtifact(data: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'review.json'), typeof data === 'string' ? data : JSON.stringify(data));
}

/** workflow_run payloads as GitHub sends them (trimmed to what matters). */
function sameRepoEvent(number = 7): WorkflowRunEvent {
  return { action: 'completed', workflow_run: { id: RUN_ID, event: 'pull_request', head_sha: HEAD, head_branch: 'noel', conclusion: 'failure', pull_requests: [{ number, head: { sha: HEAD, ref: 'noel' }, base: { repo: { name: REPO } } }], head_repository: { full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } }, repository: { full_name: `${OWNER}/${REPO}` } } };
}
function forkEvent(): WorkflowRunEvent {
  // GitHub leaves pull_requests empty for pull requests from forks.
  return { action: 'completed', workflow_run: { id: RUN_ID, event: 'pull_request', head_sha: HEAD, head_branch: 'main', conclusion: 'success', pull_requests: [], head_repository: { full_name: `camille/${REPO}`, owner: { login: 'camille' } }, repository: { full_name: `${OWNER}/${REPO}` } } };
}

const api = () => createGitHubClient({ token: 'ghs_secret_token', baseUrl: API, retries: 0, throttle: false });

function openPull(number: number, head = HEAD, fork = false) {
  github.pulls.set(number, { number, state: 'open', head: { sha: head, ref: fork ? 'main' : 'noel', repo: { full_name: fork ? `camille/${REPO}` : `${OWNER}/${REPO}` } }, user: { login: fork ? 'camille' : 'ines' } });
}

describe('review-comment (workflow_run) against a fake GitHub API', () => {
  it('same-repository PR: creates the sticky comment, a check run with annotations, and the labels', async () => {
    openPull(7);
    github.artifacts.set(RUN_ID, [{ id: 99, name: 'cadence-review', expired: false }]);
    writeArtifact(report());
    const result = await runComment({ api: api(), repo, event: sameRepoEvent(), dir, serverUrl: 'https://github.com' });
    expect(result).toMatchObject({ ok: true, pr: 7, created: true, conclusion: 'failure', labels: { added: ['channel:mastodon', 'channel:x', 'pillar:produits'], removed: [] } });
    const [comment] = github.comments.get(7)!;
    expect(comment!.body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(comment!.body).toContain('[`cards/2026-12-noel.png`](https://github.com/boulangerie/contenus/actions/runs/4242/artifacts/99)');
    expect(github.checkRuns).toHaveLength(1);
    expect(github.checkRuns[0]).toMatchObject({ name: 'Cadence review', head_sha: HEAD, conclusion: 'failure', output: { title: '1 error, 0 warnings' } });
    expect(github.checkRuns[0]!.annotations).toEqual([{ path: 'content/posts/2026/12/noel.mdx', start_line: 12, end_line: 12, start_column: 3, end_column: 3, annotation_level: 'failure', title: 'text/length (x)', message: 'X counts 300 of 280' }]);
    expect(github.issueLabels.get(7)).toEqual(['channel:mastodon', 'channel:x', 'pillar:produits']);
    expect([...github.repoLabels]).toEqual(expect.arrayContaining(['channel:mastodon', 'pillar:produits']));
    expect(new Set(github.tokens)).toEqual(new Set(['token ghs_secret_token']));
  });

  it('fork PR: finds the pull request by the fork’s head branch (the event has no pull_requests)', async () => {
    openPull(12, HEAD, true);
    openPull(3, 'f'.repeat(40)); // another open PR: never confused with it
    writeArtifact(report());
    const result = await runComment({ api: api(), repo, event: forkEvent(), dir });
    expect(result).toMatchObject({ ok: true, pr: 12, created: true });
    expect(github.requests.map((r) => r.path)).toContain(`/repos/${OWNER}/${REPO}/pulls?state=open&per_page=100&head=camille%3Amain`);
    expect(github.comments.get(3)).toBeUndefined();
    expect(github.comments.get(12)).toHaveLength(1);
  });

  it('fork PR whose branch lookup fails: falls back to commits/{sha}/pulls', async () => {
    openPull(12, HEAD, true);
    github.pulls.get(12)!.head.ref = 'renamed-branch';
    github.commitPulls.set(HEAD, [12]);
    writeArtifact(report());
    expect(await runComment({ api: api(), repo, event: forkEvent(), dir })).toMatchObject({ ok: true, pr: 12 });
  });

  it('a push to the PR updates the existing sticky comment instead of adding one; a look-alike comment by someone else is left alone', async () => {
    openPull(7);
    github.comments.set(7, [
      { id: 1, body: 'Merci pour la proposition !', user: { login: 'ines', type: 'User' } },
      { id: 2, body: `${REVIEW_MARKER}\nfake review by a user`, user: { login: 'mallory', type: 'User' } },
      { id: 3, body: 'Autre remarque', user: { login: 'julien', type: 'User' } },
      { id: 4, body: `${REVIEW_MARKER}\n## Cadence review\nold`, user: { login: 'github-actions[bot]', type: 'Bot' } },
    ]);
    github.issueLabels.set(7, ['bug', 'channel:linkedin', 'pillar:produits']);
    writeArtifact(report());
    const result = await runComment({ api: api(), repo, event: sameRepoEvent(), dir });
    expect(result).toMatchObject({ ok: true, created: false, commentId: 4, labels: { added: ['channel:mastodon', 'channel:x'], removed: ['channel:linkedin'] } });
    const comments = github.comments.get(7)!;
    expect(comments).toHaveLength(4);
    expect(comments[3]!.body).toContain('La fournée de Noël');
    expect(comments[1]!.body).toBe(`${REVIEW_MARKER}\nfake review by a user`);
    // The comments were read across pages (the fake serves two per page).
    expect(github.requests.filter((r) => r.path.includes('/issues/7/comments')).length).toBe(2);
    expect(github.issueLabels.get(7)!.sort()).toEqual(['bug', 'channel:mastodon', 'channel:x', 'pillar:produits']);
    expect(github.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/comments'))).toEqual([]);
  });

  it('does nothing when the PR has moved on to a newer commit (an older run never overwrites a newer comment)', async () => {
    openPull(7, NEWER);
    writeArtifact(report());
    const result = await runComment({ api: api(), repo, event: { ...sameRepoEvent(), workflow_run: { ...sameRepoEvent().workflow_run, pull_requests: [{ number: 7, head: { sha: HEAD } }] } }, dir });
    expect(result).toEqual({ ok: false, skipped: expect.stringContaining('has moved on') });
    expect(github.writes()).toEqual([]);
  });

  it('ignores runs that were not pull requests', async () => {
    const event = sameRepoEvent();
    event.workflow_run.event = 'push';
    expect(await runComment({ api: api(), repo, event, dir })).toMatchObject({ ok: false });
    expect(github.requests).toEqual([]);
  });

  it('treats the artifact as untrusted: a bad shape is reported, never rendered, annotated or labelled', async () => {
    openPull(7);
    const evil = report({ labels: ['channel:x', 'admin'], posts: [post({ file: '../../.github/workflows/x.yml' })] });
    writeArtifact(evil);
    const result = await runComment({ api: api(), repo, event: sameRepoEvent(), dir });
    expect(result).toMatchObject({ ok: true, conclusion: 'failure', problem: expect.stringContaining('does not have the expected shape') });
    expect(github.comments.get(7)![0]!.body).toContain('The review could not be read');
    expect(github.checkRuns[0]!.annotations).toEqual([]);
    expect(github.issueLabels.get(7)).toBeUndefined();
    expect(parseReport('{"version": 1').ok).toBe(false);
    expect(parseReport(' '.repeat(9 * 1024 * 1024)).ok).toBe(false);
  });

  it('says so when the review produced no artifact', async () => {
    openPull(7);
    const result = await runComment({ api: api(), repo, event: sameRepoEvent(), dir: path.join(dir, 'missing') });
    expect(result).toMatchObject({ ok: true, problem: expect.stringContaining('no review.json') });
  });

  it('sends annotations 50 per request, appending with PATCH', async () => {
    openPull(7);
    const diagnostics = Array.from({ length: 120 }, (_, i) => ({ file: 'content/posts/2026/12/noel.mdx', line: i + 1, column: 1, rule: 'voice/banned-term', severity: 'warning' as const, message: `terme ${i}` }));
    writeArtifact(report({ posts: [post({ diagnostics })], counts: { error: 0, warning: 120, note: 0 } }));
    await runComment({ api: api(), repo, event: sameRepoEvent(), dir });
    expect(github.checkRuns[0]!.annotations).toHaveLength(120);
    expect(github.checkRuns[0]!.conclusion).toBe('success');
    expect(github.writes().filter((w) => w.path.includes('/check-runs')).map((w) => w.method)).toEqual(['POST', 'PATCH', 'PATCH']);
  });

  // The command builds its client as production does, so GitHub's pacing of writes is on (one write a
  // second): this test takes ~5 s, and checks that the pacing is really there.
  it('runs as `cadence review comment` from the workflow environment, pacing its writes as GitHub asks', async () => {
    openPull(7);
    writeArtifact(report());
    const writesAt: number[] = [];
    // Listens without answering: the fake's handlers (used earlier) still answer.
    server.use(http.all(`${API}/*`, ({ request }) => void (request.method !== 'GET' && writesAt.push(performance.now()))));
    const eventFile = path.join(dir, 'event.json');
    writeFileSync(eventFile, JSON.stringify(sameRepoEvent()));
    const cli = async (env: Record<string, string>) => {
      const { main } = await import('../../src/cli/main.ts');
      let stdout = '';
      let stderr = '';
      const code = await main(['review', 'comment', '--dir', dir], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: dir, env, color: false });
      return { code, stdout, stderr };
    };
    const env = { GITHUB_EVENT_PATH: eventFile, GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_TOKEN: 'ghs_x', GITHUB_API_URL: API, GITHUB_SERVER_URL: 'https://github.com' };
    const ok = await cli(env);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toContain('created the review comment on #7');
    expect(ok.stdout).not.toContain('ghs_x');
    // A comment, a check run, three labels created, one call to add them: six writes, paced a second apart
    // (seen here a little after octokit releases them, so with some slack on a loaded machine; unpaced,
    // they come milliseconds apart).
    expect(writesAt).toHaveLength(6);
    const gaps = writesAt.slice(1).map((t, i) => t - writesAt[i]!);
    expect(Math.min(...gaps), gaps.join(', ')).toBeGreaterThanOrEqual(500);
    expect(writesAt.at(-1)! - writesAt[0]!, gaps.join(', ')).toBeGreaterThanOrEqual(4500);
    expect((await cli({ ...env, GITHUB_TOKEN: '' })).code).toBe(2);
    expect((await runCli(['review', 'comment'], dir)).code).toBe(2);
  });
});

describe('review-comment when GitHub misbehaves', () => {
  it('never follows a pagination link to another host: fails before any write, and the command says so in one line', async () => {
    openPull(7);
    writeArtifact(report());
    let evil = 0;
    server.use(
      http.get(`${API}/repos/${OWNER}/${REPO}/issues/7/comments`, () => HttpResponse.json([], { headers: { link: '<https://evil.example.test/comments?page=2>; rel="next"' } })),
      http.all('https://evil.example.test/*', () => {
        evil++;
        return HttpResponse.json([]);
      }),
    );
    await expect(runComment({ api: api(), repo, event: sameRepoEvent(), dir })).rejects.toThrow(/refusing to send a GitHub request to https:\/\/evil\.example\.test/);
    expect(evil).toBe(0);
    expect(github.writes()).toEqual([]);

    const eventFile = path.join(dir, 'event.json');
    writeFileSync(eventFile, JSON.stringify(sameRepoEvent()));
    const { main } = await import('../../src/cli/main.ts');
    let stderr = '';
    const code = await main(['review', 'comment', '--dir', dir], { stdout: () => {}, stderr: (t) => void (stderr += t), cwd: dir, env: { GITHUB_EVENT_PATH: eventFile, GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_TOKEN: 'ghs_x', GITHUB_API_URL: API }, color: false });
    expect(code).toBe(1);
    expect(stderr).toBe('cadence review comment: refusing to send a GitHub request to https://evil.example.test: only https://api.github.test (GITHUB_API_URL) is allowed\n');
    expect(evil).toBe(0);
  });

  it('retries a 5xx (octokit’s retry plugin) and then carries on; a 403 is not retried and fails the job in one line without the token', async () => {
    openPull(7);
    writeArtifact(report());
    let failures = 1;
    server.use(http.post(`${API}/repos/${OWNER}/${REPO}/check-runs`, () => (failures-- > 0 ? HttpResponse.json({ message: 'Server Error' }, { status: 502 }) : undefined)));
    const retrying = createGitHubClient({ token: 'ghs_secret_token', baseUrl: API, retries: 1, throttle: false });
    expect(await runComment({ api: retrying, repo, event: sameRepoEvent(), dir })).toMatchObject({ ok: true, pr: 7 });
    expect(github.checkRuns).toHaveLength(1);
    expect(failures).toBe(-1); // the 502, then the retry the fake answered

    server.use(http.post(`${API}/repos/${OWNER}/${REPO}/issues/7/comments`, () => HttpResponse.json({ message: 'Resource not accessible by integration' }, { status: 403 })));
    github.comments.set(7, []);
    const calls = github.requests.length;
    const error = await runComment({ api: retrying, repo, event: sameRepoEvent(), dir }).then(() => undefined, (e: unknown) => e);
    expect(describeGitHubError(error)).toBe(`GitHub API POST /repos/${OWNER}/${REPO}/issues/7/comments answered 403: Resource not accessible by integration`);
    expect(JSON.stringify(error)).not.toContain('ghs_secret_token');
    // Nothing after the refused comment: no check run, no labels.
    expect(github.requests.slice(calls).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
