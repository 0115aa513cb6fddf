// The reference the sites benchmark compares against: a stock Astro 7 + MDX blog of the same articles
// (glob loader, one page per article, the MDX rendered as Astro renders it), with nothing of Cadence's.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  outDir: process.env.STOCK_OUT ?? path.join(here, '../.work/stock-out'),
  cacheDir: process.env.STOCK_CACHE ?? path.join(here, '../.work/stock-cache'),
  site: 'https://brulerie-saint-michel.example',
  integrations: [mdx()],
  devToolbar: { enabled: false },
  vite: { server: { fs: { allow: [here, process.env.STOCK_CONTENT ?? here] } } },
});
