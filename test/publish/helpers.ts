import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanEnv, REPO_ROOT, tempBrand, type CliResult, type TempBrand } from '../helpers/brand.ts';

const BIN = path.join(REPO_ROOT, 'bin/cadence.js');
const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

/** A brand repository pushed to a local bare remote, and clones of it (each clone is one "runner"). */
export interface RemoteBrand {
  seed: TempBrand;
  bare: string;
  clone(): string;
  /** Commits and pushes everything in the seed (after writing posts). */
  pushSeed(message?: string): void;
  cleanup(): void;
}

export function remoteBrand(line?: Record<string, unknown>): RemoteBrand {
  const seed = tempBrand({ git: true, ...(line ? { line } : {}) });
  const bare = mkdtempSync(path.join(tmpdir(), 'cadence-remote-'));
  git(bare, 'init', '-q', '--bare', '-b', 'main');
  const clones: string[] = [];
  seed.git('remote', 'add', 'origin', bare);
  return {
    seed,
    bare,
    pushSeed(message = 'content') {
      seed.git('add', '-A');
      seed.git('commit', '-qm', message);
      seed.git('pull', '-q', '--rebase', 'origin', 'main').toString();
      seed.git('push', '-q', '-u', 'origin', 'main');
    },
    clone() {
      const dir = mkdtempSync(path.join(tmpdir(), 'cadence-clone-'));
      git(dir, 'clone', '-q', bare, '.');
      git(dir, 'config', 'user.name', 'Runner');
      git(dir, 'config', 'user.email', 'runner@example.org');
      clones.push(dir);
      return dir;
    },
    cleanup() {
      seed.cleanup();
      rmSync(bare, { recursive: true, force: true });
      for (const dir of clones) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** First push of a seed whose remote is still empty. */
export function firstPush(remote: RemoteBrand): void {
  remote.seed.git('add', '-A');
  remote.seed.git('commit', '-qm', 'content');
  remote.seed.git('push', '-q', '-u', 'origin', 'main');
}

export interface SpawnResult extends CliResult {
  signal: NodeJS.Signals | null;
}

/** Runs the real CLI as a separate process, asynchronously (so several can run at once). */
export function spawnCliAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...cleanEnv(), NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
}

/** Every outbox entry of a clone: `<channel>/<file>`. */
export function outboxEntries(root: string): string[] {
  const dir = path.join(root, '.cadence/outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((channel) => readdirSync(path.join(dir, channel)).filter((f) => f.endsWith('.json')).map((f) => `${channel}/${f}`)).sort();
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Ledger events of a pair, as the remote has them (read from a fresh clone's file). */
export function ledgerEvents(root: string, postId: string, channel: string): { type: string; run: string; [k: string]: unknown }[] {
  const file = path.join(root, 'data/ledger', postId, `${channel}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
