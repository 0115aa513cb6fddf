import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, REPO_ROOT, runCli } from '../helpers/brand.ts';
import { API, FakeIssues, REPOSITORY } from './fake-github.ts';
import { KEY, watchBrand, type WatchBrand } from './helpers.ts';

const server = setupServer();
const SLACK = 'https://hooks.slack.test/services/T0/B0/secret-hook';
let github: FakeIssues;
let slack: unknown[];
let brand: WatchBrand;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  github = new FakeIssues();
  slack = [];
  server.use(
    ...github.handlers,
    http.post(SLACK, async ({ request }) => {
      slack.push(await request.json());
      return new HttpResponse('ok');
    }),
  );
  brand = watchBrand();
});
afterEach(() => {
  server.resetHandlers();
  brand.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ ...cleanEnv(), CADENCE_PSEUDONYM_KEY: KEY, GITHUB_REPOSITORY: REPOSITORY, GITHUB_TOKEN: 'ghs_watchtoken', GITHUB_API_URL: API, SLACK_WATCH_WEBHOOK: SLACK, ...extra });
const watch = (at: string, extra: Record<string, string> = {}) => runCli(['watch', '--at', at], brand.root, env(extra));

interface SampleLine {
  text: string;
  handle: string;
  authorId: string;
}
const samples: SampleLine[] = ['bluesky', 'mastodon', 'reddit', 'youtube'].flatMap((n) =>
  readFileSync(path.join(REPO_ROOT, `samples/watch/${n}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as SampleLine),
);

describe('cadence watch on the sample bakery, without accounts', () => {
  it('stores 90 days of mentions, sees the Fête des Lumières spike and opens one French issue, with a Slack summary', async () => {
    const r = await watch('2026-12-08T20:00:00+01:00');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bluesky +sample +\d+ read, \d+ new/);
    expect(r.stdout).toMatch(/Spike: 10 authors of negative mentions in 6 h .*SEVERE/);
    expect(r.stdout).toMatch(/opened issue #1/);

    expect(github.issues).toHaveLength(1);
    const issue = github.issues[0]!;
    expect(issue.title).toBe('⚠️ Veille : pic négatif — 10 auteurs en 6 h (attendu ≈ 0,5) · niveau 3 suggéré');
    expect(issue.labels).toEqual(['veille', 'alerte', 'niveau:3']);
    expect(issue.body).toContain('Niveau de crise suggéré : 3 · Crise');
    expect(issue.body).toContain('@camille-lumiere');
    expect(issue.body).toContain('> On est deux à avoir vomi après la brioche de Boulangerie Lumière, intoxication ?');
    expect(issue.body).toContain('### Publications prévues dans les 48 h');
    expect(issue.body).toContain('- [ ] Décider du niveau de crise avec les approbateurs');
    // Excerpts are masked: no handle of the sample people in them.
    const excerpts = issue.body.split('\n').filter((l) => l.startsWith('  > '));
    expect(excerpts.length).toBeGreaterThan(3);
    for (const s of samples) for (const e of excerpts) expect(e).not.toContain(s.handle);

    expect(slack).toHaveLength(1);
    const message = (slack[0] as { text: string }).text;
    expect(message).toContain('https://github.test/boulangerie/contenus/issues/1');
    for (const s of samples) expect(message).not.toContain(s.text.slice(0, 30));

    expect(brand.remoteLog()).toEqual(expect.arrayContaining(['cadence: watch 191 new mentions', expect.stringMatching(/^cadence: watch incident veille-20261208-[0-9a-f]{4} \(#1\)$/)]));
  });

  it('comments on the same issue later, never opens a second one, and a quiet run changes nothing', async () => {
    await watch('2026-12-08T20:00:00+01:00');
    const log = brand.remoteLog();
    const again = await watch('2026-12-08T20:20:00+01:00');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Stored: 0 new mentions/);
    // Nothing new, nothing committed: no cursor moved, the working tree is clean.
    expect(brand.remoteLog()).toEqual(log);
    expect(brand.git('status', '--porcelain')).toBe('');
    expect(github.issues).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
    expect(slack).toHaveLength(1);
    const next = await watch('2026-12-09T12:00:00+01:00');
    expect(next.code).toBe(0);
    expect(github.issues).toHaveLength(1);
  });

  it('keeps no third-party text, handle or account id in Git: pseudonyms, links, scores, risk words, reach', async () => {
    await watch('2026-12-08T20:00:00+01:00');
    const committed = brand.committed();
    const data = [...committed].filter(([file]) => file.startsWith('data/'));
    expect(data.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const [file, text] of data) {
      // Links and ids included: a Bluesky or Mastodon post's link names its author, so Git keeps the site's
      // address and a keyed id instead (the alert issue has the full link).
      const lower = text.toLowerCase();
      for (const s of samples) {
        if (text.includes(s.text.slice(0, 40))) offenders.push(`${file}: text "${s.text.slice(0, 30)}"`);
        if (lower.includes(s.authorId.toLowerCase())) offenders.push(`${file}: author id ${s.authorId}`);
        if (lower.includes(s.handle.replace(/^@/, '').toLowerCase())) offenders.push(`${file}: handle ${s.handle}`);
      }
    }
    expect(offenders).toEqual([]);
    const day = committed.get('data/watch/mentions/2026-12-08.jsonl')!;
    const first = JSON.parse(day.split('\n')[0]!) as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(expect.arrayContaining(['id', 'network', 'url', 'createdAt', 'author', 'reach', 'label', 'score', 'risk']));
    expect(Object.keys(first)).not.toContain('text');
    for (const line of day.trim().split('\n')) expect((JSON.parse(line) as { author: string }).author).toMatch(/^p_[0-9a-f]{16}$/);
    expect(committed.get('data/watch/daily.csv')).toMatch(/^date,scope,network,mentions,positive,neutral,negative,authors,negativeAuthors,risk\n2026-09-09,/);
    expect(committed.has('.cadence/pseudonym.key')).toBe(false);
  });

  it('opens the issue exactly once: a failed creation is retried, an issue created before a crash is found again', async () => {
    github.failCreate = [500];
    const failed = await watch('2026-12-08T20:00:00+01:00');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/GitHub: .*answered 500/);
    expect(github.issues).toHaveLength(0);
    // Not retried blindly: a 5xx may come after GitHub wrote; the next run looks the marker up instead.
    expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
    // The incident is recorded (claimed) without an issue.
    const incidents = readdirSync(path.join(brand.root, 'data/watch/incidents'));
    const id = incidents[0]!.replace(/\.json$/, '');
    // A run that created the issue and died before recording it: the next run finds it by its marker.
    github.issues.push({ number: 41, title: 't', body: `<!-- cadence:watch-incident ${id} -->\n…`, labels: ['veille'], state: 'open', comments: [], assignees: [] });
    const later = await watch('2026-12-08T21:30:00+01:00');
    expect(later.code, later.stdout).toBe(0);
    expect(later.stdout).toContain('found issue #41');
    expect(github.issues).toHaveLength(1);
    const record = JSON.parse(readFileSync(path.join(brand.root, `data/watch/incidents/${id}.json`), 'utf8')) as { issue: { number: number } };
    expect(record.issue.number).toBe(41);
  });

  it('comments exactly once: a comment GitHub wrote but the run never recorded is found by its marker, not posted again', async () => {
    const opened = await watch('2026-12-08T17:00:00+01:00');
    expect(opened.stdout).toMatch(/ALERT/);
    expect(opened.stdout).toContain('opened issue #1');
    const idOf = () => readdirSync(path.join(brand.root, 'data/watch/incidents'))[0]!.replace(/\.json$/, '');
    const remoteRecord = () => JSON.parse(brand.committed().get(`data/watch/incidents/${idOf()}.json`)!) as { pendingComment?: { key: string }; lastComment?: { at: string; observed: number } };
    // 18:00, new negative authors: a comment. GitHub writes it, then answers 502 (as a crash after the call).
    let claimedBeforeTheCall: unknown;
    github.onComment = () => (claimedBeforeTheCall ??= remoteRecord().pendingComment);
    github.commentFaults = ['after-write'];
    const crashed = await watch('2026-12-08T18:00:00+01:00');
    expect(crashed.code).toBe(1);
    expect(crashed.stdout).toMatch(/Incident .*: update\n.*GitHub: .*answered 502/);
    // The claim reached Git before the call, with the key of the comment's marker.
    expect(claimedBeforeTheCall).toEqual({ key: '2026-12-08T17:00:00.000Z', kind: 'update', at: '2026-12-08T17:00:00.000Z', observed: 8, level: 'alert' });
    expect(github.issues[0]!.comments).toHaveLength(1);
    expect(github.issues[0]!.comments[0]).toMatch(new RegExp(`^<!-- cadence:watch-comment ${idOf()} 2026-12-08T17:00:00.000Z -->\n`));
    expect(remoteRecord().pendingComment).toBeDefined();

    // The next run finds the comment by its marker, records it, and posts nothing more for the same news.
    const rerun = await watch('2026-12-08T18:15:00+01:00');
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain('the comment of 2026-12-08T17:00:00.000Z is on issue #1: recorded');
    expect(github.issues[0]!.comments).toHaveLength(1);
    expect(remoteRecord().pendingComment).toBeUndefined();
    expect(remoteRecord().lastComment).toEqual({ at: '2026-12-08T17:00:00.000Z', observed: 8, level: 'alert' });

    // 19:00 the level rises: a comment; GitHub fails before writing it. The next run sees it never
    // arrived and posts it then: one comment for the escalation, not zero, not two.
    github.onComment = undefined;
    github.commentFaults = ['before-write'];
    expect((await watch('2026-12-08T19:00:00+01:00')).code).toBe(1);
    expect(github.issues[0]!.comments).toHaveLength(1);
    const retried = await watch('2026-12-08T19:15:00+01:00');
    expect(retried.code, retried.stdout).toBe(0);
    expect(retried.stdout).toContain('the comment of 2026-12-08T18:00:00.000Z never reached issue #1');
    expect(retried.stdout).toContain('commented on issue #1');
    expect(github.issues[0]!.comments).toHaveLength(2);
    expect(github.issues[0]!.comments[1]).toContain('le niveau monte : **grave**');
    expect(github.issues).toHaveLength(1);
  });

  it('on a GitHub runner: stops without the pseudonym key, refuses samples without CADENCE_OUTBOX=1', async () => {
    const noKey = await runCli(['watch', '--at', '2026-12-08T20:00:00+01:00'], brand.root, { ...cleanEnv(), GITHUB_ACTIONS: 'true' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('CADENCE_PSEUDONYM_KEY is not set');
    const noCredentials = await watch('2026-12-08T20:00:00+01:00', { GITHUB_ACTIONS: 'true' });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stdout).toMatch(/bluesky +— +✖ no credentials in this workflow \(BLUESKY_IDENTIFIER, BLUESKY_APP_PASSWORD\)/);
    expect(noCredentials.stdout).toContain('Stored: 0 new mentions');
    const rehearsal = await watch('2026-12-08T20:00:00+01:00', { GITHUB_ACTIONS: 'true', CADENCE_OUTBOX: '1' });
    expect(rehearsal.code).toBe(0);
    expect(rehearsal.stdout).toMatch(/bluesky +sample/);
  });

  it('a first run whose backlog reaches past the retention keeps only the retained days, and commits them', async () => {
    const r = await watch('2027-01-15T11:00:00+01:00');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Stored: \d+ new mentions \(\d+ older than the retention: not kept\) \(committed and pushed\)/);
    const days = [...brand.committed().keys()].filter((f) => f.startsWith('data/watch/mentions/')).sort();
    expect(days.length).toBeGreaterThan(0);
    expect(days[0]! >= 'data/watch/mentions/2026-10-17.jsonl').toBe(true);
    expect(brand.git('status', '--porcelain')).toBe('');
  });

  it('--dry-run stores nothing and opens nothing', async () => {
    const r = await runCli(['watch', '--at', '2026-12-08T20:00:00+01:00', '--dry-run'], brand.root, env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SEVERE/);
    expect(r.stdout).toContain('dry run');
    expect(github.requests).toEqual([]);
    expect(brand.remoteLog()).toEqual(['brand']);
  });
});
