import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/generate.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { articleMarkdown, componentLines, parsedMarkdown } from '../../src/core/article-markdown.ts';
import { parseFrontmatter } from '../../src/content/frontmatter.ts';
import { inspectMdx } from '../../src/core/mdx.ts';

const markdown = (body: string) => {
  const result = articleMarkdown(body);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.markdown;
};

describe('articleMarkdown: an MDX body as the Markdown that renders the same page', () => {
  it('leaves plain Markdown untouched', () => {
    const body = '# Titre\n\nDu **pain** et des [liens](https://example.com).\n\n- un\n- deux\n';
    expect(markdown(body)).toBe(body);
  });
  it('turns a Callout into an HTML block around Markdown children, the title escaped', () => {
    expect(markdown('Avant.\n\n<Callout type="warning" title="Allergènes & <gluten>">\n  Contient du **blé**.\n</Callout>\n\nAprès.\n')).toBe(
      'Avant.\n\n<aside class="callout callout-warning"><p class="callout-title"><strong>Allergènes &amp; &lt;gluten&gt;</strong></p>\n\n  Contient du **blé**.\n\n</aside>\n\nAprès.\n',
    );
  });
  it('gives a Callout its default type, also on one line and without children', () => {
    expect(markdown('<Callout>Court.</Callout>\n')).toBe('<aside class="callout callout-info">\n\nCourt.\n\n</aside>\n');
    expect(markdown('<Callout title="Vide" />\n')).toBe('<aside class="callout callout-info"><p class="callout-title"><strong>Vide</strong></p></aside>\n');
  });
  it('keeps nested components apart', () => {
    expect(markdown('<Callout>\n  <Callout type="tip">\n    Dedans\n  </Callout>\n</Callout>\n')).toBe(
      '<aside class="callout callout-info">\n\n  <aside class="callout callout-tip">\n\nDedans\n\n  </aside>\n\n</aside>\n',
    );
  });
  it('removes comments and dedents what Markdown would read as indented code', () => {
    expect(markdown('Texte {/* note interne */} suite.\n\n    Paragraphe indenté\n    sur deux lignes.\n\n- liste\n\n      suite de liste\n')).toBe(
      'Texte  suite.\n\nParagraphe indenté\nsur deux lignes.\n\n- liste\n\n      suite de liste\n',
    );
  });
  it('leaves HTML elements to Markdown as raw HTML', () => {
    const body = 'Une <abbr title="Association pour le maintien d\'une agriculture paysanne">AMAP</abbr> du quartier.\n';
    expect(markdown(body)).toBe(body);
  });
  it('refuses what it cannot render, with the place in the body', () => {
    expect(articleMarkdown('# T\n\n<Foo />\n')).toEqual({ ok: false, problems: [{ message: expect.stringContaining('<Foo> is not a component'), position: { line: 3, column: 1 } }] });
    expect(articleMarkdown('Un <Callout>mot</Callout> dans la phrase.\n')).toEqual({ ok: false, problems: [{ message: expect.stringContaining('is a block'), position: { line: 1, column: 4 } }] });
    expect(articleMarkdown('Total {1 + 1}\n')).toEqual({ ok: false, problems: [expect.objectContaining({ message: expect.stringContaining('expressions') })] });
    expect(articleMarkdown('<Callout>\n\njamais fermé\n')).toEqual({ ok: false, problems: [expect.objectContaining({ message: expect.stringContaining('MDX syntax error') })] });
  });
  it('gives the same Markdown on the line-based fast path as through the parser', () => {
    const bodies = [
      'Avant.\n\n<Callout type="tip" title="Astuce">\n  Texte **gras**.\n\n  Deuxième paragraphe.\n</Callout>\n\nAprès.\n',
      '<Callout>\n\n\nEspacé.\n\n\n</Callout>\n',
      '- Liste\n\n   <Callout title="Dans la liste">\n   Texte\n   </Callout>\n',
      'Fin sans saut de ligne\n<Callout>\nx\n</Callout>',
      'Texte plain < 3 € et > 2 €.\n',
    ];
    const root = path.join(import.meta.dirname, '../../content/posts');
    for (const file of readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.mdx'))) {
      const parsed = parseFrontmatter(readFileSync(path.join(root, file), 'utf8'));
      if (parsed.ok) bodies.push(parsed.split.body);
    }
    let fast = 0;
    for (const body of bodies) {
      const quick = componentLines(body);
      if (quick === undefined) continue;
      fast++;
      expect(quick).toBe((parsedMarkdown(body) as { markdown: string }).markdown);
    }
    expect(fast).toBeGreaterThan(bodies.length - 2);
    // Anything unusual goes to the parser.
    expect(componentLines('<Callout>\n  <Callout>\n  x\n  </Callout>\n</Callout>\n')).toBeUndefined();
    expect(componentLines('Un <Callout>mot</Callout>.\n')).toBeUndefined();
    expect(componentLines('<Callout title="a &amp; b">\nx\n</Callout>\n')).toBeUndefined();
  });

  // Lint skips the MDX parser for what the fast path accepts: it must have nothing to report there.
  it('accepts only bodies the MDX parser finds nothing in, even mangled at random', () => {
    const bodies = [
      'Avant.\n\n<Callout type="tip" title="Astuce">\n  Texte **gras**.\n</Callout>\n\nAprès.\n',
      '<Callout type="warning">\nAttention.\n</Callout>\n',
      'Un paragraphe, [un lien](https://exemple.fr) et `du code`.\n\n## Titre\n\n- a\n- b\n',
    ];
    const pieces = ['<', '>', '</', '/>', '{', '}', '"', '=', ' ', '\n', '    ', 'Callout', 'Aside', ' type="info"', ' type="faux"', ' title="t"', 'import x', 'export ', '<!--', '-->', '`', '&amp;', 'a'];
    const random = mulberry32(11);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      let body = bodies[i % bodies.length]!;
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const at = Math.floor(random() * (body.length + 1));
        body = body.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + body.slice(at);
      }
      if (componentLines(body) === undefined) continue;
      accepted++;
      // Link destinations are not componentLines' business: lint checks them whatever the reading (hasCheckableLink).
      expect({ body, findings: inspectMdx(body).filter((f) => f.kind !== 'unsafe-url') }).toEqual({ body, findings: [] });
    }
    expect(accepted).toBeGreaterThan(300);
  });
});
