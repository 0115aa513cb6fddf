import type { Finding, Severity } from '../diagnostics.ts';
import type { LintContext, PostDoc } from '../model.ts';
import type { PostSummary } from '../summary.ts';

interface RuleBase {
  /** Stable id, `area/name`, printed with every diagnostic and listed in docs/rules.md. */
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

/**
 * Which other posts can change a collection rule's verdict on a post: those published within `ms` of one
 * of its times (either side), and those with one of its texts or its id.
 */
export interface Reach {
  ms?: number;
  sameText?: boolean;
  sameId?: boolean;
}

/**
 * A rule that needs every post at once (cadence, duplicates, pillar mix). It sees compact summaries,
 * which the edge can cache, so that linting one file does not mean re-reading the whole repository.
 */
export interface CollectionRule extends RuleBase {
  scope: 'collection';
  check(posts: readonly PostSummary[], ctx: LintContext): { file: string; finding: Finding }[];
  /**
   * Its reach (see Reach). A run that reports on a few posts then hands it only the posts within reach
   * of those: the verdict on them must not change. Without it, every post is handed over.
   */
  reach?(ctx: LintContext): Reach;
}

export type Rule = PostRule | CollectionRule;
