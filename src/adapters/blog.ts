/**
 * The brand's own blog: nothing to call. The Astro site shows a post once its time has passed and the
 * site is rebuilt, so "publishing" records the article URL in the ledger and asks for a deploy
 * (`deploy-site=true` in GITHUB_OUTPUT). A retraction is honoured by the next build (retracted posts are
 * not rendered), so deleting only needs the deploy too.
 */
import type { Adapter } from './adapter.ts';

export function blogAdapter(siteUrl: string | undefined): Adapter {
  const base = siteUrl?.replace(/\/+$/, '');
  return {
    name: 'site',
    channel: 'blog',
    render: (publication) => [publication.title],
    async publish(publication) {
      return { ok: true, remoteId: publication.postId, ...(base ? { url: `${base}/blog/${publication.postId}/` } : {}) };
    },
    async lookup(publication) {
      return { found: true, remoteId: publication.postId, ...(base ? { url: `${base}/blog/${publication.postId}/` } : {}) };
    },
    async delete() {
      return { ok: true };
    },
  };
}
