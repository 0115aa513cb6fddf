/**
 * YouTube video search (search.list, order=date, publishedAfter the cursor) with an API key. A search
 * costs 100 quota units of the 10,000 a day: watch.mdx polls it every two hours by default. Comments
 * cannot be searched site-wide. YOUTUBE_API_KEY; YOUTUBE_API_URL (https://www.googleapis.com/youtube/v3).
 */
import type { RawMention } from '../../core/watch/mention.ts';
import { apiBase, getJson, newest, SourceError, termsFor, type SourceContext, type SourceResult, type WatchSourceAdapter } from './source.ts';

interface SearchItem {
  id: { videoId?: string };
  snippet: { publishedAt: string; channelId: string; channelTitle?: string; title?: string; description?: string };
}

export function youtubeSource(): WatchSourceAdapter {
  return {
    id: 'youtube',
    via: 'network',
    async read(ctx: SourceContext): Promise<SourceResult> {
      const api = apiBase(ctx.env, 'YOUTUBE_API_URL', 'https://www.googleapis.com/youtube/v3');
      const after = ctx.cursor ? new Date(Date.parse(ctx.cursor) - 3_600_000).toISOString() : new Date(ctx.nowMs - 7 * 86_400_000).toISOString();
      const mentions: RawMention[] = [];
      for (const { query, term } of termsFor(ctx.config, 'youtube')) {
        const params = new URLSearchParams({ part: 'snippet', type: 'video', order: 'date', maxResults: '50', q: term, publishedAfter: after, relevanceLanguage: 'fr', key: ctx.env.YOUTUBE_API_KEY!.trim() });
        // The key is a query parameter: messages name the call, never the URL.
        const { body } = await getJson<{ items?: SearchItem[] }>(`${api}/search?${params}`, { what: `YouTube search "${term}"`, describe: (b) => (b as { error?: { message?: string } })?.error?.message, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) });
        if (!Array.isArray(body.items)) throw new SourceError(`YouTube search "${term}": the answer has no items`);
        for (const item of body.items) {
          const id = item.id.videoId;
          if (!id || Date.parse(item.snippet.publishedAt) > ctx.nowMs) continue;
          mentions.push({
            network: 'youtube',
            nativeId: id,
            url: `https://www.youtube.com/watch?v=${id}`,
            createdAt: new Date(Date.parse(item.snippet.publishedAt)).toISOString(),
            authorId: item.snippet.channelId,
            ...(item.snippet.channelTitle ? { handle: item.snippet.channelTitle } : {}),
            text: [item.snippet.title, item.snippet.description].filter(Boolean).join(' — '),
            kind: 'video',
            query,
          });
        }
      }
      // The newest video read (reading nothing new leaves the cursor where it was: nothing to commit).
      return { mentions, cursor: newest(mentions.map((m) => m.createdAt), ctx.cursor) };
    },
  };
}
