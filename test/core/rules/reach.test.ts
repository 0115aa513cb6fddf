import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/generate.ts';
import type { ChannelId } from '../../../src/core/channels.ts';
import { compareDiagnostics } from '../../../src/core/diagnostics.ts';
import { runCollectionRules } from '../../../src/core/lint.ts';
import { allRules } from '../../../src/core/rules/all.ts';
import { isRelevant, relevanceOf, withinReach } from '../../../src/core/rules/reach.ts';
import type { Rule } from '../../../src/core/rules/rule.ts';
import { editorialLineSchema } from '../../../src/core/schema/index.ts';
import type { PostSummary } from '../../../src/core/summary.ts';
import { editorialLine } from '../../helpers/brand.ts';

const line = editorialLineSchema.parse(editorialLine({ mixWindowDays: 10, pillars: [
  { id: 'coulisses', label: 'Coulisses', target: 40, max: 45 },
  { id: 'produits', label: 'Produits', target: 40, max: 45 },
  { id: 'savoir-faire', label: 'Savoir-faire', target: 20, max: 25 },
] }));
const CHANNELS: ChannelId[] = ['mastodon', 'bluesky', 'instagram', 'linkedin', 'blog'];
const START = Date.UTC(2027, 2, 20); // across the spring DST change in Paris

/** Dense, colliding summaries: shared minutes, shared texts, shared ids, every status and pillar. */
function randomSummaries(seed: number, count: number): PostSummary[] {
  const random = mulberry32(seed);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i): PostSummary => {
    const file = `content/posts/${String(i).padStart(4, '0')}.mdx`;
    const base = START + Math.floor(random() * 40) * 86_400_000 + pick([9, 10, 12, 18, 21]) * 3_600_000 + pick([0, 0, 15, 30, 59]) * 60_000;
    const channels = CHANNELS.filter(() => random() < 0.5);
    return {
      file,
      id: random() < 0.03 ? 'meme-id' : file.slice(14, -4),
      title: `Post ${i}`,
      status: pick(['ready', 'ready', 'ready', 'ready', 'draft', 'retracted'] as const),
      pillar: pick(['coulisses', 'produits', 'savoir-faire', undefined]),
      slots: (channels.length ? channels : ['mastodon' as const]).map((channel) => ({
        channel,
        publishAtMs: random() < 0.05 ? undefined : base + (random() < 0.2 ? pick([-90, 45, 600]) * 60_000 : 0),
        publishAtPath: ['publishAt'],
        textKey: channel === 'blog' ? undefined : `t${Math.floor(random() * 60)}`,
        textPath: ['text'],
      })),
    };
  });
}

const collectionRules = allRules.filter((r) => r.scope === 'collection');
const lintTargets = (rules: readonly Rule[], targets: PostSummary[], others: PostSummary[]) =>
  runCollectionRules({ line, netiquette: undefined }, { rules, nowMs: START + 15 * 86_400_000, media: new Map(), targets, otherSummaries: others }, () => () => ({ line: 1, column: 1 })).sort(
    compareDiagnostics,
  );

describe('the reach of collection rules', () => {
  it('is declared by every collection rule', () => {
    expect(collectionRules.length).toBeGreaterThanOrEqual(7);
    expect(collectionRules.filter((r) => !r.reach).map((r) => r.id)).toEqual([]);
  });

  // Rule by rule: together, the widest reach would hide a rule that reaches too short.
  it.each(collectionRules.map((rule) => [rule.id, rule] as const))('%s: the verdict on a post is the same with only the posts within reach', (_, rule) => {
    let findings = 0;
    for (const seed of [1, 2]) {
      const posts = randomSummaries(seed, 600);
      const all = lintTargets([rule], posts, []);
      findings += all.length;
      for (let i = 0; i < posts.length; i += 2) {
        const targets = [...new Set(i % 4 ? [posts[i]!] : [posts[i]!, posts[(i * 7) % posts.length]!])];
        const files = new Set(targets.map((t) => t.file));
        const others = posts.filter((p) => !files.has(p.file));
        const relevance = relevanceOf([rule], { line, nowMs: 0, media: new Map() }, targets)!;
        expect(lintTargets([rule], targets, others.filter((p) => isRelevant(relevance, p)))).toEqual(all.filter((d) => files.has(d.file)));
      }
    }
    // Each rule has something to say about these posts, or the comparison would prove nothing.
    expect(findings).toBeGreaterThan(5);
  });

  it('leaves most posts out of a one-post run', () => {
    const posts = randomSummaries(4, 600);
    const relevance = relevanceOf(allRules, { line, nowMs: 0, media: new Map() }, [posts[0]!])!;
    expect(posts.filter((p) => isRelevant(relevance, p)).length).toBeLessThan(450);
  });

  it('finds instants in merged intervals', () => {
    const relevance = relevanceOf(allRules, { line, nowMs: 0, media: new Map() }, randomSummaries(9, 3))!;
    for (const [from, to] of relevance.intervals) {
      expect(withinReach(relevance, from)).toBe(true);
      expect(withinReach(relevance, to)).toBe(true);
      expect(withinReach(relevance, from - 1)).toBe(relevance.intervals.some(([a, b]) => a <= from - 1 && from - 1 <= b));
    }
    expect(relevance.intervals.every(([, to], i, all) => i === 0 || all[i - 1]![1] < all[i]![0]! || to < 0)).toBe(true);
  });
});
