/**
 * An in-memory GitHub REST API for msw, with the response shapes of docs.github.com/rest: pull requests
 * (get, list by head), commits/{sha}/pulls, issue comments (paginated with Link headers), labels (repo and
 * issue), check runs (annotations appended per PATCH), run artifacts, reviews and PR commits.
 */
import { http, HttpResponse, type AnyHandler } from 'msw';

export const API = 'https://api.github.test';
export const OWNER = 'boulangerie';
export const REPO = 'contenus';

export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  head: { sha: string; ref: string; repo: { full_name: string } };
  base?: { ref: string; sha?: string };
  user: { login: string };
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  html_url?: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
}

export interface FakeReview {
  id: number;
  user: { login: string };
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commit_id: string;
  submitted_at: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
}

export class FakeGitHub {
  pulls = new Map<number, FakePull>();
  /** commit SHA → PR numbers (commits/{sha}/pulls). */
  commitPulls = new Map<string, number[]>();
  comments = new Map<number, FakeComment[]>();
  issueLabels = new Map<number, string[]>();
  repoLabels = new Set<string>(['bug']);
  checkRuns: Array<{ id: number; name: string; head_sha: string; conclusion: string; output: { title: string; summary: string }; annotations: unknown[] }> = [];
  artifacts = new Map<number, Array<{ id: number; name: string; expired: boolean }>>();
  reviews = new Map<number, FakeReview[]>();
  pullCommits = new Map<number, Array<{ sha: string; author: { login: string } | null }>>();
  requests: RecordedRequest[] = [];
  private nextId = 1000;
  /** Page size the fake enforces on list endpoints, to exercise pagination. */
  pageSize = 2;
  tokens: string[] = [];

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  get handlers(): AnyHandler[] {
    const base = `${API}/repos/${OWNER}/${REPO}`;
    const record = async (request: Request, params: Record<string, unknown> = {}) => {
      void params;
      const url = new URL(request.url);
      const body = request.method === 'GET' || request.method === 'DELETE' ? undefined : await request.clone().json().catch(() => undefined);
      this.requests.push({ method: request.method, path: `${url.pathname}${url.search}`, ...(body !== undefined ? { body } : {}) });
      this.tokens.push(request.headers.get('authorization') ?? '');
    };
    const paged = <T>(request: Request, items: T[]) => {
      const url = new URL(request.url);
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = items.slice((page - 1) * this.pageSize, page * this.pageSize);
      const headers: Record<string, string> = {};
      if (page * this.pageSize < items.length) {
        url.searchParams.set('page', String(page + 1));
        headers.link = `<${url.toString()}>; rel="next", <${url.toString()}>; rel="last"`;
      }
      return HttpResponse.json(slice as never, { headers });
    };
    const notFound = () => HttpResponse.json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, { status: 404 });
    return [
      http.get(`${base}/pulls`, async ({ request }) => {
        await record(request);
        const url = new URL(request.url);
        const head = url.searchParams.get('head');
        const state = url.searchParams.get('state') ?? 'open';
        const list = [...this.pulls.values()].filter((p) => (state === 'all' || p.state === state) && (!head || `${p.head.repo.full_name.split('/')[0]}:${p.head.ref}` === head));
        return HttpResponse.json(list as never);
      }),
      http.get(`${base}/pulls/:number`, async ({ request, params }) => {
        await record(request);
        const pull = this.pulls.get(Number(params.number));
        return pull ? HttpResponse.json(pull as never) : notFound();
      }),
      http.get(`${base}/pulls/:number/reviews`, async ({ request, params }) => {
        await record(request);
        return paged(request, this.reviews.get(Number(params.number)) ?? []);
      }),
      http.get(`${base}/pulls/:number/commits`, async ({ request, params }) => {
        await record(request);
        return paged(request, (this.pullCommits.get(Number(params.number)) ?? []).map((c) => ({ sha: c.sha, author: c.author, commit: { message: 'm' } })));
      }),
      http.get(`${base}/commits/:sha/pulls`, async ({ request, params }) => {
        await record(request);
        return HttpResponse.json((this.commitPulls.get(String(params.sha)) ?? []).map((n) => this.pulls.get(n)!) as never);
      }),
      http.get(`${base}/issues/:number/comments`, async ({ request, params }) => {
        await record(request);
        return paged(request, this.comments.get(Number(params.number)) ?? []);
      }),
      http.post(`${base}/issues/:number/comments`, async ({ request, params }) => {
        await record(request);
        const { body } = (await request.json()) as { body: string };
        const comment: FakeComment = { id: this.nextId++, body, user: { login: 'github-actions[bot]', type: 'Bot' } };
        this.comments.set(Number(params.number), [...(this.comments.get(Number(params.number)) ?? []), comment]);
        return HttpResponse.json(comment as never, { status: 201 });
      }),
      http.patch(`${base}/issues/comments/:id`, async ({ request, params }) => {
        await record(request);
        const { body } = (await request.json()) as { body: string };
        for (const list of this.comments.values()) {
          const comment = list.find((c) => c.id === Number(params.id));
          if (comment) {
            if (comment.user.login !== 'github-actions[bot]') return HttpResponse.json({ message: 'Resource not accessible by integration' }, { status: 403 });
            comment.body = body;
            return HttpResponse.json(comment as never);
          }
        }
        return notFound();
      }),
      http.get(`${base}/issues/:number/labels`, async ({ request, params }) => {
        await record(request);
        return paged(request, (this.issueLabels.get(Number(params.number)) ?? []).map((name) => ({ name, color: 'ededed' })));
      }),
      http.post(`${base}/issues/:number/labels`, async ({ request, params }) => {
        await record(request);
        const { labels } = (await request.json()) as { labels: string[] };
        const current = new Set(this.issueLabels.get(Number(params.number)) ?? []);
        for (const l of labels) {
          current.add(l);
          this.repoLabels.add(l);
        }
        this.issueLabels.set(Number(params.number), [...current]);
        return HttpResponse.json([...current].map((name) => ({ name })) as never);
      }),
      http.delete(`${base}/issues/:number/labels/:name`, async ({ request, params }) => {
        await record(request);
        const name = decodeURIComponent(String(params.name));
        const current = this.issueLabels.get(Number(params.number)) ?? [];
        if (!current.includes(name)) return HttpResponse.json({ message: 'Label does not exist' }, { status: 404 });
        this.issueLabels.set(Number(params.number), current.filter((l) => l !== name));
        return HttpResponse.json(this.issueLabels.get(Number(params.number))!.map((n) => ({ name: n })) as never);
      }),
      http.post(`${base}/labels`, async ({ request }) => {
        await record(request);
        const { name } = (await request.json()) as { name: string };
        if (this.repoLabels.has(name)) return HttpResponse.json({ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] }, { status: 422 });
        this.repoLabels.add(name);
        return HttpResponse.json({ id: this.nextId++, name } as never, { status: 201 });
      }),
      http.post(`${base}/check-runs`, async ({ request }) => {
        await record(request);
        const body = (await request.json()) as { name: string; head_sha: string; conclusion: string; output: { title: string; summary: string; annotations?: unknown[] } };
        if ((body.output.annotations?.length ?? 0) > 50) return HttpResponse.json({ message: 'Only 50 annotations per request' }, { status: 422 });
        const run = { id: this.nextId++, name: body.name, head_sha: body.head_sha, conclusion: body.conclusion, output: body.output, annotations: [...(body.output.annotations ?? [])] };
        this.checkRuns.push(run);
        return HttpResponse.json({ id: run.id, name: run.name, head_sha: run.head_sha, status: 'completed', conclusion: run.conclusion } as never, { status: 201 });
      }),
      http.patch(`${base}/check-runs/:id`, async ({ request, params }) => {
        await record(request);
        const run = this.checkRuns.find((r) => r.id === Number(params.id));
        if (!run) return notFound();
        const body = (await request.json()) as { output: { annotations?: unknown[] } };
        if ((body.output.annotations?.length ?? 0) > 50) return HttpResponse.json({ message: 'Only 50 annotations per request' }, { status: 422 });
        run.annotations.push(...(body.output.annotations ?? []));
        return HttpResponse.json({ id: run.id } as never);
      }),
      http.get(`${base}/actions/runs/:id/artifacts`, async ({ request, params }) => {
        await record(request);
        const artifacts = this.artifacts.get(Number(params.id)) ?? [];
        return HttpResponse.json({ total_count: artifacts.length, artifacts } as never);
      }),
    ];
  }
}
