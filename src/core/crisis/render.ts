/**
 * Holding statements rendered as posts (pure): `cadence crisis start` writes them on a branch and opens
 * a pull request; the `{variables}` given on the command line are filled in, the others stay as they
 * are so that lint (crisis/unfilled-variable) keeps the PR from merging half-written.
 */
import { stringify } from 'yaml';
import type { CrisisStatement } from '../schema/crisis.ts';

export interface RenderedStatement {
  file: string;
  content: string;
  statement: string;
  /** Variables still to fill in. */
  missing: string[];
}

export function fillVariables(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z][a-z0-9_]*)\}/g, (whole, name: string) => values[name] ?? whole);
}

export function renderStatement(statement: CrisisStatement, options: { crisis: string; publishAt: string; day: string; values: Readonly<Record<string, string>>; dir: string }): RenderedStatement {
  const fill = (text: string) => fillVariables(text, options.values);
  const variants = Object.fromEntries(Object.entries(statement.variants ?? {}).map(([channel, text]) => [channel, { text: fill(text!) }]));
  const frontmatter = {
    id: `${options.crisis}-${statement.id}`,
    title: fill(statement.title),
    publishAt: options.publishAt,
    channels: statement.channels,
    crisis: options.crisis,
    text: fill(statement.text.trim()),
    ...(Object.keys(variants).length ? { variants } : {}),
    status: 'ready',
  };
  const body = statement.body ? `\n${fill(statement.body.trim())}\n` : '';
  const missing = statement.variables.filter((name) => !(name in options.values));
  return { file: `${options.dir}/${options.day}-crise-${statement.id}.mdx`, content: `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n${body}`, statement: statement.id, missing };
}

/** `k=v` pairs of the command line. */
export function parseVariables(pairs: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--var must be name=value (got "${pair}")`);
    values[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return values;
}
