import { getCollection, type CollectionEntry } from 'astro:content';
import { loadEditorialLine, articlePublishMs } from '../../../src/site/content.ts';
import { buildTimeMs, contentRoot } from '../../../src/site/env.ts';
import { strings, slugify } from '../../../src/site/i18n.ts';
import { palette } from '../../../src/site/colors.ts';

export const line = loadEditorialLine(contentRoot());
export const locale = line.brand.locale;
export const t = strings(locale);
export const colors = palette(line.brand.colors);
export const nowMs = buildTimeMs();
export const PAGE_SIZE = Number(process.env.CADENCE_PAGE_SIZE || 10);

export type Article = CollectionEntry<'articles'> & { publishMs: number };

/** Public articles, newest first (the collection already holds only what the embargo lets through). */
export async function articles(): Promise<Article[]> {
  const list = await getCollection('articles');
  return list
    .map((entry) => ({ ...entry, publishMs: articlePublishMs(entry.data as never, line) ?? 0 }))
    .filter((a) => a.publishMs <= nowMs && a.data.status === 'ready')
    .sort((a, b) => b.publishMs - a.publishMs || a.id.localeCompare(b.id));
}

/** A path inside the site, with the base path of siteUrl (GitHub Pages project sites live under /repo/). */
export function href(path: string): string {
  const base = new URL(line.brand.siteUrl).pathname.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export function pillarLabel(id: string | undefined): string | undefined {
  return id ? (line.pillars.find((p) => p.id === id)?.label ?? id) : undefined;
}

export function logoHref(): string | undefined {
  const logo = line.brand.logo;
  return logo?.startsWith('public/') ? href(logo.slice('public/'.length)) : undefined;
}

export { slugify };
