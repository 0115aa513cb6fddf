// The internal editorial calendar: dist/internal (never deployed publicly). Reads the brand repository at CADENCE_ROOT (default: this repository).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { buildTimeMs, cacheDir, contentRoot, outDir, REPO_ROOT } from '../../src/site/env.ts';
import { assertPublicInside, loadEditorialLine } from '../../src/site/content.ts';
import { outputAsPageCache } from '../../src/site/output-page-cache.ts';
import { reportingThread } from '../../src/site/reporting-thread.ts';
import { safeMarkdown } from '../../src/site/sanitize.ts';

buildTimeMs(); // pin "now" for the whole build
const root = contentRoot();
loadEditorialLine(root); // fail early on an invalid editorial line
assertPublicInside(root);
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  srcDir: path.join(here, 'src'),
  publicDir: path.join(root, 'public'),
  outDir: outDir('internal'),
  cacheDir: cacheDir('internal'),
  // Served from wherever the team hosts it privately: CADENCE_INTERNAL_BASE sets a base path.
  base: process.env.CADENCE_INTERNAL_BASE || '/',
  trailingSlash: 'always',
  // Four pages in flight, as the blog: a page's file write no longer holds up the next render.
  build: { format: 'directory', concurrency: 4 },
  // No incremental build here: the integration only sets the previous output aside and deletes it meanwhile.
  // The reporting section's data is prepared on a thread while Astro bundles (src/site/reporting-thread.ts).
  integrations: [mdx(), outputAsPageCache(), reportingThread()],
  devToolbar: { enabled: false },
  // The editorial line's body comes from pull requests: links checked as they render, HTML sanitized (src/site/sanitize.ts).
  markdown: safeMarkdown(),
  // No client dependency pre-bundling (see the blog's config): the calendar's only script is inline.
  vite: { server: { fs: { allow: [REPO_ROOT, root] } }, optimizeDeps: { noDiscovery: true, include: [] } },
});
