import { pathToFileURL } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { crisisSchema, editorialLineSchema } from '../../../src/core/schema/index.ts';
import { contentRoot } from '../../../src/site/env.ts';

// The editorial line, validated by the shared schema; its body is rendered on the /line/ page.
// Posts are read through src/site/content.ts (same parser and schema as the CLI) for the calendar model.
const line = defineCollection({
  loader: glob({ pattern: 'editorial-line.mdx', base: pathToFileURL(`${contentRoot()}/content/`) }),
  schema: editorialLineSchema,
});

// The crisis protocol's manual (content/crisis.mdx), shown on /crise: internal only, never on the blog.
const crisis = defineCollection({
  loader: glob({ pattern: 'crisis.mdx', base: pathToFileURL(`${contentRoot()}/content/`) }),
  schema: crisisSchema,
});

export const collections = { line, crisis };
