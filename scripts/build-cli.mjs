// Bundles the `cadence` CLI into dist/cli/ (run by postinstall, or `npm run build:cli`).
// Why: `cadence lint` of one file must answer fast, and at start-up Node otherwise strips the types of
// ~80 TypeScript modules and resolves ~100 zod modules on every run. bin/cadence.js runs the bundle
// only while it is newer than every source file, else the sources: no stale code ever runs.
// Plain JavaScript: postinstall may run on the system's Node 20.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rolldown = path.join(root, 'node_modules/.bin/rolldown');
const out = path.join(root, 'dist/cli');
if (!existsSync(rolldown)) {
  console.log('cadence build-cli: rolldown is not installed; the CLI runs from its TypeScript sources');
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
// Native addons and what loads platform binaries stay in node_modules. One --external per id: rolldown's CLI
// reads `a,b` as a single id, which once let all of these into the bundle.
const external = ['sharp', 'astro', 'vite', 'recheck', 'playwright-core'];
const result = spawnSync(
  rolldown,
  // Worker threads are entries of their own: they are started by file (src/content/lint-parallel.ts,
  // src/metrics/dataset-prefill.ts).
  ['src/cli/main.ts', 'src/content/lint-worker.ts', 'src/metrics/dataset-worker.ts', '--platform', 'node', '--format', 'esm', '--dir', out, ...external.flatMap((id) => ['--external', id]), '--log-level', 'warn'],
  { cwd: root, encoding: 'utf8' },
);
if (result.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  console.warn(`cadence build-cli: bundling failed, the CLI runs from its TypeScript sources\n${result.stderr || result.stdout}`);
  process.exit(0);
}
// Libraries the CLI loads lazily (src/core/lazy.ts) and that are made of hundreds of small CommonJS
// modules, flattened into one file each: dist/cli/vendor/<name>.cjs. `punycode` is bundled from npm:
// outside node_modules, Node's own (deprecated) punycode would print a warning to users.
const { rolldown: bundle } = await import(pathToFileURL(path.join(root, 'node_modules/rolldown/dist/index.mjs')).href);
for (const name of ['twitter-text']) {
  try {
    const build = await bundle({
      input: path.join(root, 'node_modules', name),
      platform: 'node',
      resolve: { alias: { punycode: path.join(root, 'node_modules/punycode/punycode.js') } },
      logLevel: 'warn',
    });
    await build.write({ format: 'cjs', file: path.join(out, 'vendor', `${name.replace(/\//g, '__')}.cjs`) });
  } catch (error) {
    console.warn(`cadence build-cli: could not flatten ${name}; it loads from node_modules (${error.message})`);
  }
}

// Written last: its presence means the bundle is complete. It holds a hash of the bundle's files, which
// identifies the code (src/content/code-identity.ts): cached lint results survive a rebuild of the same code.
const hash = createHash('sha256');
for (const file of readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(out, path.join(e.parentPath, e.name))).sort()) {
  hash.update(`${file}\0`).update(readFileSync(path.join(out, file)));
}
writeFileSync(path.join(out, 'BUILT'), `${hash.digest('hex')}\n`);
