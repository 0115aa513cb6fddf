import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { ParsedDocument } from '../core/lint.ts';
import { parseFrontmatter } from './frontmatter.ts';
import { isPostFile, POSTS_DIR } from './paths.ts';

/** Every post file of the repository, repository-relative, sorted. */
export function listPostFiles(root: string): string[] {
  const files: string[] = [];
  // A walk with file types is several times faster than readdirSync({recursive}) on 10,000 posts.
  const walk = (relative: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (isPostFile(child)) files.push(child);
    }
  };
  walk(POSTS_DIR);
  return files.sort();
}

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
