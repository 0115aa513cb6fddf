import { defineCollection } from 'astro:content';
import { crisisSchema, editorialLineSchema } from '../../../src/core/schema/index.ts';
import { EDITORIAL_LINE_FILE } from '../../../src/content/paths.ts';
import { CRISIS_FILE } from '../../../src/crisis/paths.ts';
import { documentLoader } from '../../../src/site/document-loader.ts';
import { contentRoot } from '../../../src/site/env.ts';

// The editorial line, validated by the shared schema; its body is rendered (and sanitized) on the /line/ page.
// Posts are read through src/site/content.ts (same parser and schema as the CLI) for the calendar model.
const line = defineCollection({
  loader: documentLoader({ root: contentRoot(), file: EDITORIAL_LINE_FILE, id: 'editorial-line' }),
  schema: editorialLineSchema,
});

// The crisis protocol's manual (content/crisis.mdx), shown on /crise: internal only, never on the blog.
const crisis = defineCollection({
  loader: documentLoader({ root: contentRoot(), file: CRISIS_FILE, id: 'crisis' }),
  schema: crisisSchema,
});

export const collections = { line, crisis };
