#!/usr/bin/env node
// Cadence needs Node >= 22.12. The project installs its own Node 22 (the `node` package); `npm run`
// and `npx` put it first on PATH.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `cadence needs Node >= 22.12 (this is ${process.versions.node}).\n` +
      `Run it through npm so the project's own Node is used: npx cadence …  or  npm run cadence -- …\n`,
  );
  process.exit(2);
}
enableCompileCache?.();

const root = new URL('../', import.meta.url);
const bundled = bundleIsFresh();
process.env.CADENCE_ENTRY = bundled ? 'bundle' : 'sources';
const { main } = await import(bundled ? '../dist/cli/main.js' : '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

/** The bundle (scripts/build-cli.mjs) runs only while it is newer than every source and the lockfile. */
function bundleIsFresh() {
  const marker = new URL('dist/cli/BUILT', root);
  if (process.env.CADENCE_FROM_SOURCE || !existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  const newer = (url) => {
    for (const entry of readdirSync(url, { withFileTypes: true })) {
      const child = new URL(entry.name + (entry.isDirectory() ? '/' : ''), url);
      if (entry.isDirectory() ? newer(child) : statSync(child).mtimeMs > built) return true;
    }
    return false;
  };
  return !newer(new URL('src/', root)) && statSync(new URL('package-lock.json', root)).mtimeMs <= built;
}
