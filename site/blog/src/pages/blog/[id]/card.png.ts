import type { APIContext } from 'astro';
import { articleCardInput } from '../../../../../../src/site/article-cards.ts';
import { cachedCard, readLogo } from '../../../../../../src/site/card.ts';
import { contentRoot } from '../../../../../../src/site/env.ts';
import { articles, line, type Article } from '../../../lib.ts';

// `npm run dev` draws cards on request here; a build writes them all at once, from the cache and on
// worker threads (the cadence-social-cards integration in astro.config.mjs).
export async function getStaticPaths() {
  if (!import.meta.env.DEV) return [];
  return (await articles()).map((article) => ({ params: { id: article.id }, props: { article } }));
}

export async function GET({ props }: APIContext) {
  const { article } = props as { article: Article };
  const { png } = await cachedCard(articleCardInput(article, line, readLogo(contentRoot(), line.brand.logo)));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
