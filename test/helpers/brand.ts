import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin/cadence.js');

/** A minimal valid editorial line; tests override parts of it. */
export function editorialLine(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    brand: { name: 'Boulangerie Test', siteUrl: 'https://boulangerie.example', locale: 'fr', timezone: 'Europe/Paris' },
    channels: {
      mastodon: { cadence: { maxPerDay: 2, minGapMinutes: 120 }, slots: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'], sat: ['10:00'], sun: ['10:00'] } },
      bluesky: { cadence: { maxPerDay: 3 } },
      x: {},
      instagram: { cadence: { maxPerDay: 1 } },
      linkedin: { cadence: { maxPerDay: 1 } },
      blog: {},
    },
    pillars: [
      { id: 'coulisses', label: 'Coulisses', target: 50, max: 70 },
      { id: 'produits', label: 'Produits', target: 50, max: 70 },
    ],
    voice: { bannedTerms: ['pas cher', 'low cost'], maxHashtags: 3, forbiddenHashtags: ['#promo'] },
    ...overrides,
  };
}

export function mdx(frontmatter: Record<string, unknown>, body = ''): string {
  return `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n${body}`;
}

export interface TempBrand {
  root: string;
  write(file: string, content: string | Buffer): string;
  post(name: string, frontmatter: Record<string, unknown>, body?: string): string;
  git(...args: string[]): string;
  cleanup(): void;
}

/** A throwaway brand repository on disk (optionally a Git repository). */
export function tempBrand(options: { line?: Record<string, unknown> | false; git?: boolean } = {}): TempBrand {
  const root = mkdtempSync(path.join(tmpdir(), 'cadence-brand-'));
  const write = (file: string, content: string | Buffer) => {
    const absolute = path.join(root, file);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    return file;
  };
  mkdirSync(path.join(root, 'content/posts'), { recursive: true });
  if (options.line !== false) write('content/editorial-line.mdx', mdx(options.line ?? editorialLine(), '# Ligne éditoriale\n'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org' } });
  if (options.git) {
    git('init', '-q', '-b', 'main');
    write('.gitignore', '.cadence/\n');
  }
  return {
    root,
    write,
    post: (name, frontmatter, body = '') => write(`content/posts/${name}`, mdx(frontmatter, body)),
    git,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process (fast) with captured output; `env` is all the environment it sees. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env, color: false });
  return { code, stdout, stderr };
}

/** The test process's environment without any network credential or CI variable that would change a run. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(MASTODON|BLUESKY|X|LINKEDIN|FACEBOOK|INSTAGRAM|THREADS|DISCORD|SLACK|TELEGRAM)_/.test(k)) continue;
    if (/^(GITHUB_|CADENCE_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/** Runs the real `bin/cadence.js` as a user would, with the project's Node. */
export function spawnCli(args: string[], cwd: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...cleanEnv(), NO_COLOR: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A basic valid post, Monday 2026-12-07 09:00 Paris, on Mastodon. */
export function basicPost(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: 'Nouveau pain', publishAt: '2026-12-07T09:00', channels: ['mastodon'], text: 'Notre nouveau pain au levain sort du four ce matin.', pillar: 'produits', ...overrides };
}
