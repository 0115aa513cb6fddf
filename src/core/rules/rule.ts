import type { Finding } from '../diagnostics.ts';
import type { LintContext, PostDoc } from '../model.ts';
import type { Severity } from '../diagnostics.ts';

interface RuleBase {
  /** Stable id, `area/name`, printed with every diagnostic and usable to look the rule up in docs/rules.md. */
  id: string;
  /** One sentence: what the rule protects against. */
  description: string;
  /** Severity of its findings unless a finding says otherwise. */
  severity: Severity;
}

/** A rule that looks at one post at a time. */
export interface PostRule extends RuleBase {
  scope: 'post';
  check(post: PostDoc, ctx: LintContext): Finding[];
}

/** A rule that needs every post at once (cadence, duplicates, pillar mix). */
export interface CollectionRule extends RuleBase {
  scope: 'collection';
  check(posts: readonly PostDoc[], ctx: LintContext): { post: PostDoc; finding: Finding }[];
}

export type Rule = PostRule | CollectionRule;
