import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from '../helpers/brand.ts';
import { axeViolations } from '../site/axe.ts';
import { base, buildSites, CHROMIUM_ARGS, REPO_ROOT, serve, walk, type BuiltSites } from '../site/helpers.ts';
import { KEY, watchBrand, type WatchBrand } from './helpers.ts';

const AT = '2026-12-08T21:00:00+01:00';
let brand: WatchBrand;
let sites: BuiltSites;

beforeAll(async () => {
  brand = watchBrand();
  const env = { ...cleanEnv(), CADENCE_PSEUDONYM_KEY: KEY };
  expect((await runCli(['watch', '--at', '2026-12-08T20:00:00+01:00'], brand.root, env)).code).toBe(0);
  expect((await runCli(['crisis', 'start', '--level', '2', '--reason', 'Rupture de brioches', '--at', '2026-12-08T20:30:00+01:00'], brand.root, env)).code).toBe(0);
  sites = buildSites({ root: brand.root, at: AT, outBase: path.join(brand.root, 'dist') });
}, 600_000);
afterAll(() => brand.cleanup());

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

describe('the internal site: /veille and /crise', () => {
  it('/veille: a 90-day SVG chart by sentiment built at build time, the open alert, latest mentions as links, competitors per week', () => {
    const page = read(sites.internalDir, 'veille/index.html');
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(page).toMatch(/<title>2026-12-08 · négatives : \d+<\/title>/);
    expect(page).toContain('Alertes ouvertes');
    expect(page).toMatch(/veille-20261208-[0-9a-f]{4}/);
    expect(page).toMatch(/<td[^>]*>grave<\/td>/);
    expect(page).toMatch(/<th scope="col"[^>]*>Concurrent<\/th>/);
    // A Mastodon post's link names its author: Git, and so the page, keep the site's address only.
    expect(page).toContain('href="https://piaille.fr/"');
    expect(page).not.toContain('piaille.fr/@');
    expect(page).toContain('Concurrents par semaine');
    expect(page).toContain('fournil-des-pentes');
    expect(page).not.toMatch(/<script\b/);
    // No mention text on the site either.
    expect(page).not.toContain('On est deux à avoir vomi');
    expect(read(sites.internalDir, 'index.html')).toContain('href="/veille/"');
  });

  it('/crise: the current crisis, its held posts, the levels and the manual', () => {
    const page = read(sites.internalDir, 'crise/index.html');
    expect(page).toContain('crise-20261208-rupture-de-brioches');
    expect(page).toContain('Publications retenues par la pause');
    expect(page).toContain('Notre protocole de crise');
    expect(page).toContain('Une rumeur sur la sécurité alimentaire');
    expect(page).not.toContain('CRISIS_PHONE_GERANTE=');
  });

  // With a spike, an open alert and a crisis under way: the pages as they look when they matter.
  // Screenshots go to test-results/site-e2e/ (veille.png, crise.png).
  const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  it.skipIf(!existsSync(CHROMIUM))('/veille and /crise in headless Chromium: no axe-core violation, a chart that is drawn, screenshots', { timeout: 120_000 }, async () => {
    const server = await serve(sites.internalDir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const shots = path.join(REPO_ROOT, 'test-results/site-e2e');
      mkdirSync(shots, { recursive: true });
      const violations: string[] = [];
      for (const url of ['/veille/', '/crise/']) {
        const response = await page.goto(`${base(server)}${url}`);
        expect(response?.status()).toBe(200);
        violations.push(...(await axeViolations(page)).map((v) => `${url} ${v}`));
        await page.screenshot({ path: path.join(shots, `${url.replace(/\//g, '')}.png`), fullPage: true });
      }
      expect(violations).toEqual([]);
      // The chart is drawn, with a bar for the spike day, and reachable from the navigation.
      await page.goto(`${base(server)}/veille/`);
      const chart = page.locator('svg').first();
      expect((await chart.boundingBox())!.width).toBeGreaterThan(300);
      expect(await page.locator('svg rect').count()).toBeGreaterThan(10);
      await page.goto(`${base(server)}/`);
      await page.locator('a[href="/crise/"]').first().click();
      await page.waitForURL(/\/crise\/$/);
      expect(await page.locator('h1').first().textContent()).toBeTruthy();
    } finally {
      await browser.close();
      server.close();
    }
  });

  it('nothing of the watch or the crisis reaches dist/public', () => {
    const needles = ['Notre protocole de crise', 'Notre veille', 'veille-2026', 'crise-20261208', 'data/watch', 'data/crisis', 'Nous avons lu vos messages', 'Information sécurité alimentaire', 'p_', 'Boulangerie Lumière : rupture'];
    const offenders: string[] = [];
    for (const file of walk(sites.publicDir)) {
      const text = readFileSync(path.join(sites.publicDir, file)).toString('utf8');
      for (const needle of needles) if (needle === 'p_' ? /\bp_[0-9a-f]{16}\b/.test(text) : text.includes(needle)) offenders.push(`${file}: ${needle}`);
      if (/veille|crise|crisis|watch/.test(file)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
