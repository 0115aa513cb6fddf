import type { CollectionRule } from './rule.ts';

export const duplicateText: CollectionRule = {
  id: 'text/duplicate',
  description: 'The same text twice on a channel looks like spam to followers, and X refuses it as duplicate content.',
  severity: 'error',
  scope: 'collection',
  reach: () => ({ sameText: true }),
  check(posts, ctx) {
    // The first file (in path order) to use a text on a channel keeps it; later ones are reported.
    const firstUse = new Map<string, { file: string; title: string }>();
    for (const post of posts) {
      if (post.status === 'draft') continue;
      for (const slot of post.slots) {
        if (slot.textKey === undefined) continue;
        const key = `${slot.channel}\u0000${slot.textKey}`;
        const first = firstUse.get(key);
        if (!first || post.file < first.file) firstUse.set(key, { file: post.file, title: post.title });
      }
    }
    const findings: ReturnType<CollectionRule['check']> = [];
    for (const post of posts) {
      if (post.status === 'draft' || (ctx.targets && !ctx.targets.has(post.file))) continue;
      for (const slot of post.slots) {
        if (slot.textKey === undefined) continue;
        const first = firstUse.get(`${slot.channel}\u0000${slot.textKey}`)!;
        if (first.file === post.file) continue;
        findings.push({
          file: post.file,
          finding: { at: slot.textPath, channel: slot.channel, message: `the same ${slot.channel} text as "${first.title}" (${first.file}); write it differently` },
        });
      }
    }
    return findings;
  },
};
