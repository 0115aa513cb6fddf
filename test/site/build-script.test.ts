// site/build.ts (`npm run build`): which sites build, side by side or one after the other, and how a failure
// is reported. The builds here fail within seconds (no editorial line, or output folders that cannot be
// created); the sample's full side-by-side build is checked in sites.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempBrand, type TempBrand } from '../helpers/brand.ts';
import { REPO_ROOT, siteBuildEnv, withLock } from './helpers.ts';

const work = path.join(REPO_ROOT, 'test-results/site-build-script');
// A regular file where the output folders' parent should be: Astro fails to write either site.
const blocked = path.join(work, 'not-a-folder');
let brand: TempBrand;
beforeAll(() => {
  brand = tempBrand();
});
afterAll(() => {
  brand?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** Under the site-build lock: these builds fail late enough to have synced content, which Astro writes under the site root. */
function build(args: string[], env: Record<string, string> = {}) {
  const result = withLock(() =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'site/build.ts'), ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: siteBuildEnv({ root: brand.root, at: '2026-12-20T12:00:00Z', outBase: blocked, cacheDir: path.join(work, '.cache'), env: { CADENCE_BUILD_SEQUENTIAL: '', ...env } }),
    }),
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

function resetWork(options: { blogCanCopyPages: boolean }) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(blocked, '');
  if (options.blogCanCopyPages) {
    mkdirSync(path.join(work, '.cache/public'), { recursive: true });
    writeFileSync(path.join(work, '.cache/public/incremental-build.json'), '{}');
  }
}

describe('npm run build (site/build.ts)', () => {
  it('refuses an unknown site by name', () => {
    const { status, output } = build(['public', 'blog']);
    expect(status).toBe(2);
    expect(output).toContain('unknown site: blog (sites: public, internal; option: --sequential)');
  });

  it('says in one line that a folder is not a brand repository, before starting Astro', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cadence-no-line-'));
    try {
      const { status, output } = build([], { CADENCE_ROOT: empty });
      expect(status).toBe(1);
      expect(output.trim()).toBe(`cannot build the sites: ${path.join(empty, 'content/editorial-line.mdx')} not found: is ${empty} a brand repository (CADENCE_ROOT)?`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('names a wrong build time in one line', () => {
    const { status, output } = build([], { CADENCE_AT: '2026-13-45' });
    expect(status).toBe(1);
    expect(output.trim()).toBe('cannot build the sites: CADENCE_AT="2026-13-45" is not an ISO 8601 date-time');
  });

  it('names a wrong render-thread count in one line', () => {
    const { status, output } = build([], { CADENCE_PRERENDER_THREADS: 'all' });
    expect(status).toBe(1);
    expect(output.trim()).toBe('cannot build the sites: CADENCE_PRERENDER_THREADS must be a whole number ≥ 0, got "all"');
  });

  it('builds both sites side by side on a first build, labels their lines and names each site that failed', { timeout: 120_000 }, () => {
    resetWork({ blogCanCopyPages: false });
    const { status, output } = build([]);
    expect(status).not.toBe(0);
    expect(output).toMatch(/^public   │ .*(ENOTDIR|Not a directory)/m);
    expect(output).toMatch(/^internal │ .*(ENOTDIR|Not a directory)/m);
    expect(output).toContain('site build failed: public, internal');
  });

  it('builds one site after the other once the blog can copy its pages, and stops at the first failure', { timeout: 120_000 }, () => {
    resetWork({ blogCanCopyPages: true });
    const { status, output } = build([]);
    expect(status).not.toBe(0);
    expect(output).not.toMatch(/^\w+ +│ /m);
    expect(output).toContain(path.join(blocked, 'public'));
    expect(output).not.toContain(path.join(blocked, 'internal'));
  });

  it('builds one after the other with --sequential', { timeout: 120_000 }, () => {
    resetWork({ blogCanCopyPages: false });
    const { status, output } = build(['--sequential']);
    expect(status).not.toBe(0);
    expect(output).not.toMatch(/^\w+ +│ /m);
    expect(output).toContain(path.join(blocked, 'public'));
  });
});
