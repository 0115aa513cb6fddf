import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A library loaded on first use rather than at start-up. `cadence lint` of one file must answer in a
 * few hundred milliseconds, and twitter-text (with core-js), micromark or yaml each cost tens of
 * milliseconds to load even when the file at hand never needs them.
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
