/** Reads content/watch.mdx through the same parser and schema as lint. */
import { validateCommunityDocument } from '../core/community-documents.ts';
import { InputError } from '../core/errors.ts';
import { watchFindings } from '../core/watch/config-findings.ts';
import { watchSchema, type WatchConfig } from '../core/schema/watch.ts';
import path from 'node:path';
import { readJson, writeAtomically } from '../content/cache.ts';
import { codeKey } from '../content/code-identity.ts';
import { readOptionalDocument, readOptionalText } from '../content/documents.ts';
import { CACHE_DIR } from '../content/paths.ts';
import { WATCH_FILE } from './paths.ts';

export const WATCH_DOCUMENT = { schema: watchSchema, findings: watchFindings };

/**
 * The validated settings. A file with errors is an InputError naming the first ones with their line
 * (`cadence lint content/watch.mdx` lists them all); a missing file is one too, unless `optional`.
 */
export function loadWatchConfig(root: string, options: { optional: true }): WatchConfig | undefined;
export function loadWatchConfig(root: string, options?: { optional?: false }): WatchConfig;
export function loadWatchConfig(root: string, options: { optional?: boolean } = {}): WatchConfig | undefined {
  // A valid file is remembered with the code that validated it: a scheduled run every 15 minutes need
  // not build and run the schema again while the file and Cadence are unchanged.
  const text = readOptionalText(root, WATCH_FILE);
  const key = codeKey(text);
  const memoFile = path.join(root, CACHE_DIR, 'watch-config.json');
  const memo = text ? readJson<{ key?: string; config?: WatchConfig }>(memoFile) : undefined;
  if (memo?.key === key && memo.config && Array.isArray(memo.config.queries)) return memo.config;
  const doc = readOptionalDocument(root, WATCH_FILE);
  if (!doc) {
    if (options.optional) return undefined;
    throw new InputError(`${WATCH_FILE} does not exist: write it to say what to watch (see docs/watch.md)`);
  }
  const { value, diagnostics } = validateCommunityDocument(doc, WATCH_DOCUMENT);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!value || errors.length > 0) {
    const shown = errors.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column}: ${d.message} (${d.rule})`);
    throw new InputError(`${shown.join('\n')}${errors.length > 3 ? `\n… and ${errors.length - 3} more: run \`cadence lint ${WATCH_FILE}\`` : ''}`);
  }
  try {
    writeAtomically(memoFile, JSON.stringify({ key, config: value }));
  } catch {
    // A read-only checkout: validated again next time.
  }
  return value;
}
