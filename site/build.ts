// `npm run build` (both sites), `npm run build:public`, `npm run build:internal`: one `astro build` per site.
//
//   node site/build.ts [public|internal]...
//
// Node gets a bounded heap (CADENCE_BUILD_HEAP_MB, default 1024): V8 otherwise lets its heap grow toward a
// quarter of the machine's memory before collecting in earnest, which took a 10,000-article blog build to
// 2 GB of memory for no gain in time (docs/benchmarks.md). Raise it for a much larger blog.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

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
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, ASTRO, 'build', '--root', SITES[name]], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
