/**
 * Where the pseudonym key comes from. `CADENCE_PSEUDONYM_KEY` (a secret shared by the moderation and
 * watch jobs, at least 32 characters) wins. On a GitHub runner it is required: a key generated there
 * would die with the machine, and every author would get a new pseudonym at each run (repetition rules
 * and "same author" counts would silently break). A local run keeps a generated key in
 * `.cadence/pseudonym.key`, never committed (`.cadence/` is ignored).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.ts';

export const PSEUDONYM_KEY_FILE = '.cadence/pseudonym.key';
const MIN_LENGTH = 32;

export function loadPseudonymKey(root: string, env: NodeJS.ProcessEnv): Uint8Array {
  const fromEnv = env.CADENCE_PSEUDONYM_KEY?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_LENGTH) throw new InputError(`CADENCE_PSEUDONYM_KEY is too short (${fromEnv.length} characters, at least ${MIN_LENGTH}): generate one with \`openssl rand -hex 32\``);
    return Buffer.from(fromEnv, 'utf8');
  }
  if (env.GITHUB_ACTIONS === 'true') {
    throw new InputError('CADENCE_PSEUDONYM_KEY is not set: add it as a repository secret (`openssl rand -hex 32`) and pass it to this step; without it, authors cannot be recognised from one run to the next');
  }
  const file = path.join(root, PSEUDONYM_KEY_FILE);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('hex');
  // `wx`: two local runs starting at once must not each write their own key.
  try {
    writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
  }
  return Buffer.from(key, 'utf8');
}
