import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD = path.join(REPO_ROOT, 'site/build.ts');
const LOCK = path.join(tmpdir(), 'cadence-astro-build.lock');

/** The build time of the sample: two blog articles are out, the Épiphanie one (2 January) is not. */
export const SAMPLE_AT = '2026-12-20T12:00:00+01:00';

export interface BuiltSites {
  publicDir: string;
  internalDir: string;
  ms: number;
  /** What `site/build.ts` printed (empty when the sample was already built by another test file). */
  output: string;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Astro writes generated files under the site root, so builds of one site never run concurrently: a lock across test workers. */
export function withLock<T>(fn: () => T): T {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for the Astro build lock');
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The environment of a site build in tests: a brand, a build time, outputs in `outBase/{public,internal}`, no GitHub. */
export function siteBuildEnv(options: { root: string; at: string; outBase: string; cacheDir: string; env?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // Builds in tests never call the real GitHub API, whatever the shell has.
    GITHUB_TOKEN: '',
    GH_TOKEN: '',
    // Nor take the branch of the runner the tests run on for the one whose pull requests count.
    GITHUB_REF_TYPE: '',
    GITHUB_REF_NAME: '',
    CADENCE_REVIEW_BASE: '',
    CADENCE_ROOT: options.root,
    CADENCE_AT: options.at,
    CADENCE_OUT_PUBLIC: path.join(options.outBase, 'public'),
    CADENCE_OUT_INTERNAL: path.join(options.outBase, 'internal'),
    CADENCE_CACHE_DIR: options.cacheDir,
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
    ...options.env,
  };
}

/**
 * Builds both sites of a brand repository into `outBase/{public,internal}` with `site/build.ts`, as
 * `npm run build` does (side by side on a first build with both outputs inside the repository).
 */
export function buildSites(options: { root: string; at: string; outBase: string; env?: Record<string, string>; sites?: Array<'public' | 'internal'>; lockHeld?: boolean }): BuiltSites {
  const publicDir = path.join(options.outBase, 'public');
  const internalDir = path.join(options.outBase, 'internal');
  const env = siteBuildEnv({ ...options, cacheDir: path.join(options.outBase, '.cache') });
  const started = Date.now();
  const build = () => {
    const result = spawnSync(process.execPath, [BUILD, ...(options.sites ?? [])], { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = result.stdout + result.stderr;
    if (result.status !== 0) throw new Error(`site build (${(options.sites ?? ['public', 'internal']).join(', ')}) failed:\n${output.split('\n').map((l) => l.replace(/^\w+ +│ /, '')).filter((l) => !/MODULE_LEVEL|[│╭╯─]/.test(l)).slice(-40).join('\n')}`);
    return output;
  };
  const output = options.lockHeld ? build() : withLock(build);
  return { publicDir, internalDir, ms: Date.now() - started, output };
}

/**
 * The sample brand (this repository's content/) built once per test run and shared by the test files
 * that need it (the vitest run's process id keys the stamp).
 */
export function buildSample(): BuiltSites {
  const outBase = path.join(REPO_ROOT, 'test-results/site-sample');
  const stamp = path.join(outBase, 'stamp');
  const key = `${process.ppid}:${SAMPLE_AT}`;
  // One lock over the check and the build: two test files asking at once must not both build, nor one
  // empty the folder the other is building into.
  return withLock(() => {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return { publicDir: path.join(outBase, 'public'), internalDir: path.join(outBase, 'internal'), ms: 0, output: '' };
    // The caches too: the build then starts cold, as on a fresh clone, and runs the two sites side by side.
    for (const dir of ['public', 'internal', '.cache']) rmSync(path.join(outBase, dir), { recursive: true, force: true });
    const built = buildSites({ root: REPO_ROOT, at: SAMPLE_AT, outBase, lockHeld: true });
    writeFileSync(path.join(outBase, 'build.log'), built.output);
    writeFileSync(stamp, key);
    return built;
  });
}

/** Every file under a folder, relative paths. */
export function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.xml': 'application/xml', '.ics': 'text/calendar; charset=utf-8', '.png': 'image/png', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.css': 'text/css', '.js': 'text/javascript' };

/** A static file server on 127.0.0.1 for a built site, as a host would serve it (folders → index.html). */
export function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(dir, url);
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export const base = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Debian's Chromium as the probe runs it here: no background networking (the network is closed). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
