// `npm run build` (both sites), `npm run build:public`, `npm run build:internal`: one `astro build` per site.
//
//   node site/build.ts [public|internal]...
//
// Node gets a bounded heap (CADENCE_BUILD_HEAP_MB, default 1024): V8 otherwise lets its heap grow toward a
// quarter of the machine's memory before collecting in earnest, which took a 10,000-article blog build to
// 2 GB of memory for no gain in time (docs/benchmarks.md). Raise it for a much larger blog.
//
// A previous output folder is renamed aside and deleted while the site builds: Astro would otherwise empty
// it file by file before starting (5 s for a 10,000-article blog on a slow disk).
import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { outDir } from '../src/site/env.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ASTRO = path.join(ROOT, 'node_modules/astro/bin/astro.mjs');
const SITES = { public: 'site/blog', internal: 'site/calendar' } as const;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in SITES));
if (unknown.length > 0) {
  process.stderr.write(`unknown site: ${unknown.join(', ')} (sites: public, internal)\n`);
  process.exit(2);
}
const heapMb = Number(process.env.CADENCE_BUILD_HEAP_MB || 1024);

for (const name of (wanted.length > 0 ? wanted : Object.keys(SITES)) as (keyof typeof SITES)[]) {
  const out = outDir(name);
  let removal: Promise<void> = Promise.resolve();
  if (existsSync(out)) {
    const aside = `${out}.previous-${process.pid}`;
    renameSync(out, aside);
    removal = rm(aside, { recursive: true, force: true });
  }
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, ASTRO, 'build', '--root', SITES[name]], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  const [code] = await Promise.all([new Promise<number>((resolve) => child.on('close', (status) => resolve(status ?? 1))), removal]);
  if (code !== 0) process.exit(code);
}
