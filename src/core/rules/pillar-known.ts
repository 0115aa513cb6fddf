import type { PostRule } from './rule.ts';
import { closest } from '../text.ts';

export const pillarKnown: PostRule = {
  id: 'pillar/unknown',
  description: "A post's pillar is one the editorial line defines, so the mix can be measured.",
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const pillars = ctx.line?.pillars ?? [];
    if (pillars.length === 0) return [];
    const ids = pillars.map((p) => p.id);
    const pillar = post.data.pillar;
    if (pillar === undefined) {
      return [{ at: [], severity: 'warning', message: `no \`pillar\`: choose one of ${ids.join(', ')} so the pillar mix counts this post` }];
    }
    if (ids.includes(pillar)) return [];
    const suggestion = closest(pillar, ids);
    return [{ at: ['pillar'], message: `unknown pillar \`${pillar}\`${suggestion ? `; did you mean \`${suggestion}\`?` : `; expected one of ${ids.join(', ')}`}` }];
  },
};
