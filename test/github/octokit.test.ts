import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, describeGitHubError, githubStatus } from '../../src/github/octokit.ts';

const API = 'https://ghe.example.test/api/v3';
const TOKEN = 'ghs_secretsecretsecret';
const seen: Array<{ url: string; auth: string | null }> = [];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const client = () => createGitHubClient({ token: TOKEN, baseUrl: `${API}/`, retries: 0, throttle: false, warn: () => {} });

describe('createGitHubClient', () => {
  it('sends to GITHUB_API_URL with the token, and follows pagination on the same host', async () => {
    server.use(
      http.get(`${API}/repos/o/r/issues`, ({ request }) => {
        seen.push({ url: request.url, auth: request.headers.get('authorization') });
        const page = new URL(request.url).searchParams.get('page');
        if (page === '2') return HttpResponse.json([{ number: 2 }]);
        return HttpResponse.json([{ number: 1 }], { headers: { link: `<${API}/repos/o/r/issues?page=2>; rel="next"` } });
      }),
    );
    const issues = await client().paginate('GET /repos/{owner}/{repo}/issues', { owner: 'o', repo: 'r' });
    expect(issues.map((i) => i.number)).toEqual([1, 2]);
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.auth === `token ${TOKEN}`)).toBe(true);
  });

  it('refuses a pagination link to another host before sending anything there', async () => {
    let evilCalls = 0;
    server.use(
      http.get(`${API}/repos/o/r/issues`, () => HttpResponse.json([{ number: 1 }], { headers: { link: '<https://evil.example.test/steal?page=2>; rel="next"' } })),
      http.get('https://evil.example.test/steal', () => {
        evilCalls++;
        return HttpResponse.json([]);
      }),
    );
    const error = await client()
      .paginate('GET /repos/{owner}/{repo}/issues', { owner: 'o', repo: 'r' })
      .then(() => undefined, (e: unknown) => e);
    expect(describeGitHubError(error)).toMatch(/refusing to send a GitHub request to https:\/\/evil\.example\.test/);
    expect(evilCalls).toBe(0);
  });

  it('describes an API error in one line without the token', async () => {
    server.use(http.get(`${API}/repos/o/r`, () => HttpResponse.json({ message: 'Bad credentials' }, { status: 401 })));
    const error = await client()
      .rest.repos.get({ owner: 'o', repo: 'r' })
      .then(() => undefined, (e: unknown) => e);
    expect(githubStatus(error)).toBe(401);
    const line = describeGitHubError(error);
    expect(line).toBe('GitHub API GET /api/v3/repos/o/r answered 401: Bad credentials');
    expect(line).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('retries a 502 when retries are on', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/repos/o/r`, () => {
        calls++;
        return calls === 1 ? new HttpResponse('bad gateway', { status: 502 }) : HttpResponse.json({ full_name: 'o/r' });
      }),
    );
    const retrying = createGitHubClient({ token: TOKEN, baseUrl: API, retries: 1, throttle: false, warn: () => {} });
    const { data } = await retrying.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(data.full_name).toBe('o/r');
    expect(calls).toBe(2);
  });

  it('does not retry what a retry cannot fix (404, 422)', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/repos/o/r`, () => {
        calls++;
        return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      }),
    );
    const retrying = createGitHubClient({ token: TOKEN, baseUrl: API, retries: 3, throttle: false, warn: () => {} });
    await expect(retrying.rest.repos.get({ owner: 'o', repo: 'r' })).rejects.toMatchObject({ status: 404 });
    expect(calls).toBe(1);
  });

  it('gives up on a 5xx after its retries, and says what failed', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/repos/o/r`, () => {
        calls++;
        return HttpResponse.json({ message: 'Server Error' }, { status: 500 });
      }),
    );
    const retrying = createGitHubClient({ token: TOKEN, baseUrl: API, retries: 1, throttle: false, warn: () => {} });
    const error = await retrying.rest.repos.get({ owner: 'o', repo: 'r' }).then(() => undefined, (e: unknown) => e);
    expect(calls).toBe(2);
    expect(describeGitHubError(error)).toBe('GitHub API GET /api/v3/repos/o/r answered 500: Server Error');
  });

  it('waits out a secondary rate limit (403 with Retry-After) once, as the throttling plugin is told to', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/repos/o/r`, () => {
        calls++;
        return calls === 1 ? HttpResponse.json({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { status: 403, headers: { 'retry-after': '1' } }) : HttpResponse.json({ full_name: 'o/r' });
      }),
    );
    const warnings: string[] = [];
    const throttled = createGitHubClient({ token: TOKEN, baseUrl: API, retries: 0, warn: (m) => void warnings.push(m) });
    const started = performance.now();
    const { data } = await throttled.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(data.full_name).toBe('o/r');
    expect(calls).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(warnings).toEqual(['GitHub secondary rate limit for GET /api/v3/repos/o/r; retrying in 1 s']);
  });

  it('does not wait for a primary rate limit that resets later than it may wait, nor at all with maxRateLimitWait 0', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    let calls = 0;
    server.use(
      http.get(`${API}/repos/o/r`, () => {
        calls++;
        return HttpResponse.json({ message: 'API rate limit exceeded for installation ID 1.' }, { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
      }),
      http.get(`${API}/repos/o/s`, () => {
        calls++;
        return HttpResponse.json({ message: 'You have exceeded a secondary rate limit.' }, { status: 403, headers: { 'retry-after': '1' } });
      }),
    );
    const warnings: string[] = [];
    const throttled = createGitHubClient({ token: TOKEN, baseUrl: API, warn: (m) => void warnings.push(m) });
    const error = await throttled.rest.repos.get({ owner: 'o', repo: 'r' }).then(() => undefined, (e: unknown) => e);
    expect(describeGitHubError(error)).toBe('GitHub API GET /api/v3/repos/o/r answered 403: API rate limit exceeded for installation ID 1.');
    expect(calls).toBe(1);
    const impatient = createGitHubClient({ token: TOKEN, baseUrl: API, maxRateLimitWait: 0, warn: (m) => void warnings.push(m) });
    await expect(impatient.rest.repos.get({ owner: 'o', repo: 's' })).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(2);
    expect(warnings).toEqual(['GitHub rate limit reached for GET /api/v3/repos/o/r', 'GitHub secondary rate limit for GET /api/v3/repos/o/s']);
  });

  it('prints the query of a failed request, but never the value of a parameter that may be a credential', async () => {
    server.use(http.get(`${API}/repos/o/r/contents/a.md`, () => HttpResponse.json({ message: 'Not Found' }, { status: 404 })));
    const error = await client()
      .request('GET /repos/{owner}/{repo}/contents/a.md', { owner: 'o', repo: 'r', ref: 'main', token: 'leak', sig: 'abc' })
      .then(() => undefined, (e: unknown) => e);
    expect(describeGitHubError(error)).toBe('GitHub API GET /api/v3/repos/o/r/contents/a.md?ref=main&token=***&sig=*** answered 404: Not Found');
  });
});
