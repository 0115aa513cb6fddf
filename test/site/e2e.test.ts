// End to end in real headless Chromium (Debian's /usr/bin/chromium through playwright-core), over a small
// static file server on 127.0.0.1 serving the built sample. Screenshots go to test-results/site-e2e/.
// Every HTML page of both built sites is also checked with axe-core (WCAG 2.1 AA and best practices).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, htmlPages } from './axe.ts';
import { base, buildSample, CHROMIUM_ARGS, REPO_ROOT, serve, type BuiltSites } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-results/site-e2e');
describe.skipIf(!existsSync(CHROMIUM))('the sites in headless Chromium', () => {
  let sites: BuiltSites;
  let blog: Server;
  let calendar: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sites = buildSample();
    [blog, calendar] = await Promise.all([serve(sites.publicDir), serve(sites.internalDir)]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    mkdirSync(SHOTS, { recursive: true });
    // The sample's first build of both sites, after any other site build of the run (they take turns).
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    blog?.close();
    calendar?.close();
  });

  it('shows the blog home (skip link first in keyboard order), opens an article, links the RSS feed', async () => {
    await page.goto(`${base(blog)}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('h1').first().textContent()).toBe('Boulangerie Lumière');
    await page.screenshot({ path: path.join(SHOTS, 'blog-home.png'), fullPage: true });
    // keyboard: the first Tab reaches the skip link
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("href")')).toBe('#main');
    await page.getByRole('link', { name: 'Nos bûches de Noël 2026 : trois recettes, une farine locale' }).click();
    await page.waitForURL(/\/blog\/buches-de-noel-2026\/$/);
    expect(await page.locator('h1').textContent()).toContain('Nos bûches de Noël 2026');
    const images = await page.locator('main img').evaluateAll((imgs: Array<{ getAttribute(name: string): string | null; naturalWidth: number }>) => imgs.map((i) => ({ alt: i.getAttribute('alt'), loaded: i.naturalWidth > 0 })));
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(img.alt && img.loaded).toBeTruthy();
    await page.screenshot({ path: path.join(SHOTS, 'blog-article.png'), fullPage: true });
    const rss = await page.getAttribute('link[rel="alternate"][type="application/rss+xml"]', 'href');
    const feed = await page.request.get(`${base(blog)}${rss}`);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain('<title>Nos bûches de Noël 2026 : trois recettes, une farine locale</title>');
    const card = await page.request.get(`${base(blog)}/blog/buches-de-noel-2026/card.png`);
    expect(card.headers()['content-type']).toBe('image/png');
  });

  it('navigates the calendar by month, filters by channel and downloads the ICS feed', async () => {
    await page.goto(`${base(calendar)}/month/2026-12/`);
    expect(await page.locator('h1').textContent()).toBe('décembre 2026');
    await page.screenshot({ path: path.join(SHOTS, 'calendar-december.png'), fullPage: true });
    await page.getByRole('link', { name: /Mois suivant/ }).click();
    await page.waitForURL(/\/month\/2027-01\/$/);
    expect(await page.locator('h1').textContent()).toBe('janvier 2027');
    await page.getByRole('link', { name: /Mois précédent/ }).click();
    await page.waitForURL(/\/month\/2026-12\/$/);

    const visible = () => page.locator('[data-entry]:visible').count();
    const all = await visible();
    await page.getByLabel('Réseau').selectOption('linkedin');
    const linkedin = await visible();
    expect(linkedin).toBeGreaterThan(0);
    expect(linkedin).toBeLessThan(all);
    for (const channels of await page.locator('[data-entry]:visible').evaluateAll((els: Array<{ dataset: Record<string, string | undefined> }>) => els.map((e) => e.dataset.channels))) expect(channels?.split(' ')).toContain('linkedin');
    expect(page.url()).toContain('?channel=linkedin');
    await page.screenshot({ path: path.join(SHOTS, 'calendar-filtered.png'), fullPage: true });
    // the filter follows month navigation
    await page.getByRole('link', { name: /Mois suivant/ }).click();
    await page.waitForURL(/\/month\/2027-01\/\?channel=linkedin$/);
    expect(await page.getByLabel('Réseau').inputValue()).toBe('linkedin');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger le calendrier/ }).click()]);
    expect(download.suggestedFilename()).toBe('calendar.ics');
    const file = await download.path();
    expect(readFileSync(file, 'utf8')).toMatch(/^BEGIN:VCALENDAR\r\n/);
  });

  // Every page of the built sample, found in the output rather than listed here: a page kind added to
  // either site (a new route of the calendar, say) is checked as soon as the sample builds it.
  it('has no axe-core violation (WCAG 2.1 AA, best practices) on any page of either site', { timeout: 300_000 }, async () => {
    const blogPages = htmlPages(sites.publicDir);
    const calendarPages = htmlPages(sites.internalDir);
    // Every page kind is among them (the crawl is not silently empty).
    expect(blogPages).toEqual(expect.arrayContaining(['/', '/404.html', '/about/', '/blog/', '/blog/buches-de-noel-2026/', '/netiquette/', '/pillars/produits-saison/', '/tags/noel/']));
    expect(calendarPages).toEqual(expect.arrayContaining(['/', '/crise/', '/line/', '/list/', '/month/2026-12/', '/veille/', '/week/', '/week/2026-12-14/']));
    const violations: string[] = [];
    for (const [site, server, pages] of [['blog', blog, blogPages], ['calendar', calendar, calendarPages]] as const) {
      for (const url of pages) {
        await page.goto(`${base(server)}${url}`);
        violations.push(...(await axeViolations(page)).map((v) => `${site} ${url} ${v}`));
      }
    }
    expect(violations).toEqual([]);
  });
});
