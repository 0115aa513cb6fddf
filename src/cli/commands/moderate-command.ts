import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.ts';
import { githubClientFromEnv, parseRepo } from '../../github/octokit.ts';
import { runTeamCommand, type CommandEvent } from '../../moderation/command.ts';
import { EXIT } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, parseCommandArgs } from '../options.ts';

/** `cadence moderate command [--event FILE]`: a team member's command from a GitHub issue comment event. */
export async function moderateTeamCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('moderate command', args, { event: { type: 'string' }, root: { type: 'string' } });
  if (values.help) {
    io.stdout('Usage: cadence moderate command [--event FILE]\n\nCarries out /hide, /restore, /report, /reply <id>, /dismiss from an issue_comment event (default: GITHUB_EVENT_PATH).\n');
    return EXIT.ok;
  }
  const file = (values.event as string | undefined) ?? io.env.GITHUB_EVENT_PATH;
  if (!file) throw new InputError('no event: pass --event FILE or run in GitHub Actions (GITHUB_EVENT_PATH)');
  let event: CommandEvent;
  try {
    event = JSON.parse(readFileSync(file, 'utf8')) as CommandEvent;
  } catch (error) {
    throw new InputError(`${file}: not a readable event (${(error as Error).message})`);
  }
  const repo = parseRepo(io.env.GITHUB_REPOSITORY);
  if (!repo || !(io.env.GITHUB_TOKEN || io.env.GH_TOKEN)) throw new InputError('GITHUB_TOKEN and GITHUB_REPOSITORY are needed to answer on the issue');
  const root = brandRoot(io.cwd, values.root as string | undefined);
  let outcome;
  try {
    outcome = await runTeamCommand({ root, env: io.env, event, github: githubClientFromEnv(io.env), repo });
  } catch (error) {
    if (error instanceof InputError) throw error;
    // Git or GitHub trouble: one line (never a token: messages come from the Git edge and describeGitHubError).
    io.stderr(`cadence moderate command: ${(error as Error).message.split('\n')[0]}\n`);
    return EXIT.problems;
  }
  io.stdout(`${outcome.status}: ${outcome.message}\n`);
  return outcome.status === 'failed' ? EXIT.problems : EXIT.ok;
}
