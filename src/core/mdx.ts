import type * as FromMarkdown from 'mdast-util-from-markdown';
import type * as MdastMdx from 'mdast-util-mdx';
import type * as MicromarkMdx from 'micromark-extension-mdxjs';
import { checkComponent, isComponentName } from './article-components.ts';
import { checkHtmlElement, urlProblem } from './html-policy.ts';
import { lazyModule } from './lazy.ts';
import type { Position } from '../core/model.ts';

/** What the MDX body of a post contains that lint cares about. */
export interface MdxFinding {
  kind: 'syntax' | 'esm' | 'expression' | 'component' | 'unsafe-html' | 'unsafe-url';
  message: string;
  position: Position;
}

// A body without these characters is plain Markdown to the MDX parser: it cannot hold JSX,
// an expression or ESM, nor fail to parse. Skipping the parser for it keeps lint of big repositories fast.
const MDX_SIGNIFICANT = /[<{}]|^(?:import|export)\b/m;

// Link and image destinations (`](…)`, `]: …`) that are plainly a web address, a mail or phone link, or a
// path on the site need no parse either; anything else (a scheme, an entity, an escape) is parsed and checked.
const LINK_DESTINATION = /\]\(\s*<?([^\s)>]*)|\]:\s*<?(\S*)/g;
const PLAINLY_SAFE_DESTINATION = /^(?:https?:\/\/|mailto:|tel:)[^&\\]*$|^[^:&\\]*$/i;

const parser = {
  fromMarkdown: lazyModule<typeof FromMarkdown>('mdast-util-from-markdown'),
  mdx: lazyModule<typeof MdastMdx>('mdast-util-mdx'),
  micromark: lazyModule<typeof MicromarkMdx>('micromark-extension-mdxjs'),
};

/**
 * Parses an MDX body and reports syntax errors, ESM (`import`/`export`) and JS expressions.
 * Posts are content: code in them would run in the site build, and pull requests from forks are untrusted.
 * Positions are relative to the body (line 1 = first body line).
 */
export function inspectMdx(body: string): MdxFinding[] {
  if (!hasMdxSyntax(body) && !hasCheckableLink(body)) return [];
  let tree;
  try {
    tree = parseMdx(body);
  } catch (error) {
    const { reason, position } = errorPlace(error);
    return [{ kind: 'syntax', message: `MDX syntax error: ${reason}`, position }];
  }
  const findings: MdxFinding[] = [];
  const visit = (node: MdxNode) => {
    const position = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    if (node.type === 'mdxjsEsm') {
      findings.push({ kind: 'esm', message: 'posts cannot contain `import` or `export`: they are content, and code from a pull request must never run in the build', position });
    } else if ((node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') && !isComment(node.value)) {
      findings.push({ kind: 'expression', message: `posts cannot contain JavaScript expressions ({${truncate(node.value)}}); write the text itself`, position });
    }
    const plain: { name: string; value: string | undefined }[] = [];
    for (const attribute of node.attributes ?? []) {
      const isExpression = attribute.type === 'mdxJsxExpressionAttribute' || (typeof attribute.value === 'object' && attribute.value !== null);
      if (isExpression) {
        findings.push({ kind: 'expression', message: `posts cannot contain JavaScript expressions in component attributes (<${node.name ?? ''}>); use plain strings`, position });
      } else {
        plain.push({ name: attribute.name ?? '', value: typeof attribute.value === 'string' ? attribute.value : undefined });
      }
    }
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) {
      if (!isComponentName(node.name)) {
        for (const problem of checkHtmlElement(node.name, plain)) findings.push({ kind: problem.url ? 'unsafe-url' : 'unsafe-html', message: problem.message, position });
      } else {
        for (const problem of checkComponent(node.name, plain)) findings.push({ kind: 'component', message: problem.message, position });
      }
    } else if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url !== undefined) {
      const problem = urlProblem(node.url, node.type === 'image' ? 'image' : 'link');
      if (problem) findings.push({ kind: 'unsafe-url', message: `${node.type === 'image' ? 'image' : 'link'} to \`${truncate(node.url)}\`: ${problem}`, position });
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  return findings;
}

/** The MDX syntax tree (mdast with the MDX node types) of a body; throws on a syntax error. */
export function parseMdx(body: string): MdxNode {
  return parser.fromMarkdown().fromMarkdown(body, { extensions: [parser.micromark().mdxjs()], mdastExtensions: [parser.mdx().mdxFromMarkdown()] }) as unknown as MdxNode;
}

/** Whether the MDX parser can see anything but Markdown in a body (JSX, expressions, ESM). */
export function hasMdxSyntax(body: string): boolean {
  return MDX_SIGNIFICANT.test(body);
}

/** Whether a body has a link or image destination that is not plainly safe, which only a parse can judge. */
export function hasCheckableLink(body: string): boolean {
  if (!body.includes('](') && !body.includes(']:')) return false;
  for (const match of body.matchAll(LINK_DESTINATION)) {
    if (!PLAINLY_SAFE_DESTINATION.test(match[1] ?? match[2] ?? '')) return true;
  }
  return false;
}


export interface MdxNode {
  type: string;
  name?: string | null;
  value?: string;
  url?: string;
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: MdxNode[];
}

function isComment(value: string | undefined): boolean {
  return /^\s*\/\*[\s\S]*\*\/\s*$/.test(value ?? '');
}

function truncate(value: string | undefined): string {
  const text = (value ?? '').trim().replace(/\s+/g, ' ');
  return text.length > 30 ? `${text.slice(0, 29)}…` : text;
}

/** micromark's errors carry their place in different fields depending on the construct that failed. */
function errorPlace(error: unknown): { reason: string; position: Position } {
  const e = error as { line?: number; column?: number; reason?: string; message?: string; place?: { line?: number; column?: number; start?: { line: number; column: number } } };
  const reason = e.reason ?? e.message ?? String(error);
  const point = e.line ? { line: e.line, column: e.column } : (e.place?.start ?? e.place);
  if (point?.line) return { reason, position: { line: point.line, column: point.column ?? 1 } };
  const inReason = /\((\d+):(\d+)(?:-\d+:\d+)?\)\s*$/.exec(reason);
  if (inReason) return { reason: reason.slice(0, inReason.index).trim(), position: { line: Number(inReason[1]), column: Number(inReason[2]) } };
  return { reason, position: { line: 1, column: 1 } };
}
