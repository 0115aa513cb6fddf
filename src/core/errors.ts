/**
 * Input a user gave that cannot be used (a bad option value, a ref that is not a commit, a file that
 * does not validate): the command prints the message alone and exits 2, never a stack trace. Any layer
 * may throw it; only the command line decides how it is shown.
 */
export class InputError extends Error {
  override name = 'InputError';
}
