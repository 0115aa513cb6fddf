import { pathToFileURL } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { editorialLineSchema } from '../../../src/core/schema/index.ts';
import { contentRoot } from '../../../src/site/env.ts';

// The editorial line, validated by the shared schema; its body is rendered on the /line/ page.
// Posts are read through src/site/content.ts (same parser and schema as the CLI) for the calendar model.
const line = defineCollection({
  loader: glob({ pattern: 'editorial-line.mdx', base: pathToFileURL(`${contentRoot()}/content/`) }),
  schema: editorialLineSchema,
});

export const collections = { line };
