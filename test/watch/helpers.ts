import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/brand.ts';

export const KEY = 'k'.repeat(40);

export interface WatchBrand {
  root: string;
  remote: string;
  git(...args: string[]): string;
  remoteLog(): string[];
  /** Every file committed on the remote's main branch, with its content. */
  committed(): Map<string, string>;
  cleanup(): void;
}

/**
 * The sample brand (content/, samples/) in a Git repository cloned from a local bare remote, as the
 * scheduled workflow sees it. `withSamples: false` leaves samples/ out.
 */
export function watchBrand(options: { withSamples?: boolean; files?: Record<string, string> } = {}): WatchBrand {
  const base = mkdtempSync(path.join(tmpdir(), 'cadence-watch-'));
  const remote = path.join(base, 'remote.git');
  const seed = path.join(base, 'seed');
  const root = path.join(base, 'brand');
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org' };
  const run = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env });
  cpSync(path.join(REPO_ROOT, 'content'), path.join(seed, 'content'), { recursive: true });
  if (options.withSamples !== false) cpSync(path.join(REPO_ROOT, 'samples'), path.join(seed, 'samples'), { recursive: true });
  writeFileSync(path.join(seed, '.gitignore'), '.cadence/\n');
  for (const [file, text] of Object.entries(options.files ?? {})) writeFileSync(path.join(seed, file), text);
  run(base, 'init', '-q', '--bare', '-b', 'main', remote);
  run(seed, 'init', '-q', '-b', 'main');
  run(seed, 'add', '-A');
  run(seed, 'commit', '-q', '-m', 'brand');
  run(seed, 'remote', 'add', 'origin', remote);
  run(seed, 'push', '-q', '-u', 'origin', 'main');
  run(base, 'clone', '-q', remote, root);
  return {
    root,
    remote,
    git: (...args) => run(root, ...args),
    remoteLog: () => run(remote, 'log', '--format=%s', 'main').trim().split('\n'),
    committed: () => {
      const files = run(remote, 'ls-tree', '-r', '--name-only', 'main').trim().split('\n');
      return new Map(files.map((f) => [f, run(remote, 'show', `main:${f}`)]));
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}
