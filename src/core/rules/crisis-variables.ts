import type { Finding } from '../diagnostics.ts';
import type { FieldPath } from '../diagnostics.ts';
import type { PostRule } from './rule.ts';

const VARIABLE = /\{([a-z][a-z0-9_]*)\}/g;

/**
 * A holding statement rendered by `cadence crisis start` keeps the `{variables}` nobody filled in yet:
 * it must not merge (nor publish) half-written.
 */
export const crisisUnfilledVariable: PostRule = {
  id: 'crisis/unfilled-variable',
  description: 'A crisis statement still has a {variable} to fill in: it cannot merge or publish half-written.',
  severity: 'error',
  scope: 'post',
  check(post) {
    if (post.data.crisis === undefined) return [];
    const texts: [string | undefined, FieldPath][] = [
      [post.data.title, ['title']],
      [post.data.text, ['text']],
      ...Object.entries(post.data.variants ?? {}).map(([channel, v]): [string | undefined, FieldPath] => [v?.text, ['variants', channel, 'text']]),
      ...(post.data.thread ?? []).map((part, i): [string | undefined, FieldPath] => [part.text, ['thread', i, 'text']]),
    ];
    const findings: Finding[] = [];
    for (const [text, at] of texts) {
      const names = [...new Set([...(text ?? '').matchAll(VARIABLE)].map((m) => m[1]!))];
      if (names.length) findings.push({ at, message: `fill in ${names.map((n) => `{${n}}`).join(', ')} before this statement can go out` });
    }
    const inBody = [...new Set([...post.body.matchAll(VARIABLE)].map((m) => m[1]!))];
    if (inBody.length) findings.push({ at: { line: post.bodyLine, column: 1 }, message: `the article still has ${inBody.map((n) => `{${n}}`).join(', ')} to fill in` });
    return findings;
  },
};
