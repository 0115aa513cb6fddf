/**
 * Accessibility checks with axe-core, the engine of axe DevTools, Lighthouse and most accessibility CI,
 * injected into a playwright-core page (axe-core's own source evaluated in the page, then axe.run there).
 * @axe-core/playwright would do the same plus results across iframes, which our pages do not have; it
 * needs a browser context of its own and opens a blank page per check, ~1.5× slower here.
 */
import path from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { walk } from './helpers.ts';

/** WCAG 2.0 and 2.1, levels A and AA, and Deque's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The URL path of every HTML page of a built site (`index.html` as its folder), sorted. */
export function htmlPages(dir: string): string[] {
  return walk(dir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => `/${file.split(path.sep).join('/')}`.replace(/(^|\/)index\.html$/, '$1'))
    .sort();
}

/** One line per element of each violation on the page as it is now: rule, impact, where and why. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the page's own
  // Content-Security-Policy (the blog's forbids inline scripts) stays on while it is checked.
  await page.evaluate(axe.source);
  // Runs in the page, on its whole document (axe.run's default context).
  const results = await page.evaluate((tags) => (globalThis as unknown as { axe: typeof axe }).axe.run({ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ').slice(0, 240)}`));
}
