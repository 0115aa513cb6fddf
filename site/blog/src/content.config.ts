import { defineCollection } from 'astro:content';
import * as z from 'zod';
import { netiquetteSchema, postSchema } from '../../../src/core/schema/index.ts';
import { articleLoader } from '../../../src/site/article-loader.ts';
import { documentLoader } from '../../../src/site/document-loader.ts';
import { loadEditorialLine, publicArticles } from '../../../src/site/content.ts';
import { buildTimeMs, contentRoot } from '../../../src/site/env.ts';
import { NETIQUETTE_FILE } from '../../../src/content/paths.ts';

const root = contentRoot();
const line = loadEditorialLine(root);

/**
 * The shared post schema; what only the networks publish (social texts, threads, other channels' variants)
 * is validated, then left out of the data store. Built once: Astro calls a collection's schema function for
 * each entry (its image() resolves paths against the entry's file), and a schema built per entry cost
 * 1.4 s for 10,000 articles, against 0.15 s for one reused (docs/benchmarks.md).
 */
const articleSchema = postSchema.transform(({ text, thread, link, variants, ...article }) => ({
  ...article,
  ...(variants?.blog ? { variants: { blog: variants.blog } } : {}),
}));

const articles = defineCollection({
  // The embargo happens here, before Astro sees any file: only ready blog articles whose time has come.
  loader: articleLoader({ root, articles: publicArticles(root, line, buildTimeMs()) }),
  // Then each media source goes through Astro's image pipeline, with the issues it finds at their place.
  schema: ({ image }) =>
    z.unknown().transform(async (data, ctx) => {
      const parsed = await articleSchema.safeParseAsync(data);
      if (!parsed.success) return rejected(ctx, parsed.error.issues, []);
      if (!parsed.data.media) return parsed.data;
      const media = [];
      for (const [index, item] of parsed.data.media.entries()) {
        const src = await image().safeParseAsync(item.src);
        if (!src.success) return rejected(ctx, src.error.issues, ['media', index, 'src']);
        media.push({ ...item, src: src.data });
      }
      return { ...parsed.data, media };
    }),
});

function rejected(ctx: z.RefinementCtx, issues: readonly z.core.$ZodIssue[], at: PropertyKey[]): never {
  for (const issue of issues) ctx.addIssue({ ...issue, path: [...at, ...issue.path] } as z.core.$ZodRawIssue);
  return z.NEVER;
}

const netiquette = defineCollection({
  loader: documentLoader({ root, file: NETIQUETTE_FILE, id: 'netiquette' }),
  schema: netiquetteSchema,
});

export const collections = { articles, netiquette };
