import { pathToFileURL } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import * as z from 'zod';
import { mediaSchema, netiquetteSchema, postSchema } from '../../../src/core/schema/index.ts';
import { articleLoader } from '../../../src/site/article-loader.ts';
import { loadEditorialLine, publicArticles } from '../../../src/site/content.ts';
import { buildTimeMs, contentRoot } from '../../../src/site/env.ts';

const root = contentRoot();
const line = loadEditorialLine(root);

const articles = defineCollection({
  // The embargo happens here, before Astro sees any file: only ready blog articles whose time has come.
  loader: articleLoader({ root, articles: publicArticles(root, line, buildTimeMs()) }),
  // The shared post schema, with media sources resolved by Astro's image pipeline. What only the networks
  // publish (social texts, threads, other channels' variants) is validated, then left out of the data store.
  schema: ({ image }) =>
    postSchema.extend({ media: z.array(mediaSchema.extend({ src: image() })).optional() }).transform(({ text, thread, link, variants, ...article }) => ({
      ...article,
      ...(variants?.blog ? { variants: { blog: variants.blog } } : {}),
    })),
});

const netiquette = defineCollection({
  loader: glob({ pattern: 'netiquette.mdx', base: pathToFileURL(`${root}/content/`) }),
  schema: netiquetteSchema,
});

export const collections = { articles, netiquette };
