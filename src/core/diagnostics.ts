import type { ChannelId } from './channels.ts';

export type Severity = 'error' | 'warning' | 'note';

/** A path into a YAML document: keys and array indexes, e.g. ['variants', 'x', 'media', 0, 'alt']. */
export type FieldPath = readonly (string | number)[];

/** One problem found by a rule, as every output format (text, json, github) prints it. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: Severity;
  message: string;
  channel?: ChannelId;
}

/** What a rule reports before the position is resolved: where in the file, not yet which line. */
export interface Finding {
  message: string;
  /** Where the offending value is. A field path into the frontmatter, or an explicit body position. */
  at?: FieldPath | { line: number; column: number };
  /** Point at the key instead of the value (for unknown keys). */
  atKey?: boolean;
  severity?: Severity;
  channel?: ChannelId;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.rule.localeCompare(b.rule) ||
    // A total order: the same findings print in the same order however many posts a run looked at.
    (a.channel ?? '').localeCompare(b.channel ?? '') ||
    a.message.localeCompare(b.message)
  );
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
