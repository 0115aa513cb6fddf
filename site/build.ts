// `npm run build` (both sites), `npm run build:public`, `npm run build:internal`: one `astro build` per site.
//
//   node site/build.ts [--sequential] [public|internal]...
//
// A first build of both sites runs them side by side, each line of their output prefixed with the site's
// name: the blog spends its first ~15 s starting, syncing content and bundling, with a core to spare, and the
// calendar builds in that time (10,000 articles: a median 8.6 s sooner than one after the other in six
// alternating pairs, for a peak of 1.2-1.3 GB for both processes together; docs/benchmarks.md). Once the
// blog has an incremental-build cache, it copies unchanged pages and finishes soon: side by side, the two
// builds' peaks would coincide (1.7 GB measured), so they run one after the other. So they do with
// `--sequential` (or CADENCE_BUILD_SEQUENTIAL=1), and when an output folder is outside this repository:
// Astro then stages its prerendered chunks in <working directory>/.astro/, which two builds would share.
//
// Node gets a bounded heap (CADENCE_BUILD_HEAP_MB, default 1024): V8 otherwise lets its heap grow toward a
// quarter of the machine's memory before collecting in earnest, which took a 10,000-article blog build to
// 2 GB of memory for no gain in time (docs/benchmarks.md). Raise it for a much larger blog.
//
// A site's previous output folder is its outputAsPageCache() integration's (src/site/output-page-cache.ts):
// the blog's next build copies pages from it, and an output it cannot use is set aside and deleted meanwhile.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { EDITORIAL_LINE_FILE } from '../src/content/paths.ts';
import { loadEditorialLine } from '../src/site/content.ts';
import { buildTimeMs, cacheDir, contentRoot, outDir, prerenderThreads } from '../src/site/env.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ASTRO = path.join(ROOT, 'node_modules/astro/bin/astro.mjs');
// Each site's Astro root: the blog's config is at the top level (astro.config.mjs), the calendar's in its folder.
const SITES = { public: '.', internal: 'site/calendar' } as const;
type Site = keyof typeof SITES;

const args = process.argv.slice(2);
const wanted = args.filter((arg) => arg !== '--sequential');
const unknown = wanted.filter((name) => !(name in SITES));
if (unknown.length > 0) {
  process.stderr.write(`unknown site: ${unknown.join(', ')} (sites: public, internal; option: --sequential)\n`);
  process.exit(2);
}
const sites = (wanted.length > 0 ? [...new Set(wanted)] : Object.keys(SITES)) as Site[];
// What each site's config reads first, checked here once: a user's mistake gets one line, not Astro's stack
// trace from its config loader. buildTimeMs also pins "now" in the environment, so both sites agree on it.
const brandRoot = contentRoot();
try {
  buildTimeMs();
  prerenderThreads();
  loadEditorialLine(brandRoot);
} catch (error) {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  const reason = missing ? `${path.join(brandRoot, EDITORIAL_LINE_FILE)} not found: is ${brandRoot} a brand repository (CADENCE_ROOT)?` : (error as Error).message;
  process.stderr.write(`cannot build the sites: ${reason}\n`);
  process.exit(1);
}
const heapMb = Number(process.env.CADENCE_BUILD_HEAP_MB || 1024);
// AsyncLocalStorage without promise hooks, as Node 24 has it by default: Astro renders each page inside one,
// and on Node 22 the hooks took 1.5 s of a 10,000-article blog's main thread (0.16 s without; docs/benchmarks.md).
const ASYNC_CONTEXT_FRAME = '--experimental-async-context-frame';
const nodeFlags = [`--max-old-space-size=${heapMb}`, ...(process.allowedNodeEnvironmentFlags.has(ASYNC_CONTEXT_FRAME) ? [ASYNC_CONTEXT_FRAME] : [])];
// Astro's working directory is ROOT (see spawn below): its staging folder is inside each output folder under it.
const stagedApart = (site: Site) => outDir(site).startsWith(ROOT + path.sep);
// Astro's manifest of the pages it can copy on the blog's next build (experimental.incrementalBuild).
const blogCanCopyPages = existsSync(path.join(cacheDir('public'), 'incremental-build.json'));
const sideBySide =
  sites.length > 1 && !args.includes('--sequential') && !process.env.CADENCE_BUILD_SEQUENTIAL && !blogCanCopyPages && sites.every(stagedApart);

/** Builds one site; resolves with astro's exit status. `prefix` labels each output line when sites build side by side. */
async function build(site: Site, prefix?: string): Promise<number> {
  const child = spawn(process.execPath, [...nodeFlags, ASTRO, 'build', '--root', SITES[site]], {
    cwd: ROOT,
    stdio: prefix === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...(prefix !== undefined && process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) },
  });
  if (prefix !== undefined) {
    for (const [stream, sink] of [[child.stdout!, process.stdout], [child.stderr!, process.stderr]] as const) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => sink.write(`${prefix}${line}\n`));
    }
  }
  return new Promise<number>((resolve) => child.on('close', (status) => resolve(status ?? 1)));
}

if (sideBySide) {
  const width = Math.max(...sites.map((site) => site.length));
  const codes = await Promise.all(sites.map((site) => build(site, `${site.padEnd(width)} │ `)));
  const failed = sites.filter((_, i) => codes[i] !== 0);
  if (failed.length > 0) {
    process.stderr.write(`site build failed: ${failed.join(', ')} (see the lines prefixed with its name above)\n`);
    process.exit(codes.find((code) => code !== 0));
  }
} else {
  for (const site of sites) {
    const code = await build(site);
    if (code !== 0) process.exit(code);
  }
}
