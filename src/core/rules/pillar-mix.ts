import type { PostSummary } from '../summary.ts';
import type { CollectionRule } from './rule.ts';

/** Below this many posts in the window, shares swing too much to mean anything. */
const MIN_POSTS_IN_WINDOW = 6;

export const pillarMix: CollectionRule = {
  id: 'pillar/mix',
  description: "One pillar taking more than its maximum share of the recent posts unbalances the editorial line.",
  severity: 'warning',
  scope: 'collection',
  check(posts, ctx) {
    const line = ctx.line;
    if (!line || line.pillars.length === 0) return [];
    const maxShare = new Map(line.pillars.filter((p) => p.max !== undefined).map((p) => [p.id, p.max!]));
    if (maxShare.size === 0) return [];
    const windowMs = line.mixWindowDays * 86_400_000;
    const timeline = posts
      .filter((p) => p.status === 'ready' && p.pillar !== undefined)
      .map((p) => ({ post: p, at: firstTime(p) }))
      .filter((p): p is { post: PostSummary; at: number } => p.at !== undefined)
      .sort((a, b) => a.at - b.at);

    const findings: ReturnType<CollectionRule['check']> = [];
    const counts = new Map<string, number>();
    let start = 0;
    for (let end = 0; end < timeline.length; end++) {
      const current = timeline[end]!;
      counts.set(current.post.pillar!, (counts.get(current.post.pillar!) ?? 0) + 1);
      while (timeline[start]!.at <= current.at - windowMs) {
        const leaving = timeline[start]!.post.pillar!;
        counts.set(leaving, counts.get(leaving)! - 1);
        start++;
      }
      const total = end - start + 1;
      const pillar = current.post.pillar!;
      const max = maxShare.get(pillar);
      if (max === undefined || total < MIN_POSTS_IN_WINDOW) continue;
      const share = (counts.get(pillar)! / total) * 100;
      if (share <= max) continue;
      findings.push({
        file: current.post.file,
        finding: {
          at: ['pillar'],
          message: `pillar \`${pillar}\` reaches ${Math.round(share)}% of the ${total} posts in the ${line.mixWindowDays} days up to this one (max ${max}%)`,
        },
      });
    }
    return findings;
  },
};

function firstTime(post: PostSummary): number | undefined {
  const times = post.slots.map((s) => s.publishAtMs).filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}
