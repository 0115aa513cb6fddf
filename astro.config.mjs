// The public brand blog (dist/public), configured at the top level as in any Astro project: `npx astro dev`
// and `npx astro build` here work on it, and `npm run build` builds it beside the internal calendar (its own
// config: site/calendar/astro.config.mjs). Its pages and components are in site/blog/src (srcDir), since
// src/ holds Cadence itself. Reads the brand repository at CADENCE_ROOT (default: this repository).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { buildTimeMs, cacheDir, contentRoot, outDir, REPO_ROOT } from './src/site/env.ts';
import { prepareArticleCards, writeArticleCards } from './src/site/article-cards.ts';
import { parallelPrerender } from './src/site/parallel-prerender.ts';
import { outputAsPageCache } from './src/site/output-page-cache.ts';
import { assertPublicInside, embargoedPublicFiles, loadEditorialLine, publicArticles } from './src/site/content.ts';
import { safeMarkdown } from './src/site/sanitize.ts';
import { blogContentSecurityPolicy } from './src/site/csp.ts';
import { giscusPolicy } from './src/site/giscus.ts';

buildTimeMs(); // pin "now" for the whole build
const root = contentRoot();
const line = loadEditorialLine(root);
assertPublicInside(root);
const siteUrl = new URL(line.brand.siteUrl);
const here = path.dirname(fileURLToPath(import.meta.url));
// The dev server watches its root, this whole repository: not the folders that can hold tens of thousands of
// generated files (benchmark brands, build outputs, the demo brand, the ledger) nor the calendar's sources,
// unless the brand being served is in one of them.
const notWatched = ['bench/.work', 'dist', '.cadence', 'data', 'test-results', 'site/calendar']
  .map((folder) => path.join(here, folder))
  .filter((folder) => !`${root}${path.sep}`.startsWith(`${folder}${path.sep}`))
  .map((folder) => `${folder}/**`);

export default defineConfig({
  root: here,
  srcDir: path.join(here, 'site/blog/src'),
  publicDir: path.join(root, 'public'),
  outDir: outDir('public'),
  cacheDir: cacheDir('public'),
  site: siteUrl.origin,
  base: siteUrl.pathname,
  trailingSlash: 'always',
  // Four pages in flight: a page's file write no longer holds up the next render (44 s to 30 s for 10,000 articles).
  build: { format: 'directory', concurrency: 4 },
  integrations: [mdx(), sitemap(), parallelPrerender(), outputAsPageCache(), embargoPublicAssets(), socialCards()],
  // Pages whose cacheKey (site/blog/src/lib.ts) is unchanged are copied from the previous build's output,
  // which outputAsPageCache() moves into cacheDir when the build starts.
  experimental: { incrementalBuild: true },
  // Posts come from pull requests: links Markdown writes are checked as they render, raw HTML goes through
  // the sanitizer (src/site/sanitize.ts), and each page carries a Content-Security-Policy (src/site/csp.ts).
  markdown: safeMarkdown(),
  // Comments (giscus) are the blog's only script, allowed by name when they are configured.
  security: { csp: blogContentSecurityPolicy(giscusPolicy()) },
  devToolbar: { enabled: false },
  // No client dependency pre-bundling: the sites ship no client JavaScript, and on an empty cache the
  // optimiser crawled every page and bundled dependencies for 4-5 s of each build.
  vite: { server: { fs: { allow: [REPO_ROOT, root] }, watch: { ignored: notWatched } }, optimizeDeps: { noDiscovery: true, include: [] } },
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

/** /blog/<id>/card.png for every public article: copies from the card cache, the missing ones drawn on worker threads. */
function socialCards() {
  return {
    name: 'cadence-social-cards',
    hooks: {
      // Missing cards start drawing on a thread as soon as a build starts, while Astro syncs content and
      // renders pages (src/site/article-cards.ts): from astro:build:start, after the content sync, most of
      // a first build's cards were still left for the end (docs/benchmarks.md).
      'astro:config:setup': ({ command }) => {
        if (command === 'build') prepareArticleCards(publicArticles(root, line, buildTimeMs()), line, root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const { cards, rendered } = await writeArticleCards(fileURLToPath(dir), publicArticles(root, line, buildTimeMs()), line, root);
        logger.info(`${cards} social cards (${rendered} drawn, ${cards - rendered} from the cache) in ${Math.round(performance.now() - started)} ms`);
      },
    },
  };
}
