/**
 * RSS and Atom feeds (Google Alerts, Talkwalker Alerts, Alerti, review feeds), parsed by
 * @rowanmanning/feed-parser, which reads both formats into one model and tolerates the common breakage
 * of real feeds. A feed's URL comes from watch.mdx (`url`) or, when it is secret (Google Alerts), from
 * the variable it names (`urlEnv`); RSS_API_URL, when set, replaces the scheme and host of every feed
 * URL (a mirror, and the tests). Google's redirect links are unwrapped. In a review feed, the stars
 * written in an entry (4/5, ★★☆☆☆, 2 étoiles) outrank its text. One feed failing never stops the others.
 */
import { createHash } from 'node:crypto';
import type { RawMention } from '../../core/watch/mention.ts';
import { htmlToText } from '../../core/networks/html-text.ts';
import { excerpt } from '../../adapters/http/failures.ts';
import { SourceError, type SourceContext, type SourceResult, type WatchSourceAdapter } from './source.ts';

type Feed = NonNullable<NonNullable<SourceContext['config']['sources']['rss']>['feeds']>[number];

export interface FeedText {
  feed: Feed;
  /** Where it was read from, for messages (never a secret URL: the variable's name). */
  label: string;
  read: () => Promise<string>;
}

/** The mentions of one feed's XML; a SourceError naming the feed when it is not a feed. */
export async function feedMentions(xml: string, feed: Feed, label: string, nowMs: number): Promise<RawMention[]> {
  // Loaded on first use: a run whose feeds are not due does not pay for the XML parser.
  const { parseFeed } = await import('@rowanmanning/feed-parser');
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(xml);
  } catch (error) {
    const start = excerpt(xml, 60);
    throw new SourceError(`feed \`${feed.id}\` (${label}) is not an RSS or Atom feed: ${(error as Error).message}${start ? ` (it starts with "${start}")` : ' (it is empty)'}`);
  }
  const mentions: RawMention[] = [];
  for (const item of parsed.items) {
    const date = item.published ?? item.updated;
    const atMs = date ? new Date(date).getTime() : Number.NaN;
    if (Number.isNaN(atMs) || atMs > nowMs) continue;
    const url = unwrapRedirect(item.url ?? '');
    const title = htmlToText(item.title ?? '');
    const body = htmlToText(item.content ?? item.description ?? '');
    const text = [title, body].filter(Boolean).join(' — ');
    const host = safeHost(url);
    const rating = feed.kind === 'reviews' ? readStars(`${title} ${body}`) : undefined;
    mentions.push({
      network: feed.kind === 'reviews' ? 'reviews' : 'web',
      nativeId: `${feed.id}:${item.id ?? url}`,
      url: url || `${feed.id}:${item.id}`,
      createdAt: new Date(atMs).toISOString(),
      // A site, or a reviewer: the pseudonym of "who" is the feed's author field, else the site.
      authorId: `${feed.id}:${item.authors[0]?.name ?? host ?? 'unknown'}`,
      ...(item.authors[0]?.name ? { handle: item.authors[0].name } : {}),
      text,
      kind: feed.kind === 'reviews' ? 'review' : 'article',
      ...(rating !== undefined ? { rating } : {}),
      ...(feed.query ? { query: feed.query } : {}),
    });
  }
  return mentions;
}

export function rssSource(feeds: FeedText[]): WatchSourceAdapter {
  return {
    id: 'rss',
    via: 'network',
    async read(ctx: SourceContext): Promise<SourceResult> {
      const cursors = parseCursor(ctx.cursor);
      const next = { ...cursors };
      const mentions: RawMention[] = [];
      const errors: string[] = [];
      for (const source of feeds) {
        try {
          const xml = await source.read();
          // The cursor keeps the time of the last read and a digest of the feed: an unchanged feed has nothing new.
          const [since, digest] = (cursors[source.feed.id] ?? '').split('#');
          const current = createHash('sha256').update(xml).digest('hex').slice(0, 16);
          if (digest !== current) {
            const found = await feedMentions(xml, source.feed, source.label, ctx.nowMs);
            mentions.push(...found.filter((m) => !since || Date.parse(m.createdAt) > Date.parse(since) - 86_400_000));
          }
          // Moved only when the feed changed: an unchanged feed leaves nothing to commit.
          if (digest !== current) next[source.feed.id] = `${new Date(ctx.nowMs).toISOString()}#${current}`;
        } catch (error) {
          if (!(error instanceof SourceError)) throw error;
          errors.push(error.message);
        }
      }
      if (errors.length > 0 && errors.length === feeds.length) throw new SourceError(errors.join('; '));
      return { mentions, cursor: Object.keys(next).length ? JSON.stringify(next) : ctx.cursor, ...(errors.length ? { notes: errors } : {}) };
    },
  };
}

/** Feeds read over HTTP: the URL from watch.mdx or its variable, with RSS_API_URL's origin if set. */
export function httpFeeds(ctx: Pick<SourceContext, 'config' | 'env' | 'fetch'>): FeedText[] {
  const override = ctx.env.RSS_API_URL?.trim();
  return (ctx.config.sources.rss?.feeds ?? []).map((feed) => {
    const raw = feed.url ?? ctx.env[feed.urlEnv!]?.trim() ?? '';
    const label = feed.url ? new URL(feed.url).host : `$${feed.urlEnv}`;
    return {
      feed,
      label,
      read: async () => {
        if (!raw) throw new SourceError(`feed \`${feed.id}\`: ${feed.urlEnv} is not set (the feed's secret URL)`);
        const url = override ? withOrigin(raw, override) : raw;
        let response: Response;
        try {
          response = await (ctx.fetch ?? fetch)(url, { headers: { accept: 'application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5' }, signal: AbortSignal.timeout(20_000) });
        } catch (error) {
          throw new SourceError(`feed \`${feed.id}\` (${label}) cannot be reached: ${(error as Error).message}`);
        }
        const text = await response.text().catch(() => '');
        if (!response.ok) throw new SourceError(`feed \`${feed.id}\` (${label}) answered ${response.status}${response.status === 429 ? ' (rate limited; the next run tries again)' : response.status === 403 || response.status === 404 ? ' (is the feed URL still valid?)' : ''}`, response.status);
        return text;
      },
    };
  });
}

function withOrigin(url: string, origin: string): string {
  const target = new URL(url);
  const base = new URL(origin);
  return `${base.origin}${base.pathname.replace(/\/$/, '')}${target.pathname}${target.search}`;
}

/** Google Alerts wraps links: https://www.google.com/url?…&url=<the article>&… */
export function unwrapRedirect(url: string): string {
  try {
    const parsed = new URL(url);
    if (/(^|\.)google\.[a-z.]+$/.test(parsed.hostname) && parsed.pathname === '/url') return parsed.searchParams.get('url') ?? parsed.searchParams.get('q') ?? url;
  } catch {
    return url;
  }
  return url;
}

/** Stars written in a review: 4/5, 4,5/5, ★★★★☆, « 2 étoiles », "rated 3 out of 5". */
export function readStars(text: string): number | undefined {
  const filled = text.match(/★/g)?.length;
  if (filled && filled <= 5) return filled;
  const match = /(\d)(?:[.,]\d)?\s*(?:\/\s*5|sur\s*5|out of 5)|(\d)\s*(?:étoiles?|etoiles?|stars?)\b|\bnote\s*:?\s*(\d)\b/i.exec(text);
  const value = Number(match?.[1] ?? match?.[2] ?? match?.[3]);
  return value >= 1 && value <= 5 ? value : undefined;
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function parseCursor(cursor: string | undefined): Record<string, string> {
  try {
    return cursor ? (JSON.parse(cursor) as Record<string, string>) : {};
  } catch {
    return {};
  }
}
