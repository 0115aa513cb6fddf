/**
 * `cadence crisis start|update|end` (docs/crisis.md). Start pauses what the level says at once (on the
 * main branch, through the existing pause files), records the crisis, and opens a pull request with the
 * level's holding statements rendered as posts; those posts are the only ones that publish through the
 * pause, once approved. End opens the pull request that lifts the pause, lists every post held during
 * the crisis, turns those whose time passed long ago into drafts for a reviewer to reschedule or drop,
 * and adds a prefilled post-mortem.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { duePlan } from '../core/due.ts';
import { InputError } from '../core/errors.ts';
import { campaignScope, pauseFile, type PauseScope } from '../core/ledger/pause.ts';
import { parseVariables, renderStatement } from '../core/crisis/render.ts';
import { postmortemMarkdown } from '../core/crisis/postmortem.ts';
import type { CrisisConfig, CrisisLevel } from '../core/schema/crisis.ts';
import { toZonedIso } from '../core/time.ts';
import { localDay } from '../core/calendar/model.ts';
import { describeGitHubError, type GitHubClient } from '../github/octokit.ts';
import { commentOnIssue, githubTarget, openPullRequest } from '../github/issues.ts';
import { loadBrandContent } from '../publish/content.ts';
import { commitAndPush, commitToBranch, openLedgerRepo, syncWithRemote, type LedgerRepo } from '../publish/git.ts';
import { loadLedger, loadPauses, removePause, writePause } from '../publish/store.ts';
import { readDaily, readIncidents } from '../watch/store.ts';
import { loadCrisisConfig } from './config.ts';
import { CRISIS_DATA_DIR, CRISIS_POSTS_DIR, CURRENT_CRISIS_FILE } from './paths.ts';
import { appendCrisisLog, crisisRecordFile, readCrisisLog, readCurrentCrisis, writeCurrentCrisis, type CurrentCrisis } from './store.ts';

export interface CrisisOptions {
  root: string;
  nowMs: number;
  env: NodeJS.ProcessEnv;
  github?: GitHubClient;
}

export interface CrisisResult {
  lines: string[];
  failed: boolean;
}

function scopesOf(level: CrisisLevel): PauseScope[] {
  const p = level.pause;
  if (!p) return [];
  if (p.all) return ['all'];
  return [...p.channels, ...p.pillars.map((id) => `pillar-${id}` as PauseScope), ...p.campaigns.map(campaignScope)];
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function levelOf(config: CrisisConfig, n: number): CrisisLevel {
  const level = config.levels.find((l) => l.level === n);
  if (!level) throw new InputError(`--level ${n}: content/crisis.mdx defines levels ${config.levels.map((l) => l.level).join(', ')}`);
  return level;
}

async function prepare(options: CrisisOptions): Promise<{ repo: LedgerRepo; config: CrisisConfig; timeZone: string }> {
  const repo = await openLedgerRepo(options.root);
  await syncWithRemote(repo);
  const config = loadCrisisConfig(options.root);
  return { repo, config, timeZone: loadBrandContent(options.root).timeZone };
}

/** Statements of a level (or those named) as posts on a branch, and the pull request that proposes them. */
async function statementPullRequest(
  options: CrisisOptions,
  repo: LedgerRepo,
  ctx: { crisis: CurrentCrisis; config: CrisisConfig; timeZone: string; statements: string[]; values: Record<string, string>; branch: string; title: string; intro: string },
): Promise<{ lines: string[]; failed: boolean; pr?: { number: number; url: string } }> {
  const lines: string[] = [];
  const chosen = ctx.config.statements.filter((s) => (ctx.statements.length ? ctx.statements.includes(s.id) : s.level === ctx.crisis.level));
  const unknown = ctx.statements.filter((id) => !ctx.config.statements.some((s) => s.id === id));
  if (unknown.length) throw new InputError(`--statement: no statement ${unknown.join(', ')} in content/crisis.mdx`);
  if (chosen.length === 0) return { lines: [`level ${ctx.crisis.level} has no holding statement: no pull request`], failed: false };
  const publishAt = toZonedIso(options.nowMs, ctx.timeZone).slice(0, 16) + toZonedIso(options.nowMs, ctx.timeZone).slice(19);
  const day = localDay(options.nowMs, ctx.timeZone);
  const rendered = chosen.map((s) => renderStatement(s, { crisis: ctx.crisis.id, publishAt, day, values: ctx.values, dir: CRISIS_POSTS_DIR }));
  for (const r of rendered) lines.push(`statement ${r.statement} → ${r.file}${r.missing.length ? ` (to fill in: ${r.missing.map((m) => `{${m}}`).join(', ')})` : ''}`);
  if (!repo.isRepo) return { lines: [...lines, 'not a Git repository: no branch, no pull request'], failed: true };
  const branch = await commitToBranch(repo, ctx.branch, Object.fromEntries(rendered.map((r) => [r.file, r.content])), ctx.title);
  lines.push(`branch ${ctx.branch}${branch.pushed ? ' pushed' : ' created locally (no upstream: push it yourself)'}`);
  const target = githubTarget(options.env, options.github);
  if (!target.ok) return { lines: [...lines, `no pull request (${target.reason}): open one from ${ctx.branch}`], failed: false };
  const body = [
    ctx.intro,
    '',
    '### Déclarations',
    '',
    ...rendered.map((r) => `- [ ] \`${r.file}\`${r.missing.length ? ` — à compléter : ${r.missing.map((m) => `\`{${m}}\``).join(', ')}` : ''}`),
    '',
    'Tant qu’une `{variable}` reste à remplir, la vérification (lint `crisis/unfilled-variable`) échoue : la PR ne peut pas être fusionnée à moitié écrite.',
    'Une fois fusionnées, ces publications partent même pendant la pause (la preuve d’approbation reste exigée).',
  ].join('\n');
  try {
    const pr = await openPullRequest(target.target, { head: ctx.branch, base: repo.upstream?.branch ?? 'main', title: ctx.title, body, labels: ['crise'], reviewers: ctx.crisis.approvers });
    lines.push(`pull request #${pr.number}: ${pr.url}`, ...pr.warnings.map((w) => `⚠ ${w}`));
    return { lines, failed: false, pr: { number: pr.number, url: pr.url } };
  } catch (error) {
    return { lines: [...lines, `✖ pull request not opened: ${describeGitHubError(error)}`], failed: true };
  }
}

export async function crisisStart(options: CrisisOptions & { level: number; reason: string; statements: string[]; vars: string[] }): Promise<CrisisResult> {
  const { repo, config, timeZone } = await prepare(options);
  const level = levelOf(config, options.level);
  const existing = readCurrentCrisis(options.root);
  if (existing) throw new InputError(`crisis ${existing.id} (level ${existing.level}) is still open: use \`cadence crisis update\` or \`cadence crisis end\``);
  const values = parseVariablesOrThrow(options.vars);
  const at = new Date(options.nowMs).toISOString();
  const by = options.env.GITHUB_ACTOR;
  const id = `crise-${localDay(options.nowMs, timeZone).replace(/-/g, '')}-${slug(options.reason) || 'incident'}`;
  const scopes = scopesOf(level);
  const reason = `[crise niveau ${level.level}] ${options.reason}`;
  const crisis: CurrentCrisis = { id, level: level.level, label: level.label, reason: options.reason, startedAt: at, ...(by ? { by } : {}), pauses: scopes, approvers: level.approvers, branch: `crisis/${id}` };
  // The pause takes effect now, on main: it must not wait for a review.
  const files = scopes.map((scope) => writePause(options.root, { scope, reason, at, ...(by ? { by } : {}), crisis: id }));
  files.push(writeCurrentCrisis(options.root, crisis), appendCrisisLog(options.root, id, { at, type: 'start', level: level.level, note: options.reason, ...(by ? { by } : {}) }));
  const lines = [`crisis ${id}: level ${level.level} (${level.label})`, scopes.length ? `paused: ${scopes.join(', ')}` : 'nothing paused at this level'];
  let failed = false;
  try {
    const pushed = await commitAndPush(repo, files, `cadence: crisis ${id} starts (level ${level.level}): ${options.reason}`);
    lines.push(pushed.pushed ? 'pause and crisis record committed and pushed' : repo.isRepo ? 'committed (no upstream: push it yourself)' : 'written (not a Git repository)');
  } catch (error) {
    return { lines: [...lines, `✖ the pause could not be pushed: ${(error as Error).message}`], failed: true };
  }
  const pr = await statementPullRequest(options, repo, {
    crisis,
    config,
    timeZone,
    statements: options.statements,
    values,
    branch: crisis.branch!,
    title: `Crise niveau ${level.level} : ${options.reason}`,
    intro: `Crise **${id}**, niveau ${level.level} (${level.label}) : ${options.reason}. Approbation : ${level.approvers.map((a) => `@${a.replace(/^@/, '')}`).join(', ')} · délai de réponse visé : ${level.replyTargetMinutes} min.`,
  });
  lines.push(...pr.lines);
  failed ||= pr.failed;
  if (pr.pr) {
    writeCurrentCrisis(options.root, { ...crisis, pr: pr.pr });
    await commitAndPush(repo, [CURRENT_CRISIS_FILE], `cadence: crisis ${id}: statements in #${pr.pr.number}`).catch(() => undefined);
  }
  lines.push(...(await linkIncident(options, `Crise déclarée : **${id}**, niveau ${level.level} (${level.label}).${pr.pr ? ` Déclarations : ${pr.pr.url}` : ''}`)));
  return { lines, failed };
}

export async function crisisUpdate(options: CrisisOptions & { level?: number | undefined; note?: string | undefined; statements: string[]; vars: string[] }): Promise<CrisisResult> {
  const { repo, config, timeZone } = await prepare(options);
  const crisis = readCurrentCrisis(options.root);
  if (!crisis) throw new InputError('no crisis in progress: `cadence crisis start --level N --reason TEXT`');
  const at = new Date(options.nowMs).toISOString();
  const by = options.env.GITHUB_ACTOR;
  const files: string[] = [];
  const lines: string[] = [];
  let current = crisis;
  if (options.level !== undefined && options.level !== crisis.level) {
    const level = levelOf(config, options.level);
    const scopes = scopesOf(level);
    for (const scope of crisis.pauses.filter((s) => !scopes.includes(s as PauseScope))) files.push(removePause(options.root, scope as PauseScope));
    const reason = `[crise niveau ${level.level}] ${crisis.reason}`;
    for (const scope of scopes) files.push(writePause(options.root, { scope, reason, at, ...(by ? { by } : {}), crisis: crisis.id }));
    current = { ...crisis, level: level.level, label: level.label, pauses: scopes, approvers: level.approvers };
    files.push(writeCurrentCrisis(options.root, current));
    files.push(appendCrisisLog(options.root, crisis.id, { at, type: 'level', level: level.level, ...(by ? { by } : {}) }));
    lines.push(`level ${crisis.level} → ${level.level} (${level.label}); paused: ${scopes.join(', ') || 'nothing'}`);
  }
  if (options.note) files.push(appendCrisisLog(options.root, crisis.id, { at, type: 'update', note: options.note, ...(by ? { by } : {}) }));
  if (files.length) await commitAndPush(repo, [...new Set(files)], `cadence: crisis ${crisis.id} update`);
  let failed = false;
  if (options.statements.length) {
    const n = readCrisisLog(options.root, crisis.id).filter((e) => e.statements).length + 1;
    const pr = await statementPullRequest(options, repo, {
      crisis: current,
      config,
      timeZone,
      statements: options.statements,
      values: parseVariablesOrThrow(options.vars),
      branch: `crisis/${crisis.id}-maj-${n}`,
      title: `Crise ${crisis.id} : mise à jour ${n}`,
      intro: `Mise à jour n° ${n} de la crise **${crisis.id}**${options.note ? ` : ${options.note}` : ''}.`,
    });
    lines.push(...pr.lines);
    failed = pr.failed;
    await commitAndPush(repo, [appendCrisisLog(options.root, crisis.id, { at, type: 'update', statements: options.statements, ...(pr.pr ? { pr: pr.pr.url } : {}) })], `cadence: crisis ${crisis.id} statements`).catch(() => undefined);
  }
  if (!lines.length) lines.push(`crisis ${crisis.id}: noted`);
  if (options.note) lines.push(...(await linkIncident(options, `Point de situation (${crisis.id}) : ${options.note}`)));
  return { lines, failed };
}

export interface HeldPost {
  postId: string;
  file: string;
  channel: string;
  publishAtMs: number;
  stale: boolean;
}

/**
 * Posts held by the crisis's pauses at `nowMs`; stale when their time passed more than `staleAfterMs`
 * ago. A post is one file: one stale channel makes every held channel of that file stale (the file
 * becomes a draft at the end, so none of them goes out at the merge).
 */
export function heldPosts(root: string, crisis: CurrentCrisis, nowMs: number, staleAfterMs: number): HeldPost[] {
  const content = loadBrandContent(root);
  const plan = duePlan({ posts: content.posts, ledger: loadLedger(root).ledger, pauses: loadPauses(root), crisis: crisis.id, nowMs, timeZone: content.timeZone });
  const held = plan.held
    .filter((h) => h.pause.crisis === crisis.id && h.action === 'publish' && h.publishAtMs !== undefined)
    .map((h) => ({ postId: h.postId, file: h.file, channel: h.channel, publishAtMs: h.publishAtMs! }));
  const staleFiles = new Set(held.filter((h) => h.publishAtMs < nowMs - staleAfterMs).map((h) => h.file));
  return held.map((h) => ({ ...h, stale: staleFiles.has(h.file) }));
}

export async function crisisEnd(options: CrisisOptions): Promise<CrisisResult> {
  const { repo, config, timeZone } = await prepare(options);
  const crisis = readCurrentCrisis(options.root);
  if (!crisis) throw new InputError('no crisis in progress: nothing to end');
  const at = new Date(options.nowMs).toISOString();
  const held = heldPosts(options.root, crisis, options.nowMs, config.staleAfter);
  const changes: Record<string, string | null> = {};
  // The pause files of this crisis (a pause set by hand stays), and the current crisis.
  for (const [scope, entry] of loadPauses(options.root)) if (entry.crisis === crisis.id) changes[pauseFile(scope)] = null;
  changes[CURRENT_CRISIS_FILE] = null;
  // A held post whose time passed long ago is not released blindly: a draft, for a reviewer to reschedule or drop.
  const staleFiles = new Set(held.filter((h) => h.stale).map((h) => h.file));
  for (const file of staleFiles) changes[file] = asDraft(readFileSync(path.join(options.root, file), 'utf8'));
  const log = readCrisisLog(options.root, crisis.id);
  const when = (iso: string) => toZonedIso(Date.parse(iso), timeZone).slice(0, 16).replace('T', ' ');
  changes[`${CRISIS_DATA_DIR}/${crisis.id}/postmortem.md`] = postmortemMarkdown({
    id: crisis.id,
    level: crisis.level,
    label: crisis.label,
    reason: crisis.reason,
    startedAt: when(crisis.startedAt),
    endedAt: when(at),
    timeline: [...log.map((e) => ({ at: when(e.at), what: describeLog(e) })), { at: when(at), what: 'fin de crise demandée (cette pull request)' }],
    daily: readDaily(options.root),
    held: held.map((h) => ({ postId: h.postId, channel: h.channel, publishAt: toZonedIso(h.publishAtMs, timeZone).slice(0, 16).replace('T', ' '), stale: h.stale })),
    checklist: config.postmortem,
  });
  // With staleAfter: after the merge, the publish run holds what this crisis held and is by then too late (core/crisis/after-crisis.ts).
  changes[crisisRecordFile(crisis.id)] = `${JSON.stringify({ ...crisis, endedAt: at, staleAfterMs: config.staleAfter }, null, 2)}\n`;
  const lines = [`crisis ${crisis.id}: ${held.length} held publication${held.length === 1 ? '' : 's'}, ${held.filter((h) => h.stale).length} too old to go out by themselves`];
  if (!repo.isRepo) return { lines: [...lines, 'not a Git repository: no branch, no pull request'], failed: true };
  const branch = `crisis/${crisis.id}-fin`;
  const commit = await commitToBranch(repo, branch, changes, `cadence: end of crisis ${crisis.id}: lift the pause`);
  lines.push(`branch ${branch}${commit.pushed ? ' pushed' : ' created locally (no upstream: push it yourself)'}`);
  await commitAndPush(repo, [appendCrisisLog(options.root, crisis.id, { at, type: 'end-requested', ...(options.env.GITHUB_ACTOR ? { by: options.env.GITHUB_ACTOR } : {}) })], `cadence: crisis ${crisis.id}: end requested`).catch(() => undefined);
  const target = githubTarget(options.env, options.github);
  if (!target.ok) return { lines: [...lines, `no pull request (${target.reason}): open one from ${branch}`], failed: false };
  const body = endPullRequestBody(crisis, held, config.staleAfter, timeZone);
  try {
    const pr = await openPullRequest(target.target, { head: branch, base: repo.upstream?.branch ?? 'main', title: `Fin de crise ${crisis.id} : lever la pause`, body, labels: ['crise'], reviewers: crisis.approvers });
    lines.push(`pull request #${pr.number}: ${pr.url}`, ...pr.warnings.map((w) => `⚠ ${w}`));
    lines.push(...(await linkIncident(options, `Fin de crise proposée : ${pr.url}`)));
    return { lines, failed: false };
  } catch (error) {
    return { lines: [...lines, `✖ pull request not opened: ${describeGitHubError(error)}`], failed: true };
  }
}

/**
 * The end PR's description, in French: the posts that go out at the merge, and one checkbox per post
 * file turned into a draft, with its path and the two ways out (reschedule, or delete the file).
 */
export function endPullRequestBody(crisis: Pick<CurrentCrisis, 'id' | 'level' | 'reason' | 'pauses'>, held: readonly HeldPost[], staleAfterMs: number, timeZone: string): string {
  const at = (ms: number) => toZonedIso(ms, timeZone).slice(0, 16).replace('T', ' à ');
  const staleAfter = staleAfterMs % 3_600_000 === 0 ? `${staleAfterMs / 3_600_000} h` : `${Math.round(staleAfterMs / 60_000)} min`;
  const released = held.filter((h) => !h.stale);
  const byFile = new Map<string, HeldPost[]>();
  for (const h of held) if (h.stale) (byFile.get(h.file) ?? byFile.set(h.file, []).get(h.file)!).push(h);
  const channels = (list: readonly HeldPost[]) => [...new Set(list.map((h) => h.channel))].join(', ');
  return [
    `Fin de la crise **${crisis.id}** (niveau ${crisis.level}, ${crisis.reason}). Fusionner cette PR lève la pause (${crisis.pauses.join(', ') || 'aucune'}).`,
    '',
    '### Publications retenues qui repartent à la fusion',
    '',
    ...(released.length
      ? [
          `Leur heure est récente ou à venir : chacune part à son heure, ou dès la fusion si son heure est passée. Si la fusion attend, une publication de cette liste en retard de plus de ${staleAfter} ne part pas seule : la publication la retient (\`cadence due\` la montre), pour la reprogrammer (nouvelle \`publishAt\`) ou la passer en \`status: draft\`.`,
          '',
          ...released.map((h) => `- \`${h.postId}\` · ${h.channel} · prévue le ${at(h.publishAtMs)} (\`${h.file}\`)`),
        ]
      : ['Aucune.']),
    '',
    `### À reprogrammer ou abandonner : heure passée depuis plus de ${staleAfter}`,
    '',
    ...(byFile.size
      ? [
          'Rien ne part sans décision : ces fichiers sont en `status: draft` dans cette PR. Pour chacun, **reprogrammer** (une nouvelle `publishAt` et `status: ready`, dans cette PR ou après) ou **abandonner** (supprimer le fichier), puis cocher la case.',
          '',
          ...[...byFile].map(([file, list]) => `- [ ] \`${file}\` — \`${list[0]!.postId}\` · ${channels(list)} · prévue le ${at(Math.min(...list.map((h) => h.publishAtMs)))}`),
        ]
      : ['Aucune.']),
    '',
    `Bilan à compléter : \`${CRISIS_DATA_DIR}/${crisis.id}/postmortem.md\`.`,
  ].join('\n');
}

function describeLog(e: { type: string; level?: number; note?: string; statements?: string[]; pr?: string }): string {
  switch (e.type) {
    case 'start':
      return `crise déclarée, niveau ${e.level}${e.note ? ` : ${e.note}` : ''}`;
    case 'level':
      return `passage au niveau ${e.level}`;
    case 'end-requested':
      return 'fin de crise demandée';
    default:
      return e.statements ? `déclarations proposées : ${e.statements.join(', ')}${e.pr ? ` (${e.pr})` : ''}` : `point : ${e.note ?? ''}`;
  }
}

/** The post with `status: draft` in its frontmatter (replaced or added). */
export function asDraft(source: string): string {
  const end = source.indexOf('\n---', 4);
  if (!source.startsWith('---') || end < 0) return source;
  const head = source.slice(0, end);
  const rest = source.slice(end);
  return /^status:.*$/m.test(head) ? head.replace(/^status:.*$/m, 'status: draft') + rest : `${head}\nstatus: draft${rest}`;
}

function parseVariablesOrThrow(pairs: readonly string[]): Record<string, string> {
  try {
    return parseVariables(pairs);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/** A comment on the watch's open incident issue, if there is one, so that the crisis log is in one place. */
async function linkIncident(options: CrisisOptions, text: string): Promise<string[]> {
  const incident = readIncidents(options.root).filter((i) => !i.resolvedAt && i.issue).at(-1);
  const target = githubTarget(options.env, options.github);
  if (!incident?.issue || !target.ok) return [];
  try {
    await commentOnIssue(target.target, incident.issue.number, text);
    return [`noted on the watch issue #${incident.issue.number}`];
  } catch (error) {
    return [`⚠ watch issue #${incident.issue.number} not updated: ${describeGitHubError(error)}`];
  }
}

