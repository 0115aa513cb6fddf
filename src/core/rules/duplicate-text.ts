import type { CollectionRule } from './rule.ts';

export const duplicateText: CollectionRule = {
  id: 'text/duplicate',
  description: 'The same text twice on a channel looks like spam to followers, and X refuses it as duplicate content.',
  severity: 'error',
  scope: 'collection',
  check(posts) {
    const firstUse = new Map<string, { file: string; title: string }>();
    const findings: ReturnType<CollectionRule['check']> = [];
    const ordered = posts.filter((p) => p.status !== 'draft').toSorted((a, b) => a.file.localeCompare(b.file));
    for (const post of ordered) {
      for (const slot of post.slots) {
        if (slot.textKey === undefined) continue;
        const key = `${slot.channel}\u0000${slot.textKey}`;
        const first = firstUse.get(key);
        if (!first) firstUse.set(key, { file: post.file, title: post.title });
        else if (first.file !== post.file) {
          findings.push({
            file: post.file,
            finding: { at: slot.textPath, channel: slot.channel, message: `the same ${slot.channel} text as "${first.title}" (${first.file}); write it differently` },
          });
        }
      }
    }
    return findings;
  },
};
