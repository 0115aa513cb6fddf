import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerFromRecords, groupEntries, type CalendarPost } from '../../src/core/calendar/index.ts';
import { editorialLineSchema, postSchema, type PostFrontmatterInput } from '../../src/core/schema/index.ts';
import { createGitHubClient } from '../../src/github/octokit.ts';
import { openPullPosts, postChange } from '../../src/github/open-pulls.ts';
import { calendarWithReview, fetchInReview, loadInReview, NO_PULLS, reviewNotes, reviewStrings } from '../../src/site/in-review.ts';
import { editorialLine, mdx, tempBrand, type TempBrand } from '../helpers/brand.ts';
import { pullsHandlers, type PullsScenario, type Recorded } from './fake-pulls.ts';
import { buildSites, REPO_ROOT } from './helpers.ts';

const API = 'https://api.github.test';
const OWNER = 'boulangerie';
const REPO = 'contenus';
const repo = { owner: OWNER, name: REPO };
const sha = (c: string) => c.repeat(40);

const post = (fm: Record<string, unknown>, body = 'Body.\n') => mdx({ text: 'Du pain.', channels: ['mastodon'], pillar: 'produits', ...fm }, body);

/** On "main" (the fixture's files): four posts; the open pull requests below change three of them. */
const MAIN: Record<string, string> = {
  'content/posts/2026/12/pain.mdx': post({ title: 'Bread of the week', publishAt: '2026-12-07T09:00' }),
  'content/posts/2026/12/croissant.mdx': post({ title: 'Croissant day', publishAt: '2026-12-10T09:00' }),
  'content/posts/2026/12/old-name.mdx': post({ title: 'Moved post', publishAt: '2026-12-11T09:00' }),
  'content/posts/2026/12/stable.mdx': post({ title: 'Stable post', publishAt: '2026-12-14T09:00' }),
};

const EVIL_TITLE = '"><img src=x onerror=alert(1)>Galette PR';
const EVIL_POST_TITLE = '<script>alert("x")</script>Galette des rois';

function scenario(overrides: Partial<PullsScenario> = {}): PullsScenario {
  return {
    owner: OWNER,
    repo: REPO,
    pageSize: 2,
    pulls: [
      { number: 11, title: 'Move the bread post', author: 'alice', headSha: sha('1'), files: [{ filename: 'content/posts/2026/12/pain.mdx', status: 'modified' }] },
      { number: 12, title: 'Drop croissant day', author: 'bob', headSha: sha('2'), draft: true, files: [{ filename: 'README.md', status: 'modified' }, { filename: 'content/posts/2026/12/croissant.mdx', status: 'removed' }] },
      { number: 13, title: 'Rename', author: 'carol', headSha: sha('3'), files: [{ filename: 'content/posts/2026/12/new-name.mdx', status: 'renamed', previous_filename: 'content/posts/2026/12/old-name.mdx' }] },
      {
        number: 14,
        title: EVIL_TITLE,
        author: 'mallory',
        headSha: sha('4'),
        headRepo: 'mallory/contenus',
        files: [
          { filename: 'content/posts/2026/12/galette.mdx', status: 'added' },
          { filename: 'content/posts/2026/12/broken.mdx', status: 'added' },
          { filename: 'content/media/galette.jpg', status: 'added' },
        ],
      },
      { number: 15, title: 'Code only', author: 'dave', headSha: sha('5'), files: [{ filename: 'src/index.ts', status: 'modified' }] },
    ],
    contents: {
      [`${sha('1')}:content/posts/2026/12/pain.mdx`]: post({ title: 'Bread of the week (moved)', publishAt: '2026-12-09T09:00' }),
      [`${sha('3')}:content/posts/2026/12/new-name.mdx`]: post({ title: 'Moved post', publishAt: '2026-12-11T09:00' }),
      [`${sha('4')}:content/posts/2026/12/galette.mdx`]: post({ title: EVIL_POST_TITLE, publishAt: '2026-12-16T10:00', channels: ['mastodon', 'bluesky'] }),
      [`${sha('4')}:content/posts/2026/12/broken.mdx`]: post({ title: 'Broken', publishAt: 'someday' }),
    },
    ...overrides,
  };
}

const server = setupServer();
let recorded: Recorded[] = [];
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
afterEach(() => {
  server.resetHandlers();
  recorded = [];
});
const use = (s: PullsScenario) => server.use(...pullsHandlers(API, s, recorded));
const api = () => createGitHubClient({ token: 'ghs_secret', baseUrl: API, retries: 0, throttle: false });
const ENV = { GITHUB_TOKEN: 'ghs_secret', GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: API };

describe('openPullPosts (GitHub REST, faked with msw)', () => {
  it('reads the posts that open pull requests add, modify, rename and remove, across pages, with their frontmatter at the head', async () => {
    use(scenario());
    const result = await openPullPosts(api(), repo);
    expect(result.checked).toBe(5);
    expect(result.truncated).toEqual([]);
    // #15 changes no post: not listed
    expect(result.pulls.map((p) => [p.number, p.author, p.draft, p.fork])).toEqual([
      [11, 'alice', false, false],
      [12, 'bob', true, false],
      [13, 'carol', false, false],
      [14, 'mallory', false, true],
    ]);
    expect(result.pulls[0]!.url).toBe(`https://github.test/${OWNER}/${REPO}/pull/11`);
    expect(result.pulls[3]!.title).toBe(EVIL_TITLE); // data, escaped by the renderer
    const summary = result.posts.map((p) => ({ pull: p.pull, change: p.change, file: p.file, previousFile: p.previousFile, id: p.proposed?.id, title: p.proposed?.data.title, problem: p.problem }));
    expect(summary).toEqual([
      { pull: 11, change: 'modified', file: 'content/posts/2026/12/pain.mdx', previousFile: undefined, id: '2026-12-pain', title: 'Bread of the week (moved)', problem: undefined },
      { pull: 12, change: 'removed', file: 'content/posts/2026/12/croissant.mdx', previousFile: undefined, id: undefined, title: undefined, problem: undefined },
      { pull: 13, change: 'renamed', file: 'content/posts/2026/12/new-name.mdx', previousFile: 'content/posts/2026/12/old-name.mdx', id: '2026-12-new-name', title: 'Moved post', problem: undefined },
      { pull: 14, change: 'added', file: 'content/posts/2026/12/galette.mdx', previousFile: undefined, id: '2026-12-galette', title: EVIL_POST_TITLE, problem: undefined },
      { pull: 14, change: 'added', file: 'content/posts/2026/12/broken.mdx', previousFile: undefined, id: undefined, title: undefined, problem: expect.stringMatching(/frontmatter is not valid/) },
    ]);
    expect(result.posts[3]!.proposed!.data.channels).toEqual(['mastodon', 'bluesky']);
    // pagination: three pages of pull requests (page size 2), the fork's head read from the base repository at its SHA, never the removed file
    const paths = recorded.map((r) => r.path);
    expect(paths.filter((p) => p.startsWith(`/repos/${OWNER}/${REPO}/pulls?`))).toHaveLength(3);
    expect(paths).toContain(`/repos/${OWNER}/${REPO}/pulls/14/files?per_page=100&page=2`);
    expect(paths).toContain(`/repos/${OWNER}/${REPO}/contents/content/posts/2026/12/galette.mdx?ref=${sha('4')}`);
    expect(paths.some((p) => p.includes('croissant.mdx'))).toBe(false);
    expect(paths.some((p) => p.includes('/repos/mallory/'))).toBe(false);
    expect(new Set(recorded.map((r) => r.authorization))).toEqual(new Set(['token ghs_secret']));
  });

  it('stops at the bounds and says so', async () => {
    const s = scenario();
    s.pulls[3]!.files.push(...Array.from({ length: 4 }, (_, i) => ({ filename: `content/posts/2026/12/extra-${i}.mdx`, status: 'added' })));
    use(s);
    const result = await openPullPosts(api(), repo, { maxPulls: 4, maxFiles: 3 });
    expect(result.checked).toBe(4);
    expect(result.truncated).toEqual([
      { kind: 'pulls', max: 4 },
      { kind: 'files', pull: 14, max: 3 },
    ]);
    expect(result.posts.filter((p) => p.pull === 14).map((p) => p.file)).toEqual(['content/posts/2026/12/galette.mdx', 'content/posts/2026/12/broken.mdx']);
    expect(recorded.some((r) => r.path.includes('/pulls/15/'))).toBe(false);
    const rs = reviewStrings('en');
    expect(reviewNotes({ status: { state: 'checked', repository: 'o/r' }, data: result }, rs)).toEqual([
      'in review: 4 open pull request(s) of o/r checked, 4 changing posts',
      'more than 4 open pull requests: only the 4 most recently updated were checked',
      '#14 changes more than 3 files: only the first 3 were checked',
    ]);
  });

  it('spends at most its request budget, reading the most recently updated pull requests first', async () => {
    use(scenario());
    // 3 pages of pull requests and 6 pages of files (page size 2) leave 2 of 11 requests for the 4 posts to read.
    const result = await openPullPosts(api(), repo, { maxRequests: 11 });
    expect(recorded).toHaveLength(11);
    expect(recorded.filter((r) => r.path.includes('/contents/')).map((r) => r.path.split('?')[0])).toEqual([
      `/repos/${OWNER}/${REPO}/contents/content/posts/2026/12/pain.mdx`,
      `/repos/${OWNER}/${REPO}/contents/content/posts/2026/12/new-name.mdx`,
    ]);
    expect(result.posts.filter((p) => p.pull === 14).map((p) => p.problem)).toEqual([expect.stringContaining('11 GitHub API requests are spent'), expect.stringContaining('11 GitHub API requests are spent')]);
    expect(result.truncated).toEqual([{ kind: 'requests', max: 11, skipped: 2 }]);
    expect(reviewNotes({ status: { state: 'checked', repository: 'o/r' }, data: result }, reviewStrings('fr'))[1]).toBe(
      '2 publication(s) proposée(s) non lue(s) : au plus 11 requêtes à l’API GitHub par construction',
    );
  });

  it('maps GitHub file statuses, renames in and out of content/posts included', () => {
    expect(postChange({ filename: 'content/posts/a.mdx', status: 'renamed', previous_filename: 'drafts/a.mdx' })).toEqual({ change: 'added', file: 'content/posts/a.mdx' });
    expect(postChange({ filename: 'archive/a.mdx', status: 'renamed', previous_filename: 'content/posts/a.mdx' })).toEqual({ change: 'removed', file: 'content/posts/a.mdx' });
    expect(postChange({ filename: 'content/posts/a.mdx', status: 'copied' })).toEqual({ change: 'added', file: 'content/posts/a.mdx' });
    expect(postChange({ filename: 'content/posts/a.mdx', status: 'unchanged' })).toBeUndefined();
    expect(postChange({ filename: 'content/editorial-line.mdx', status: 'modified' })).toBeUndefined();
  });
});

describe('fetchInReview: what the calendar build calls', () => {
  it('does nothing without a token, and says so', async () => {
    use(scenario());
    const result = await fetchInReview({ GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: API });
    expect(result).toEqual({ status: { state: 'not-checked', reason: 'no token' }, data: NO_PULLS });
    expect(recorded).toEqual([]);
    expect(reviewNotes(result, reviewStrings('en'))).toEqual(['in review: not checked (no token)']);
    expect((await fetchInReview({ GITHUB_TOKEN: 't', GITHUB_API_URL: API })).status).toEqual({ state: 'not-checked', reason: 'no repository' });
  });

  it('reads CADENCE_GITHUB_REPOSITORY before GITHUB_REPOSITORY', async () => {
    use(scenario());
    const result = await fetchInReview({ ...ENV, GITHUB_REPOSITORY: 'someone/else', CADENCE_GITHUB_REPOSITORY: `${OWNER}/${REPO}` });
    expect(result.status).toEqual({ state: 'checked', repository: `${OWNER}/${REPO}` });
    expect(result.data.pulls).toHaveLength(4);
  });

  it('reads only the pull requests into the branch being built (a runner\'s branch, or CADENCE_REVIEW_BASE)', async () => {
    const s = scenario();
    s.pulls[0]!.base = 'release-2027';
    use(s);
    const onRunner = await fetchInReview({ ...ENV, GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' });
    expect(onRunner.status).toEqual({ state: 'checked', repository: `${OWNER}/${REPO} (main)` });
    expect(onRunner.data.pulls.map((p) => p.number)).toEqual([12, 13, 14]);
    expect(recorded.some((r) => r.path.startsWith(`/repos/${OWNER}/${REPO}/pulls?state=open&base=main&`))).toBe(true);
    const release = await fetchInReview({ ...ENV, GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main', CADENCE_REVIEW_BASE: 'release-2027' });
    expect(release.data.pulls.map((p) => p.number)).toEqual([11]);
    // A tag build has no branch: every open pull request counts.
    expect((await fetchInReview({ ...ENV, GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1' })).data.pulls).toHaveLength(4);
  });

  it('turns an API failure into "unavailable (reason)", never an exception, and never prints the token', async () => {
    use(scenario({ fail: { match: '/pulls/13/files', status: 500, message: 'Server Error ghs_secret' } }));
    const result = await fetchInReview(ENV);
    expect(result.status.state).toBe('unavailable');
    expect(result.data).toEqual(NO_PULLS);
    const [note] = reviewNotes(result, reviewStrings('en'));
    expect(note).toBe(`in review: unavailable (GitHub API GET /repos/${OWNER}/${REPO}/pulls/13/files?per_page=100 answered 500: Server Error ***)`);
    use(scenario({ fail: { match: '/pulls\\?', status: 403, message: 'Resource not accessible by integration' } }));
    expect((await fetchInReview(ENV)).status).toEqual({ state: 'unavailable', reason: expect.stringMatching(/answered 403: Resource not accessible by integration$/) });
    expect((await fetchInReview({ ...ENV, GITHUB_REPOSITORY: 'not a repo' })).status).toEqual({ state: 'unavailable', reason: '"not a repo" is not owner/name' });
  });

  it('does not retry or wait in a build (the request budget counts every request sent), and never follows a link to another host', async () => {
    use(scenario({ fail: { match: '/pulls\\?', status: 502, message: 'Bad Gateway' } }));
    expect((await fetchInReview(ENV)).status).toEqual({ state: 'unavailable', reason: `GitHub API GET /repos/${OWNER}/${REPO}/pulls?state=open&sort=updated&direction=desc&per_page=50 answered 502: Bad Gateway` });
    // That request once: a retry would send it again. (Only that path: on a loaded machine a request the
    // previous test left in flight, once its build had given up, can still arrive while this one runs.)
    expect(recorded.filter((r) => r.path.startsWith(`/repos/${OWNER}/${REPO}/pulls?`))).toHaveLength(1);

    let evil = 0;
    server.use(
      http.get(`${API}/repos/${OWNER}/${REPO}/pulls`, () => HttpResponse.json([], { headers: { link: '<https://evil.example.test/pulls?page=2>; rel="next"' } })),
      http.all('https://evil.example.test/*', () => {
        evil++;
        return HttpResponse.json([]);
      }),
    );
    expect((await fetchInReview(ENV)).status).toEqual({ state: 'unavailable', reason: 'refusing to send a GitHub request to https://evil.example.test: only https://api.github.test (GITHUB_API_URL) is allowed' });
    expect(evil).toBe(0);
  });

  it('gives up on a request that does not answer in time', async () => {
    server.use(http.get(`${API}/repos/${OWNER}/${REPO}/pulls`, async () => delay('infinite')));
    const result = await fetchInReview(ENV, { timeoutMs: 100 });
    expect(result.status).toEqual({ state: 'unavailable', reason: expect.stringMatching(/no answer from the GitHub API within/) });
  });

  it('reads the API once per build (cached in the process)', async () => {
    use(scenario());
    const env = { ...ENV, GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: `${API}/` };
    const first = await loadInReview(env);
    const count = recorded.length;
    expect(count).toBeGreaterThan(0);
    expect(await loadInReview(env)).toBe(first);
    expect(recorded.length).toBe(count);
  });
});

describe('calendarWithReview', () => {
  const line = editorialLineSchema.parse({
    brand: { name: 'T', siteUrl: 'https://t.example', locale: 'en', timezone: 'Europe/Paris' },
    channels: { mastodon: { cadence: { perWeek: 1 } }, bluesky: {} },
    pillars: [{ id: 'produits', label: 'Produits', target: 100 }],
  });
  const calPost = (file: string, data: Partial<PostFrontmatterInput>): CalendarPost => ({ id: file.replace(/^content\/posts\/|\.mdx$/g, '').replace(/\//g, '-'), file, data: postSchema.parse({ title: 'x', text: 'x', channels: ['mastodon'], publishAt: '2026-12-07T09:00', ...data }) });

  it('marks changed posts in review on their own entry, adds what pull requests propose, leaves published posts published', async () => {
    use(scenario());
    const data = await openPullPosts(api(), repo);
    const posts = [
      calPost('content/posts/2026/12/pain.mdx', { title: 'Bread of the week', publishAt: '2026-12-07T09:00' }),
      calPost('content/posts/2026/12/croissant.mdx', { title: 'Croissant day', publishAt: '2026-12-10T09:00' }),
      calPost('content/posts/2026/12/old-name.mdx', { title: 'Moved post', publishAt: '2026-12-11T09:00' }),
      calPost('content/posts/2026/12/stable.mdx', { title: 'Stable post', publishAt: '2026-12-14T09:00' }),
    ];
    const nowMs = Date.parse('2026-12-01T00:00:00Z');
    const cal = calendarWithReview(posts, data, { line, nowMs, ledger: ledgerFromRecords([{ postId: '2026-12-croissant', channel: 'mastodon', state: 'published' }]) });
    const entries = groupEntries([...cal.slots, ...cal.proposed].sort((a, b) => a.atMs - b.atMs));
    const view = entries.map((e) => [e.day, e.postId, e.title, e.status, e.channels.join('+'), cal.review(e).map((r) => `#${r.pull.number} ${r.label}`).join(', ')]);
    expect(view).toEqual([
      ['2026-12-07', '2026-12-pain', 'Bread of the week', 'in-review', 'mastodon', '#11 changed'],
      ['2026-12-09', '2026-12-pain', 'Bread of the week (moved)', 'in-review', 'mastodon', '#11 proposed'],
      ['2026-12-10', '2026-12-croissant', 'Croissant day', 'published', 'mastodon', '#12 removed'],
      ['2026-12-11', '2026-12-old-name', 'Moved post', 'in-review', 'mastodon', '#13 changed'],
      ['2026-12-14', '2026-12-stable', 'Stable post', 'approved', 'mastodon', ''],
      ['2026-12-16', '2026-12-galette', EVIL_POST_TITLE, 'in-review', 'bluesky+mastodon', '#14 new'],
    ]);
    // a renamed post (new id, same time) is not shown twice; checks (gaps, conflicts, mix) keep to the branch's own slots
    expect(cal.slots.map((s) => s.postId)).toEqual(['2026-12-pain', '2026-12-croissant', '2026-12-old-name', '2026-12-stable']);
    expect([...cal.inReview].sort()).toEqual(['2026-12-croissant', '2026-12-galette', '2026-12-new-name', '2026-12-old-name', '2026-12-pain']);
  });

  it('adds nothing without pull requests', () => {
    const posts = [calPost('content/posts/a.mdx', {})];
    const cal = calendarWithReview(posts, NO_PULLS, { line, nowMs: 0 });
    expect(cal.proposed).toEqual([]);
    expect(cal.slots.map((s) => s.status)).toEqual(['approved']);
  });
});

// Each test builds the calendar, first waiting for any other test file's Astro build (one at a time, see
// helpers.ts): on a busy two-core machine that wait alone can pass the default 60 s.
describe('the calendar build with open pull requests (fake GitHub over HTTP)', { timeout: 300_000 }, () => {
  let brand: TempBrand;
  let out: string;
  const children: ChildProcess[] = [];

  /** Starts the fake API in a child process: the test process is blocked while Astro builds. */
  async function startFake(s: PullsScenario): Promise<string> {
    const file = path.join(out, `scenario-${children.length}.json`);
    writeFileSync(file, JSON.stringify(s));
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/site/fake-pulls.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    return new Promise((resolve, reject) => {
      let text = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /listening (\S+)/.exec(text);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`fake GitHub exited with ${code}`)));
    });
  }

  const build = (name: string, env: Record<string, string>) => {
    const built = buildSites({ root: brand.root, at: '2026-12-01T12:00:00+01:00', outBase: path.join(out, name), sites: ['internal'], env: { GITHUB_TOKEN: '', GH_TOKEN: '', GITHUB_REPOSITORY: '', CADENCE_GITHUB_REPOSITORY: '', ...env } });
    return (file: string) => readFileSync(path.join(built.internalDir, file), 'utf8');
  };

  beforeAll(() => {
    brand = tempBrand({ line: editorialLine({ brand: { name: 'Test Bakery', siteUrl: 'https://bakery.example', locale: 'en', timezone: 'Europe/Paris' } }) });
    for (const [file, text] of Object.entries(MAIN)) brand.write(file, text);
    out = mkdtempSync(path.join(tmpdir(), 'cadence-in-review-'));
  });
  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
    brand?.cleanup();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('shows posts in review with a badge and the pull request link, filterable by status, PR text escaped', async () => {
    const api = await startFake(scenario());
    const read = build('checked', { GITHUB_TOKEN: 'ghs_fake', GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: api });
    const december = read('month/2026-12/index.html');
    expect(december).toContain('in review: 5 open pull request(s) of boulangerie/contenus checked, 4 changing posts');
    // the status filter offers "in review"
    expect(december).toMatch(/<option value="in-review">in review<\/option>/);
    // a post changed by #11: in review on its own entry, and at its proposed date
    const cell = (date: string) => december.slice(december.indexOf(`data-date="${date}"`), december.indexOf('</td>', december.indexOf(`data-date="${date}"`)));
    expect(cell('2026-12-07')).toMatch(/data-status="in-review" data-pulls="11"[\s\S]*Bread of the week<\/strong>[\s\S]*changes proposed<\/span> <a href="https:\/\/github\.test\/boulangerie\/contenus\/pull\/11" title="Move the bread post">#11<\/a> by alice/);
    expect(cell('2026-12-09')).toMatch(/data-status="in-review" data-pulls="11"[\s\S]*Bread of the week \(moved\)[\s\S]*proposed date/);
    // a removal proposed in a draft pull request
    expect(cell('2026-12-10')).toMatch(/Croissant day[\s\S]*removal proposed[\s\S]*#12<\/a> by bob · draft/);
    // a new post from a fork, on its proposed date, on both channels; nothing from the PR is markup
    expect(cell('2026-12-16')).toMatch(/data-channels="bluesky mastodon"[\s\S]*new post[\s\S]*#14<\/a> by mallory · fork/);
    for (const file of ['month/2026-12/index.html', 'list/index.html', 'week/2026-12-14/index.html']) {
      // Outside quoted attribute values (where Astro escapes the quote and `&`), no markup from the pull request.
      const html = read(file).replace(/="[^"]*"/g, '=""');
      expect(html, file).not.toContain('<img');
      expect(html, file).not.toContain('<script>alert');
    }
    expect(december).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Galette des rois');
    expect(cell('2026-12-16')).toContain('title="&quot;><img src=x onerror=alert(1)>Galette PR"');
    // the untouched post is not in review
    expect(cell('2026-12-14')).toMatch(/data-status="approved">/);
    // the list page: every pull request and post, with what could not be placed
    const list = read('list/index.html');
    expect(list).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;Galette PR — by mallory · fork');
    expect(list).toMatch(/added · <code>content\/posts\/2026\/12\/broken\.mdx<\/code> · not on the calendar: frontmatter is not valid/);
    expect(list).toMatch(/moved · <code>content\/posts\/2026\/12\/old-name\.mdx → content\/posts\/2026\/12\/new-name\.mdx<\/code>/);
    expect(list).not.toContain('Code only');
    expect(read('calendar.ics')).toMatch(/SUMMARY:.*Galette des rois/);
  });

  it('builds anyway when the API fails, and says it is unavailable', async () => {
    const api = await startFake(scenario({ fail: { match: '/pulls', status: 502, message: 'Bad Gateway' } }));
    const read = build('failed', { GITHUB_TOKEN: 'ghs_fake', GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: api });
    const december = read('month/2026-12/index.html');
    expect(december).toContain(`in review: unavailable (GitHub API GET /repos/${OWNER}/${REPO}/pulls?state=open&amp;sort=updated&amp;direction=desc&amp;per_page=50 answered 502: Bad Gateway)`);
    expect(december).not.toContain('data-status="in-review"');
    expect(december).toContain('Bread of the week');
  });

  it('without a token: nothing fetched, "not checked (no token)"', () => {
    const read = build('no-token', { GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: 'http://127.0.0.1:9' });
    const list = read('list/index.html');
    expect(list).toContain('in review: not checked (no token)');
    expect(list).not.toContain('data-status="in-review"');
  });
});
