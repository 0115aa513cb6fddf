/**
 * The Git edge of the ledger: bring the working tree up to date with the remote, commit ledger files,
 * and push, rebasing on conflict. Only the given ledger paths are ever committed (a community manager's
 * uncommitted work is left alone, stashed around rebases).
 *
 * Conflicts are resolved in favour of the remote (`rebase -X ours`: in a rebase, "ours" is the upstream):
 * when two runs append a claim to the same pair file, the one that pushed first keeps it and the other
 * run's line disappears in the rebase. Each run then re-reads the pair files to learn what it owns.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

export interface LedgerRepo {
  root: string;
  /** False outside a Git work tree: the ledger is written but not committed. */
  isRepo: boolean;
  /** `origin` and `main` when the branch tracks one; undefined: commit locally only. */
  upstream?: { remote: string; branch: string };
  /** Where `root` is in the work tree (`brand/` in a monorepo, '' at the top): Git prints paths from the top. */
  prefix?: string;
  git: SimpleGit;
}

const BOT = { name: 'Cadence', email: 'cadence@users.noreply.github.com' };

export async function openLedgerRepo(root: string): Promise<LedgerRepo> {
  // Two `git` processes, not four: every scheduled job opens the repository, most of them to find nothing to do.
  const probe = simpleGit({ baseDir: root });
  let probed: string[];
  try {
    probed = (await probe.raw(['rev-parse', '--is-inside-work-tree', '--absolute-git-dir', '--show-prefix'])).trimEnd().split('\n');
  } catch {
    return { root, isRepo: false, git: probe };
  }
  if (probed[0] !== 'true') return { root, isRepo: false, git: probe };
  // The branch from HEAD itself (a branch without commits yet has one; a detached HEAD has none), then the
  // identity and the branch's upstream (what `@{u}` resolves to) from one read of the configuration.
  const head = readHead(probed[1]);
  const branch = head?.startsWith('ref: refs/heads/') ? head.slice('ref: refs/heads/'.length) : undefined;
  const pattern = `^(user\\.(name|email)${branch ? `|branch\\.${branch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(remote|merge)` : ''})$`;
  const values = new Map<string, string>();
  const listed = await probe.raw(['config', '--get-regexp', pattern]).catch(() => '');
  for (const line of listed.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) values.set(line.slice(0, space).toLowerCase(), line.slice(space + 1).trim());
  }
  const config: string[] = [];
  if (!values.get('user.name')) config.push(`user.name=${BOT.name}`);
  if (!values.get('user.email')) config.push(`user.email=${BOT.email}`);
  const git = simpleGit({ baseDir: root, config });
  const remote = branch ? values.get(`branch.${branch.toLowerCase()}.remote`) : undefined;
  const merge = branch ? values.get(`branch.${branch.toLowerCase()}.merge`) : undefined;
  // A branch tracking a local branch (remote ".") has nothing to push to.
  const upstream = remote && remote !== '.' && merge?.startsWith('refs/heads/') ? { remote, branch: merge.slice('refs/heads/'.length) } : undefined;
  return { root, isRepo: true, git, prefix: probed[2] ?? '', ...(upstream ? { upstream } : {}) };
}

function readHead(gitDir: string | undefined): string | undefined {
  try {
    return gitDir ? readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim() : undefined;
  } catch {
    return undefined;
  }
}

async function configValue(git: SimpleGit, key: string): Promise<string> {
  try {
    return (await git.raw(['config', '--get', key])).trim();
  } catch {
    return '';
  }
}

/** Fetches the upstream and rebases local commits onto it (remote wins conflicts). No-op without upstream. */
export async function syncWithRemote(repo: LedgerRepo): Promise<void> {
  if (!repo.isRepo || !repo.upstream) return;
  const { remote, branch } = repo.upstream;
  await repo.git.raw(['fetch', '--quiet', remote, branch]);
  // Nothing new on the remote (the usual case: one scheduled job at a time): no rebase. A rebase that has
  // nothing to do still stashes, checks every file of the work tree and restores (0.1 s on a 20,000-file
  // brand); asking whether the remote's branch is already in HEAD takes a few milliseconds.
  if (await isAncestor(repo.git, `${remote}/${branch}`, 'HEAD')) return;
  try {
    await repo.git.raw(['rebase', '--quiet', '--autostash', '-X', 'ours', `${remote}/${branch}`]);
  } catch (error) {
    await repo.git.raw(['rebase', '--abort']).catch(() => undefined);
    throw new Error(`cannot rebase onto ${remote}/${branch}: ${firstLine(error)}`);
  }
}

async function isAncestor(git: SimpleGit, ancestor: string, of: string): Promise<boolean> {
  // Not `merge-base --is-ancestor`: simple-git takes an exit code without a message for a success.
  try {
    return (await git.raw(['rev-list', '--count', `${of}..${ancestor}`])).trim() === '0';
  } catch {
    // An unknown ref: let the rebase say what is wrong.
    return false;
  }
}

export interface CommitOptions {
  /** Push attempts before giving up (each after a fetch and rebase). */
  attempts?: number;
  /** Called after each rebase, so the caller can re-read what the remote changed (awaited before the next push). */
  onRebased?: () => void | Promise<void>;
}

export type CommitResult = { committed: boolean; pushed: boolean; attempts: number };

/**
 * Commits exactly `files` (added, changed or deleted) with `message`, then pushes, rebasing and
 * retrying when another run pushed first. Throws when the push still fails after `attempts`.
 */
export async function commitAndPush(repo: LedgerRepo, files: readonly string[], message: string, options: CommitOptions = {}): Promise<CommitResult> {
  if (!repo.isRepo || files.length === 0) return { committed: false, pushed: false, attempts: 0 };
  await repo.git.raw(['add', '-A', '--', ...files]);
  // Everything staged, not only `files`: when all of it is among `files` (nothing else of the user's is
  // staged), the index is the commit, written as it is (below). NUL-separated: no quoting of unusual names;
  // no rename detection: a rename would hide the deleted path.
  const staged = (await repo.git.raw(['diff', '--cached', '--name-only', '--no-renames', '-z'])).split('\0').filter(Boolean);
  const ours = new Set(files.map((file) => fromTop(repo, file)));
  let committed = false;
  if (staged.length > 0 && staged.every((file) => ours.has(file))) {
    await commitIndex(repo, message);
    committed = true;
  } else if (staged.length > 0 && (await repo.git.raw(['diff', '--cached', '--name-only', '--', ...files])).trim()) {
    // Something else is staged too (a community manager's work in progress), or `files` names directories.
    await repo.git.raw(['commit', '--quiet', '--no-verify', '-m', message, '--', ...files]);
    committed = true;
  }
  if (!repo.upstream) return { committed, pushed: false, attempts: 0 };
  const { remote, branch } = repo.upstream;
  const max = options.attempts ?? 12;
  let lastError: unknown;
  for (let attempt = 1; attempt <= max; attempt++) {
    try {
      await repo.git.raw(['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
      return { committed, pushed: true, attempts: attempt };
    } catch (error) {
      lastError = error;
      if (!isRejection(error)) throw new Error(`git push to ${remote}/${branch} failed: ${firstLine(error)}`);
    }
    await sleep(Math.min(2000, 50 * 2 ** (attempt - 1)) * (0.5 + Math.random()));
    await syncWithRemote(repo);
    await options.onRebased?.();
  }
  throw new Error(`git push to ${remote}/${branch} still rejected after ${max} attempts: ${firstLine(lastError)}`);
}

/**
 * Commits the index as it is, as `git commit --no-verify` would, through the plumbing: `git commit -- files`
 * builds a temporary index in which it rebuilds every tree, and even a plain `git commit` checks every file
 * of the work tree first; on a 20,000-file brand that is 0.1–0.2 s a commit, this 0.03 s. No hook runs (the
 * ledger's commits skip them anyway). The branch moves only from the parent the commit was made on.
 */
async function commitIndex(repo: LedgerRepo, message: string): Promise<void> {
  const parent = (await repo.git.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '')).trim();
  if (!/^[0-9a-f]{40,64}$/.test(parent)) {
    // A branch without a commit yet: nothing to save here.
    await repo.git.raw(['commit', '--quiet', '--no-verify', '-m', message]);
    return;
  }
  const tree = (await repo.git.raw(['write-tree'])).trim();
  const commit = (await repo.git.raw(['commit-tree', tree, '-p', parent, '-m', message])).trim();
  await repo.git.raw(['update-ref', '-m', `commit: ${message.split('\n')[0]}`, 'HEAD', commit, parent]);
}

/**
 * A path given relative to the repository's root as Git prints it, from the top of the work tree. What is
 * not a plain file path (a directory) matches nothing Git prints: `commit -- files` then.
 */
function fromTop(repo: LedgerRepo, file: string): string {
  return `${repo.prefix ?? ''}${path.posix.normalize(file.split(path.sep).join('/'))}`;
}

function isRejection(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /rejected|fetch first|non-fast-forward|failed to update ref|cannot lock ref|stale info/i.test(text);
}

function firstLine(error: unknown): string {
  const text = String((error as Error)?.message ?? error).trim();
  return text.split('\n').find((l) => /error|fatal|conflict|rejected/i.test(l))?.trim() ?? text.split('\n')[0] ?? text;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Commits `changes` (path → new content, or null to delete) on top of the current HEAD to `branch`,
 * without touching the working tree or the index (a temporary index), and pushes the branch when there
 * is an upstream. For the pull requests jobs open (crisis statements), while the job's own checkout
 * stays on main. Returns the commit.
 */
export async function commitToBranch(repo: LedgerRepo, branch: string, changes: Readonly<Record<string, string | null>>, message: string): Promise<{ commit: string; pushed: boolean }> {
  if (!repo.isRepo) throw new Error('not a Git repository: cannot create a branch');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { execFile } = await import('node:child_process');
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-index-'));
  // A temporary index through plain git (simple-git guards GIT_INDEX_FILE): the user's index is untouched.
  const identity = (await configValue(repo.git, 'user.name')) ? [] : ['-c', `user.name=${BOT.name}`, '-c', `user.email=${BOT.email}`];
  const env = { ...process.env, GIT_INDEX_FILE: path.join(dir, 'index') };
  const git = {
    raw: (args: string[]) =>
      new Promise<string>((resolve, reject) => execFile('git', [...identity, ...args], { cwd: repo.root, env, encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`git ${args[0]}: ${stderr || error.message}`)) : resolve(stdout)))),
  };
  try {
    await git.raw(['read-tree', 'HEAD']);
    for (const [file, content] of Object.entries(changes)) {
      if (content === null) {
        await git.raw(['update-index', '--force-remove', '--', file]);
        continue;
      }
      const blobFile = path.join(dir, 'blob');
      writeFileSync(blobFile, content);
      const blob = (await git.raw(['hash-object', '-w', '--', blobFile])).trim();
      await git.raw(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`]);
    }
    const tree = (await git.raw(['write-tree'])).trim();
    const commit = (await git.raw(['commit-tree', tree, '-p', 'HEAD', '-m', message])).trim();
    await repo.git.raw(['update-ref', `refs/heads/${branch}`, commit]);
    if (!repo.upstream) return { commit, pushed: false };
    await repo.git.raw(['push', '--quiet', '--force-with-lease', repo.upstream.remote, `${commit}:refs/heads/${branch}`]);
    return { commit, pushed: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
