import { pathToFileURL } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import * as z from 'zod';
import { postIdFromPath } from '../../../src/core/post.ts';
import { mediaSchema, netiquetteSchema, postSchema } from '../../../src/core/schema/index.ts';
import { loadEditorialLine, publicArticleFiles } from '../../../src/site/content.ts';
import { buildTimeMs, contentRoot } from '../../../src/site/env.ts';

const root = contentRoot();
const line = loadEditorialLine(root);

// The embargo happens here, before Astro sees any file: only ready blog articles whose time has come.
const files = publicArticleFiles(root, line, buildTimeMs()).map((file) => file.slice('content/posts/'.length).replace(/[*?[\]{}()!+@]/g, '\\$&'));

const articles = defineCollection({
  loader: glob({
    pattern: files.length > 0 ? files : '.cadence-no-article/*.mdx',
    base: pathToFileURL(`${root}/content/posts/`),
    generateId: ({ entry, data }) => (typeof data.id === 'string' ? data.id : postIdFromPath(`content/posts/${entry}`)),
  }),
  // The shared post schema, with media sources resolved by Astro's image pipeline.
  schema: ({ image }) => postSchema.extend({ media: z.array(mediaSchema.extend({ src: image() })).optional() }),
});

const netiquette = defineCollection({
  loader: glob({ pattern: 'netiquette.mdx', base: pathToFileURL(`${root}/content/`) }),
  schema: netiquetteSchema,
});

export const collections = { articles, netiquette };
