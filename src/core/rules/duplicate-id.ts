import type { CollectionRule } from './rule.ts';

export const duplicateId: CollectionRule = {
  id: 'post/duplicate-id',
  description: 'Post ids key the publication ledger: two posts with one id would publish as one.',
  severity: 'error',
  scope: 'collection',
  reach: () => ({ sameId: true }),
  check(posts, ctx) {
    const byId = new Map<string, string[]>();
    for (const post of posts) {
      const files = byId.get(post.id);
      if (files) files.push(post.file);
      else byId.set(post.id, [post.file]);
    }
    return posts.flatMap((post) => {
      if (ctx.targets && !ctx.targets.has(post.file)) return [];
      const others = byId.get(post.id)!.filter((file) => file !== post.file);
      if (others.length === 0) return [];
      return [{ file: post.file, finding: { at: ['id'], message: `post id \`${post.id}\` is also the id of ${others.join(', ')}; set a distinct \`id\`` } }];
    });
  },
};
