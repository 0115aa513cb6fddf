/**
 * X recent search (last 7 days), opt-in: every post read is billed, so watch.mdx must enable it and
 * gives a read budget per run and per month; the run stops asking when it is spent. One query joins the
 * terms with OR (X bills posts, not requests). Links are handle-free (x.com/i/web/status/<id>).
 * X_BEARER_TOKEN (app-only); X_API_URL (https://api.x.com).
 */
import type { RawMention } from '../../core/watch/mention.ts';
import { apiBase, getJson, SourceError, termsFor, type SourceContext, type SourceResult, type WatchSourceAdapter } from './source.ts';

interface Tweet {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
  lang?: string;
  in_reply_to_user_id?: string;
}

export function xSource(): WatchSourceAdapter {
  return {
    id: 'x',
    via: 'network',
    async read(ctx: SourceContext): Promise<SourceResult> {
      const settings = ctx.config.sources.x!;
      const budget = Math.min(settings.maxReadsPerRun, ctx.readsLeft ?? settings.maxReadsPerMonth);
      if (budget < 10) return { mentions: [], cursor: ctx.cursor, notes: ['the monthly read budget is spent: X is not read until next month'] };
      const api = apiBase(ctx.env, 'X_API_URL', 'https://api.x.com');
      const terms = termsFor(ctx.config, 'x');
      const query = `(${terms.map((t) => t.term).join(' OR ')}) -is:retweet`;
      if (query.length > 512) throw new SourceError(`X search query is ${query.length} characters, over X's 512: list fewer terms for x in watch.mdx`);
      const params = new URLSearchParams({ query, max_results: String(Math.max(10, Math.min(100, budget))), 'tweet.fields': 'created_at,lang,author_id,in_reply_to_user_id', expansions: 'author_id', 'user.fields': 'public_metrics,username' });
      if (ctx.cursor) params.set('since_id', ctx.cursor);
      const { body } = await getJson<{ data?: Tweet[]; includes?: { users?: { id: string; username?: string; public_metrics?: { followers_count?: number } }[] }; meta?: { newest_id?: string; result_count?: number; next_token?: string } }>(
        `${api}/2/tweets/search/recent?${params}`,
        { headers: { authorization: `Bearer ${ctx.env.X_BEARER_TOKEN!.trim()}` }, what: 'X search/recent', describe: (b) => (b as { detail?: string; title?: string })?.detail ?? (b as { title?: string })?.title, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) },
      );
      const users = new Map((body.includes?.users ?? []).map((u) => [u.id, u]));
      const tweets = body.data ?? [];
      const mentions: RawMention[] = tweets
        .filter((t) => Date.parse(t.created_at) <= ctx.nowMs)
        .map((t) => ({
          network: 'x',
          nativeId: t.id,
          url: `https://x.com/i/web/status/${t.id}`,
          createdAt: new Date(Date.parse(t.created_at)).toISOString(),
          authorId: t.author_id,
          ...(users.get(t.author_id)?.username ? { handle: `@${users.get(t.author_id)!.username}` } : {}),
          text: t.text,
          ...(t.lang ? { lang: t.lang } : {}),
          kind: t.in_reply_to_user_id ? ('reply' as const) : ('post' as const),
          reach: users.get(t.author_id)?.public_metrics?.followers_count ?? 0,
        }));
      // More than one page: the next run reads on from the old cursor (since_id), nothing is skipped.
      const complete = !body.meta?.next_token;
      return { mentions, cursor: complete ? (body.meta?.newest_id ?? ctx.cursor) : ctx.cursor, reads: tweets.length, ...(complete ? {} : { notes: ['more posts than the read budget: the next run reads on'] }) };
    },
  };
}
