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
});
