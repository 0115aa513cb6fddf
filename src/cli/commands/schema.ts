import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentJsonSchemas } from '../../core/json-schema.ts';
import { EXIT } from '../errors.ts';
import type { Io } from '../io.ts';
import { parseCommandArgs } from '../options.ts';

export const schemaHelp = `Usage: cadence schema [--out DIR] [--check]

Writes the JSON Schemas of the content model, converted from the zod schemas Cadence validates with:
  DIR/post.schema.json            frontmatter of content/posts/**/*.mdx
  DIR/editorial-line.schema.json  frontmatter of content/editorial-line.mdx
  DIR/netiquette.schema.json      frontmatter of content/netiquette.mdx
  DIR/watch.schema.json           frontmatter of content/watch.mdx
  DIR/crisis.schema.json          frontmatter of content/crisis.mdx
Editors use them to autocomplete and check frontmatter (see docs/editor-setup.md).

Options:
  --out <dir>   Where to write (default: schemas, relative to the current folder)
  --check       Write nothing; exit 1 if the files in DIR are missing or out of date (for CI)
  -h, --help    Show this help
`;

export async function schemaCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('schema', args, { out: { type: 'string' }, check: { type: 'boolean' } });
  if (values.help) {
    io.stdout(schemaHelp);
    return EXIT.ok;
  }
  const out = path.resolve(io.cwd, (values.out as string | undefined) ?? 'schemas');
  const stale: string[] = [];
  for (const [name, schema] of Object.entries(contentJsonSchemas())) {
    const file = path.join(out, `${name}.schema.json`);
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    if (values.check) {
      let current: string | undefined;
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        current = undefined;
      }
      if (current !== text) stale.push(path.relative(io.cwd, file));
      continue;
    }
    mkdirSync(out, { recursive: true });
    writeFileSync(file, text);
    io.stdout(`wrote ${displayPath(io.cwd, file)}\n`);
  }
  if (stale.length) {
    io.stderr(`out of date: ${stale.join(', ')}; run \`cadence schema\` and commit the result\n`);
    return EXIT.problems;
  }
  if (values.check) io.stdout('schemas are up to date\n');
  return EXIT.ok;
}

function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}
