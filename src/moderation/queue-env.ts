/** Which human queue a run uses: GitHub issues with the workflow's token, else a local folder. */
import { InputError } from '../core/errors.ts';
import { githubClientFromEnv, parseRepo } from '../github/octokit.ts';
import { githubQueue, localQueue, type ModerationQueue } from './queue.ts';

export function queueFromEnv(root: string, env: NodeJS.ProcessEnv, clock: () => number = Date.now): ModerationQueue {
  const repo = parseRepo(env.GITHUB_REPOSITORY);
  if (env.CADENCE_QUEUE !== 'local' && (env.GITHUB_TOKEN || env.GH_TOKEN) && repo) return githubQueue(githubClientFromEnv(env), repo);
  if (env.GITHUB_ACTIONS === 'true' && env.CADENCE_QUEUE !== 'local') {
    throw new InputError('the moderation queue needs GITHUB_TOKEN and GITHUB_REPOSITORY in this workflow step (permissions: issues: write); nothing was read');
  }
  return localQueue(root, clock);
}
