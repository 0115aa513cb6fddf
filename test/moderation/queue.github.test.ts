/**
 * The human queue on GitHub (issues through octokit, faked at the HTTP level with GitHub's shapes) and a
 * team member's `/restore` from it: checked membership, claimed and recorded with the login and the
 * hide it undoes, answered, closed with the excerpt erased; done once however often the event comes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inboxModeration } from '../../src/adapters/inbox.ts';
import { parseLog } from '../../src/core/moderation/log.ts';
import { createGitHubClient } from '../../src/github/octokit.ts';
import { runTeamCommand, parseCommand } from '../../src/moderation/command.ts';
import { githubQueue, parseMarker } from '../../src/moderation/queue.ts';
import { moderateRun } from '../../src/moderation/run.ts';
import type { RemoteBrand } from '../publish/helpers.ts';
import { git } from '../publish/helpers.ts';
import { AT, committedData, day, env, moderationBrand } from './helpers.ts';

const API = 'https://api.github.test';
const TOKEN = 'ghs_moderationtoken123';
interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
  created_at: string;
  updated_at: string;
  html_url: string;
  comments: string[];
}
const issues: Issue[] = [];
const writers = new Set(['camille']);
const server = setupServer(
  http.post(`${API}/repos/boulangerie/contenus/issues`, async ({ request }) => {
    const body = (await request.json()) as { title: string; body: string; labels: string[] };
    const number = issues.length + 1;
    const now = new Date().toISOString();
    const issue: Issue = { number, title: body.title, body: body.body, state: 'open', labels: body.labels.map((name) => ({ name })), created_at: now, updated_at: now, html_url: `https://github.test/boulangerie/contenus/issues/${number}`, comments: [] };
    issues.push(issue);
    return HttpResponse.json(issue, { status: 201 });
  }),
  http.get(`${API}/repos/boulangerie/contenus/issues`, ({ request }) => {
    const url = new URL(request.url);
    const label = url.searchParams.get('labels');
    const state = url.searchParams.get('state') ?? 'open';
    return HttpResponse.json(issues.filter((i) => (!label || i.labels.some((l) => l.name === label)) && (state === 'all' || i.state === state)));
  }),
  http.patch(`${API}/repos/boulangerie/contenus/issues/:number`, async ({ request, params }) => {
    const issue = issues.find((i) => i.number === Number(params.number))!;
    Object.assign(issue, (await request.json()) as Partial<Issue>);
    return HttpResponse.json(issue);
  }),
  http.post(`${API}/repos/boulangerie/contenus/issues/:number/comments`, async ({ request, params }) => {
    const issue = issues.find((i) => i.number === Number(params.number))!;
    issue.comments.push(((await request.json()) as { body: string }).body);
    return HttpResponse.json({ id: 1, body: issue.comments.at(-1) }, { status: 201 });
  }),
  http.get(`${API}/repos/boulangerie/contenus/collaborators/:user/permission`, ({ params }) =>
    HttpResponse.json({ permission: writers.has(String(params.user)) ? 'write' : 'read', role_name: writers.has(String(params.user)) ? 'write' : 'read', user: { login: params.user } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const github = () => createGitHubClient({ token: TOKEN, baseUrl: API, retries: 0, throttle: false, warn: () => {} });
const repo = { owner: 'boulangerie', name: 'contenus' };

let remote: RemoteBrand;
afterAll(() => remote?.cleanup());

describe('the queue as GitHub issues, and /restore', () => {
  it('opens labelled issues with the excerpt and the permalink, and a member restores a false positive', async () => {
    remote = moderationBrand({ instagram: day.instagram });
    const runner = remote.clone();
    const report = await moderateRun({ root: runner, nowMs: Date.parse(AT), env: env(), queue: githubQueue(github(), repo), channels: new Set(['instagram']) });
    expect(report.channels[0]!.status).toBe('ok');
    const hidden = issues.find((i) => parseMarker(i.body)?.key === 'instagram:ig-2:flag')!;
    expect(hidden.labels.map((l) => l.name)).toEqual(['moderation', 'network:instagram', 'rule:insultes']);
    expect(hidden.body).toContain('> Bande de connards');
    expect(hidden.body).toContain('@troll.lyonnais');
    expect(hidden.body).toContain('/restore');
    expect(issues.find((i) => parseMarker(i.body)?.key === 'instagram:ig-1:to-answer')!.labels.map((l) => l.name)).toContain('to-answer');
    expect((await inboxModeration(runner, 'instagram').state!({ id: 'ig-2', network: 'instagram' }))).toMatchObject({ hidden: true });

    const event = (login: string, association: string, id: number, body = '/restore') => ({ action: 'created', issue: { number: hidden.number, body: hidden.body, labels: hidden.labels }, comment: { id, body, user: { login, type: 'User' }, author_association: association } });
    // Someone without write access: refused, told so, nothing done.
    const stranger = await runTeamCommand({ root: runner, env: env(), event: event('inconnu', 'NONE', 900), github: github(), repo });
    expect(stranger.status).toBe('refused');
    expect(hidden.comments.at(-1)).toMatch(/seuls les membres/);

    const restored = await runTeamCommand({ root: runner, env: env(), event: event('camille', 'MEMBER', 901), github: github(), repo });
    expect(restored).toMatchObject({ status: 'done' });
    expect((await inboxModeration(runner, 'instagram').state!({ id: 'ig-2', network: 'instagram' }))).toMatchObject({ hidden: false });
    expect(hidden.state).toBe('closed');
    expect(hidden.body).not.toContain('connards');
    expect(hidden.body).toContain('cadence-moderation');
    expect(hidden.comments.at(-1)).toMatch(/Message rétabli.*@camille/);

    const check = remote.clone();
    const month = new Date().toISOString().slice(0, 7);
    const events = parseLog(readFileSync(path.join(check, `data/moderation/log/${month}/instagram.jsonl`), 'utf8')).events;
    expect(events.find((e) => e.type === 'acted' && e.action === 'unhide')).toMatchObject({ by: 'camille', undoOf: 'instagram:ig-2:hide', queue: String(hidden.number) });

    // The same event delivered again (a re-run of the workflow): nothing more.
    const again = await runTeamCommand({ root: runner, env: env(), event: event('camille', 'MEMBER', 901), github: github(), repo });
    expect(again.status).toBe('already-done');
    // Nothing of the commenter reached Git, the token neither.
    const data = committedData(remote.bare);
    expect(data).not.toContain('connards');
    expect(data).not.toContain('troll');
    expect(data).not.toContain(TOKEN);
    expect(git(remote.bare, 'log', '--format=%s', '-1')).toMatch(/restore on instagram done/);
  }, 180_000);

  it('parses commands strictly from the comment text, never a shell', () => {
    expect(parseCommand('/hide')).toEqual({ name: 'hide' });
    expect(parseCommand('Je regarde.\n/reply merci')).toEqual({ name: 'reply', argument: 'merci' });
    expect(parseCommand('/reply')).toMatchObject({ error: expect.stringMatching(/saved reply/) });
    expect(parseCommand('/reply $(rm -rf /)')).toMatchObject({ error: expect.any(String) });
    expect(parseCommand('/delete')).toMatchObject({ error: expect.stringMatching(/unknown command/) });
    expect(parseCommand('merci !')).toBeUndefined();
  });
});
