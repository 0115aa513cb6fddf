import { describe, expect, it } from 'vitest';
import { blogBody, mdxComponent, mdxNoEsm, mdxNoExpression, mdxSyntax } from '../../../src/core/rules/mdx-body.ts';
import { basicPost } from '../../helpers/brand.ts';
import { lintPosts } from '../../helpers/lint.ts';

const rules = [mdxSyntax, mdxNoEsm, mdxNoExpression, mdxComponent, blogBody];
const blogPost = basicPost({ channels: ['blog'], text: undefined });

describe('MDX body rules', () => {
  it('reports an MDX syntax error at its line in the file', () => {
    const d = lintPosts({ 'content/posts/a.mdx': blogPost }, { rules, bodies: { 'content/posts/a.mdx': '# Titre\n\n<Callout>\n\nJamais fermé\n' } });
    // The frontmatter takes lines 1-7 (fences, four fields, one list item), so body line 3 is file line 10.
    expect(d).toEqual([expect.objectContaining({ rule: 'mdx/syntax', line: 10, message: expect.stringContaining('closing tag') })]);
  });
  it('refuses import/export and expressions, allows comments and plain JSX', () => {
    const body = 'import X from "./x.js"\n\n# Titre\n\nUn calcul {1 + 1} et {/* une note */}\n\n<Callout type="info">Texte</Callout>\n';
    const d = lintPosts({ 'content/posts/a.mdx': blogPost }, { rules, bodies: { 'content/posts/a.mdx': body } });
    expect(d.map((x) => x.rule)).toEqual(['mdx/no-esm', 'mdx/no-expression']);
  });
  it('refuses an expression in a component attribute', () => {
    const d = lintPosts({ 'content/posts/a.mdx': blogPost }, { rules, bodies: { 'content/posts/a.mdx': '<Callout title={secret} />\n' } });
    expect(d.map((x) => x.rule)).toEqual(['mdx/no-expression']);
  });
  it('asks for a body when blog is a channel', () => {
    const d = lintPosts({ 'content/posts/a.mdx': blogPost }, { rules });
    expect(d).toEqual([expect.objectContaining({ rule: 'blog/empty', channel: 'blog' })]);
  });
  it('leaves plain Markdown with < and > alone', () => {
    const d = lintPosts({ 'content/posts/a.mdx': blogPost }, { rules, bodies: { 'content/posts/a.mdx': '# Prix\n\nMoins de 3 € < 5 € > 2 €\n' } });
    expect(d).toEqual([]);
  });
  it('accepts the blog\'s components and refuses others, unknown attributes and values', () => {
    const body = '<Callout type="tip" title="Astuce">\n  Texte\n</Callout>\n\n<Image src="x.jpg" />\n\n<Callout kind="info">x</Callout>\n\n<Callout type="danger">x</Callout>\n\n<abbr title="Association">AMAP</abbr>\n';
    const d = lintPosts({ 'content/posts/a.mdx': blogPost }, { rules, bodies: { 'content/posts/a.mdx': body } });
    expect(d.map((x) => [x.rule, x.line, x.message])).toEqual([
      ['mdx/component', 12, expect.stringContaining('<Image> is not a component the blog provides (available: <Callout>, <Embed>)')],
      ['mdx/component', 14, expect.stringContaining('no attribute `kind`')],
      ['mdx/component', 16, expect.stringContaining('must be one of "info", "tip", "warning"')],
    ]);
  });
});
