/**
 * An in-memory GitHub for msw, with the REST shapes of docs.github.com: issues (list by label and
 * state, create, comments, labels) and pull requests (list by head, create, requested reviewers).
 */
import { http, HttpResponse, type AnyHandler } from 'msw';

export const API = 'https://api.github.test';
export const REPOSITORY = 'boulangerie/contenus';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: string[];
  assignees: string[];
}

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  labels: string[];
  reviewers: string[];
  teams: string[];
}

export class FakeIssues {
  issues: FakeIssue[] = [];
  pulls: FakePull[] = [];
  requests: { method: string; path: string; body?: unknown }[] = [];
  /** Status to answer on issue creation (e.g. 500 to fail once). */
  failCreate: number[] = [];
  /**
   * Faults of the next comment posts, in order: `after-write` keeps the comment and answers 502 (GitHub
   * wrote, the client never knew: as a crash right after the call), `before-write` answers 502 without it.
   */
  commentFaults: ('after-write' | 'before-write')[] = [];
  /** Called when a comment is posted, before it is kept (to look at the brand's remote at that moment). */
  onComment?: (issue: number, body: string) => void;
  private next = 1;

  get handlers(): AnyHandler[] {
    const base = `${API}/repos/${REPOSITORY}`;
    const record = async (request: Request) => {
      const url = new URL(request.url);
      const body = request.method === 'GET' ? undefined : await request.clone().json().catch(() => undefined);
      this.requests.push({ method: request.method, path: `${url.pathname}${url.search}`, ...(body !== undefined ? { body } : {}) });
    };
    const issueJson = (i: FakeIssue) => ({ number: i.number, title: i.title, body: i.body, state: i.state, html_url: `https://github.test/${REPOSITORY}/issues/${i.number}`, labels: i.labels.map((name) => ({ name })) });
    return [
      http.get(`${base}/issues`, async ({ request }) => {
        await record(request);
        const url = new URL(request.url);
        const label = url.searchParams.get('labels');
        const state = url.searchParams.get('state') ?? 'open';
        const list = this.issues.filter((i) => (!label || i.labels.includes(label)) && (state === 'all' || i.state === state)).reverse();
        return HttpResponse.json(list.map(issueJson) as never);
      }),
      http.post(`${base}/issues`, async ({ request }) => {
        await record(request);
        const status = this.failCreate.shift();
        if (status) return HttpResponse.json({ message: 'Server Error' }, { status });
        const body = (await request.json()) as { title: string; body: string; labels?: string[]; assignees?: string[] };
        const issue: FakeIssue = { number: this.next++, title: body.title, body: body.body, labels: body.labels ?? [], state: 'open', comments: [], assignees: body.assignees ?? [] };
        this.issues.push(issue);
        return HttpResponse.json(issueJson(issue) as never, { status: 201 });
      }),
      http.get(`${base}/issues/:number/comments`, async ({ request, params }) => {
        await record(request);
        const issue = this.issues.find((i) => i.number === Number(params.number));
        if (!issue) return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        return HttpResponse.json(issue.comments.map((body, i) => ({ id: 1000 + i, body, html_url: `https://github.test/${REPOSITORY}/issues/${params.number}#issuecomment-${1000 + i}` })) as never);
      }),
      http.post(`${base}/issues/:number/comments`, async ({ request, params }) => {
        await record(request);
        const issue = this.issues.find((i) => i.number === Number(params.number)) ?? this.pulls.find((p) => p.number === Number(params.number));
        if (!issue) return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        const { body } = (await request.json()) as { body: string };
        this.onComment?.(issue.number, body);
        const fault = this.commentFaults.shift();
        if (fault === 'before-write') return HttpResponse.json({ message: 'Bad Gateway' }, { status: 502 });
        if ('comments' in issue) issue.comments.push(body);
        if (fault === 'after-write') return HttpResponse.json({ message: 'Bad Gateway' }, { status: 502 });
        return HttpResponse.json({ id: this.next++, body, html_url: `https://github.test/${REPOSITORY}/issues/${params.number}#comment` } as never, { status: 201 });
      }),
      http.post(`${base}/issues/:number/labels`, async ({ request, params }) => {
        await record(request);
        const target = this.issues.find((i) => i.number === Number(params.number)) ?? this.pulls.find((p) => p.number === Number(params.number));
        if (!target) return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        const { labels } = (await request.json()) as { labels: string[] };
        target.labels.push(...labels);
        return HttpResponse.json(target.labels.map((name) => ({ name })) as never);
      }),
      http.get(`${base}/pulls`, async ({ request }) => {
        await record(request);
        const head = new URL(request.url).searchParams.get('head');
        const list = this.pulls.filter((p) => !head || `${REPOSITORY.split('/')[0]}:${p.head}` === head);
        return HttpResponse.json(list.map((p) => ({ number: p.number, html_url: `https://github.test/${REPOSITORY}/pull/${p.number}`, head: { ref: p.head }, state: 'open' })) as never);
      }),
      http.post(`${base}/pulls`, async ({ request }) => {
        await record(request);
        const body = (await request.json()) as { head: string; base: string; title: string; body: string };
        const pull: FakePull = { number: this.next++, head: body.head, base: body.base, title: body.title, body: body.body, labels: [], reviewers: [], teams: [] };
        this.pulls.push(pull);
        return HttpResponse.json({ number: pull.number, html_url: `https://github.test/${REPOSITORY}/pull/${pull.number}` } as never, { status: 201 });
      }),
      http.post(`${base}/pulls/:number/requested_reviewers`, async ({ request, params }) => {
        await record(request);
        const pull = this.pulls.find((p) => p.number === Number(params.number))!;
        const body = (await request.json()) as { reviewers?: string[]; team_reviewers?: string[] };
        pull.reviewers.push(...(body.reviewers ?? []));
        pull.teams.push(...(body.team_reviewers ?? []));
        return HttpResponse.json({ number: pull.number } as never, { status: 201 });
      }),
    ];
  }
}
