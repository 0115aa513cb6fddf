/**
 * What a watch run does with an incident decision: the GitHub issue (opened once, found again by its
 * marker after a crash), comments of later runs, and the short Slack or Discord message. Without a
 * GitHub token and repository (a local run), the issue is written to .cadence/watch/ and printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alertBody, alertTitle, chatSummary, commentMarker, incidentMarker, resolvedComment, updateComment, type AlertInput } from '../core/watch/alert.ts';
import { settleComment, type IncidentDecision, type IncidentRecord, type PendingComment } from '../core/watch/incident.ts';
import { levelRank } from '../core/watch/spike.ts';
import type { WatchConfig } from '../core/schema/watch.ts';
import { describeGitHubError, type GitHubClient } from '../github/octokit.ts';
import { commentOnIssue, createIssue, findCommentByMarker, findIssueByMarker, githubTarget } from '../github/issues.ts';

export interface Delivery {
  record: IncidentRecord;
  /** What was done, for the summary. */
  messages: string[];
  /** Something failed (the next run tries again). */
  failed: boolean;
  /** A local run: where the issue's text was written. */
  localFile?: string;
}

export interface DeliverOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  config: WatchConfig;
  github?: GitHubClient;
  fetch?: typeof fetch;
  /**
   * Records in Git, before the call, that an issue is being opened or a comment posted (the claim);
   * throws a ClaimError when it could not, and then nothing is posted.
   */
  claim: (record: IncidentRecord) => Promise<void>;
}

/** The claim could not be recorded (committed and pushed): the call is not made, the next run tries again. */
export class ClaimError extends Error {
  override name = 'ClaimError';
}

export async function deliverIncident(decision: Exclude<IncidentDecision, { action: 'none' }>, record: IncidentRecord, input: AlertInput, options: DeliverOptions): Promise<Delivery> {
  const messages: string[] = [];
  let failed = false;
  const labels = [...new Set([...options.config.notify.labels, 'alerte', ...(input.suggestion ? [`niveau:${input.suggestion.level}`] : [])])];
  const target = options.config.notify.issue ? githubTarget(options.env, options.github) : ({ ok: false, reason: 'notify.issue is false' } as const);
  let next = record;
  const now = new Date(input.verdict.window.toMs).toISOString();

  if (!target.ok) {
    const file = `.cadence/watch/${record.id}.md`;
    const text = decision.action === 'open' ? `# ${alertTitle(input)}\n\n${alertBody(input)}` : decision.action === 'update' ? updateComment(input, decision.reason) : resolvedComment(record, input.verdict.window.toMs, input.timeZone);
    mkdirSync(path.join(options.root, '.cadence/watch'), { recursive: true });
    writeFileSync(path.join(options.root, file), text, { flag: decision.action === 'open' ? 'w' : 'a' });
    messages.push(`no GitHub issue (${target.reason}): the ${decision.action === 'open' ? 'issue' : 'comment'} is in ${file}`);
    return { record: decision.action === 'resolve' ? next : { ...next, localFile: file, lastComment: { at: now, observed: input.verdict.observed, level: input.verdict.level } }, messages, failed, localFile: file };
  }

  const t = target.target;
  try {
    if (decision.action === 'open' || (decision.action === 'update' && !record.issue)) {
      // Claimed first: a run that dies after creating the issue leaves a record the next one completes.
      // An alert does not wait on Git, though: a claim that could not be pushed is reported, not fatal.
      await options.claim(next).catch((error: unknown) => {
        if (!(error instanceof ClaimError)) throw error;
        messages.push(error.message);
      });
      const found = await findIssueByMarker(t, labels[0] ?? 'veille', incidentMarker(record.id));
      const issue = found ?? (await createIssue(t, { title: alertTitle(input), body: alertBody(input), labels, assignees: options.config.notify.assignees }, { retry: false }));
      next = { ...next, issue: { number: issue.number, url: issue.url }, lastComment: { at: now, observed: input.verdict.observed, level: input.verdict.level } };
      messages.push(`${found ? 'found' : 'opened'} issue #${issue.number}: ${issue.url}`);
    } else if (record.issue) {
      // A comment, exactly once: claimed in Git with its marker before the call (settlePendingComment).
      // A resolution is claimed on the record before it: never posted, the next run resolves again.
      const kind = decision.action === 'update' ? 'update' : 'resolve';
      const pending: PendingComment = { key: now, kind, at: now, observed: input.verdict.observed, level: input.verdict.level };
      const claimed: IncidentRecord = { ...(decision.action === 'resolve' ? decision.incident : next), pendingComment: pending };
      await options.claim(claimed);
      next = claimed;
      const text = decision.action === 'update' ? updateComment(input, decision.reason) : resolvedComment(record, input.verdict.window.toMs, input.timeZone);
      const url = await commentOnIssue(t, record.issue.number, `${commentMarker(record.id, pending.key)}\n${text}`, { retry: false });
      next = settleComment(claimed, true);
      messages.push(kind === 'update' ? `commented on issue #${record.issue.number}: ${url}` : `issue #${record.issue.number}: resolved (comment posted)`);
    }
  } catch (error) {
    failed = true;
    messages.push(error instanceof ClaimError ? `${error.message} (nothing posted; the next run tries again)` : `GitHub: ${describeGitHubError(error)} (the next run tries again)`);
  }

  // Slack / Discord: once per level reached (alert, then severe), with the issue's link, no excerpt.
  if (decision.action !== 'resolve' && levelRank(input.verdict.level) >= levelRank('alert') && !(next.notified ?? []).includes(input.verdict.level)) {
    const sent = await notifyChat(options, chatSummary(input, next.issue?.url));
    messages.push(...sent.messages);
    if (sent.failed) failed = true;
    else if (sent.messages.length) next = { ...next, notified: [...(next.notified ?? []), input.verdict.level] };
  }
  return { record: next, messages, failed };
}

/**
 * Before a run decides anything about an incident whose last comment was claimed but not recorded (the
 * run died, or GitHub failed, between the call and the record): is the comment on the issue? Found, its
 * effect is recorded; not found, it was never posted and the decision may post it again. When GitHub
 * cannot be asked, `unknown`: the caller posts nothing this time rather than risk a second comment.
 */
export async function settlePendingComment(record: IncidentRecord, options: Pick<DeliverOptions, 'env' | 'github'>): Promise<{ record: IncidentRecord; message: string } | { unknown: string }> {
  const pending = record.pendingComment;
  if (!pending) return { record, message: '' };
  const target = githubTarget(options.env, options.github);
  if (!target.ok || !record.issue) return { unknown: `the comment claimed at ${pending.at} could not be looked up (${target.ok ? 'no issue' : target.reason})` };
  try {
    const found = await findCommentByMarker(target.target, record.issue.number, commentMarker(record.id, pending.key));
    return { record: settleComment(record, found !== undefined), message: found ? `the comment of ${pending.at} is on issue #${record.issue.number}: recorded (${found.url})` : `the comment of ${pending.at} never reached issue #${record.issue.number}` };
  } catch (error) {
    return { unknown: `the comment claimed at ${pending.at} could not be looked up: ${describeGitHubError(error)}` };
  }
}

async function notifyChat(options: DeliverOptions, text: string): Promise<{ messages: string[]; failed: boolean }> {
  const messages: string[] = [];
  let failed = false;
  const targets = [
    { name: 'Slack', env: options.config.notify.slackWebhookEnv, body: { text } },
    { name: 'Discord', env: options.config.notify.discordWebhookEnv, body: { content: text, allowed_mentions: { parse: [] } } },
  ];
  for (const target of targets) {
    const url = target.env ? options.env[target.env]?.trim() : undefined;
    if (!url) continue;
    try {
      const response = await (options.fetch ?? fetch)(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(target.body), signal: AbortSignal.timeout(15_000) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      messages.push(`${target.name} notified`);
    } catch (error) {
      failed = true;
      // The webhook URL is a secret: only the variable's name is shown.
      messages.push(`${target.name} (${target.env}): ${(error as Error).message}`);
    }
  }
  return { messages, failed };
}
