/**
 * Which adapter reads a source: the network's when its credentials are in the environment, the samples
 * when none are. As for publishing (src/adapters/select.ts): half a set of credentials is an error, and
 * on a GitHub runner a source without credentials is an error unless CADENCE_OUTBOX=1 (a rehearsal):
 * there, samples would pass for the brand's real mentions.
 */
import type { WatchConfig, WatchSource } from '../../core/schema/watch.ts';
import { blueskySource } from './bluesky.ts';
import { mastodonSource } from './mastodon.ts';
import { redditSource } from './reddit.ts';
import { httpFeeds, rssSource, type FeedText } from './rss.ts';
import { readSampleFeed, sampleSource } from './sample.ts';
import type { WatchSourceAdapter } from './source.ts';
import { xSource } from './x.ts';
import { youtubeSource } from './youtube.ts';

/** Every variable a source reads; `<SOURCE>_API_URL` overrides its API base. */
export const WATCH_CREDENTIALS: Record<Exclude<WatchSource, 'rss'>, { required: readonly string[]; apiUrl: string }> = {
  bluesky: { required: ['BLUESKY_IDENTIFIER', 'BLUESKY_APP_PASSWORD'], apiUrl: 'BLUESKY_API_URL' },
  mastodon: { required: ['MASTODON_TOKEN', 'MASTODON_API_URL'], apiUrl: 'MASTODON_API_URL' },
  reddit: { required: ['REDDIT_CLIENT_ID', 'REDDIT_CLIENT_SECRET'], apiUrl: 'REDDIT_API_URL' },
  youtube: { required: ['YOUTUBE_API_KEY'], apiUrl: 'YOUTUBE_API_URL' },
  x: { required: ['X_BEARER_TOKEN'], apiUrl: 'X_API_URL' },
};

const NETWORK: Record<Exclude<WatchSource, 'rss'>, () => WatchSourceAdapter> = {
  bluesky: blueskySource,
  mastodon: mastodonSource,
  reddit: redditSource,
  youtube: youtubeSource,
  x: xSource,
};

export type SourceSelection = { ok: true; adapter: WatchSourceAdapter } | { ok: false; message: string };

export interface SelectContext {
  config: WatchConfig;
  env: NodeJS.ProcessEnv;
  root: string;
  fetch?: typeof fetch;
}

const set = (value: string | undefined) => value !== undefined && value.trim() !== '';

function samplesAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS !== 'true' || env.CADENCE_OUTBOX === '1';
}

export function selectSource(id: WatchSource, ctx: SelectContext): SourceSelection {
  if (id === 'rss') return selectFeeds(ctx);
  const spec = WATCH_CREDENTIALS[id];
  const secrets = spec.required.filter((name) => name !== spec.apiUrl);
  const present = secrets.filter((name) => set(ctx.env[name]));
  if (present.length === 0) {
    if (!samplesAllowed(ctx.env)) return { ok: false, message: `no credentials in this workflow (${secrets.join(', ')}): add them as secrets, disable ${id} in content/watch.mdx, or set CADENCE_OUTBOX=1 to read the samples on purpose` };
    return { ok: true, adapter: sampleSource(id) };
  }
  const missing = spec.required.filter((name) => !set(ctx.env[name]));
  if (missing.length > 0) return { ok: false, message: `${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing` };
  return { ok: true, adapter: NETWORK[id]() };
}

/** Feeds: a public URL or a set variable is read over HTTP, a feed whose variable is unset reads its sample. */
function selectFeeds(ctx: SelectContext): SourceSelection {
  const http = httpFeeds(ctx);
  const feeds: FeedText[] = [];
  const fromSamples: string[] = [];
  for (const feed of http) {
    const secret = feed.feed.urlEnv;
    if (secret && !set(ctx.env[secret])) {
      if (!samplesAllowed(ctx.env)) return { ok: false, message: `feed \`${feed.feed.id}\`: ${secret} is not set in this workflow: add it as a secret, remove the feed, or set CADENCE_OUTBOX=1 to read the samples on purpose` };
      feeds.push({ feed: feed.feed, label: `sample of ${feed.feed.id}`, read: async () => readSampleFeed(ctx.root, feed.feed.id) });
      fromSamples.push(feed.feed.id);
    } else feeds.push(feed);
  }
  const adapter = rssSource(feeds);
  return { ok: true, adapter: fromSamples.length === feeds.length ? { ...adapter, via: 'sample' } : adapter };
}
