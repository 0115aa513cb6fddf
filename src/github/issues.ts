/**
 * Issues, comments and pull requests of the community jobs (watch incidents, crisis logs and PRs),
 * through the one GitHub client (octokit.ts). An issue a job opens carries a hidden marker: before
 * opening one, the job looks for it, so a run that died between "created" and "recorded" never opens a
 * second issue for the same incident.
 */
import { describeGitHubError, githubClientFromEnv, parseRepo, type GitHubClient, type Repo } from './octokit.ts';

export interface IssueRef {
  number: number;
  url: string;
  state: 'open' | 'closed';
}

export interface GitHubTarget {
  client: GitHubClient;
  repo: Repo;
}

/** The client and repository of the Actions environment (GITHUB_TOKEN, GITHUB_REPOSITORY), or why not. */
export function githubTarget(env: NodeJS.ProcessEnv, client?: GitHubClient): { ok: true; target: GitHubTarget } | { ok: false; reason: string } {
  const repo = parseRepo(env.GITHUB_REPOSITORY);
  if (!repo) return { ok: false, reason: 'GITHUB_REPOSITORY is not set (owner/name)' };
  if (!client && !(env.GITHUB_TOKEN || env.GH_TOKEN)) return { ok: false, reason: 'GITHUB_TOKEN is not set' };
  return { ok: true, target: { client: client ?? githubClientFromEnv(env), repo } };
}

/** The issue whose body holds `marker` among those with `label` (open or closed, newest first). */
export async function findIssueByMarker(t: GitHubTarget, label: string, marker: string): Promise<IssueRef | undefined> {
  const iterator = t.client.paginate.iterator(t.client.rest.issues.listForRepo, { owner: t.repo.owner, repo: t.repo.name, labels: label, state: 'all', per_page: 100, sort: 'created', direction: 'desc' });
  for await (const page of iterator) {
    for (const issue of page.data) {
      if (!issue.pull_request && issue.body?.includes(marker)) return { number: issue.number, url: issue.html_url, state: issue.state === 'closed' ? 'closed' : 'open' };
    }
  }
  return undefined;
}

/**
 * Writes that a caller makes exactly once (claimed first, found again by a marker) are not retried by
 * the client: a 5xx may come after GitHub wrote, and a blind retry would write twice. The caller's next
 * run looks the marker up instead.
 */
export interface WriteOptions {
  retry?: boolean;
}

const noRetry = (options: WriteOptions) => (options.retry === false ? { request: { retries: 0 } } : {});

export async function createIssue(t: GitHubTarget, issue: { title: string; body: string; labels: string[]; assignees?: string[] }, options: WriteOptions = {}): Promise<IssueRef> {
  const { data } = await t.client.rest.issues.create({ owner: t.repo.owner, repo: t.repo.name, title: issue.title, body: issue.body, labels: issue.labels, ...(issue.assignees?.length ? { assignees: issue.assignees } : {}), ...noRetry(options) });
  return { number: data.number, url: data.html_url, state: 'open' };
}

export async function commentOnIssue(t: GitHubTarget, number: number, body: string, options: WriteOptions = {}): Promise<string> {
  const { data } = await t.client.rest.issues.createComment({ owner: t.repo.owner, repo: t.repo.name, issue_number: number, body, ...noRetry(options) });
  return data.html_url;
}

/** The comment of issue `number` whose body holds `marker` (every page), or undefined. */
export async function findCommentByMarker(t: GitHubTarget, number: number, marker: string): Promise<{ url: string } | undefined> {
  const iterator = t.client.paginate.iterator(t.client.rest.issues.listComments, { owner: t.repo.owner, repo: t.repo.name, issue_number: number, per_page: 100 });
  for await (const page of iterator) {
    for (const comment of page.data) if (comment.body?.includes(marker)) return { url: comment.html_url };
  }
  return undefined;
}

export async function addLabels(t: GitHubTarget, number: number, labels: string[]): Promise<void> {
  if (labels.length) await t.client.rest.issues.addLabels({ owner: t.repo.owner, repo: t.repo.name, issue_number: number, labels });
}

export interface PullRequestRef {
  number: number;
  url: string;
}

/**
 * Opens a pull request from `head` (or returns the open one from that branch), labels it and asks the
 * given people and teams (`org/team`) to review. A reviewer GitHub refuses (not a collaborator) is
 * reported, never fatal: the PR exists.
 */
export async function openPullRequest(
  t: GitHubTarget,
  pr: { head: string; base: string; title: string; body: string; labels: string[]; reviewers: string[] },
): Promise<PullRequestRef & { warnings: string[] }> {
  const { owner, name } = t.repo;
  const existing = await t.client.rest.pulls.list({ owner, repo: name, head: `${owner}:${pr.head}`, state: 'open', per_page: 10 });
  const found = existing.data[0];
  const data = found ?? (await t.client.rest.pulls.create({ owner, repo: name, head: pr.head, base: pr.base, title: pr.title, body: pr.body })).data;
  const warnings: string[] = [];
  try {
    await addLabels(t, data.number, pr.labels);
  } catch (error) {
    warnings.push(`labels not set: ${describeGitHubError(error)}`);
  }
  const users = pr.reviewers.filter((r) => !r.includes('/')).map((r) => r.replace(/^@/, ''));
  const teams = pr.reviewers.filter((r) => r.includes('/')).map((r) => r.split('/')[1]!);
  if (users.length || teams.length) {
    try {
      await t.client.rest.pulls.requestReviewers({ owner, repo: name, pull_number: data.number, reviewers: users, team_reviewers: teams });
    } catch (error) {
      warnings.push(`reviewers not requested (${[...users, ...teams].join(', ')}): ${describeGitHubError(error)}`);
    }
  }
  return { number: data.number, url: data.html_url, warnings };
}
