import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { articles, href, line, locale } from '../lib.ts';

// Feed readers want what is new: the latest articles, not the whole archive.
const FEED_SIZE = 50;

export async function GET(context: APIContext) {
  const items = (await articles()).slice(0, FEED_SIZE);
  return rss({
    title: line.brand.name,
    description: line.brand.tagline ?? line.brand.name,
    site: new URL(href(''), context.site).href,
    customData: `<language>${locale}</language>`,
    items: items.map((a) => ({
      title: a.data.title,
      description: a.data.description ?? '',
      link: new URL(href(`blog/${a.id}/`), context.site).href,
      pubDate: new Date(a.publishMs),
      ...(a.data.author ? { author: a.data.author } : {}),
      categories: a.data.tags ?? [],
    })),
  });
}
