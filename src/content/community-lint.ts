/** Lint of the community jobs' documents (watch.mdx, crisis.mdx): read when reported on, validated with positions. */
import { validateCommunityDocument, type DocumentKind } from '../core/community-documents.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { documentBodyFindings } from '../core/rules/mdx-body.ts';
import { CRISIS_DOCUMENT } from '../crisis/config.ts';
import { CRISIS_FILE } from '../crisis/paths.ts';
import { WATCH_DOCUMENT } from '../watch/config.ts';
import { WATCH_FILE } from '../watch/paths.ts';
import { readOptionalDocument } from './documents.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const DOCUMENTS: { file: string; kind: DocumentKind<any> }[] = [
  { file: WATCH_FILE, kind: WATCH_DOCUMENT },
  { file: CRISIS_FILE, kind: CRISIS_DOCUMENT },
];

/** The files this module lints, for the default targets of `cadence lint`. */
export const COMMUNITY_FILES: readonly string[] = DOCUMENTS.map((d) => d.file);

export function lintCommunityDocuments(root: string, targets: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { file, kind } of DOCUMENTS) {
    if (!targets.has(file)) continue;
    const doc = readOptionalDocument(root, file);
    if (!doc) continue;
    diagnostics.push(...validateCommunityDocument(doc, kind).diagnostics);
    // Their bodies are shown on the internal site: the same checks as any body a site renders.
    if (doc.ok) for (const f of documentBodyFindings(doc.body, doc.bodyLine)) diagnostics.push({ file, line: f.line, column: f.column, rule: f.rule, severity: 'error', message: f.message });
  }
  return diagnostics;
}
