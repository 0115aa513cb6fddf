import type { PostSummary } from '../summary.ts';
import type { CollectionRule } from './rule.ts';

/** Below this many posts in the window, shares swing too much to mean anything. */
const MIN_POSTS_IN_WINDOW = 6;

export const pillarMix: CollectionRule = {
  id: 'pillar/mix',
  description: 'One pillar taking more than its maximum share of the recent posts unbalances the editorial line.',
  severity: 'warning',
  scope: 'collection',
  reach: (ctx) => ({ ms: (ctx.line?.mixWindowDays ?? 0) * 86_400_000 }),
  check(posts, ctx) {
    const line = ctx.line;
    if (!line || line.pillars.length === 0) return [];
    const maxShare = new Map(line.pillars.filter((p) => p.max !== undefined).map((p) => [p.id, p.max!]));
    if (maxShare.size === 0) return [];
    const windowMs = line.mixWindowDays * 86_400_000;
    const timeline = posts
      .filter((p) => p.status === 'ready' && p.pillar !== undefined)
      .map((post) => ({ post, at: firstTime(post) }))
      .filter((p): p is { post: PostSummary; at: number } => p.at !== undefined)
      .sort((a, b) => a.at - b.at || (a.post.file < b.post.file ? -1 : 1));

    // Running counts per pillar, so any window's counts are two subtractions away.
    const pillars = [...new Set(timeline.map((t) => t.post.pillar!))];
    const prefix = new Map(pillars.map((p) => [p, new Int32Array(timeline.length + 1)]));
    timeline.forEach((item, i) => {
      for (const [pillar, counts] of prefix) counts[i + 1] = counts[i]! + (item.post.pillar === pillar ? 1 : 0);
    });

    const findings: ReturnType<CollectionRule['check']> = [];
    let start = 0;
    for (let end = 0; end < timeline.length; end++) {
      const current = timeline[end]!;
      while (timeline[start]!.at <= current.at - windowMs) start++;
      if (ctx.targets && !ctx.targets.has(current.post.file)) continue;
      const pillar = current.post.pillar!;
      const max = maxShare.get(pillar);
      const total = end - start + 1;
      if (max === undefined || total < MIN_POSTS_IN_WINDOW) continue;
      const counts = prefix.get(pillar)!;
      const share = ((counts[end + 1]! - counts[start]!) / total) * 100;
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
  let first: number | undefined;
  for (const slot of post.slots) if (slot.publishAtMs !== undefined && (first === undefined || slot.publishAtMs < first)) first = slot.publishAtMs;
  return first;
}
