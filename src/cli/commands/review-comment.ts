import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_BOT, runComment, type WorkflowRunEvent } from '../../github/comment.ts';
import { describeGitHubError, githubClientFromEnv, isGitHubError, parseRepo } from '../../github/octokit.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { parseCommandArgs } from '../options.ts';

export const reviewCommentHelp = `Usage: cadence review comment --dir <artifact folder> [--event <workflow_run event JSON>]

Runs in the trusted workflow_run job (.github/workflows/review-comment.yml, see docs/review.md): reads
<folder>/review.json (untrusted, validated) and posts or updates the pull request's sticky comment, a
check run with annotations and channel/pillar labels. Needs GITHUB_TOKEN, GITHUB_REPOSITORY and the
event (GITHUB_EVENT_PATH); GITHUB_API_URL for GitHub Enterprise. Writes are paced as GitHub asks of
integrations (one a second, three seconds before a comment).
`;

/** `cadence review comment --dir <folder>`, in the workflow_run job. */
export async function reviewCommentCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('review comment', args, { dir: { type: 'string' }, event: { type: 'string' } });
  if (values.help) {
    io.stdout(reviewCommentHelp);
    return EXIT.ok;
  }
  const dir = values.dir as string | undefined;
  if (!dir) throw new UsageError('--dir <folder> is required (where the review artifact was downloaded)');
  const eventPath = (values.event as string | undefined) ?? io.env.GITHUB_EVENT_PATH;
  if (!eventPath) throw new UsageError('no event: set GITHUB_EVENT_PATH (GitHub Actions does) or pass --event');
  const repo = parseRepo(io.env.GITHUB_REPOSITORY);
  if (!repo) throw new UsageError('GITHUB_REPOSITORY must be owner/name');
  if (!io.env.GITHUB_TOKEN) throw new UsageError('GITHUB_TOKEN is not set');
  let event: WorkflowRunEvent;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as WorkflowRunEvent;
  } catch (error) {
    throw new UsageError(`cannot read the event ${eventPath}: ${(error as Error).message}`);
  }
  if (!event.workflow_run) throw new UsageError('the event is not a workflow_run event');
  try {
    const result = await runComment({
      api: githubClientFromEnv(io.env, { warn: (line) => io.stderr(`${line}\n`) }),
      repo,
      event,
      dir: path.resolve(io.cwd, dir),
      serverUrl: io.env.GITHUB_SERVER_URL,
      bot: io.env.CADENCE_COMMENT_AUTHOR || DEFAULT_BOT,
      log: (line) => io.stdout(`${line}\n`),
    });
    return result.ok && result.problem ? EXIT.problems : EXIT.ok;
  } catch (error) {
    // GitHub refused or failed (after octokit's retries): one line, never the token, and the job fails.
    if (!isGitHubError(error)) throw error;
    io.stderr(`cadence review comment: ${describeGitHubError(error)}\n`);
    return EXIT.problems;
  }
}
