import { componentLines } from '../article-markdown.ts';
import { hasCheckableLink, hasMdxSyntax, inspectMdx, type MdxFinding } from '../mdx.ts';
import type { PostDoc } from '../model.ts';
import type { PostRule } from './rule.ts';

// One parse per post even though three rules read it: rules run in sequence over the same PostDoc.
const cache = new WeakMap<PostDoc, MdxFinding[]>();
function inspect(post: PostDoc): MdxFinding[] {
  let findings = cache.get(post);
  if (!findings) {
    // A body the line-based reading accepts (components alone on their lines, valid, nothing else MDX would
    // see) and whose links are plainly safe parses without findings: the MDX parser, ~1 ms a body, is for the others.
    findings = (hasMdxSyntax(post.body) && componentLines(post.body) === undefined) || hasCheckableLink(post.body) ? inspectMdx(post.body) : [];
    cache.set(post, findings);
  }
  return findings;
}

/** The rule that reports each kind of finding, for posts and for the documents whose bodies the sites show. */
const RULE_OF_KIND: Record<MdxFinding['kind'], string> = {
  syntax: 'mdx/syntax',
  esm: 'mdx/no-esm',
  expression: 'mdx/no-expression',
  component: 'mdx/component',
  'unsafe-html': 'mdx/unsafe-html',
  'unsafe-url': 'mdx/unsafe-url',
};

/**
 * The same checks on the body of the netiquette (shown on the blog) and of the editorial line (shown on
 * the calendar): they come from pull requests like posts.
 */
export function documentBodyFindings(body: string, bodyLine: number): { rule: string; line: number; column: number; message: string }[] {
  return inspectMdx(body).map((f) => ({ rule: RULE_OF_KIND[f.kind], line: bodyLine + f.position.line - 1, column: f.position.column, message: f.message }));
}

function mdxRule(id: string, kind: MdxFinding['kind'], description: string): PostRule {
  return {
    id,
    description,
    severity: 'error',
    scope: 'post',
    check: (post) =>
      inspect(post)
        .filter((f) => f.kind === kind)
        .map((f) => ({ at: { line: post.bodyLine + f.position.line - 1, column: f.position.column }, message: f.message })),
  };
}

export const mdxSyntax = mdxRule('mdx/syntax', 'syntax', 'The MDX body must parse, or the blog build fails.');
export const mdxNoEsm = mdxRule('mdx/no-esm', 'esm', 'Posts are content: no `import`/`export`, which would run code from a pull request in the build.');
export const mdxNoExpression = mdxRule('mdx/no-expression', 'expression', 'Posts are content: no JavaScript expressions, which would run in the build.');
export const mdxUnsafeHtml = mdxRule(
  'mdx/unsafe-html',
  'unsafe-html',
  'Raw HTML in an article is limited to harmless elements (abbr, details, sup, kbd, figure…): nothing that runs code (script, event handlers), embeds another site (iframe, object), collects or sends data (form, inputs, link, meta, base) or restyles the page (style). The blog strips it anyway; lint says so before merge.',
);
export const mdxUnsafeUrl = mdxRule('mdx/unsafe-url', 'unsafe-url', 'Links and images point to web pages, files, mail or phone numbers: never `javascript:`, `vbscript:` or `data:` (except images).');
export const mdxComponent = mdxRule('mdx/component', 'component', 'Components in an article are the blog\'s own (`<Callout>`, `<Embed>`), with the attributes and values they take.');

export const blogBody: PostRule = {
  id: 'blog/empty',
  description: 'A post published on the blog needs an article body.',
  severity: 'error',
  scope: 'post',
  check(post) {
    if (!post.data.channels.includes('blog') || post.body.trim() !== '') return [];
    const index = post.data.channels.indexOf('blog');
    return [{ at: ['channels', index], channel: 'blog', message: '`blog` is a channel but the file has no article body below the frontmatter' }];
  },
};
