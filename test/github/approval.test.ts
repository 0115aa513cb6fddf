import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/octokit.ts';
import { approvalApiFromEnv, checkApprovals, decideApproval, type ApprovalPull } from '../../src/github/approval.ts';
import { basicPost, tempBrand, type TempBrand } from '../helpers/brand.ts';
import { API, FakeGitHub, OWNER, REPO } from './fake-github.ts';

const HEAD = 'a'.repeat(40);
const EARLIER = 'b'.repeat(40);
const COMMIT = 'c'.repeat(40);

function pull(overrides: Partial<ApprovalPull> = {}): ApprovalPull {
  return { number: 12, url: 'https://github.com/b/c/pull/12', author: 'ines', commitAuthors: ['ines'], mergedAt: '2026-12-01T10:00:00Z', baseRef: 'main', headSha: HEAD, reviews: [], ...overrides };
}
const review = (user: string, state: string, commitId = HEAD, submittedAt = '2026-12-01T09:00:00Z') => ({ user, state, commitId, submittedAt });

describe('decideApproval (pure)', () => {
  const evidence = (pulls: ApprovalPull[]) => ({ file: 'content/posts/p.mdx', commit: COMMIT, pulls, branch: 'main' });

  it('is not required when the editorial line asks for none', () => {
    expect(decideApproval(0, evidence([]))).toEqual({ status: 'not-required' });
  });

  it('approves with N approvals by others on the final head, and says who and where', () => {
    const decision = decideApproval(2, evidence([pull({ reviews: [review('julien', 'APPROVED'), review('sophie', 'APPROVED'), review('mael', 'COMMENTED')] })]));
    expect(decision).toEqual({ status: 'approved', proof: { pr: 12, url: 'https://github.com/b/c/pull/12', commit: COMMIT, headSha: HEAD, mergedAt: '2026-12-01T10:00:00Z', approvers: ['julien', 'sophie'], required: 2 } });
  });

  it('holds a direct push (no merged pull request into the branch)', () => {
    expect(decideApproval(1, evidence([]))).toMatchObject({ status: 'held', reason: expect.stringContaining('did not come through a merged pull request into main') });
    expect(decideApproval(1, evidence([pull({ mergedAt: null, reviews: [review('julien', 'APPROVED')] })]))).toMatchObject({ status: 'held' });
    expect(decideApproval(1, evidence([pull({ baseRef: 'draft', reviews: [review('julien', 'APPROVED')] })]))).toMatchObject({ status: 'held' });
  });

  it('does not count the author, a co-author, an approval given before the last change, or one withdrawn later', () => {
    const decision = decideApproval(
      1,
      evidence([
        pull({
          commitAuthors: ['ines', 'camille'],
          reviews: [
            review('ines', 'APPROVED'),
            review('camille', 'APPROVED'),
            review('julien', 'APPROVED', EARLIER, '2026-11-30T09:00:00Z'),
            review('sophie', 'APPROVED', HEAD, '2026-12-01T08:00:00Z'),
            review('sophie', 'CHANGES_REQUESTED', HEAD, '2026-12-01T08:30:00Z'),
            review('mael', 'APPROVED', HEAD, '2026-12-01T11:00:00Z'), // after the merge
          ],
        }),
      ]),
    );
    expect(decision).toEqual({ status: 'held', commit: COMMIT, pr: 12, reason: 'approval: pull request #12 has 0 approving reviews by someone other than its authors on its final commit, 1 required (approved before the last change: julien; approved by an author of the change: camille, ines)' });
  });

  it('counts a reviewer once, by their latest decisive review (a comment does not withdraw an approval)', () => {
    const decision = decideApproval(2, evidence([pull({ reviews: [review('julien', 'APPROVED'), review('julien', 'APPROVED'), review('julien', 'COMMENTED', HEAD, '2026-12-01T09:30:00Z')] })]));
    expect(decision).toMatchObject({ status: 'held', reason: expect.stringContaining('has 1 approving review by') });
  });

  it('holds when the commit is unknown', () => {
    expect(decideApproval(1, { file: 'content/posts/p.mdx', commit: undefined, pulls: [] })).toMatchObject({ status: 'held' });
  });
});

describe('checkApprovals (Git + GitHub API through HTTP fakes)', () => {
  const server = setupServer();
  let github: FakeGitHub;
  let brand: TempBrand;
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    github = new FakeGitHub();
    server.use(...github.handlers);
  });
  afterEach(() => {
    server.resetHandlers();
    brand?.cleanup();
  });

  it('follows the last commit of each post to its pull request, reviews and commits (paginated)', async () => {
    brand = tempBrand({ git: true });
    brand.post('2026/12/a.mdx', basicPost());
    brand.post('2026/12/b.mdx', basicPost({ publishAt: '2026-12-08T09:00' }));
    brand.git('add', '-A');
    brand.git('commit', '-q', '-m', 'two posts');
    const first = brand.git('rev-parse', 'HEAD').trim();
    brand.post('2026/12/b.mdx', basicPost({ publishAt: '2026-12-08T09:00', text: 'Direct sur main.' }));
    brand.git('commit', '-q', '-am', 'direct push');
    const second = brand.git('rev-parse', 'HEAD').trim();

    github.pulls.set(5, { number: 5, state: 'closed', head: { sha: HEAD, ref: 'noel', repo: { full_name: `${OWNER}/${REPO}` } }, base: { ref: 'main' }, user: { login: 'ines' }, merged_at: '2026-12-01T10:00:00Z', html_url: 'https://github.com/boulangerie/contenus/pull/5' });
    github.commitPulls.set(first, [5]);
    github.commitPulls.set(second, []);
    github.reviews.set(5, [
      { id: 1, user: { login: 'julien' }, state: 'COMMENTED', commit_id: EARLIER, submitted_at: '2026-11-30T09:00:00Z' },
      { id: 2, user: { login: 'julien' }, state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-12-01T09:00:00Z' },
      { id: 3, user: { login: 'sophie' }, state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-12-01T09:10:00Z' },
    ]);
    github.pullCommits.set(5, [{ sha: EARLIER, author: { login: 'ines' } }, { sha: HEAD, author: { login: 'ines' } }, { sha: 'd'.repeat(40), author: null }]);

    const api = createGitHubClient({ token: 'ghs_t', baseUrl: API, retries: 0, throttle: false });
    const decisions = await checkApprovals({ root: brand.root, api, repo: { owner: OWNER, name: REPO }, required: 2, files: ['content/posts/2026/12/a.mdx', 'content/posts/2026/12/b.mdx'], branch: 'main' });
    expect(decisions.get('content/posts/2026/12/a.mdx')).toEqual({ status: 'approved', proof: { pr: 5, url: 'https://github.com/boulangerie/contenus/pull/5', commit: first, headSha: HEAD, mergedAt: '2026-12-01T10:00:00Z', approvers: ['julien', 'sophie'], required: 2 } });
    expect(decisions.get('content/posts/2026/12/b.mdx')).toMatchObject({ status: 'held', commit: second, reason: expect.stringContaining('direct push') });
    // Reviews came in two pages of two.
    expect(github.requests.filter((r) => r.path.includes('/pulls/5/reviews')).length).toBe(2);
    expect(github.writes()).toEqual([]);
  });

  it('holds (never throws) when the API fails, and refuses a shallow clone', async () => {
    brand = tempBrand({ git: true });
    brand.post('2026/12/a.mdx', basicPost());
    brand.git('add', '-A');
    brand.git('commit', '-q', '-m', 'one');
    brand.post('2026/12/a.mdx', basicPost({ text: 'Deux.' }));
    brand.git('commit', '-q', '-am', 'two');
    server.use(http.get(`${API}/repos/${OWNER}/${REPO}/commits/:sha/pulls`, () => HttpResponse.json({ message: 'Server Error' }, { status: 502 })));
    const api = createGitHubClient({ token: 'ghs_t', baseUrl: API, retries: 0, throttle: false });
    const options = { api, repo: { owner: OWNER, name: REPO }, required: 1, files: ['content/posts/2026/12/a.mdx'] };
    expect((await checkApprovals({ ...options, root: brand.root })).get('content/posts/2026/12/a.mdx')).toMatchObject({ status: 'held', reason: expect.stringMatching(/^approval: could not be checked \(GitHub API GET .* answered 502: Server Error\)$/) });

    const shallow = `${brand.root}-shallow`;
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${brand.root}`, shallow]);
    try {
      expect((await checkApprovals({ ...options, root: shallow })).get('content/posts/2026/12/a.mdx')).toMatchObject({ status: 'held', reason: expect.stringContaining('the clone is shallow') });
    } finally {
      rmSync(shallow, { recursive: true, force: true });
    }
    expect(approvalApiFromEnv({})).toMatchObject({ ok: false });
    expect(approvalApiFromEnv({ GITHUB_REPOSITORY: 'b/c' })).toMatchObject({ ok: false, reason: expect.stringContaining('GITHUB_TOKEN is not set') });
    expect(approvalApiFromEnv({ GITHUB_REPOSITORY: 'b/c', GITHUB_TOKEN: 't' })).toMatchObject({ ok: true, repo: { owner: 'b', name: 'c' } });
  });

  describe('fails closed on every kind of API trouble', () => {
    /** A post merged through #5 with one approval by julien: approved when the API answers properly. */
    function approvedPost(): string {
      brand = tempBrand({ git: true });
      brand.post('2026/12/a.mdx', basicPost());
      brand.git('add', '-A');
      brand.git('commit', '-q', '-m', 'one');
      const commit = brand.git('rev-parse', 'HEAD').trim();
      github.pulls.set(5, { number: 5, state: 'closed', head: { sha: HEAD, ref: 'noel', repo: { full_name: `${OWNER}/${REPO}` } }, base: { ref: 'main' }, user: { login: 'ines' }, merged_at: '2026-12-01T10:00:00Z' });
      github.commitPulls.set(commit, [5]);
      github.reviews.set(5, [{ id: 2, user: { login: 'julien' }, state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-12-01T09:00:00Z' }]);
      github.pullCommits.set(5, [{ sha: HEAD, author: { login: 'ines' } }]);
      return commit;
    }
    const FILE = 'content/posts/2026/12/a.mdx';
    const check = (api = createGitHubClient({ token: 'ghs_t', baseUrl: API, retries: 0, throttle: false })) => checkApprovals({ root: brand.root, api, repo: { owner: OWNER, name: REPO }, required: 1, files: [FILE], branch: 'main' }).then((d) => d.get(FILE));

    it('approves when the API answers (the baseline of the cases below)', async () => {
      approvedPost();
      expect(await check()).toMatchObject({ status: 'approved', proof: { approvers: ['julien'] } });
    });

    it('holds on a 500 that lasts through octokit’s retries', async () => {
      const commit = approvedPost();
      let calls = 0;
      server.use(
        http.get(`${API}/repos/${OWNER}/${REPO}/pulls/5/reviews`, () => {
          calls++;
          return HttpResponse.json({ message: 'Server Error' }, { status: 500 });
        }),
      );
      const retrying = createGitHubClient({ token: 'ghs_t', baseUrl: API, retries: 1, throttle: false });
      expect(await check(retrying)).toEqual({ status: 'held', commit, reason: `approval: could not be checked (GitHub API GET /repos/${OWNER}/${REPO}/pulls/5/reviews?per_page=100 answered 500: Server Error)` });
      expect(calls).toBe(2);
    });

    it('holds when a pagination link points to another host, and sends nothing there', async () => {
      approvedPost();
      let evil = 0;
      server.use(
        http.get(`${API}/repos/${OWNER}/${REPO}/pulls/5/reviews`, () => HttpResponse.json([{ id: 2, user: { login: 'julien' }, state: 'APPROVED', commit_id: HEAD, submitted_at: '2026-12-01T09:00:00Z' }], { headers: { link: '<https://evil.example.test/reviews?page=2>; rel="next"' } })),
        http.all('https://evil.example.test/*', () => {
          evil++;
          return HttpResponse.json([]);
        }),
      );
      expect(await check()).toMatchObject({ status: 'held', reason: expect.stringContaining('refusing to send a GitHub request to https://evil.example.test') });
      expect(evil).toBe(0);
    });

    it('holds on an answer that is not the documented list', async () => {
      approvedPost();
      server.use(http.get(`${API}/repos/${OWNER}/${REPO}/pulls/5/commits`, () => HttpResponse.json({ message: 'unexpected' })));
      expect(await check()).toMatchObject({ status: 'held', reason: `approval: could not be checked (GitHub API GET /repos/${OWNER}/${REPO}/pulls/5/commits did not answer a list)` });
    });

    it('holds when there are more reviews than it reads (a later "changes requested" could be among them)', async () => {
      approvedPost();
      github.reviews.get(5)!.push(...Array.from({ length: 40 }, (_, i) => ({ id: 10 + i, user: { login: `r${i}` }, state: 'COMMENTED' as const, commit_id: HEAD, submitted_at: '2026-12-01T09:30:00Z' })));
      expect(await check()).toMatchObject({ status: 'held', reason: 'approval: could not be checked (more than 20 pages of reviews of #5: too many to check)' });
      expect(github.requests.filter((r) => r.path.includes('/pulls/5/reviews'))).toHaveLength(20);
    });
  });
});
