import { InputError } from '../core/errors.ts';

/**
 * Files changed since `ref`: committed since the merge base, plus uncommitted and untracked ones.
 * Deleted files are left out (there is nothing to lint), renames count as their new path.
 */
export async function filesChangedSince(root: string, ref: string): Promise<string[]> {
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: root });
  // Five independent Git commands, run at once (simple-git runs up to five processes): one after the
  // other, a one-file `lint --changed-since HEAD` in a 10,000-post repository took 498 ms, now 427 ms.
  const [isCommit, prefixLine, committed, working, untracked] = await Promise.all([
    git.raw(['rev-parse', '--verify', `${ref}^{commit}`]).then(
      () => true,
      () => false,
    ),
    git.revparse(['--show-prefix']),
    // Fails for a ref that is not a commit: reported just below.
    git.raw(['diff', '--name-only', '--diff-filter=d', '--no-renames', `${ref}...HEAD`]).catch(() => ''),
    git.raw(['diff', '--name-only', '--diff-filter=d', '--no-renames', 'HEAD']),
    git.raw(['ls-files', '--others', '--exclude-standard', '--full-name']),
  ]);
  if (!isCommit) throw new InputError(`--changed-since: \`${ref}\` is not a commit, branch or tag of this repository`);
  const prefix = prefixLine.trim();
  const names = new Set(`${committed}\n${working}\n${untracked}`.split('\n').map((n) => n.trim()).filter(Boolean));
  // git prints paths from the top of the work tree; the brand root may be a subfolder of it.
  return [...names].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
}
