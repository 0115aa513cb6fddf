import { InputError } from '../core/errors.ts';

/** A mistake in how the command was called: exit code 2, message, no stack trace. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
