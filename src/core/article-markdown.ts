/**
 * An article's MDX body as the Markdown that renders the same page.
 *
 * Posts hold content only (lint rejects ESM and expressions), so their MDX is Markdown plus the
 * blog's few components. Rendering them through Astro's Markdown path instead of compiling each into
 * a JavaScript module is what keeps a 10,000-article build fast (docs/benchmarks.md). What differs
 * between the two syntaxes is rewritten here:
 * - component tags become their HTML (CommonMark HTML blocks around Markdown children);
 * - `{/* comments *\/}` disappear;
 * - MDX has no indented code: a paragraph indented by four spaces or more is a paragraph, so it is
 *   dedented rather than turned into code.
 */
import { checkComponent, isComponentName, ARTICLE_COMPONENTS } from './article-components.ts';
import { hasMdxSyntax, parseMdx, type MdxNode } from './mdx.ts';
import type { Position } from './model.ts';

export type ArticleMarkdown = { ok: true; markdown: string } | { ok: false; problems: { message: string; position: Position }[] };

interface Edit {
  start: number;
  end: number;
  text: string;
}

const INDENTED_LINE = /^(?: {4}|\t)/m;

export function articleMarkdown(body: string): ArticleMarkdown {
  if (!hasMdxSyntax(body) && !INDENTED_LINE.test(body)) return { ok: true, markdown: body };
  const simple = componentLines(body);
  if (simple !== undefined) return { ok: true, markdown: simple };
  return parsedMarkdown(body);
}

const OPENING_LINE = /^( {0,3})<([A-Z][A-Za-z]*)((?:\s+[a-z][A-Za-z-]*="[^"&<>{}]*")*)\s*>[ \t]*$/;
const CLOSING_LINE = /^ {0,3}<\/([A-Z][A-Za-z]*)>[ \t]*$/;
const ATTRIBUTE = /([a-z][A-Za-z-]*)="([^"]*)"/g;

/**
 * The common case without parsing: components whose tags stand alone on their lines around plain
 * Markdown, which the MDX parser takes ~1 ms a body to confirm. Gives exactly what parsedMarkdown gives
 * (tested on both paths), or undefined for anything else: nesting, inline tags, other `<` or braces.
 */
export function componentLines(body: string): string | undefined {
  if (/[{}]/.test(body) || INDENTED_LINE.test(body) || /^(?:import|export)\b/m.test(body)) return undefined;
  const lines = body.split('\n');
  const out: string[] = [];
  let open: { name: string; close: string; indent: string; content: boolean } | undefined;
  for (const line of lines) {
    if (!line.includes('<')) {
      if (open && !open.content) {
        if (line.trim() === '') continue; // blank lines between the tag and the first child go with the tag
        open.content = true;
      }
      out.push(line);
      continue;
    }
    const opening = OPENING_LINE.exec(line);
    if (opening && !open) {
      const [, indent, name, attributeText] = opening as unknown as [string, string, string, string];
      const attributes = [...attributeText.matchAll(ATTRIBUTE)].map((m) => ({ name: m[1]!, value: m[2]! }));
      if (checkComponent(name, attributes).length > 0) return undefined;
      const { open: html, close } = wrapComponent(name, attributes);
      open = { name, close, indent, content: false };
      out.push(`${indent}${html}`, '');
      continue;
    }
    const closing = CLOSING_LINE.exec(line);
    if (closing && open && closing[1] === open.name && open.content) {
      while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
      out.push('', `${open.indent}${open.close}`);
      open = undefined;
      continue;
    }
    return undefined;
  }
  return open ? undefined : out.join('\n');
}

function wrapComponent(name: string, attributes: readonly { name: string; value: string }[]): { open: string; close: string } {
  const component = ARTICLE_COMPONENTS[name]!;
  const values: Record<string, string> = {};
  for (const [attribute, spec] of Object.entries(component.attributes)) if (spec.default !== undefined) values[attribute] = spec.default;
  for (const a of attributes) values[a.name] = a.value;
  return component.wrap(values);
}

/** The general case: the MDX syntax tree tells where each construct starts and ends. */
export function parsedMarkdown(body: string): ArticleMarkdown {
  let tree: MdxNode;
  try {
    tree = parseMdx(body);
  } catch (error) {
    const e = error as { reason?: string; message?: string; line?: number; column?: number };
    return { ok: false, problems: [{ message: `MDX syntax error: ${e.reason ?? e.message ?? String(error)}`, position: { line: e.line ?? 1, column: e.column ?? 1 } }] };
  }
  const edits: Edit[] = [];
  const problems: { message: string; position: Position }[] = [];
  const lineStarts = [0];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);

  const visit = (node: MdxNode, parent: MdxNode | undefined) => {
    const at = node.position?.start;
    const position = { line: at?.line ?? 1, column: at?.column ?? 1 };
    switch (node.type) {
      case 'mdxjsEsm':
        problems.push({ message: 'posts cannot contain `import` or `export`', position });
        return;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(node.value ?? '')) edits.push({ start: offset(node, 'start'), end: offset(node, 'end'), text: '' });
        else problems.push({ message: 'posts cannot contain JavaScript expressions', position });
        return;
      case 'mdxJsxTextElement':
        if (node.name && isComponentName(node.name)) {
          problems.push({ message: `<${node.name}> is a block: put its opening and closing tags on lines of their own`, position });
          return;
        }
        break;
      case 'mdxJsxFlowElement':
        if (node.name && isComponentName(node.name)) {
          const component = componentEdits(node, body);
          if ('problems' in component) problems.push(...component.problems.map((message) => ({ message, position })));
          else edits.push(...component.edits);
        }
        break;
      case 'paragraph':
        // `<Callout>Short text</Callout>` on a line of its own is a paragraph of one element: a block all the same.
        if (node.children?.length === 1 && node.children[0]!.type === 'mdxJsxTextElement' && isComponentName(node.children[0]!.name ?? '')) {
          visit({ ...node.children[0]!, type: 'mdxJsxFlowElement' }, node);
          return;
        }
      // falls through
      case 'heading':
        // Four spaces of indentation make code in Markdown, not in MDX: keep them a paragraph.
        if ((at?.column ?? 1) > 4 && (parent?.type === 'root' || parent?.type === 'mdxJsxFlowElement')) {
          const end = node.position!.end.line;
          for (let line = at!.line; line <= end; line++) {
            const start = lineStarts[line - 1]!;
            const indent = /^[ \t]*/.exec(body.slice(start, lineStarts[line] ?? body.length))![0].length;
            if (indent > 0) edits.push({ start, end: start + indent, text: '' });
          }
        }
        break;
    }
    for (const child of node.children ?? []) visit(child, node);
  };
  visit(tree, undefined);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, markdown: applyEdits(body, edits) };
}

function offset(node: MdxNode, side: 'start' | 'end'): number {
  return node.position![side].offset!;
}

/** The component's tags replaced by its HTML, with blank lines so its children stay Markdown. */
function componentEdits(node: MdxNode, body: string): { edits: Edit[] } | { problems: string[] } {
  const attributes: { name: string; value: string | undefined }[] = [];
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || (attribute.value !== null && attribute.value !== undefined && typeof attribute.value !== 'string')) {
      return { problems: [`<${node.name}> attributes must be plain strings`] };
    }
    attributes.push({ name: attribute.name ?? '', value: attribute.value ?? undefined });
  }
  const problems = checkComponent(node.name!, attributes);
  if (problems.length > 0) return { problems: problems.map((p) => p.message) };
  const { open, close } = wrapComponent(node.name!, attributes as { name: string; value: string }[]);
  // Keep the element's own indentation (inside a list item, say) on the lines we add.
  const indent = ' '.repeat((node.position!.start.column ?? 1) - 1);
  const start = offset(node, 'start');
  const end = offset(node, 'end');
  const children = node.children ?? [];
  if (children.length === 0) return { edits: [{ start, end, text: `${open}${close}` }] };
  // Two edits, the tags only, so that edits inside the children (nested components, dedents) stay apart.
  const first = offset(children[0]!, 'start');
  const lineStart = body.lastIndexOf('\n', first - 1) + 1;
  const onItsOwnLine = /^[ \t]*$/.test(body.slice(lineStart, first));
  return {
    edits: [
      { start, end: onItsOwnLine ? lineStart : first, text: `${open}\n\n` },
      { start: offset(children[children.length - 1]!, 'end'), end, text: `\n\n${indent}${close}` },
    ],
  };
}

function applyEdits(body: string, edits: Edit[]): string {
  let out = body;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
