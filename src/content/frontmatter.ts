import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { Locator, Position } from '../core/model.ts';
import { yamlLocator } from './yaml-locator.ts';

/** A Markdown/MDX source split into its YAML frontmatter and its body. */
export interface SplitSource {
  /** The YAML between the fences, or undefined when the file has no frontmatter. */
  yaml: string | undefined;
  /** 1-based line of the file where the YAML starts (the line after the opening fence). */
  yamlLine: number;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
}

export type FrontmatterResult =
  | { ok: true; data: unknown; split: SplitSource; locate: Locator }
  | { ok: false; message: string; position: Position; split: SplitSource };

const FENCE = /^---[ \t]*$/;

/**
 * Splits frontmatter by hand rather than with gray-matter: we need exact line numbers for diagnostics,
 * and a strict reading (the fence must be the first line) so that a stray `---` in a body is never
 * mistaken for metadata.
 */
export function splitFrontmatter(source: string): SplitSource {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const firstBreak = text.indexOf('\n');
  const firstLine = (firstBreak === -1 ? text : text.slice(0, firstBreak)).replace(/\r$/, '');
  if (!FENCE.test(firstLine)) return { yaml: undefined, yamlLine: 1, body: text, bodyLine: 1 };
  let offset = firstBreak + 1;
  let line = 2;
  while (offset <= text.length && firstBreak !== -1) {
    const next = text.indexOf('\n', offset);
    // Only a line starting with `-` or `.` can close the frontmatter: the others are not even sliced.
    const first = text.charCodeAt(offset);
    const current = first !== 45 && first !== 46 ? '' : (next === -1 ? text.slice(offset) : text.slice(offset, next)).replace(/\r$/, '');
    if (FENCE.test(current) || current === '...') {
      return {
        yaml: text.slice(firstBreak + 1, offset),
        yamlLine: 2,
        body: next === -1 ? '' : text.slice(next + 1),
        bodyLine: line + 1,
      };
    }
    if (next === -1) break;
    offset = next + 1;
    line++;
  }
  return { yaml: undefined, yamlLine: 2, body: text, bodyLine: 1 };
}

/** Parses a file's frontmatter. Positions are computed lazily: most files have no diagnostic. */
export function parseFrontmatter(source: string): FrontmatterResult {
  const split = splitFrontmatter(source);
  if (split.yaml === undefined) {
    const opened = FENCE.test(source.split('\n', 1)[0]?.replace(/\r$/, '') ?? '');
    return {
      ok: false,
      split,
      position: { line: 1, column: 1 },
      message: opened
        ? 'the frontmatter is never closed: add a line `---` after the YAML'
        : 'the file has no frontmatter: it must start with a line `---`, the YAML fields, and another `---`',
    };
  }
  let data: unknown;
  try {
    // CORE_SCHEMA (YAML 1.2): dates stay strings, so `publishAt` keeps its offset or its local meaning.
    data = load(split.yaml, { schema: CORE_SCHEMA });
  } catch (error) {
    if (error instanceof YAMLException) {
      return {
        ok: false,
        split,
        message: `malformed YAML: ${error.reason}`,
        position: { line: split.yamlLine + (error.mark?.line ?? 0), column: (error.mark?.column ?? 0) + 1 },
      };
    }
    throw error;
  }
  if (data === undefined || data === null) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, split, message: 'the frontmatter must be a mapping of fields (key: value)', position: { line: split.yamlLine, column: 1 } };
  }
  return { ok: true, data, split, locate: lazyLocator(split) };
}

function lazyLocator({ yaml = '', yamlLine }: SplitSource): Locator {
  let locate: Locator | undefined;
  return (path, atKey) => {
    locate ??= yamlLocator(yaml, yamlLine);
    return locate(path, atKey);
  };
}
