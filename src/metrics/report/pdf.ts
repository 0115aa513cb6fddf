/**
 * The report as PDF: the HTML page printed by headless Chromium through playwright-core (no browser
 * download: Debian's /usr/bin/chromium, the Chrome of GitHub's Ubuntu runners, or CADENCE_CHROMIUM).
 */
import { existsSync } from 'node:fs';
import { InputError } from '../../core/errors.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env.CADENCE_CHROMIUM?.trim() || env.CHROMIUM_PATH?.trim();
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return CANDIDATES.find((c) => existsSync(c));
}

export async function htmlToPdf(html: string, env: NodeJS.ProcessEnv, footer: string): Promise<Buffer> {
  const executablePath = findChromium(env);
  if (!executablePath) throw new InputError(`--format pdf needs Chromium: install it (Debian: apt-get install chromium) or set CADENCE_CHROMIUM to its path (looked for ${CANDIDATES.join(', ')})`);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new InputError('--format pdf needs the playwright-core package (npm install playwright-core)');
  }
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    // The report is self-contained: nothing may be fetched while it is printed.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:9px;width:100%;text-align:center;color:#555">${footer.replace(/[<>&]/g, '')} · <span class="pageNumber"></span>/<span class="totalPages"></span></div>`,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}
