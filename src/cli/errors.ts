/** A mistake in how the command was called, or input it cannot read: exit code 2, message, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
