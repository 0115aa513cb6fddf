import { componentLines } from '../article-markdown.ts';
import { hasMdxSyntax, inspectMdx, type MdxFinding } from '../mdx.ts';
import type { PostDoc } from '../model.ts';
import type { PostRule } from './rule.ts';

// One parse per post even though three rules read it: rules run in sequence over the same PostDoc.
const cache = new WeakMap<PostDoc, MdxFinding[]>();
function inspect(post: PostDoc): MdxFinding[] {
  let findings = cache.get(post);
  if (!findings) {
    // A body the line-based reading accepts (components alone on their lines, valid, nothing else MDX would
    // see) parses without findings: the MDX parser, ~1 ms a body, is for the others.
    findings = hasMdxSyntax(post.body) && componentLines(post.body) === undefined ? inspectMdx(post.body) : [];
    cache.set(post, findings);
  }
  return findings;
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
export const mdxComponent = mdxRule('mdx/component', 'component', 'Components in an article are the blog\'s own (`<Callout>`), with the attributes and values they take.');

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
