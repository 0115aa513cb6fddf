import path from 'node:path';
import type { ParsedDocument } from '../core/lint.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { readJson, writeAtomically } from './cache.ts';
import { codeKey } from './code-identity.ts';
import { readOptionalDocument, readOptionalText, toDocument } from './documents.ts';
import { CACHE_DIR, EDITORIAL_LINE_FILE } from './paths.ts';

const MEMO_FILE = 'editorial-line.json';

/** The editorial line as a lint run needs it: its text, and either its document or its validated value. */
export interface EditorialLineInput {
  text: string;
  /** The parsed document, when it must be validated (or reported on). */
  doc: ParsedDocument | undefined;
  /** The line as validated by an earlier run of the same code on the same text. */
  known: EditorialLine | undefined;
}

/**
 * Reads the editorial line. Unless it is reported on, a valid line is taken from the memo an earlier run
 * left, keyed by its text and the code: parsing and validating a large line's YAML costs more than
 * linting one post.
 */
export function readEditorialLine(root: string, options: { report: boolean; memo: boolean }): EditorialLineInput {
  const text = readOptionalText(root, EDITORIAL_LINE_FILE);
  if (options.memo && !options.report && text !== '') {
    const known = recall(root, text);
    if (known) return { text, doc: undefined, known };
  }
  // The text read above, parsed: the file is read once (an empty text may be a missing file: asked again).
  return { text, doc: text !== '' ? toDocument(EDITORIAL_LINE_FILE, text) : readOptionalDocument(root, EDITORIAL_LINE_FILE), known: undefined };
}

/** Remembers a valid line for the next runs (a no-op when it came from the memo). */
export function rememberEditorialLine(root: string, input: EditorialLineInput, line: EditorialLine | undefined): void {
  if (!line || input.known || input.text === '') return;
  writeAtomically(path.join(root, CACHE_DIR, MEMO_FILE), JSON.stringify({ key: memoKey(input.text), line }));
}

function recall(root: string, text: string): EditorialLine | undefined {
  const memo = readJson<{ key?: string; line?: EditorialLine }>(path.join(root, CACHE_DIR, MEMO_FILE));
  return memo?.key === memoKey(text) && looksValidated(memo.line) ? memo.line : undefined;
}

/** A light check that the memo holds what the schema returned (the file may have been damaged or edited). */
function looksValidated(line: unknown): line is EditorialLine {
  const l = line as Partial<EditorialLine> | undefined;
  return (
    typeof l === 'object' &&
    l !== null &&
    typeof l.brand?.timezone === 'string' &&
    typeof l.channels === 'object' &&
    l.channels !== null &&
    Array.isArray(l.pillars) &&
    typeof l.voice === 'object' &&
    Number.isInteger(l.mixWindowDays)
  );
}

function memoKey(text: string): string {
  return codeKey(text);
}
