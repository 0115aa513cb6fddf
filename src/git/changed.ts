import { UsageError } from '../cli/errors.ts';

/**
 * Files changed since `ref`: committed since the merge base, plus uncommitted and untracked ones.
 * Deleted files are left out (there is nothing to lint), renames count as their new path.
 */
export async function filesChangedSince(root: string, ref: string): Promise<string[]> {
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: root });
  try {
    await git.raw(['rev-parse', '--verify', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--changed-since: \`${ref}\` is not a commit, branch or tag of this repository`);
  }
  const prefix = (await git.revparse(['--show-prefix'])).trim();
  const committed = await git.raw(['diff', '--name-only', '--diff-filter=d', '--no-renames', `${ref}...HEAD`]);
  const working = await git.raw(['diff', '--name-only', '--diff-filter=d', '--no-renames', 'HEAD']);
  const untracked = await git.raw(['ls-files', '--others', '--exclude-standard', '--full-name']);
  const names = new Set(`${committed}\n${working}\n${untracked}`.split('\n').map((n) => n.trim()).filter(Boolean));
  // git prints paths from the top of the work tree; the brand root may be a subfolder of it.
  return [...names].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
}
