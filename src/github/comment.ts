/**
 * The trusted half of the pull request review (workflow_run, default branch code, write token): reads
 * review.json from the artifact of the `pull_request` run, which may come from a fork and is therefore
 * untrusted data, validates it (src/review/schema.ts), and on the pull request:
 *  - posts or updates ONE sticky comment, found by a hidden marker and its bot author;
 *  - creates a check run on the head commit with file:line annotations (50 per request);
 *  - sets the channel:<id> and pillar:<id> labels (and removes those that no longer apply).
 *
 * The pull request number comes from the workflow_run event and the API, never from the artifact, and
 * the PR's current head must still be the commit that was reviewed (an older run never overwrites a
 * newer comment). Nothing from the pull request is executed. GitHub is reached through octokit
 * (src/github/octokit.ts): retries of 5xx, and GitHub's pacing of writes (one a second, three seconds
 * before a comment). The command line (`cadence review comment`) is src/cli/commands/review-comment.ts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHANNEL_IDS } from '../core/channels.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { MAX_COMMENT_CHARS, renderMarkdown, REVIEW_MARKER } from '../review/markdown.ts';
import { MAX_REPORT_BYTES, parseReport } from '../review/schema.ts';
import type { ReviewReport } from '../review/types.ts';
import { listPages } from './lists.ts';
import { githubStatus, type GitHubClient, type Repo } from './octokit.ts';

export const ARTIFACT_NAME = 'cadence-review';
export const CHECK_NAME = 'Cadence review';
export const DEFAULT_BOT = 'github-actions[bot]';
const LABEL_PREFIXES = ['channel:', 'pillar:'];
const LABEL_COLORS: Record<string, string> = { 'channel:': '1d76db', 'pillar:': 'c5def5' };

/** The parts of a workflow_run event payload this job reads. */
export interface WorkflowRunEvent {
  action?: string;
  workflow_run: {
    id: number;
    event: string;
    head_sha: string;
    head_branch: string | null;
    conclusion?: string | null;
    html_url?: string;
    pull_requests?: Array<{ number: number; head: { sha: string; ref?: string }; base?: { repo?: { name?: string; url?: string } } }>;
    head_repository?: { full_name?: string; owner?: { login?: string } } | null;
    repository?: { full_name?: string };
  };
}

interface PullRequest {
  number: number;
  state: string;
  html_url?: string;
  head: { sha: string; ref?: string; repo?: { full_name?: string } | null };
  user?: { login?: string };
}

export type PullRequestLookup = { ok: true; number: number; headSha: string } | { ok: false; reason: string };

/**
 * The open pull request a workflow_run reviewed: from the event's pull_requests (same-repository PRs),
 * else by the head branch of the fork (`pulls?head=owner:branch`), else through commits/{sha}/pulls;
 * then checked against the PR as it is now (open, head still the reviewed commit).
 */
export async function resolvePullRequest(client: GitHubClient, repo: Repo, event: WorkflowRunEvent): Promise<PullRequestLookup> {
  const run = event.workflow_run;
  if (run.event !== 'pull_request') return { ok: false, reason: `the reviewed run was triggered by ${run.event}, not pull_request` };
  if (!/^[0-9a-f]{40}$/.test(run.head_sha)) return { ok: false, reason: 'the event has no head SHA' };
  const params = { owner: repo.owner, repo: repo.name };
  let number = run.pull_requests?.find((p) => p.head.sha === run.head_sha)?.number;
  if (number === undefined && run.head_branch && run.head_repository?.owner?.login) {
    const head = `${run.head_repository.owner.login}:${run.head_branch}`;
    const { data: open } = await client.rest.pulls.list({ ...params, state: 'open', per_page: 100, head });
    number = open.find((p) => p.head.sha === run.head_sha)?.number;
  }
  if (number === undefined) {
    const { data: associated } = await client.rest.repos.listPullRequestsAssociatedWithCommit({ ...params, commit_sha: run.head_sha });
    number = associated.find((p) => p.state === 'open' && p.head.sha === run.head_sha)?.number;
  }
  if (number === undefined) return { ok: false, reason: `no open pull request has ${run.head_sha.slice(0, 7)} as its head` };
  const { data: pr } = await client.rest.pulls.get({ ...params, pull_number: number });
  if (pr.state !== 'open') return { ok: false, reason: `pull request #${number} is ${pr.state}` };
  if (pr.head.sha !== run.head_sha) return { ok: false, reason: `pull request #${number} has moved on to ${pr.head.sha.slice(0, 7)}; its own run will comment` };
  return { ok: true, number, headSha: run.head_sha };
}

interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

/** Updates the review comment the bot left before (found by the marker), or creates it. */
export async function upsertStickyComment(client: GitHubClient, repo: Repo, number: number, body: string, bot = DEFAULT_BOT): Promise<{ id: number; created: boolean }> {
  const params = { owner: repo.owner, repo: repo.name };
  const { items: comments } = await listPages<IssueComment>(client, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...params, issue_number: number, per_page: 100 });
  // Only the bot's own comment: anyone can write the marker into a comment of theirs.
  const mine = comments.find((c) => (c.body ?? '').includes(REVIEW_MARKER) && c.user?.login === bot);
  if (mine) {
    await client.rest.issues.updateComment({ ...params, comment_id: mine.id, body });
    return { id: mine.id, created: false };
  }
  const { data: created } = await client.rest.issues.createComment({ ...params, issue_number: number, body });
  return { id: created.id, created: true };
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

const LEVEL: Record<Diagnostic['severity'], Annotation['annotation_level']> = { error: 'failure', warning: 'warning', note: 'notice' };

/** Annotations on the files present at the head (a deleted file has no line to point at). */
export function annotationsOf(report: ReviewReport): Annotation[] {
  const present = [...report.posts.filter((p) => p.status !== 'deleted').flatMap((p) => p.diagnostics), ...report.documents.filter((d) => d.status !== 'deleted').flatMap((d) => d.diagnostics)];
  return present.map((d) => ({
    path: d.file,
    start_line: d.line,
    end_line: d.line,
    start_column: d.column,
    end_column: d.column,
    annotation_level: LEVEL[d.severity],
    title: d.channel ? `${d.rule} (${d.channel})` : d.rule,
    message: d.message.slice(0, 4000),
  }));
}

export function checkConclusion(report: ReviewReport | undefined): 'success' | 'failure' | 'neutral' {
  if (!report) return 'failure';
  return report.counts.error > 0 ? 'failure' : 'success';
}

/** Creates the check run, then appends the annotations past the first 50 (the API's limit per request). */
export async function createCheckRun(client: GitHubClient, repo: Repo, headSha: string, output: { title: string; summary: string }, annotations: readonly Annotation[], conclusion: 'success' | 'failure' | 'neutral', detailsUrl?: string): Promise<number> {
  const params = { owner: repo.owner, repo: repo.name };
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += 50) batches.push(annotations.slice(i, i + 50));
  const summary = output.summary.slice(0, 65_000);
  const { data: created } = await client.rest.checks.create({
    ...params,
    name: CHECK_NAME,
    head_sha: headSha,
    status: 'completed',
    conclusion,
    completed_at: new Date().toISOString(),
    ...(detailsUrl ? { details_url: detailsUrl } : {}),
    output: { title: output.title, summary, ...(batches[0] ? { annotations: batches[0] } : {}) },
  });
  for (const batch of batches.slice(1)) {
    await client.rest.checks.update({ ...params, check_run_id: created.id, output: { title: output.title, summary, annotations: batch } });
  }
  return created.id;
}

/** Makes the PR's channel:/pillar: labels exactly `desired`; other labels are left alone. */
export async function syncLabels(client: GitHubClient, repo: Repo, number: number, desired: readonly string[]): Promise<{ added: string[]; removed: string[] }> {
  const params = { owner: repo.owner, repo: repo.name };
  const { items } = await listPages<{ name: string }>(client, 'GET /repos/{owner}/{repo}/issues/{issue_number}/labels', { ...params, issue_number: number, per_page: 100 });
  const current = items.map((l) => l.name);
  const ours = current.filter((name) => LABEL_PREFIXES.some((p) => name.startsWith(p)));
  const added = desired.filter((name) => !current.includes(name));
  const removed = ours.filter((name) => !desired.includes(name));
  for (const name of added) {
    const prefix = LABEL_PREFIXES.find((p) => name.startsWith(p)) ?? 'channel:';
    try {
      await client.rest.issues.createLabel({ ...params, name, color: LABEL_COLORS[prefix]!, description: prefix === 'channel:' ? 'Cadence: posts on this channel' : 'Cadence: posts of this content pillar' });
    } catch (error) {
      if (githubStatus(error) !== 422) throw error; // 422: it exists already
    }
  }
  if (added.length) await client.rest.issues.addLabels({ ...params, issue_number: number, labels: added });
  for (const name of removed) {
    try {
      await client.rest.issues.removeLabel({ ...params, issue_number: number, name });
    } catch (error) {
      if (githubStatus(error) !== 404) throw error;
    }
  }
  return { added, removed };
}

/** Labels worth setting: known channels, pillar slugs; at most 30. */
export function safeLabels(report: ReviewReport): string[] {
  return report.labels.filter((l) => (l.startsWith('channel:') ? (CHANNEL_IDS as readonly string[]).includes(l.slice(8)) : /^pillar:[a-z0-9][a-z0-9-]{0,40}$/.test(l))).slice(0, 30);
}

/** The browser URL of the run's review artifact, when it exists (a link in the comment: never worth failing for). */
export async function artifactUrl(client: GitHubClient, repo: Repo, runId: number, serverUrl: string): Promise<string | undefined> {
  try {
    const { data } = await client.rest.actions.listWorkflowRunArtifacts({ owner: repo.owner, repo: repo.name, run_id: runId, name: ARTIFACT_NAME, per_page: 10 });
    const artifact = data.artifacts?.find((a) => a.name === ARTIFACT_NAME && !a.expired);
    return artifact ? `${serverUrl}/${repo.owner}/${repo.name}/actions/runs/${runId}/artifacts/${artifact.id}` : undefined;
  } catch {
    return undefined;
  }
}

export interface CommentRunOptions {
  api: GitHubClient;
  repo: Repo;
  event: WorkflowRunEvent;
  /** Where the artifact was downloaded. */
  dir: string;
  serverUrl?: string;
  bot?: string;
  log?: (line: string) => void;
}

export type CommentRunResult =
  | { ok: true; pr: number; commentId: number; created: boolean; checkRunId: number; labels: { added: string[]; removed: string[] }; conclusion: string; problem?: string }
  | { ok: false; skipped: string };

function readReportFile(dir: string): { ok: true; report: ReviewReport } | { ok: false; reason: string } {
  const file = path.join(dir, 'review.json');
  if (!existsSync(file)) return { ok: false, reason: 'the review produced no review.json (did the review job fail before writing it?)' };
  const size = statSync(file).size;
  if (size > MAX_REPORT_BYTES) return { ok: false, reason: `review.json is ${size} bytes, over the ${MAX_REPORT_BYTES} bytes allowed` };
  return parseReport(readFileSync(file));
}

export async function runComment(options: CommentRunOptions): Promise<CommentRunResult> {
  const { api, repo, event } = options;
  const log = options.log ?? (() => {});
  const serverUrl = (options.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  const lookup = await resolvePullRequest(api, repo, event);
  if (!lookup.ok) {
    log(`nothing to do: ${lookup.reason}`);
    return { ok: false, skipped: lookup.reason };
  }
  const runId = event.workflow_run.id;
  const runUrl = `${serverUrl}/${repo.owner}/${repo.name}/actions/runs/${runId}`;
  const parsed = readReportFile(options.dir);
  const artifact = await artifactUrl(api, repo, runId, serverUrl);

  let body: string;
  let title: string;
  let annotations: Annotation[] = [];
  let labels = { added: [] as string[], removed: [] as string[] };
  const report = parsed.ok ? parsed.report : undefined;
  if (parsed.ok) {
    const r = parsed.report;
    body = renderMarkdown(r, { cardLink: () => artifact ?? runUrl, runUrl, maxChars: MAX_COMMENT_CHARS - 200 });
    const c = r.counts;
    title = c.error + c.warning === 0 ? `${r.posts.length} post${r.posts.length === 1 ? '' : 's'}: no problems` : `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}`;
    annotations = annotationsOf(r);
  } else {
    body = `${REVIEW_MARKER}\n## Cadence review\n\n❌ The review could not be read: ${parsed.reason.replace(/[<>@`]/g, '')}.\n\nSee the [workflow run](${runUrl}).\n`;
    title = 'The review could not be read';
  }
  const conclusion = checkConclusion(report);
  const comment = await upsertStickyComment(api, repo, lookup.number, body, options.bot ?? DEFAULT_BOT);
  log(`${comment.created ? 'created' : 'updated'} the review comment on #${lookup.number}`);
  const checkRunId = await createCheckRun(api, repo, lookup.headSha, { title, summary: body.replace(REVIEW_MARKER, '').trim() }, annotations, conclusion, runUrl);
  log(`check run ${checkRunId}: ${conclusion}, ${annotations.length} annotation${annotations.length === 1 ? '' : 's'}`);
  if (report) {
    labels = await syncLabels(api, repo, lookup.number, safeLabels(report));
    if (labels.added.length || labels.removed.length) log(`labels: +${labels.added.join(', +') || '∅'} −${labels.removed.join(', −') || '∅'}`);
  }
  return { ok: true, pr: lookup.number, commentId: comment.id, created: comment.created, checkRunId, labels, conclusion, ...(parsed.ok ? {} : { problem: parsed.reason }) };
}
