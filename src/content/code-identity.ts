import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let identity: string | undefined;

/**
 * A fingerprint of the running Cadence code, its dependencies and Node: cached lint results are reused
 * only by the code that produced them. The bundle's marker holds a hash of the bundle
 * (scripts/build-cli.mjs); run from the sources, it is a hash of them. Both sit two folders below the
 * package root, beside which the lockfile pins the dependencies.
 */
export function codeIdentity(): string {
  if (identity !== undefined) return identity;
  const hash = createHash('sha256').update(`${process.version}\0`);
  const marker = new URL('./BUILT', import.meta.url);
  if (import.meta.url.endsWith('.js') && existsSync(marker)) hash.update(readFileSync(marker));
  else hashSources(fileURLToPath(new URL('../', import.meta.url)), hash);
  const lockfile = new URL('../../package-lock.json', import.meta.url);
  if (existsSync(lockfile)) hash.update(readFileSync(lockfile));
  identity = hash.digest('hex');
  return identity;
}

/** A memo's key: a hash of the running code's identity and the inputs a result was made from. */
export function codeKey(...inputs: string[]): string {
  return createHash('sha256').update([codeIdentity(), ...inputs].join('\0')).digest('hex');
}

function hashSources(folder: string, hash: Hash): void {
  const files = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`)
    .sort();
  for (const file of files) hash.update(`${file.slice(folder.length)}\0`).update(readFileSync(file));
}
