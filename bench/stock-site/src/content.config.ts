import { pathToFileURL } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const content = process.env.STOCK_CONTENT;
if (!content) throw new Error('STOCK_CONTENT: the brand repository whose content/posts to build');

const articles = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: pathToFileURL(`${content}/content/posts/`) }),
  schema: ({ image }) =>
    z.looseObject({
      title: z.string(),
      description: z.string().optional(),
      publishAt: z.string(),
      tags: z.array(z.string()).optional(),
      media: z.array(z.object({ src: image(), alt: z.string() })).optional(),
    }),
});

export const collections = { articles };
