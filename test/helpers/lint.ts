import { lint } from '../../src/core/lint.ts';
import type { MediaInfo } from '../../src/core/model.ts';
import type { Rule } from '../../src/core/rules/rule.ts';
import { toDocument } from '../../src/content/repository.ts';
import { editorialLine, mdx } from './brand.ts';

export const NOW = Date.parse('2026-11-21T12:00:00+01:00');

/** Lints in memory: posts as `{path: frontmatter}` (or raw source), with the given rules only. */
export function lintPosts(
  posts: Record<string, Record<string, unknown> | string>,
  options: { rules: readonly Rule[]; line?: Record<string, unknown>; nowMs?: number; media?: Map<string, MediaInfo>; bodies?: Record<string, string> },
) {
  const docs = Object.entries(posts).map(([file, post]) =>
    toDocument(file, typeof post === 'string' ? post : mdx(post, options.bodies?.[file] ?? '')),
  );
  return lint({
    posts: docs,
    editorialLine: toDocument('content/editorial-line.mdx', mdx(options.line ?? editorialLine())),
    rules: options.rules,
    nowMs: options.nowMs ?? NOW,
    media: options.media ?? new Map(),
  }).diagnostics;
}
