import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIContext } from 'astro';
import { cachedCard } from '../../../../../../src/site/card.ts';
import { contentRoot } from '../../../../../../src/site/env.ts';
import { formatDate } from '../../../../../../src/site/i18n.ts';
import { articles, line, locale, type Article } from '../../../lib.ts';

export async function getStaticPaths() {
  return (await articles()).map((article) => ({ params: { id: article.id }, props: { article } }));
}

function logo() {
  const file = line.brand.logo;
  if (!file) return undefined;
  const type = file.endsWith('.svg') ? 'image/svg+xml' : file.endsWith('.png') ? 'image/png' : /\.jpe?g$/.test(file) ? 'image/jpeg' : undefined;
  if (!type) return undefined;
  try {
    return { data: readFileSync(path.join(contentRoot(), file)), type } as const;
  } catch {
    return undefined;
  }
}

export async function GET({ props }: APIContext) {
  const { article } = props as { article: Article };
  const { png } = await cachedCard({
    title: article.data.title,
    brandName: line.brand.name,
    footer: [formatDate(article.publishMs, locale, line.brand.timezone), article.data.author].filter(Boolean).join(' · '),
    colors: line.brand.colors,
    logo: logo(),
  });
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
