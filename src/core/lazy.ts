import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A library loaded on first use rather than at start-up. `cadence lint` of one file must answer in a
 * few hundred milliseconds, and twitter-text (with core-js), micromark or yaml each cost tens of
 * milliseconds to load even when the file at hand never needs them.
 *
 * Next to the CLI bundle (scripts/build-cli.mjs), `vendor/<name>.cjs` is the same library flattened
 * into one file: it loads in half the time of resolving hundreds of small CommonJS modules.
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const vendored = new URL(`./vendor/${specifier.replace(/\//g, '__')}.cjs`, import.meta.url);
      loaded = require(existsSync(vendored) ? vendored.pathname : specifier) as T;
    }
    return loaded;
  };
}
