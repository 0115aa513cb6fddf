import { createHash } from 'node:crypto';
import { getImage } from 'astro:assets';
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
/** Tag and pillar archives list titles only, five times as many to a page. */
export const ARCHIVE_PAGE_SIZE = PAGE_SIZE * 5;

export type Article = CollectionEntry<'articles'> & { publishMs: number };

/** Public articles, newest first (the collection already holds only what the embargo lets through). */
export async function articles(): Promise<Article[]> {
  const list = await getCollection('articles');
  return list
    .map((entry) => ({ ...entry, publishMs: articlePublishMs(entry.data as never, line) ?? 0 }))
    .filter((a) => a.publishMs <= nowMs && a.data.status === 'ready')
    .sort((a, b) => b.publishMs - a.publishMs || a.id.localeCompare(b.id));
}

// Incremental builds (experimental.incrementalBuild): a page is copied from the previous build when its
// cacheKey is unchanged. What every page shows of the editorial line is in siteKey; the rest is per page.
const siteKey = createHash('sha256').update(JSON.stringify({ brand: line.brand, pillars: line.pillars, page: PAGE_SIZE })).digest('hex').slice(0, 16);

/** The cache key of an article's page: the site's inputs and the article's content digest (the loader always sets it). */
export function articleKey(article: Article): string {
  return `${siteKey}:${article.digest!}`;
}

/** The cache key of a list page: its place in the pagination and the articles it lists. */
export function listKey(page: { currentPage: number; lastPage: number; data: readonly Article[] }): string {
  const hash = createHash('sha256').update(`${page.currentPage}/${page.lastPage}`);
  for (const article of page.data) hash.update(`\0${article.id}\0${articleKey(article)}`);
  return `${siteKey}:${hash.digest('hex').slice(0, 24)}`;
}

/** paginate()'s pages, each with its listKey. */
export function withListKeys<T extends { props: { page: { currentPage: number; lastPage: number; data: Article[] } } }>(pages: T[]): (T & { cacheKey: string })[] {
  return pages.map((p) => ({ ...p, cacheKey: listKey(p.props.page) }));
}

/** A list page's title, with its number after the first page. */
export function pageTitle(title: string, currentPage: number): string {
  return currentPage > 1 ? `${title} — ${t.page} ${currentPage}` : title;
}

/** A path inside the site, with the base path of siteUrl (GitHub Pages project sites live under /repo/). */
const basePath = new URL(line.brand.siteUrl).pathname.replace(/\/$/, '');
export function href(path: string): string {
  return `${basePath}/${path.replace(/^\//, '')}`;
}

// An article appears on several list pages (all articles, its pillar, each tag): its thumbnail is
// computed once, not once per page.
const thumbnails = new Map<string, ReturnType<typeof getImage>>();
/** The list thumbnail of an article's first image (what `<Image width={720}>` would compute). */
export function thumbnail(article: Article): ReturnType<typeof getImage> | undefined {
  const media = article.data.media?.[0];
  if (!media) return undefined;
  let image = thumbnails.get(article.id);
  if (!image) {
    image = getImage({ src: media.src, alt: media.alt, width: 720, loading: 'lazy' });
    thumbnails.set(article.id, image);
  }
  return image;
}

export function pillarLabel(id: string | undefined): string | undefined {
  return id ? (line.pillars.find((p) => p.id === id)?.label ?? id) : undefined;
}

export function logoHref(): string | undefined {
  const logo = line.brand.logo;
  return logo?.startsWith('public/') ? href(logo.slice('public/'.length)) : undefined;
}

export { slugify };
