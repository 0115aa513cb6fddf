/**
 * A fake of the GitHub REST endpoints the calendar's in-review check reads, with the response shapes of
 * docs.github.com/rest: list pull requests (paginated with Link headers), list pull request files, get
 * repository content (base64, wrapped at 60 columns like GitHub does). The same handlers serve msw in the
 * test process and a real HTTP server in a child process (Astro builds run as child processes that msw
 * cannot intercept, and the test process is blocked while a build runs):
 *
 *   node test/site/fake-pulls.ts <scenario.json>   → prints "listening <port>", serves until killed
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { getResponse, http, HttpResponse, type AnyHandler } from 'msw';

export interface ScenarioPull {
  number: number;
  title: string;
  author: string;
  headSha: string;
  draft?: boolean;
  /** `owner/name` of the head repository (a fork when not the base); null for a deleted fork. */
  headRepo?: string | null;
  /** The branch it would merge into (default main). */
  base?: string;
  files: Array<{ filename: string; status: string; previous_filename?: string }>;
}

export interface PullsScenario {
  owner: string;
  repo: string;
  pulls: ScenarioPull[];
  /** `${sha}:${path}` → file text at that commit. */
  contents: Record<string, string>;
  pageSize?: number;
  /** Answer this status (with a GitHub error body) to every request whose path matches. */
  fail?: { match: string; status: number; message: string };
}

export interface Recorded {
  path: string;
  authorization: string | null;
}

function restPull(base: string, s: PullsScenario, p: ScenarioPull) {
  const full = `${s.owner}/${s.repo}`;
  const headRepo = p.headRepo === undefined ? full : p.headRepo;
  return {
    url: `${base}/repos/${full}/pulls/${p.number}`,
    id: 1_000_000 + p.number,
    html_url: `https://github.test/${full}/pull/${p.number}`,
    number: p.number,
    state: 'open',
    locked: false,
    title: p.title,
    user: { login: p.author, id: p.number, type: 'User' },
    body: null,
    draft: p.draft ?? false,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-30T10:00:00Z',
    head: { label: `${(headRepo ?? 'ghost/x').split('/')[0]}:topic-${p.number}`, ref: `topic-${p.number}`, sha: p.headSha, repo: headRepo ? { full_name: headRepo, fork: headRepo !== full } : null },
    base: { label: `${s.owner}:${p.base ?? 'main'}`, ref: p.base ?? 'main', sha: 'b'.repeat(40), repo: { full_name: full, fork: false } },
  };
}

/** msw handlers for the scenario, answering under `base` (an API root such as https://api.github.test). */
export function pullsHandlers(base: string, s: PullsScenario, recorded: Recorded[] = []): AnyHandler[] {
  const root = `${base}/repos/${s.owner}/${s.repo}`;
  const pageSize = s.pageSize ?? 100;
  const record = (request: Request) => {
    const url = new URL(request.url);
    recorded.push({ path: `${url.pathname}${url.search}`, authorization: request.headers.get('authorization') });
    if (s.fail && new RegExp(s.fail.match).test(url.pathname + url.search)) return HttpResponse.json({ message: s.fail.message, documentation_url: 'https://docs.github.com/rest' }, { status: s.fail.status });
    return undefined;
  };
  const paged = (request: Request, items: unknown[]) => {
    const url = new URL(request.url);
    const size = Math.min(pageSize, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? '1');
    const headers: Record<string, string> = {};
    if (page * size < items.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      const last = new URL(url);
      last.searchParams.set('page', String(Math.ceil(items.length / size)));
      headers.link = `<${next}>; rel="next", <${last}>; rel="last"`;
    }
    return HttpResponse.json(items.slice((page - 1) * size, page * size) as never, { headers });
  };
  const notFound = () => HttpResponse.json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, { status: 404 });
  return [
    http.get(`${root}/pulls`, ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const query = new URL(request.url).searchParams;
      const state = query.get('state') ?? 'open';
      const into = query.get('base');
      return paged(request, state === 'closed' ? [] : s.pulls.filter((p) => !into || (p.base ?? 'main') === into).map((p) => restPull(base, s, p)));
    }),
    http.get(`${root}/pulls/:number/files`, ({ request, params }) => {
      const failed = record(request);
      if (failed) return failed;
      const pull = s.pulls.find((p) => p.number === Number(params.number));
      if (!pull) return notFound();
      return paged(
        request,
        pull.files.map((f, i) => ({ sha: String(i).padStart(40, 'f'), filename: f.filename, status: f.status, additions: 3, deletions: 1, changes: 4, blob_url: '', raw_url: '', contents_url: '', patch: '@@ -1 +1 @@', ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}) })),
      );
    }),
    http.get(`${root}/contents/*`, ({ request }) => {
      const failed = record(request);
      if (failed) return failed;
      const url = new URL(request.url);
      const file = decodeURIComponent(url.pathname.slice(`/repos/${s.owner}/${s.repo}/contents/`.length + new URL(base).pathname.replace(/\/$/, '').length));
      const text = s.contents[`${url.searchParams.get('ref')}:${file}`];
      if (text === undefined) return notFound();
      const content = (Buffer.from(text, 'utf8').toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
      return HttpResponse.json({ type: 'file', encoding: 'base64', size: Buffer.byteLength(text), name: file.split('/').at(-1), path: file, content, sha: 'c'.repeat(40), url: url.toString(), git_url: null, html_url: null, download_url: null } as never);
    }),
  ];
}

/** A real HTTP server answering with the scenario's handlers, on a free local port. */
export async function serveScenario(s: PullsScenario): Promise<{ server: Server; base: string }> {
  let handlers: AnyHandler[] = [];
  const server = createServer(async (req, res) => {
    const request = new Request(`${base}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers: req.headers as Record<string, string> });
    const response = (await getResponse(handlers as never, request)) ?? new Response(JSON.stringify({ message: 'Not Found' }), { status: 404, headers: { 'content-type': 'application/json' } });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  handlers = pullsHandlers(base, s);
  return { server, base };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { server, base } = await serveScenario(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as PullsScenario);
  process.stdout.write(`listening ${base}\n`);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
