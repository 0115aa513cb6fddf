/** Lint of the community jobs' documents (watch.mdx, crisis.mdx): read when reported on, validated with positions. */
import path from 'node:path';
import { validateCommunityDocument, type DocumentKind } from '../core/community-documents.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { documentBodyFindings } from '../core/rules/mdx-body.ts';
import { CRISIS_DOCUMENT } from '../crisis/config.ts';
import { CRISIS_FILE } from '../crisis/paths.ts';
import { WATCH_DOCUMENT } from '../watch/config.ts';
import { WATCH_FILE } from '../watch/paths.ts';
import { readJson, writeAtomically } from './cache.ts';
import { codeKey } from './code-identity.ts';
import { readOptionalDocument, readOptionalText, toDocument } from './documents.ts';
import { CACHE_DIR } from './paths.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const DOCUMENTS: { file: string; kind: DocumentKind<any> }[] = [
  { file: WATCH_FILE, kind: WATCH_DOCUMENT },
  { file: CRISIS_FILE, kind: CRISIS_DOCUMENT },
];

/** The files this module lints, for the default targets of `cadence lint`. */
export const COMMUNITY_FILES: readonly string[] = DOCUMENTS.map((d) => d.file);

const MEMO_FILE = 'community-documents.json';

type Memo = Record<string, { key: string; diagnostics: Diagnostic[] }>;

/**
 * Their findings depend on their own text and the code only, so a run keeps them, keyed by both: parsing
 * and validating the two files (YAML, zod, the body's MDX) was half of a warm lint of the sample brand.
 */
export function lintCommunityDocuments(root: string, targets: ReadonlySet<string>, options: { memo?: boolean } = {}): Diagnostic[] {
  // A one-file lint reports on neither: not even the memo is read.
  if (!COMMUNITY_FILES.some((file) => targets.has(file))) return [];
  const memoFile = path.join(root, CACHE_DIR, MEMO_FILE);
  const memo: Memo = options.memo ? (readJson<Memo>(memoFile) ?? {}) : {};
  let changed = false;
  const diagnostics: Diagnostic[] = [];
  for (const { file, kind } of DOCUMENTS) {
    if (!targets.has(file)) continue;
    const text = options.memo ? readOptionalText(root, file) : undefined;
    const key = text ? codeKey(file, text) : undefined;
    const known = key ? memo[file] : undefined;
    if (key && known && known.key === key && Array.isArray(known.diagnostics)) {
      diagnostics.push(...known.diagnostics);
      continue;
    }
    // The text read above, parsed (an empty text may be a missing file: asked again).
    const doc = text ? toDocument(file, text) : readOptionalDocument(root, file);
    if (!doc) continue;
    const found = validateCommunityDocument(doc, kind).diagnostics;
    // Their bodies are shown on the internal site: the same checks as any body a site renders.
    if (doc.ok) for (const f of documentBodyFindings(doc.body, doc.bodyLine)) found.push({ file, line: f.line, column: f.column, rule: f.rule, severity: 'error', message: f.message });
    diagnostics.push(...found);
    if (key) {
      memo[file] = { key, diagnostics: found };
      changed = true;
    }
  }
  if (changed) writeAtomically(memoFile, JSON.stringify(memo));
  return diagnostics;
}
