import { readFileSync, writeFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asDraft } from '../../src/crisis/run.ts';
import { cleanEnv, runCli } from '../helpers/brand.ts';
import { API, FakeIssues, REPOSITORY } from './fake-github.ts';
import { watchBrand, type WatchBrand } from './helpers.ts';

const server = setupServer();
let github: FakeIssues;
let brand: WatchBrand;
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  github = new FakeIssues();
  server.use(...github.handlers);
  brand = watchBrand({ withSamples: false });
});
afterEach(() => {
  server.resetHandlers();
  brand.cleanup();
});

const env = { ...cleanEnv(), GITHUB_REPOSITORY: REPOSITORY, GITHUB_TOKEN: 'ghs_x', GITHUB_API_URL: API, GITHUB_ACTOR: 'camille-lumiere' };
const cli = (...args: string[]) => runCli(args, brand.root, env);

describe('cadence crisis', () => {
  it('start pauses by level at once, opens a PR of statements that cannot merge half-filled, and lets only them through', async () => {
    const start = await cli('crisis', 'start', '--level', '2', '--reason', 'File d’attente et rupture de brioches', '--statement', 'reclamation-produit', '--var', 'produit=la brioche des Lumières', '--at', '2026-12-08T20:30:00+01:00');
    expect(start.code, start.stdout + start.stderr).toBe(0);
    expect(start.stdout).toContain('paused: pillar-produits-saison, pillar-communaute, campaign-noel-2026, campaign-reveillon-2026, campaign-galette-2027');
    expect(start.stdout).toMatch(/to fill in: \{verification\}, \{echeance\}/);
    const id = 'crise-20261208-file-d-attente-et-rupture-de-brioches';
    // The pause and the crisis are on main at once.
    const remote = brand.committed();
    expect(JSON.parse(remote.get('data/pause/pillar-produits-saison.json')!)).toMatchObject({ reason: '[crise niveau 2] File d’attente et rupture de brioches', crisis: id, by: 'camille-lumiere' });
    expect(JSON.parse(remote.get('data/crisis/current.json')!)).toMatchObject({ id, level: 2, approvers: ['camille-lumiere', 'julien-morel'] });
    // The statement is a post on its branch, with the variables left to fill.
    const statement = brand.git('--git-dir', brand.remote, 'show', `crisis/${id}:content/posts/crise/2026-12-08-crise-reclamation-produit.mdx`);
    expect(statement).toContain(`crisis: ${id}`);
    expect(statement).toContain('Nous avons lu vos messages au sujet de la brioche des Lumières.');
    expect(statement).toContain('{verification}');
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]).toMatchObject({ head: `crisis/${id}`, base: 'main', labels: ['crise'], reviewers: ['camille-lumiere', 'julien-morel'] });
    expect(github.pulls[0]!.body).toContain('à compléter : `{verification}`, `{echeance}`');

    // Lint fails on the half-written statement.
    brand.git('fetch', '-q', 'origin');
    brand.git('checkout', '-q', `origin/crisis/${id}`);
    const lint = await cli('lint', 'content/posts/crise', '--format', 'json', '--at', '2026-12-08T20:35:00+01:00');
    expect(lint.code).toBe(1);
    expect((JSON.parse(lint.stdout) as { rule: string; message: string }[]).filter((d) => d.rule === 'crisis/unfilled-variable').map((d) => d.message)).toEqual(['fill in {verification}, {echeance} before this statement can go out']);
    // Filled in and merged: it is due through the pause; a product post of the same evening is held.
    const file = `${brand.root}/content/posts/crise/2026-12-08-crise-reclamation-produit.mdx`;
    writeFileSync(file, readFileSync(file, 'utf8').replace('{verification}', 'nos fournées du jour').replace('{echeance}', 'demain à 10 h'));
    const due = await cli('due', '--at', '2026-12-08T20:45:00+01:00', '--format', 'json');
    const rows = JSON.parse(due.stdout) as { post: string; channel: string }[];
    expect(rows.map((r) => r.post)).toEqual(expect.arrayContaining([`${id}-reclamation-produit`]));
    const text = await cli('due', '--at', '2026-12-08T20:45:00+01:00');
    expect(text.stdout).toMatch(/Held by a pause/);
    expect(text.stdout).toContain('[crise niveau 2]');
  });

  it('refuses a second start, an unknown level, and an update without a crisis', async () => {
    expect((await cli('crisis', 'update', '--note', 'x')).stderr).toContain('no crisis in progress');
    expect((await cli('crisis', 'start', '--level', '7', '--reason', 'x')).stderr).toContain('--level 7: content/crisis.mdx defines levels 1, 2, 3');
    await cli('crisis', 'start', '--level', '1', '--reason', 'Un avis', '--at', '2026-12-08T09:00:00+01:00');
    const again = await cli('crisis', 'start', '--level', '3', '--reason', 'Autre');
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('is still open')]);
  });

  it('end opens the PR that lifts the pause, drafts the held posts whose time passed long ago, and prefills the post-mortem', async () => {
    await cli('crisis', 'start', '--level', '3', '--reason', 'Rumeur brioche', '--at', '2026-12-08T20:30:00+01:00');
    expect(brand.committed().has('data/pause/all.json')).toBe(true);
    const update = await cli('crisis', 'update', '--note', 'Analyse du labo attendue demain', '--at', '2026-12-09T10:00:00+01:00');
    expect(update.code).toBe(0);
    const end = await cli('crisis', 'end', '--at', '2026-12-10T12:00:00+01:00');
    expect(end.code, end.stdout + end.stderr).toBe(0);
    expect(end.stdout).toMatch(/held publications?, [1-9]\d* too old/);
    const id = 'crise-20261208-rumeur-brioche';
    const branch = `crisis/${id}-fin`;
    const files = brand.git('--git-dir', brand.remote, 'ls-tree', '-r', '--name-only', branch);
    expect(files).not.toContain('data/pause/all.json');
    expect(files).not.toContain('data/crisis/current.json');
    const postmortem = brand.git('--git-dir', brand.remote, 'show', `${branch}:data/crisis/${id}/postmortem.md`);
    expect(postmortem).toContain('# Bilan de crise crise-20261208-rumeur-brioche');
    expect(postmortem).toContain('crise déclarée, niveau 3 : Rumeur brioche');
    expect(postmortem).toContain('point : Analyse du labo attendue demain');
    const pr = github.pulls.find((p) => p.head === branch)!;
    expect(pr.body).toContain('reprogrammer ou abandonner');
    const stale = pr.body.split('\n').find((l) => l.startsWith('- [ ] `'))!;
    const post = /`([^`]+)`/.exec(stale)![1]!;
    const postFile = files.split('\n').find((f) => f.startsWith('content/posts/') && brand.git('--git-dir', brand.remote, 'show', `${branch}:${f}`).includes('status: draft') && f.includes(post.replace(/^\d{4}-\d{2}-/, '')));
    expect(postFile).toBeDefined();
  });

  it('end: a post is released at the merge or drafted as a whole, each draft listed with its file and what to do', async () => {
    // A post due 45 minutes before the end (recent: released at the merge), and one whose Instagram
    // variant is due 30 minutes before while its other channels are 4 h 30 late (drafted, all of it).
    const recent = `${brand.root}/content/posts/2026/12/conserver-son-pain.mdx`;
    writeFileSync(recent, readFileSync(recent, 'utf8').replace('publishAt: 2026-12-12T10:00', 'publishAt: 2026-12-10T12:15'));
    brand.git('commit', '-qam', 'move a post');
    brand.git('push', '-q');
    await cli('crisis', 'start', '--level', '3', '--reason', 'Rumeur brioche', '--at', '2026-12-08T20:30:00+01:00');
    const end = await cli('crisis', 'end', '--at', '2026-12-10T13:00:00+01:00');
    expect(end.code, end.stdout + end.stderr).toBe(0);
    const branch = 'crisis/crise-20261208-rumeur-brioche-fin';
    const onBranch = (file: string) => brand.git('--git-dir', brand.remote, 'show', `${branch}:${file}`);
    const body = github.pulls.find((p) => p.head === branch)!.body;
    const [releasedPart, draftedPart] = body.split('### À reprogrammer ou abandonner : heure passée depuis plus de 2 h');
    expect(draftedPart).toContain('Rien ne part sans décision : ces fichiers sont en `status: draft` dans cette PR.');
    expect(draftedPart).toContain('**reprogrammer** (une nouvelle `publishAt` et `status: ready`, dans cette PR ou après) ou **abandonner** (supprimer le fichier)');
    // Released: the recent post, its file untouched.
    expect(releasedPart).toMatch(/- `[^`]+` · mastodon · prévue le 2026-12-10 à 12:15 \(`content\/posts\/2026\/12\/conserver-son-pain\.mdx`\)/);
    expect(onBranch('content/posts/2026/12/conserver-son-pain.mdx')).not.toContain('status: draft');
    // Drafted as a whole: one line per file, with every held channel, Instagram's recent time included.
    const line = draftedPart!.split('\n').find((l) => l.includes('recrutement-apprenti.mdx'))!;
    expect(line).toMatch(/^- \[ \] `content\/posts\/2026\/12\/recrutement-apprenti\.mdx` — `[^`]+` · .*instagram.* · prévue le 2026-12-10 à 08:30$/);
    expect(releasedPart).not.toContain('recrutement-apprenti');
    // Nothing released blindly: every file listed to decide is a draft on the branch, and only those changed.
    const listed = [...draftedPart!.matchAll(/^- \[ \] `([^`]+)`/gm)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(1);
    for (const file of listed) expect(onBranch(file)).toMatch(/^status: draft$/m);
    const changedPosts = brand.git('--git-dir', brand.remote, 'diff', '--name-only', 'main', branch, '--', 'content/posts').trim().split('\n');
    expect(changedPosts.sort()).toEqual([...listed].sort());
  });

  it('after the merge of the end: a post it released goes out while recent, and is held when the merge came too late', async () => {
    const file = 'content/posts/2026/12/conserver-son-pain.mdx';
    const move = (from: string, to: string, message: string) => {
      writeFileSync(`${brand.root}/${file}`, readFileSync(`${brand.root}/${file}`, 'utf8').replace(from, to));
      brand.git('commit', '-qam', message);
      brand.git('push', '-q');
    };
    move('publishAt: 2026-12-12T10:00', 'publishAt: 2026-12-10T12:15', 'move a post into the crisis');
    await cli('crisis', 'start', '--level', '3', '--reason', 'Rumeur brioche', '--at', '2026-12-08T20:30:00+01:00');
    expect((await cli('crisis', 'end', '--at', '2026-12-10T13:00:00+01:00')).code).toBe(0);
    const id = 'crise-20261208-rumeur-brioche';
    // The end pull request is merged: the record carries the protocol's staleAfter.
    brand.git('pull', '-q', '--no-rebase');
    brand.git('merge', '-q', '--no-edit', `origin/crisis/${id}-fin`);
    brand.git('push', '-q');
    expect(JSON.parse(readFileSync(`${brand.root}/data/crisis/${id}/record.json`, 'utf8'))).toMatchObject({ id, endedAt: '2026-12-10T12:00:00.000Z', staleAfterMs: 7_200_000 });
    const post = '2026-12-conserver-son-pain';
    const dueAt = async (iso: string) => (await cli('due', '--at', iso)).stdout;
    // Merged soon after the end: 1 h 15 late, it goes out.
    expect(await dueAt('2026-12-10T13:30:00+01:00')).toMatch(new RegExp(`^Due at[^]*12:15:00\\+01:00  mastodon  ${post}\n`, 'm'));
    // The merge waited: 2 h 15 late, it is held with the crisis, the lateness and what to do, and publish sends nothing.
    const late = await dueAt('2026-12-10T14:30:00+01:00');
    expect(late).toContain('Held after a crisis, too late to go out by themselves (reschedule each, or set status: draft):');
    expect(late).toContain(`mastodon  ${post}  held by crisis ${id} (all), now 2.3 h late, more than its staleAfter: not released blindly; reschedule it (a new publishAt) or set status: draft  (${file})`);
    const publishEnv = { ...cleanEnv(), CADENCE_OUTBOX: '1' };
    const published = await runCli(['publish', '--at', '2026-12-10T14:30:00+01:00', '--channel', 'mastodon'], brand.root, publishEnv);
    expect(published.stdout + published.stderr).toContain(`held by crisis ${id} (all)`);
    expect(readFileSync(`${brand.root}/${file}`, 'utf8')).not.toContain('status: draft');
    expect(brand.committed().has(`data/ledger/${post}/mastodon.jsonl`)).toBe(false);
    // Rescheduled by a human: it goes out at its new time.
    brand.git('pull', '-q', '--no-rebase');
    move('publishAt: 2026-12-10T12:15', 'publishAt: 2026-12-10T15:00', 'reschedule after the crisis');
    expect(await dueAt('2026-12-10T15:00:00+01:00')).toMatch(new RegExp(`^Due at[^]*15:00:00\\+01:00  mastodon  ${post}\n`, 'm'));
  });

  it('asDraft sets or adds the status', () => {
    expect(asDraft('---\ntitle: a\nstatus: ready\n---\nbody')).toBe('---\ntitle: a\nstatus: draft\n---\nbody');
    expect(asDraft('---\ntitle: a\n---\nbody')).toBe('---\ntitle: a\nstatus: draft\n---\nbody');
  });
});
