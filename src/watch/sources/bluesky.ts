/**
 * Bluesky post search (app.bsky.feed.searchPosts, sort=latest) with an app-password session: the
 * public AppView refuses most unauthenticated searches (research note §1.2). One search per term since
 * the cursor (minus an hour: posts are indexed late), paged with `until` rather than `cursor`, up to
 * MAX_PAGES; the cursor moves only when every search reached back to it.
 * BLUESKY_IDENTIFIER, BLUESKY_APP_PASSWORD, BLUESKY_API_URL (the PDS, which proxies the search).
 */
import { bskyAppUrl, DEFAULT_BLUESKY_API_URL } from '../../core/networks/bluesky-uri.ts';
import type { RawMention } from '../../core/watch/mention.ts';
import { apiBase, getJson, newest, SourceError, termsFor, type SourceContext, type SourceResult, type WatchSourceAdapter } from './source.ts';

const PAGE = 100;
const MAX_PAGES = 3;
const OVERLAP_MS = 3_600_000;

interface PostView {
  uri: string;
  author: { did: string; handle?: string };
  record: { text?: string; createdAt?: string; langs?: string[]; reply?: unknown };
  indexedAt: string;
  likeCount?: number;
  repostCount?: number;
  replyCount?: number;
  quoteCount?: number;
}

export function blueskySource(): WatchSourceAdapter {
  return {
    id: 'bluesky',
    via: 'network',
    async read(ctx: SourceContext): Promise<SourceResult> {
      const base = apiBase(ctx.env, 'BLUESKY_API_URL', DEFAULT_BLUESKY_API_URL);
      const session = await getJson<{ accessJwt?: string }>(`${base}/xrpc/com.atproto.server.createSession`, {
        method: 'POST',
        json: { identifier: ctx.env.BLUESKY_IDENTIFIER!.trim().replace(/^@/, ''), password: ctx.env.BLUESKY_APP_PASSWORD!.trim() },
        what: 'Bluesky createSession',
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      });
      if (!session.body.accessJwt) throw new SourceError('Bluesky createSession: no access token in the answer');
      const headers = { authorization: `Bearer ${session.body.accessJwt}` };
      const since = ctx.cursor ? new Date(Date.parse(ctx.cursor) - OVERLAP_MS).toISOString() : new Date(ctx.nowMs - 7 * 86_400_000).toISOString();
      const mentions: RawMention[] = [];
      let complete = true;
      for (const { query, term } of termsFor(ctx.config, 'bluesky')) {
        let until = new Date(ctx.nowMs).toISOString();
        for (let page = 0; ; page++) {
          const params = new URLSearchParams({ q: term, sort: 'latest', limit: String(PAGE), since, until });
          const { body } = await getJson<{ posts?: PostView[] }>(`${base}/xrpc/app.bsky.feed.searchPosts?${params}`, { headers, what: `Bluesky searchPosts "${term}"`, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) });
          if (!Array.isArray(body.posts)) throw new SourceError(`Bluesky searchPosts "${term}": the answer has no posts list`);
          for (const post of body.posts) {
            const createdAt = post.record.createdAt ?? post.indexedAt;
            if (Date.parse(createdAt) > ctx.nowMs) continue;
            mentions.push({
              network: 'bluesky',
              nativeId: post.uri,
              url: bskyAppUrl(post.uri),
              createdAt: new Date(Date.parse(createdAt)).toISOString(),
              authorId: post.author.did,
              ...(post.author.handle ? { handle: post.author.handle } : {}),
              text: post.record.text ?? '',
              ...(post.record.langs?.[0] ? { lang: post.record.langs[0] } : {}),
              kind: post.record.reply ? 'reply' : 'post',
              reach: (post.likeCount ?? 0) + (post.repostCount ?? 0) + (post.quoteCount ?? 0) + (post.replyCount ?? 0),
              query,
            });
          }
          if (body.posts.length < PAGE) break;
          if (page + 1 >= MAX_PAGES) {
            complete = false;
            break;
          }
          until = body.posts.map((p) => p.indexedAt).sort()[0]!;
        }
      }
      // The cursor is the newest post read: reading nothing new leaves it where it was (nothing to commit).
      return { mentions, cursor: complete ? newest(mentions.map((m) => m.createdAt), ctx.cursor) : undefined, ...(complete ? {} : { notes: ['more results than 3 pages for a term: the next run reads on from the same point'] }) };
    },
  };
}
