/**
 * The community jobs' own documents (content/watch.mdx, content/crisis.mdx): validated against their
 * zod schemas and their cross-field checks, with a line and a column for every finding, as lint does for
 * the editorial line. Pure: parsed documents in, diagnostics out.
 */
import type * as z from 'zod';
import type { Diagnostic, Finding } from './diagnostics.ts';
import type { ParsedDocument } from './lint.ts';
import { validateWith } from './validate.ts';

export interface DocumentKind<S extends z.ZodType> {
  schema: S;
  /** Checks the schema cannot express. */
  findings?: (value: z.output<S>) => (Finding & { rule: string })[];
}

export interface DocumentValidation<T> {
  value: T | undefined;
  diagnostics: Diagnostic[];
}

export function validateCommunityDocument<S extends z.ZodType>(doc: ParsedDocument, kind: DocumentKind<S>): DocumentValidation<z.output<S>> {
  if (!doc.ok) {
    return { value: undefined, diagnostics: [{ file: doc.file, line: doc.position.line, column: doc.position.column, rule: 'syntax/frontmatter', severity: 'error', message: doc.message }] };
  }
  const diagnostics: Diagnostic[] = [];
  const push = (rule: string, finding: Finding, severity: Diagnostic['severity']) => {
    const at = finding.at ?? [];
    const position = 'line' in at ? at : doc.locate(at, finding.atKey);
    diagnostics.push({ file: doc.file, line: position.line, column: position.column, rule, severity: finding.severity ?? severity, message: finding.message });
  };
  const validation = validateWith(kind.schema, doc.data);
  if (!validation.ok) {
    for (const finding of validation.findings) push(finding.rule, finding, 'error');
    return { value: undefined, diagnostics };
  }
  for (const finding of kind.findings?.(validation.value) ?? []) push(finding.rule, finding, 'warning');
  const valid = !diagnostics.some((d) => d.severity === 'error');
  return { value: valid ? validation.value : undefined, diagnostics };
}
