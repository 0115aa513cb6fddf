import { parseArgs, type ParseArgsConfig } from 'node:util';
import { findBrandRoot } from '../content/paths.ts';
import { parseDateTime } from '../core/time.ts';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into usage errors that name the command. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`cadence ${command}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
}

export function brandRoot(cwd: string, explicit: string | undefined): string {
  const root = findBrandRoot(explicit ?? cwd);
  if (!root) throw new UsageError(`no brand repository here: no \`content/\` folder in ${explicit ?? cwd} or above (use --root DIR)`);
  return root;
}

/** `--at`: an instant with an offset; tests and the scheduler inject time through it. */
export function parseAt(value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const parsed = parseDateTime(value);
  if (!parsed.ok || parsed.value.kind !== 'instant') {
    throw new UsageError(`--at must be an ISO 8601 instant with an offset or Z, e.g. 2026-12-08T18:00:00+01:00 (got "${value}")`);
  }
  return parsed.value.epochMs;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
