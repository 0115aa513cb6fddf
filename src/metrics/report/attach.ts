/**
 * The monthly report for the client, on GitHub: an issue per month (created once, its body updated on a
 * re-run), whose body is the Markdown report with links to the committed CSV and HTML. Through the one
 * GitHub client (src/github/octokit.ts).
 */
import { describeGitHubError, parseRepo, type GitHubClient } from '../../github/octokit.ts';

export interface AttachResult {
  ok: boolean;
  url?: string;
  created?: boolean;
  message?: string;
}

export const REPORT_LABEL = 'cadence-report';

export async function attachToIssue(client: GitHubClient, repository: string | undefined, title: string, body: string): Promise<AttachResult> {
  const repo = parseRepo(repository);
  if (!repo) return { ok: false, message: `GITHUB_REPOSITORY must be owner/name to attach the report (got "${repository ?? ''}")` };
  try {
    const issues = await client.paginate(client.rest.issues.listForRepo, { owner: repo.owner, repo: repo.name, state: 'all', labels: REPORT_LABEL, per_page: 100 });
    const existing = issues.find((i) => i.title === title && !i.pull_request);
    if (existing) {
      if (existing.body !== body) await client.rest.issues.update({ owner: repo.owner, repo: repo.name, issue_number: existing.number, body });
      return { ok: true, url: existing.html_url, created: false };
    }
    const created = await client.rest.issues.create({ owner: repo.owner, repo: repo.name, title, body, labels: [REPORT_LABEL] });
    return { ok: true, url: created.data.html_url, created: true };
  } catch (error) {
    return { ok: false, message: describeGitHubError(error) };
  }
}
