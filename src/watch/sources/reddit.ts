/**
 * Reddit search (newest first) with an app-only OAuth token (a "script" app's client credentials):
 * site-wide, or in the subreddits listed in watch.mdx. Links are permalinks (no user name); the author is
 * pseudonymised from its account id. The cursor is the newest `created_utc` read; it moves only when a
 * search reached back to it. REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET; REDDIT_API_URL (oauth.reddit.com)
 * and REDDIT_AUTH_URL (www.reddit.com, for the token).
 */
import type { RawMention } from '../../core/watch/mention.ts';
import { apiBase, getJson, newest, SourceError, termsFor, type SourceContext, type SourceResult, type WatchSourceAdapter } from './source.ts';

interface Child {
  kind: string;
  data: { name: string; id: string; title?: string; selftext?: string; body?: string; created_utc: number; author_fullname?: string; author?: string; permalink: string; score?: number; num_comments?: number };
}

const USER_AGENT = 'cadence-watch/0.1 (brand mention watch)';

export function redditSource(): WatchSourceAdapter {
  return {
    id: 'reddit',
    via: 'network',
    async read(ctx: SourceContext): Promise<SourceResult> {
      const api = apiBase(ctx.env, 'REDDIT_API_URL', 'https://oauth.reddit.com');
      const auth = apiBase(ctx.env, 'REDDIT_AUTH_URL', 'https://www.reddit.com');
      const basic = Buffer.from(`${ctx.env.REDDIT_CLIENT_ID!.trim()}:${ctx.env.REDDIT_CLIENT_SECRET!.trim()}`).toString('base64');
      const token = await getJson<{ access_token?: string }>(`${auth}/api/v1/access_token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
        body: 'grant_type=client_credentials',
        what: 'Reddit access_token',
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      });
      if (!token.body.access_token) throw new SourceError('Reddit access_token: no token in the answer');
      const headers = { authorization: `Bearer ${token.body.access_token}`, 'user-agent': USER_AGENT };
      const since = ctx.cursor ? Date.parse(ctx.cursor) / 1000 - 3600 : ctx.nowMs / 1000 - 7 * 86_400;
      const subreddits = ctx.config.sources.reddit?.subreddits ?? [];
      const places = subreddits.length ? subreddits.map((s) => `/r/${s}/search`) : ['/search'];
      const mentions: RawMention[] = [];
      for (const { query, term } of termsFor(ctx.config, 'reddit')) {
        for (const place of places) {
          const params = new URLSearchParams({ q: term, sort: 'new', t: 'week', limit: '100', type: 'link', ...(place !== '/search' ? { restrict_sr: '1' } : {}) });
          const { body } = await getJson<{ data?: { children?: Child[] } }>(`${api}${place}?${params}`, { headers, what: `Reddit ${place} "${term}"`, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) });
          const children = body.data?.children;
          if (!Array.isArray(children)) throw new SourceError(`Reddit ${place} "${term}": the answer has no listing`);
          for (const { data } of children) {
            if (data.created_utc < since || data.created_utc * 1000 > ctx.nowMs) continue;
            mentions.push({
              network: 'reddit',
              nativeId: data.name,
              url: `https://www.reddit.com${data.permalink}`,
              createdAt: new Date(data.created_utc * 1000).toISOString(),
              authorId: data.author_fullname ?? data.author ?? 'deleted',
              ...(data.author ? { handle: `u/${data.author}` } : {}),
              text: [data.title, data.selftext ?? data.body].filter(Boolean).join(' — '),
              kind: data.title ? 'post' : 'reply',
              reach: (data.score ?? 0) + (data.num_comments ?? 0),
              query,
            });
          }
        }
      }
      // The newest post read (reading nothing new leaves the cursor where it was: nothing to commit).
      return { mentions, cursor: newest(mentions.map((m) => m.createdAt), ctx.cursor) };
    },
  };
}
