/**
 * The human queue: one item per interaction a person must look at (a flag, a degraded hide or report,
 * a question left unanswered). On GitHub it is an issue, through octokit (labels `moderation`,
 * `rule:<id>`, `network:<channel>`, `to-answer`); the excerpt and the permalink live there, where they
 * can be edited away, never in Git. Without GitHub (a local run) it is `.cadence/moderation/queue.jsonl`.
 * Opening an item is idempotent by its action key: `find` reads it back after an unknown outcome.
 */
import { writeSync } from 'node:fs';
import { openAppend, readJsonLines } from '../content/append-log.ts';
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { CHANNEL_LABELS } from '../core/channels.ts';
import { describeGitHubError, githubStatus, type GitHubClient, type Repo } from '../github/octokit.ts';
import type { PublishFailure } from '../adapters/adapter.ts';

export const LOCAL_QUEUE_FILE = '.cadence/moderation/queue.jsonl';
export const QUEUE_LABEL = 'moderation';

export interface QueueItem {
  key: string;
  kind: 'flag' | 'to-answer';
  channel: ChannelId;
  interaction: string;
  post?: string;
  url?: string;
  /** The commenter's words and handle: only here. */
  excerpt: string;
  author?: string;
  rule?: string;
  ruleLabel?: string;
  /** What the charter asked for, when the network (or the breaker) could not do it. */
  degradedFrom?: 'hide' | 'report';
  why?: string;
  reportUrl?: string;
  /** Already hidden automatically (a flag for review of a hide). */
  hidden?: boolean;
  askedAt?: string;
  createdAt: string;
}

export interface OpenQueueItem extends QueueItem {
  ref: string;
  openedAt: string;
  labels: string[];
  htmlUrl?: string;
}

export type QueueResult = { ok: true; ref: string; url?: string } | PublishFailure;
export type QueueFind = { found: true; ref: string; url?: string } | { found: false } | { found: 'unknown'; message: string };

export interface ModerationQueue {
  readonly kind: 'github' | 'local';
  open(item: QueueItem): Promise<QueueResult>;
  find(key: string, sinceMs: number): Promise<QueueFind>;
  close(ref: string, comment: string): Promise<QueueResult>;
  /** Open items (the site's moderation page). */
  listOpen(): Promise<OpenQueueItem[]>;
}

export function labelsOf(item: QueueItem): string[] {
  return [QUEUE_LABEL, `network:${item.channel}`, ...(item.rule ? [`rule:${item.rule}`] : []), ...(item.kind === 'to-answer' ? ['to-answer'] : []), ...(item.degradedFrom ? ['degraded'] : [])];
}

const MARKER = /<!-- cadence-moderation (\{.*?\}) -->/;

export function issueTitle(item: QueueItem): string {
  const network = CHANNEL_LABELS[item.channel];
  if (item.kind === 'to-answer') return `À répondre · ${network} · question sans réponse`;
  const what = item.degradedFrom === 'hide' ? 'à masquer à la main' : item.degradedFrom === 'report' ? 'à signaler' : item.hidden ? 'masqué, à relire' : 'à relire';
  return `Modération · ${network} · ${item.ruleLabel ?? item.rule ?? 'signalement'} (${what})`;
}

/** The issue body: excerpt, permalink, rule, why, and the commands the team can answer with. */
export function issueBody(item: QueueItem): string {
  const quote = item.excerpt.slice(0, 600).split('\n').map((l) => `> ${l}`).join('\n');
  const lines = [
    quote,
    '',
    `— ${item.author ?? 'auteur inconnu'} sur ${CHANNEL_LABELS[item.channel]}${item.url ? ` · [voir le message](${item.url})` : ''}${item.post ? ` · publication \`${item.post}\`` : ''}`,
    '',
  ];
  if (item.kind === 'to-answer') lines.push(`**Question sans réponse** depuis ${item.askedAt ?? item.createdAt}. Répondez sur le réseau, ou avec \`/reply <réponse-type>\`.`);
  else lines.push(`**Règle :** ${item.ruleLabel ?? item.rule ?? '—'}${item.rule ? ` (\`${item.rule}\`)` : ''}`);
  if (item.why === 'pattern-budget') lines.push('Le motif de cette règle a dépassé son temps de calcul sur ce message : Cadence ne sait pas s’il s’applique. Décidez, et simplifiez le motif dans la charte (`cadence lint content/netiquette.mdx`).');
  if (item.degradedFrom === 'hide') lines.push(`${CHANNEL_LABELS[item.channel]} ne permet pas de masquer ce message par l'API${item.why === 'breaker' ? ' (disjoncteur : trop de masquages dans ce passage)' : ''} : masquez-le ou supprimez-le à la main si besoin.`);
  if (item.degradedFrom === 'report') lines.push(`Signalement à faire à la main${item.reportUrl ? ` : ${item.reportUrl}` : ''}.`);
  if (item.hidden) lines.push('Le message a été masqué automatiquement ; `/restore` le rétablit si c’est une erreur.');
  lines.push(
    '',
    'Commandes (un membre de l’équipe, en commentaire) : `/hide`, `/restore`, `/report`, `/reply <réponse-type>`, `/dismiss`.',
    'Ce ticket contient le texte d’un tiers : il est fermé et son extrait effacé après la décision.',
    '',
    `<!-- cadence-moderation ${JSON.stringify({ key: item.key, channel: item.channel, interaction: item.interaction, ...(item.post ? { post: item.post } : {}), ...(item.url ? { url: item.url } : {}), kind: item.kind, ...(item.rule ? { rule: item.rule } : {}) })} -->`,
  );
  return lines.join('\n');
}

export interface QueueMarker {
  key: string;
  channel: ChannelId;
  interaction: string;
  post?: string;
  url?: string;
  kind: 'flag' | 'to-answer';
  rule?: string;
}

export function parseMarker(body: string | null | undefined): QueueMarker | undefined {
  const m = MARKER.exec(body ?? '');
  if (!m) return undefined;
  try {
    const value = JSON.parse(m[1]!) as QueueMarker;
    return typeof value.key === 'string' && typeof value.interaction === 'string' && typeof value.channel === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function githubQueue(client: GitHubClient, repo: Repo): ModerationQueue {
  const failure = (error: unknown, created: boolean): PublishFailure => {
    const status = githubStatus(error);
    const message = describeGitHubError(error);
    if (status === 429 || status === 403 && /rate limit/i.test(message)) return { ok: false, kind: 'rate-limited', message, status };
    if (status === undefined) return { ok: false, kind: created ? 'unknown' : 'transient', message };
    if (status >= 500) return { ok: false, kind: created ? 'unknown' : 'transient', message, status };
    return { ok: false, kind: 'refused', message, status };
  };
  return {
    kind: 'github',
    async open(item) {
      try {
        const res = await client.rest.issues.create({ owner: repo.owner, repo: repo.name, title: issueTitle(item), body: issueBody(item), labels: labelsOf(item) });
        return { ok: true, ref: String(res.data.number), url: res.data.html_url };
      } catch (error) {
        return failure(error, true);
      }
    },
    async find(key, sinceMs) {
      try {
        const issues = await client.paginate(client.rest.issues.listForRepo, { owner: repo.owner, repo: repo.name, labels: QUEUE_LABEL, state: 'all', since: new Date(sinceMs - 60_000).toISOString(), per_page: 100 });
        const hit = issues.find((issue) => parseMarker(issue.body)?.key === key);
        return hit ? { found: true, ref: String(hit.number), url: hit.html_url } : { found: false };
      } catch (error) {
        return { found: 'unknown', message: describeGitHubError(error) };
      }
    },
    async close(ref, comment) {
      try {
        await client.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: Number(ref), body: comment });
        await client.rest.issues.update({ owner: repo.owner, repo: repo.name, issue_number: Number(ref), state: 'closed', state_reason: 'completed' });
        return { ok: true, ref };
      } catch (error) {
        return failure(error, false);
      }
    },
    async listOpen() {
      const issues = await client.paginate(client.rest.issues.listForRepo, { owner: repo.owner, repo: repo.name, labels: QUEUE_LABEL, state: 'open', per_page: 100 });
      return issues.flatMap((issue) => {
        const marker = parseMarker(issue.body);
        if (!marker) return [];
        const labels = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
        return [{ ...marker, excerpt: '', createdAt: issue.created_at, ref: String(issue.number), openedAt: issue.created_at, labels, htmlUrl: issue.html_url }];
      });
    },
  };
}

/**
 * The local queue: `.cadence/moderation/queue.jsonl`, one line per item opened or closed (appended: a
 * run that opens two thousand items writes one file, not two thousand), folded when read.
 */
export function localQueue(root: string, clock: () => number = Date.now): ModerationQueue {
  const file = path.join(root, LOCAL_QUEUE_FILE);
  const refOf = (key: string) => key.replace(/[^A-Za-z0-9._:-]/g, '_');
  let items: Map<string, OpenQueueItem & { closed?: string; comment?: string }> | undefined;
  let fd: number | undefined;
  const load = () => {
    if (items) return items;
    items = new Map();
    for (const entry of readJsonLines<(OpenQueueItem & { op: 'open' }) | { op: 'close'; ref: string; closed: string; comment: string }>(file)) {
      if (entry.op === 'open') items.set(entry.ref, entry);
      else if (items.has(entry.ref)) items.set(entry.ref, { ...items.get(entry.ref)!, closed: entry.closed, comment: entry.comment });
    }
    return items;
  };
  const append = (entry: unknown) => {
    fd ??= openAppend(file);
    writeSync(fd, `${JSON.stringify(entry)}\n`);
  };
  return {
    kind: 'local',
    async open(item) {
      const ref = refOf(item.key);
      const all = load();
      if (!all.has(ref)) {
        const entry = { ...item, ref, openedAt: new Date(clock()).toISOString(), labels: labelsOf(item) };
        append({ op: 'open', ...entry });
        all.set(ref, entry);
      }
      return { ok: true, ref, url: `queue:${ref}` };
    },
    async find(key) {
      return load().has(refOf(key)) ? { found: true, ref: refOf(key) } : { found: false };
    },
    async close(ref, comment) {
      const item = load().get(ref);
      if (item && !item.closed) {
        const closed = new Date(clock()).toISOString();
        append({ op: 'close', ref, closed, comment });
        load().set(ref, { ...item, closed, comment });
      }
      return { ok: true, ref };
    },
    async listOpen() {
      return [...load().values()].filter((i) => !i.closed);
    },
  };
}
