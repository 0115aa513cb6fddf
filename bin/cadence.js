#!/usr/bin/env node
// Cadence needs Node >= 22.12. The project installs its own Node 22 (the `node` package); `npm run`
// and `npx` put it first on PATH.
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `cadence needs Node >= 22.12 (this is ${process.versions.node}).\n` +
      `Run it through npm so the project's own Node is used: npx cadence …  or  npm run cadence -- …\n`,
  );
  process.exit(2);
}
// TurboFan's inlining costs more compile time than it saves in a run of a few seconds: a lint of 10,000
// posts compiles ~300 hot functions per thread, 2.7 s of CPU with inlining, 1.4 s without, and its wall
// time drops 10-15 % on two cores (docs/benchmarks.md). Set before any code runs hot, and the same on every
// run, so V8's code cache (keyed by the flags) stays valid.
setFlagsFromString('--no-turbo-inlining');
// Through the environment: worker threads (a large lint's) do not inherit a cache enabled by a call alone,
// and compiled their modules anew on every run. The directory is Node's own default.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'node-compile-cache');
// A namespace import: Node 20 has no enableCompileCache, and a named import would fail before the check above.
nodeModule.enableCompileCache?.();

const root = fileURLToPath(new URL('../', import.meta.url));
const bundled = bundleIsFresh();
process.env.CADENCE_ENTRY = bundled ? 'bundle' : 'sources';
const { main } = await import(bundled ? '../dist/cli/main.js' : '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

/** The bundle (scripts/build-cli.mjs) runs only while it is newer than every source and the lockfile. */
function bundleIsFresh() {
  // Paths as strings, not URLs: this runs before every command, over ~170 files.
  const marker = `${root}dist/cli/BUILT`;
  if (process.env.CADENCE_FROM_SOURCE || !existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  const newer = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const child = `${dir}/${entry.name}`;
      if (entry.isDirectory() ? newer(child) : statSync(child).mtimeMs > built) return true;
    }
    return false;
  };
  return !newer(`${root}src`) && statSync(`${root}package-lock.json`).mtimeMs <= built;
}
