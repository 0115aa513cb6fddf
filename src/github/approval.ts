import type { ApprovalRecord } from '../core/ledger/types.ts';
/**
 * Proof of approval at publish time (editorial line `approval.required: N`): the commit that last
 * changed a due post must have come through a merged pull request with at least N approving reviews by
 * people other than its authors, given on the pull request's final head (after its last change).
 *
 * `decideApproval` is pure: it weighs evidence. `checkApprovals` is the edge: Git for the last commit of
 * each file, the GitHub REST API (octokit, src/github/octokit.ts) for the pull requests of that commit,
 * their reviews and commits. Anything missing, unreadable or unexpected holds the post (fail closed): an
 * API error after octokit's retries, a malformed answer, a list longer than we read, a link to another
 * host. Nothing here ever publishes.
 */
import { simpleGit } from 'simple-git';
import { listAll } from './lists.ts';
import { describeGitHubError, githubClientFromEnv, GitHubAnswerError, parseRepo, type GitHubClient, type Repo } from './octokit.ts';

export interface ApprovalReview {
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING' | string;
  /** The commit the review was given on. */
  commitId: string;
  submittedAt: string;
}

export interface ApprovalPull {
  number: number;
  url?: string;
  author: string;
  /** Logins of the authors of the pull request's commits (they wrote the change too). */
  commitAuthors: readonly string[];
  mergedAt: string | null;
  baseRef: string;
  /** The pull request's last head commit: approvals must be on it. */
  headSha: string;
  reviews: readonly ApprovalReview[];
}

export interface ApprovalEvidence {
  file: string;
  /** The commit that last changed the file on the publishing branch; undefined when unknown. */
  commit: string | undefined;
  /** Pull requests GitHub associates with that commit (commits/{sha}/pulls). */
  pulls: readonly ApprovalPull[];
  /** The branch posts are published from; pull requests into another branch do not count. */
  branch?: string;
}

/** What the ledger keeps about an approval: who approved, in which pull request (the ledger's own record). */
export type ApprovalProof = ApprovalRecord;

export type ApprovalDecision =
  | { status: 'not-required' }
  | { status: 'approved'; proof: ApprovalProof }
  | { status: 'held'; reason: string; commit?: string; pr?: number };

const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/** Approvers of one pull request that count, and the approvals that do not (with why). */
export function countApprovals(pull: ApprovalPull): { approvers: string[]; stale: string[]; byAuthors: string[] } {
  const authors = new Set([pull.author, ...pull.commitAuthors].map((l) => l.toLowerCase()));
  const mergedMs = pull.mergedAt ? Date.parse(pull.mergedAt) : Infinity;
  // Each reviewer's last decisive review before the merge: a later "changes requested" or a dismissal cancels an approval.
  const last = new Map<string, ApprovalReview>();
  for (const review of [...pull.reviews].sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt))) {
    if (!DECISIVE.has(review.state) || !review.submittedAt || Date.parse(review.submittedAt) > mergedMs) continue;
    last.set(review.user.toLowerCase(), review);
  }
  const approvers: string[] = [];
  const stale: string[] = [];
  const byAuthors: string[] = [];
  for (const review of last.values()) {
    if (review.state !== 'APPROVED') continue;
    if (authors.has(review.user.toLowerCase())) byAuthors.push(review.user);
    else if (review.commitId !== pull.headSha) stale.push(review.user);
    else approvers.push(review.user);
  }
  return { approvers: approvers.sort(), stale: stale.sort(), byAuthors: byAuthors.sort() };
}

export function decideApproval(required: number, evidence: ApprovalEvidence): ApprovalDecision {
  if (required <= 0) return { status: 'not-required' };
  const { commit } = evidence;
  if (!commit) return { status: 'held', reason: `approval: cannot tell which commit last changed ${evidence.file}` };
  const short = commit.slice(0, 7);
  const merged = evidence.pulls.filter((p) => p.mergedAt && (!evidence.branch || p.baseRef === evidence.branch));
  if (merged.length === 0) {
    return { status: 'held', commit, reason: `approval: commit ${short}, which last changed the post, did not come through a merged pull request${evidence.branch ? ` into ${evidence.branch}` : ''} (a direct push?)` };
  }
  let best: { pull: ApprovalPull; counted: ReturnType<typeof countApprovals> } | undefined;
  for (const pull of [...merged].sort((a, b) => Date.parse(b.mergedAt!) - Date.parse(a.mergedAt!))) {
    const counted = countApprovals(pull);
    if (counted.approvers.length >= required) {
      return { status: 'approved', proof: { pr: pull.number, ...(pull.url ? { url: pull.url } : {}), commit, headSha: pull.headSha, mergedAt: pull.mergedAt!, approvers: counted.approvers, required } };
    }
    if (!best || counted.approvers.length > best.counted.approvers.length) best = { pull, counted };
  }
  const { pull, counted } = best!;
  const notes: string[] = [];
  if (counted.stale.length) notes.push(`approved before the last change: ${counted.stale.join(', ')}`);
  if (counted.byAuthors.length) notes.push(`approved by an author of the change: ${counted.byAuthors.join(', ')}`);
  return {
    status: 'held',
    commit,
    pr: pull.number,
    reason: `approval: pull request #${pull.number} has ${counted.approvers.length} approving review${counted.approvers.length === 1 ? '' : 's'} by someone other than its authors on its final commit, ${required} required${notes.length ? ` (${notes.join('; ')})` : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The edge: Git and the GitHub API

/** The commit that last changed `file` on HEAD's history; refuses a shallow clone, where that is unknowable. */
export async function lastCommitFor(root: string, file: string): Promise<string | undefined> {
  const git = simpleGit({ baseDir: root });
  if ((await git.raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true') throw new Error('the clone is shallow: fetch the whole history (actions/checkout with fetch-depth: 0) to check approvals');
  const prefix = (await git.revparse(['--show-prefix'])).trim();
  const sha = (await git.raw(['log', '-1', '--format=%H', 'HEAD', '--', `${prefix}${file}`])).trim();
  return sha || undefined;
}

interface RestPull {
  number: number;
  html_url?: string;
  user?: { login?: string } | null;
  merged_at?: string | null;
  base?: { ref?: string };
  head?: { sha?: string };
}

interface RestReview {
  user?: { login?: string } | null;
  state?: string;
  commit_id?: string | null;
  submitted_at?: string | null;
}

interface RestCommit {
  author?: { login?: string } | null;
  committer?: { login?: string } | null;
}

/** The pull requests GitHub associates with a commit, with their reviews and commit authors. */
export async function pullsForCommit(client: GitHubClient, repo: Repo, commit: string): Promise<ApprovalPull[]> {
  const params = { owner: repo.owner, repo: repo.name, per_page: 100 };
  const pulls = await listAll<RestPull>(client, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...params, commit_sha: commit }, `pull requests of ${commit.slice(0, 7)}`);
  return Promise.all(
    pulls
      .filter((p) => p.merged_at)
      .map(async (p) => {
        if (!Number.isInteger(p.number)) throw new GitHubAnswerError(`GitHub API: a pull request of ${commit.slice(0, 7)} has no number`);
        const [reviews, commits] = await Promise.all([
          listAll<RestReview>(client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...params, pull_number: p.number }, `reviews of #${p.number}`),
          // GitHub lists at most 250 commits of a pull request: three pages of 100 hold them all.
          listAll<RestCommit>(client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { ...params, pull_number: p.number }, `commits of #${p.number}`, 3),
        ]);
        return {
          number: p.number,
          ...(p.html_url ? { url: p.html_url } : {}),
          author: p.user?.login ?? '',
          commitAuthors: [...new Set(commits.map((c) => c.author?.login).filter((l): l is string => !!l))],
          mergedAt: p.merged_at ?? null,
          baseRef: p.base?.ref ?? '',
          headSha: p.head?.sha ?? '',
          reviews: reviews.filter((r) => r.user?.login && r.state && r.commit_id && r.submitted_at).map((r) => ({ user: r.user!.login!, state: r.state!, commitId: r.commit_id!, submittedAt: r.submitted_at! })),
        };
      }),
  );
}

export interface CheckApprovalsOptions {
  root: string;
  api: GitHubClient;
  repo: Repo;
  required: number;
  /** Repository-relative post files. */
  files: readonly string[];
  /** The branch posts are published from (default: the pull requests' base is not checked). */
  branch?: string;
}

/** One decision per file; files last changed by the same commit share the look-ups. Never throws: trouble holds the post. */
export async function checkApprovals(options: CheckApprovalsOptions): Promise<Map<string, ApprovalDecision>> {
  const decisions = new Map<string, ApprovalDecision>();
  if (options.required <= 0) {
    for (const file of options.files) decisions.set(file, { status: 'not-required' });
    return decisions;
  }
  const byCommit = new Map<string, Promise<ApprovalPull[]>>();
  for (const file of options.files) {
    let commit: string | undefined;
    try {
      commit = await lastCommitFor(options.root, file);
    } catch (error) {
      decisions.set(file, { status: 'held', reason: `approval: could not be checked (${(error as Error).message})` });
      continue;
    }
    let pulls: ApprovalPull[] = [];
    if (commit) {
      if (!byCommit.has(commit)) byCommit.set(commit, pullsForCommit(options.api, options.repo, commit));
      try {
        pulls = await byCommit.get(commit)!;
      } catch (error) {
        decisions.set(file, { status: 'held', commit, reason: `approval: could not be checked (${describeGitHubError(error)})` });
        continue;
      }
    }
    decisions.set(file, decideApproval(options.required, { file, commit, pulls, ...(options.branch ? { branch: options.branch } : {}) }));
  }
  return decisions;
}

/** The API client and repository from the publish job's environment, or why approvals cannot be checked. */
export function approvalApiFromEnv(env: NodeJS.ProcessEnv): { ok: true; api: GitHubClient; repo: Repo } | { ok: false; reason: string } {
  const repo = parseRepo(env.GITHUB_REPOSITORY);
  if (!repo) return { ok: false, reason: 'approval: GITHUB_REPOSITORY is not set (owner/name), approvals cannot be checked' };
  if (!env.GITHUB_TOKEN) return { ok: false, reason: 'approval: GITHUB_TOKEN is not set, approvals cannot be checked' };
  return { ok: true, api: githubClientFromEnv(env), repo };
}
