import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ParsedDocument } from '../core/lint.ts';
import { parseFrontmatter } from './frontmatter.ts';

export { listPostFiles } from './post-listing.ts';

/** Reads and parses one content file; an unreadable file becomes a document that says so. */
export function readDocument(root: string, file: string): ParsedDocument & { unreadable?: boolean } {
  let source: string;
  try {
    source = readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    return { file, ok: false, unreadable: true, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, position: { line: 1, column: 1 } };
  }
  return toDocument(file, source);
}

export function toDocument(file: string, source: string): ParsedDocument {
  const parsed = parseFrontmatter(source);
  if (!parsed.ok) return { file, ok: false, message: parsed.message, position: parsed.position };
  return { file, ok: true, data: parsed.data, body: parsed.split.body, bodyLine: parsed.split.bodyLine, locate: parsed.locate };
}

/** A document that may not exist (the editorial line, the netiquette): undefined when absent. */
export function readOptionalDocument(root: string, file: string): ParsedDocument | undefined {
  const doc = readDocument(root, file);
  return 'unreadable' in doc && doc.unreadable && !fileStamp(path.join(root, file)) ? undefined : doc;
}

export function readOptionalText(root: string, file: string): string {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return '';
  }
}

/** Size and modification time: what caches key a file's derived data on. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export function fileStamp(file: string): FileStamp | undefined {
  try {
    const stats = statSync(file);
    return { mtimeMs: stats.mtimeMs, size: stats.size };
  } catch {
    return undefined;
  }
}
