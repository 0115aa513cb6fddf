/**
 * A team member's command on a queue issue (`/hide`, `/restore`, `/report`, `/reply <saved-reply>`,
 * `/dismiss`), run by the community workflow on `issue_comment`. The comment's text is data: read
 * from the event file, parsed here, never put on a command line. Only members act: the comment's
 * author association and, to be sure, their permission on the repository (write or more). Each command
 * is claimed in Git like the run's actions (one key per comment: a re-run of the workflow does it once),
 * recorded with the member's login, and answered on the issue, which is closed with its excerpt erased.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import type { InteractionRef, ModerationAdapter } from '../adapters/moderation.ts';
import { selectModeration } from '../adapters/moderation-select.ts';
import '../adapters/moderation-networks.ts';
import type { ChannelId } from '../core/channels.ts';
import { actionKey, type ModerationActionKind, type ModerationEvent } from '../core/moderation/log.ts';
import { REPLIES_DIR, renderSavedReply, savedReplyProblem, savedReplySchema, type SavedReply } from '../core/moderation/saved-replies.ts';
import { describeGitHubError, type GitHubClient, type Repo } from '../github/octokit.ts';
import { commitAndPush, openLedgerRepo, syncWithRemote } from '../publish/git.ts';
import { loadLedger } from '../publish/store.ts';
import { pairKey } from '../core/ledger/types.ts';
import { loadModerationContent } from './content.ts';
import { parseMarker, type QueueMarker } from './queue.ts';
import { appendEvents, readEvents, readState, writeState } from './store.ts';

export const COMMANDS = ['hide', 'restore', 'report', 'reply', 'dismiss'] as const;
export type TeamCommand = { name: (typeof COMMANDS)[number]; argument?: string };

/** The first line of a comment that is a command, or undefined (an ordinary comment). */
export function parseCommand(body: string): TeamCommand | { error: string } | undefined {
  const line = body.split('\n').map((l) => l.trim()).find((l) => l.startsWith('/'));
  if (!line) return undefined;
  const m = /^\/([a-z]+)(?:\s+([A-Za-z0-9][A-Za-z0-9_-]{0,63}))?\s*$/.exec(line);
  if (!m || !(COMMANDS as readonly string[]).includes(m[1]!)) return { error: `unknown command; use one of ${COMMANDS.map((c) => `/${c}`).join(', ')}` };
  const name = m[1] as TeamCommand['name'];
  if (name === 'reply' && !m[2]) return { error: '/reply needs the id of a saved reply, e.g. `/reply merci` (files in content/replies/)' };
  return { name, ...(m[2] ? { argument: m[2] } : {}) };
}

export function loadSavedReplies(root: string): SavedReply[] {
  const dir = path.join(root, REPLIES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /\.mdx?$/.test(n))
    .sort()
    .flatMap((name) => {
      const parsed = matter(readFileSync(path.join(dir, name), 'utf8'));
      const meta = savedReplySchema.safeParse(parsed.data);
      if (!meta.success) return [];
      return [{ id: name.replace(/\.mdx?$/, ''), title: meta.data.title, lang: meta.data.lang, template: parsed.content.trim() }];
    });
}

export interface CommandEvent {
  action?: string;
  issue?: { number: number; body?: string | null; state?: string; labels?: ({ name?: string } | string)[]; pull_request?: unknown };
  comment?: { id: number; body?: string; user?: { login?: string; type?: string }; author_association?: string };
}

export interface CommandOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  event: CommandEvent;
  github: GitHubClient;
  repo: Repo;
  clock?: () => number;
  factories?: Parameters<typeof selectModeration>[1]['factories'];
}

export interface CommandOutcome {
  status: 'done' | 'ignored' | 'refused' | 'failed' | 'already-done';
  message: string;
}

const MEMBERS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export async function runTeamCommand(options: CommandOptions): Promise<CommandOutcome> {
  const { event, github, repo, root, env } = options;
  const clock = options.clock ?? Date.now;
  const issue = event.issue;
  const comment = event.comment;
  if (event.action !== 'created' || !issue || !comment || issue.pull_request) return { status: 'ignored', message: 'not a new comment on an issue' };
  const marker = parseMarker(issue.body);
  if (!marker) return { status: 'ignored', message: `issue #${issue.number} is not a moderation queue item` };
  const parsed = parseCommand(comment.body ?? '');
  if (!parsed) return { status: 'ignored', message: 'no command in the comment' };
  const answer = async (text: string) => {
    await github.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: issue.number, body: text }).catch(() => undefined);
  };
  const login = comment.user?.login ?? '';
  if (comment.user?.type === 'Bot' || !MEMBERS.has(comment.author_association ?? '') || !(await canWrite(github, repo, login))) {
    await answer(`@${login} seuls les membres de l'équipe (droit d'écriture sur le dépôt) peuvent modérer. / Only team members with write access can moderate.`);
    return { status: 'refused', message: `${login || 'someone'} is not a member with write access` };
  }
  if ('error' in parsed) {
    await answer(`\`${(comment.body ?? '').split('\n')[0]!.slice(0, 60)}\` : ${parsed.error}`);
    return { status: 'refused', message: parsed.error };
  }

  const content = loadModerationContent(root);
  const channel = marker.channel as ChannelId;
  const selection = await selectModeration(channel, { root, env, ...(options.factories ? { factories: options.factories } : {}) });
  if (!selection.ok) {
    await answer(`Impossible d'agir sur ${channel} : ${selection.message}`);
    return { status: 'failed', message: selection.message };
  }
  const adapter = selection.adapter;
  const action: ModerationActionKind = parsed.name === 'restore' ? 'unhide' : parsed.name;
  const key = actionKey(channel, marker.interaction, action, `c${comment.id}`);

  const gitRepo = await openLedgerRepo(root);
  await syncWithRemote(gitRepo);
  const done = readEvents(root, { channel }).events.some((e) => e.type === 'acted' && e.key === key);
  if (done) return { status: 'already-done', message: `${key} was already carried out` };
  const state = readState(root, channel);
  if (state.lease && Date.parse(state.lease.until) > clock()) {
    await answer('Un passage de modération est en cours sur ce réseau : réessayez la commande dans quelques minutes.');
    return { status: 'failed', message: `${channel} is being moderated by run ${state.lease.run}` };
  }

  // Claim, push, then act.
  const run = `cmd-${comment.id}`;
  const now = new Date(clock()).toISOString();
  const leaseUntil = new Date(clock() + 10 * 60_000).toISOString();
  const claim = { key, action, interaction: marker.interaction, run, leaseUntil, by: login, ...(marker.post ? { post: marker.post } : {}), ...(marker.rule ? { rule: marker.rule } : {}), ...(parsed.name === 'restore' ? { undoOf: actionKey(channel, marker.interaction, 'hide') } : {}) };
  state.lease = { run, until: leaseUntil };
  state.open[key] = claim;
  const claimFiles = [...appendEvents(root, channel, [{ type: 'claimed', at: now, run, channel, interaction: marker.interaction, key, action, leaseUntil, by: login }]), writeState(root, channel, state)];
  await commitAndPush(gitRepo, claimFiles, `cadence: ${parsed.name} on ${channel} by ${login} (issue #${issue.number})`);
  if (readState(root, channel).lease?.run !== run) return { status: 'failed', message: 'another run took the channel first; try again' };

  const ref = interactionRef(root, marker, channel);
  const result = await carryOut(parsed, adapter, ref, { root, key, siteUrl: content.line?.brand.siteUrl, marker });
  const at = new Date(clock()).toISOString();
  const base = { at, run, channel, interaction: marker.interaction, key, action };
  const events: ModerationEvent[] = [];
  delete state.open[key];
  delete state.lease;
  if (result.ok) {
    events.push({ type: 'acted', ...base, by: login, ...(claim.rule ? { rule: claim.rule } : {}), ...(claim.undoOf ? { undoOf: claim.undoOf } : {}), ...(result.reportUrl ? { reportUrl: result.reportUrl, degradedFrom: 'report' as const, why: 'network' } : {}), ...(result.remoteId ? { remoteId: result.remoteId } : {}), queue: String(issue.number) });
    // A reply from the team settles a waiting question.
    const question = state.pending[marker.interaction];
    if (parsed.name === 'reply' && question) {
      events.push({ type: 'first-reply', at, run, channel, interaction: marker.interaction, ...(question.post ? { post: question.post } : {}), author: question.author, askedAt: question.askedAt, repliedAt: at, seconds: Math.max(0, Math.round((Date.parse(at) - Date.parse(question.askedAt)) / 1000)), by: 'team', reply: result.remoteId ?? key });
      delete state.pending[marker.interaction];
    }
  } else {
    events.push({ type: 'failed', ...base, error: result.message, retryable: false });
  }
  await commitAndPush(gitRepo, [...appendEvents(root, channel, events), writeState(root, channel, state)], `cadence: ${parsed.name} on ${channel} ${result.ok ? 'done' : 'failed'} (issue #${issue.number})`);

  if (!result.ok) {
    await answer(`La commande \`/${parsed.name}\` a échoué : ${result.message}`);
    return { status: 'failed', message: result.message };
  }
  await answer(`✓ ${result.note} (par @${login}).`);
  if (parsed.name !== 'report' || !result.reportUrl) {
    // Decided: close the item and erase the third party's words from it (the marker stays for the record).
    await github.rest.issues.update({ owner: repo.owner, repo: repo.name, issue_number: issue.number, state: 'closed', state_reason: parsed.name === 'dismiss' ? 'not_planned' : 'completed', body: `_(extrait effacé après décision : \`/${parsed.name}\` par @${login})_\n\n${(issue.body ?? '').match(/<!-- cadence-moderation .*? -->/)?.[0] ?? ''}` }).catch((error: unknown) => {
      throw new Error(`the command was carried out and recorded, but issue #${issue.number} could not be closed: ${describeGitHubError(error)}`);
    });
  }
  return { status: 'done', message: result.note };
}

async function canWrite(github: GitHubClient, repo: Repo, login: string): Promise<boolean> {
  if (!login) return false;
  try {
    const res = await github.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.name, username: login });
    return ['admin', 'maintain', 'write'].includes(res.data.permission) || ['admin', 'maintain', 'write'].includes(res.data.role_name ?? '');
  } catch {
    return false;
  }
}

function interactionRef(root: string, marker: QueueMarker, channel: ChannelId): InteractionRef {
  let ownPost;
  if (marker.post) {
    const record = loadLedger(root).ledger.get(pairKey(marker.post, channel));
    if (record?.published) ownPost = { postId: marker.post, remoteId: record.published.remoteId, ...(record.published.url ? { url: record.published.url } : {}) };
  }
  return { id: marker.interaction, network: channel, ...(marker.url ? { url: marker.url } : {}), ...(ownPost ? { ownPost, rootId: ownPost.remoteId } : {}) };
}

type Carried = { ok: true; note: string; remoteId?: string; reportUrl?: string } | { ok: false; message: string };

async function carryOut(command: TeamCommand, adapter: ModerationAdapter, ref: InteractionRef, context: { root: string; key: string; siteUrl: string | undefined; marker: QueueMarker }): Promise<Carried> {
  const failed = (r: { message: string }) => ({ ok: false as const, message: r.message });
  switch (command.name) {
    case 'hide':
    case 'restore': {
      const hidden = command.name === 'hide';
      if (!adapter.setHidden || (hidden ? adapter.caps.hide === 'none' : !adapter.caps.unhide)) return { ok: false, message: `${adapter.channel} ne permet pas de ${hidden ? 'masquer' : 'rétablir'} un message par l'API : faites-le dans l'application` };
      const r = await adapter.setHidden(ref, hidden);
      return r.ok ? { ok: true, note: hidden ? 'Message masqué' : 'Message rétabli (faux positif compté)' } : failed(r);
    }
    case 'report': {
      if (!adapter.report || !adapter.caps.report) {
        const url = adapter.reportUrl(ref) ?? context.marker.url;
        return { ok: true, note: `${adapter.channel} n'a pas d'API de signalement : signalez-le ici ${url ?? '(dans l’application)'}`, ...(url ? { reportUrl: url } : {}) };
      }
      const r = await adapter.report(ref, { category: 'other', comment: 'Netiquette' });
      return r.ok ? { ok: true, note: 'Signalé à la plateforme' } : failed(r);
    }
    case 'reply': {
      const saved = loadSavedReplies(context.root).find((r) => r.id === command.argument);
      if (!saved) return { ok: false, message: `pas de réponse type \`${command.argument}\` dans ${REPLIES_DIR}/ (${loadSavedReplies(context.root).map((r) => r.id).join(', ') || 'aucune'})` };
      const problem = savedReplyProblem(saved);
      if (problem) return { ok: false, message: `${REPLIES_DIR}/${saved.id}.md ${problem}` };
      if (!adapter.reply || !adapter.caps.reply) return { ok: false, message: `${adapter.channel} ne permet pas de répondre par l'API` };
      const text = renderSavedReply(saved, `${(context.siteUrl ?? '').replace(/\/$/, '')}/netiquette/`);
      const r = await adapter.reply(ref, text, context.key);
      return r.ok ? { ok: true, note: `Réponse « ${saved.title} » envoyée`, ...(r.remoteId ? { remoteId: r.remoteId } : {}) } : failed(r);
    }
    case 'dismiss':
      return { ok: true, note: 'Relu, rien à faire' };
  }
}
