// The reporting section of the internal site in real headless Chromium (Debian's /usr/bin/chromium
// through playwright-core): the sample brand with its seeded history, built with site/build.ts.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSites, REPO_ROOT } from '../site/helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-results/metrics-dashboard');

describe.skipIf(!existsSync(CHROMIUM))('the reporting dashboard in headless Chromium', () => {
  const brand = mkdtempSync(path.join(tmpdir(), 'cadence-dashboard-'));
  const outBase = path.join(REPO_ROOT, 'test-results/metrics-dashboard-build');
  let server: Server;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    for (const folder of ['content', 'public', 'samples']) cpSync(path.join(REPO_ROOT, folder), path.join(brand, folder), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'samples/metrics/history'), path.join(brand, 'data/metrics'), { recursive: true });
    rmSync(outBase, { recursive: true, force: true });
    const built = buildSites({ root: brand, at: '2026-11-30T20:00:00+01:00', outBase, sites: ['internal'] });
    // The section's data was prepared on a thread while Astro bundled, and the pages used it (src/site/reporting-thread.ts).
    expect(built.output).toMatch(/reporting data prepared on a thread/);
    const dir = built.internalDir;
    server = createServer((req, res) => {
      let file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.csv') ? 'text/csv' : 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    rmSync(brand, { recursive: true, force: true });
  });

  it('shows the objectives with progress bars and pace, reached from the calendar by the nav link, with no script', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Statistiques' }).click();
    await page.waitForURL(/\/reporting\/$/);
    expect(await page.locator('h1').textContent()).toBe('Statistiques');
    const cards = page.locator('article.card');
    expect(await cards.count()).toBe(4);
    await expect.poll(() => cards.first().locator('h3').textContent()).toContain('Instagram');
    // Each progress bar is an image with a name that says the numbers.
    const bars = await page.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('aria-labelledby')));
    expect(bars.length).toBeGreaterThanOrEqual(4);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.textContent('main')).toMatch(/en retard|dans les temps|en avance|atteint/);
    await page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });
    await page.close();
  });

  it('per network: followers over time as an accessible chart whose numbers are a table; best slots as a heat map', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/reporting/channels/instagram/`);
    const figure = page.locator('figure.chart').first();
    expect(await figure.locator('svg title').textContent()).toContain('Abonnés au fil du temps');
    await figure.locator('summary').click();
    const rows = await figure.locator('table tbody tr').count();
    expect(rows).toBeGreaterThan(100); // June to November, one row a day
    await page.screenshot({ path: path.join(SHOTS, 'instagram.png'), fullPage: true });
    await page.goto(`${base}/reporting/slots/`);
    expect(await page.textContent('main')).toContain('Privilégier lun.–ven. 18:00');
    expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThan(10);
    await page.screenshot({ path: path.join(SHOTS, 'slots.png'), fullPage: true });
    await page.goto(`${base}/reporting/reports/2026-10/`);
    expect(await page.locator('h1').textContent()).toBe('Rapport de octobre 2026');
    expect(await page.textContent('main')).toContain('visuel-levain');
    const csv = await page.request.get(`${base}/reporting/reports/2026-10/report.csv`);
    expect((await csv.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await page.close();
  });
});
