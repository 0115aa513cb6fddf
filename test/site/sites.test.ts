import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEditorialLine, loadPosts, isPublicArticle } from '../../src/site/content.ts';
import { editorialLine, mdx, tempBrand, type TempBrand } from '../helpers/brand.ts';
import { buildSample, buildSites, REPO_ROOT, SAMPLE_AT, walk, withLock, type BuiltSites } from './helpers.ts';

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('the sample brand', () => {
  let sites: BuiltSites;
  beforeAll(() => {
    sites = buildSample();
  });

  it('builds the two sites side by side, each line of output labelled with its site (npm run build)', () => {
    const log = readFileSync(path.join(REPO_ROOT, 'test-results/site-sample/build.log'), 'utf8');
    expect(log).toMatch(/^public   │ .*\d+ page\(s\) built in/m);
    expect(log).toMatch(/^internal │ .*\d+ page\(s\) built in/m);
  });

  it('publishes the blog articles whose time has come', () => {
    const files = walk(sites.publicDir);
    expect(files).toContain('blog/fete-des-lumieres-2026/index.html');
    expect(files).toContain('blog/buches-de-noel-2026/index.html');
    const article = read(sites.publicDir, 'blog/buches-de-noel-2026/index.html');
    expect(article).toContain('<html lang="fr"');
    expect(article).toContain('<h1>Nos bûches de Noël 2026 : trois recettes, une farine locale</h1>');
    expect(article).toContain('<link rel="canonical" href="https://boulangerie-lumiere.example/blog/buches-de-noel-2026/">');
    expect(article).toContain('<meta property="og:title" content="Nos bûches de Noël 2026 : trois recettes, une farine locale">');
    expect(article).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(article).toMatch(/<meta property="og:image" content="https:\/\/boulangerie-lumiere\.example\/blog\/buches-de-noel-2026\/card\.png">/);
    expect(article).toMatch(/<aside class="callout callout-warning"><p class="callout-title"><strong>Allergènes<\/strong><\/p>/);
    // every image has an alt text, and no script is shipped to readers
    for (const img of article.match(/<img\b[^>]*>/g) ?? []) expect(img).toMatch(/\balt="/);
    for (const file of files.filter((f) => f.endsWith('.html'))) expect(read(sites.publicDir, file)).not.toMatch(/<script\b(?![^>]*application\/ld\+json)/);
    expect(files.filter((f) => f.endsWith('.js'))).toEqual([]);
  });

  it('has a 1200×630 PNG social card per article', async () => {
    const meta = await sharp(path.join(sites.publicDir, 'blog/buches-de-noel-2026/card.png')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    expect(walk(sites.publicDir).filter((f) => f.endsWith('card.png'))).toHaveLength(2);
  });

  it('has the home, pillar, tag, about, netiquette, RSS and sitemap pages', () => {
    const home = read(sites.publicDir, 'index.html');
    expect(home).toContain('Derniers articles');
    expect(home.indexOf('buches-de-noel-2026')).toBeLessThan(home.indexOf('fete-des-lumieres-2026')); // newest first
    expect(read(sites.publicDir, 'pillars/produits-saison/index.html')).toContain('buches-de-noel-2026');
    expect(read(sites.publicDir, 'tags/noel/index.html')).toContain('buches-de-noel-2026');
    expect(read(sites.publicDir, 'about/index.html')).toContain('Coulisses du fournil');
    const netiquette = read(sites.publicDir, 'netiquette/index.html');
    expect(netiquette).toContain('Insultes et propos injurieux');
    expect(netiquette).not.toContain('connard'); // the matching terms stay internal
    const rss = read(sites.publicDir, 'rss.xml');
    expect(rss).toContain('<link>https://boulangerie-lumiere.example/blog/buches-de-noel-2026/</link>');
    expect((rss.match(/<item>/g) ?? []).length).toBe(2);
    expect(read(sites.publicDir, 'sitemap-0.xml')).toContain('https://boulangerie-lumiere.example/blog/fete-des-lumieres-2026/');
  });

  it('keeps every future or unpublished post out of dist/public (embargo), in every file', () => {
    const root = REPO_ROOT;
    const line = loadEditorialLine(root);
    const at = Date.parse(SAMPLE_AT);
    const posts = loadPosts(root);
    const hidden = posts.filter((p) => !isPublicArticle(p.data, line, at));
    const shown = posts.filter((p) => isPublicArticle(p.data, line, at));
    expect(shown.map((p) => p.id).sort()).toEqual(['buches-de-noel-2026', 'fete-des-lumieres-2026']);
    expect(hidden.some((p) => p.id === 'galette-ou-couronne')).toBe(true);
    const needles: string[] = [];
    for (const p of hidden) {
      needles.push(p.data.title, `/blog/${p.id}/`);
      if (p.data.description) needles.push(p.data.description);
      if (p.data.text) needles.push(p.data.text.slice(0, 60));
    }
    const galette = readFileSync(path.join(root, 'content/posts/2027/01/galette-ou-couronne.mdx'), 'utf8');
    needles.push('Le premier dimanche de janvier, la France se partage en deux camps');
    expect(galette).toContain(needles.at(-1));
    // nothing internal either: KPIs, audiences, voice rules, moderation terms, repository paths
    needles.push('engagement-rate', 'Les pros du quartier', 'bannedTerms', 'prix cassés', 'content/posts/', 'editorial-line');
    const offenders: string[] = [];
    for (const file of walk(sites.publicDir)) {
      const text = readFileSync(path.join(sites.publicDir, file)).toString('utf8');
      for (const needle of needles) if (text.includes(needle)) offenders.push(`${file}: ${needle.slice(0, 50)}`);
      for (const image of ['galette', 'couronne', 'crepes', 'bugnes']) if (path.basename(file).startsWith(`${image}.`)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it('builds the internal calendar: month, week and list views, observances, gaps, conflicts and an ICS feed', () => {
    const files = walk(sites.internalDir);
    expect(files).toEqual(expect.arrayContaining(['index.html', 'month/2026-12/index.html', 'month/2027-01/index.html', 'week/2026-12-07/index.html', 'list/index.html', 'line/index.html', 'calendar.ics']));
    const december = read(sites.internalDir, 'month/2026-12/index.html');
    expect(december).toContain('Fête des Lumières (8 décembre)');
    expect(december).toContain('Noël');
    expect(december).toContain('La brioche des Lumières est de retour');
    expect(december).toContain('href="/month/2027-01/"');
    const list = read(sites.internalDir, 'list/index.html');
    expect(list).toContain('Creux de cadence');
    expect(read(sites.internalDir, 'line/index.html')).toContain('Notre ligne éditoriale');
    const ics = read(sites.internalDir, 'calendar.ics');
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const galette = events.find((e) => e.summary.startsWith('Galette ou couronne'));
    expect(galette?.startDate.toJSDate().toISOString()).toBe('2027-01-02T09:00:00.000Z');
    expect(events.some((e) => e.summary === 'Épiphanie (galette des rois)')).toBe(true);
    expect(events.length).toBeGreaterThan(30);
  });
});

describe('a small English fixture under a base path', () => {
  let brand: TempBrand;
  let out: string;
  let sites: BuiltSites;

  beforeAll(async () => {
    const loafPng = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c8781e' } }).png().toBuffer();
    brand = tempBrand({
      line: editorialLine({
        brand: { name: 'Test Bakery', siteUrl: 'https://example.github.io/bakery/', locale: 'en', timezone: 'Europe/London', colors: { primary: '#ffcc00', background: '#ffffff' } },
        observances: [{ date: '03-01', label: 'Shop birthday' }],
      }),
    });
    for (let i = 1; i <= 7; i++) {
      const body =
        i === 1 ? 'Body of article 1.\n\n<Callout type="tip" title="Good to know">\n  Pre-order **before Friday**.\n</Callout>\n' : i === 2 ? 'Body of article 2.\n\n![A loaf on the counter](./loaf.png)\n' : `Body of article ${i}.\n`;
      brand.post(`2026/0${i < 10 ? 1 : 2}/article-${i}.mdx`, { title: `Article number ${i}`, publishAt: `2026-01-${String(i + 1).padStart(2, '0')}T09:00`, channels: ['blog', 'mastodon'], text: `Social text ${i}`, pillar: i % 2 ? 'coulisses' : 'produits', tags: ['Bread & Co'] }, body);
    }
    brand.write('content/posts/2026/01/loaf.png', loafPng);
    brand.post('2026/02/future.mdx', { title: 'Secret future launch', publishAt: '2026-03-01T09:00', channels: ['blog'], description: 'Embargoed description' }, 'Secret body text.\n');
    brand.post('2026/01/draft.mdx', { title: 'Unfinished draft', publishAt: '2026-01-03T09:00', channels: ['blog'], status: 'draft' }, 'Draft body.\n');
    brand.write('content/netiquette.mdx', mdx({ title: 'House rules', rules: [{ id: 'spam', label: 'No spam', match: { maxLinks: 2 }, action: 'hide' }] }, 'Be kind.\n'));
    out = mkdtempSync(path.join(tmpdir(), 'cadence-site-'));
    sites = buildSites({ root: brand.root, at: '2026-02-01T12:00:00Z', outBase: out, env: { CADENCE_PAGE_SIZE: '5' } });
  });
  afterAll(() => {
    brand?.cleanup();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('uses the English UI strings, the base path and paginates', () => {
    const home = read(sites.publicDir, 'index.html');
    expect(home).toContain('<html lang="en"');
    expect(home).toContain('Latest articles');
    expect(home).toContain('href="/bakery/blog/2026-01-article-7/"'); // ids derived from paths, links under the base path
    expect(read(sites.publicDir, 'blog/index.html')).toContain('href="/bakery/blog/2/"');
    expect(read(sites.publicDir, 'blog/2/index.html')).toContain('Article number 1');
    expect(read(sites.publicDir, 'tags/bread-co/index.html')).toContain('Article number 3');
    // Tag and pillar archives: compact, five times as many to a page (25 here).
    const tag = read(sites.publicDir, 'tags/bread-co/index.html');
    for (let i = 1; i <= 7; i++) expect(tag).toContain(`href="/bakery/blog/2026-01-article-${i}/">Article number ${i}</a>`);
    expect(tag).toContain('<ol class="archive">');
    expect(read(sites.publicDir, 'pillars/coulisses/index.html')).toContain('Article number 7');
    expect(read(sites.publicDir, 'netiquette/index.html')).toContain('Be kind.');
  });

  it("renders the blog's components in articles", () => {
    const article = read(sites.publicDir, 'blog/2026-01-article-1/index.html');
    expect(article).toMatch(/<aside class="callout callout-tip"><p class="callout-title"><strong>Good to know<\/strong><\/p>\s*<p>Pre-order <strong>before Friday<\/strong>.<\/p>\s*<\/aside>/);
  });

  it('keeps drafts and future articles out', () => {
    for (const file of walk(sites.publicDir)) {
      const text = readFileSync(path.join(sites.publicDir, file), 'utf8');
      expect(text, file).not.toMatch(/Secret future launch|Embargoed description|Secret body text|Unfinished draft|Draft body/);
    }
  });

  // It waits for the Astro build lock like a hook does (another test file may be building).
  it('rebuilds from its caches: a retracted article leaves, an edited one changes, the others stay', { timeout: 300_000 }, () => {
    brand.post('2026/01/article-7.mdx', { title: 'Article number 7', publishAt: '2026-01-08T09:00', channels: ['blog', 'mastodon'], text: 'Social text 7', status: 'retracted' }, 'Body of article 7.\n');
    brand.post('2026/01/article-6.mdx', { title: 'Article number 6', publishAt: '2026-01-07T09:00', channels: ['blog', 'mastodon'], text: 'Social text 6', pillar: 'produits', tags: ['Bread & Co'] }, 'A corrected body for article 6.\n');
    // Astro's generated .astro/content-assets.mjs is shared by every build of the blog: as another brand's
    // build would leave it, it must not matter to a build whose unchanged articles have images.
    const again = withLock(() => {
      writeFileSync(path.join(REPO_ROOT, '.astro/content-assets.mjs'), 'export default new Map();\n');
      return buildSites({ root: brand.root, at: '2026-02-01T12:00:00Z', outBase: out, env: { CADENCE_PAGE_SIZE: '5' }, sites: ['public'], lockHeld: true });
    });
    const files = walk(again.publicDir);
    expect(files).not.toContain('blog/2026-01-article-7/index.html');
    expect(files).not.toContain('blog/2026-01-article-7/card.png');
    for (const file of files) expect(readFileSync(path.join(again.publicDir, file)).toString('utf8'), file).not.toContain('Article number 7');
    expect(read(again.publicDir, 'blog/2026-01-article-6/index.html')).toContain('A corrected body for article 6.');
    expect(read(again.publicDir, 'blog/2026-01-article-5/index.html')).toContain('Body of article 5.');
    expect(read(again.publicDir, 'blog/2026-01-article-1/index.html')).toContain('callout-tip');
    const loaf = read(again.publicDir, 'blog/2026-01-article-2/index.html').match(/<img [^>]*>/g)?.find((img) => img.includes('alt="A loaf on the counter"'));
    expect(loaf).toMatch(/src="\/bakery\/_astro\/loaf\.[^"]+\.webp"/);
  });

  it('shows drafts and future posts in the calendar, in English', () => {
    const february = read(sites.internalDir, 'month/2026-02/index.html');
    expect(february).toContain('Editorial calendar');
    const march = read(sites.internalDir, 'month/2026-03/index.html');
    expect(march).toContain('Secret future launch');
    expect(march).toContain('Shop birthday');
    expect(read(sites.internalDir, 'month/2026-02/index.html')).toContain('Shrove Tuesday (Mardi gras)'); // built-in dates in English too
    expect(read(sites.internalDir, 'list/index.html')).toContain('Unfinished draft');
  });
});
