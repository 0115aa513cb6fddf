import * as z from 'zod';
import { editorialLineSchema, netiquetteSchema, postSchema, watchSchema, crisisSchema } from './schema/index.ts';

/** The three content schemas as JSON Schema (zod 4's own conversion), for editors and other tools. */
export function contentJsonSchemas(): Record<string, object> {
  const convert = (schema: z.ZodType, title: string, description: string) => ({
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    title,
    description,
  });
  return {
    post: convert(postSchema, 'Cadence post', 'Frontmatter of a post: content/posts/**/*.mdx'),
    'editorial-line': convert(editorialLineSchema, 'Cadence editorial line', 'Frontmatter of content/editorial-line.mdx'),
    netiquette: convert(netiquetteSchema, 'Cadence netiquette', 'Frontmatter of content/netiquette.mdx'),
    watch: convert(watchSchema, 'Cadence watch', 'Frontmatter of content/watch.mdx'),
    crisis: convert(crisisSchema, 'Cadence crisis protocol', 'Frontmatter of content/crisis.mdx'),
  };
}
