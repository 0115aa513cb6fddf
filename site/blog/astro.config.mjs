// The public brand blog: dist/public. Reads the brand repository at CADENCE_ROOT (default: this repository).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { buildTimeMs, contentRoot, outDir, REPO_ROOT } from '../../src/site/env.ts';
import { embargoedPublicFiles, loadEditorialLine } from '../../src/site/content.ts';

buildTimeMs(); // pin "now" for the whole build
const root = contentRoot();
const line = loadEditorialLine(root);
const siteUrl = new URL(line.brand.siteUrl);
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  srcDir: path.join(here, 'src'),
  publicDir: path.join(root, 'public'),
  outDir: outDir('public'),
  cacheDir: process.env.CADENCE_CACHE_DIR ? path.join(process.env.CADENCE_CACHE_DIR, 'public') : path.join(REPO_ROOT, 'node_modules/.astro/public'),
  site: siteUrl.origin,
  base: siteUrl.pathname,
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [mdx(), sitemap(), embargoPublicAssets()],
  devToolbar: { enabled: false },
  vite: { server: { fs: { allow: [REPO_ROOT, root] } } },
});

/** public/ is copied as it is: remove what posts not yet due reference (see embargoedPublicFiles). */
function embargoPublicAssets() {
  return {
    name: 'cadence-embargo-public-assets',
    hooks: {
      'astro:build:done': ({ dir }) => {
        for (const file of embargoedPublicFiles(root, line, buildTimeMs())) {
          rmSync(new URL(file.slice('public/'.length), dir), { force: true });
        }
      },
    },
  };
}
