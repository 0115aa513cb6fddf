/**
 * Which metrics reader a channel gets: the network's own when its credentials are in the environment,
 * the outbox's seeded history (samples/metrics/network/) when none are, with the same rules as publishing
 * (select.ts): half a set of credentials is an error, and on a GitHub runner a channel without
 * credentials is an error unless CADENCE_OUTBOX=1. The blog reads Plausible when PLAUSIBLE_API_KEY is set.
 */
import type { ChannelId } from '../core/channels.ts';
import { CREDENTIALS } from '../adapters/select.ts';
import type { MetricsReader } from '../adapters/metrics.ts';
import { plausibleAnalytics } from '../adapters/blog.ts';
import { blueskyMetrics } from '../adapters/bluesky.ts';
import { discordMetrics } from '../adapters/discord.ts';
import { facebookMetrics } from '../adapters/facebook.ts';
import { instagramMetrics } from '../adapters/instagram.ts';
import { linkedInMetrics } from '../adapters/linkedin.ts';
import { mastodonMetrics } from '../adapters/mastodon.ts';
import { outboxMetrics } from '../adapters/outbox.ts';
import { slackMetrics } from '../adapters/slack.ts';
import { telegramMetrics } from '../adapters/telegram.ts';
import { threadsMetrics } from '../adapters/threads.ts';
import { xMetrics } from '../adapters/x.ts';

export type MetricsFactory = (env: NodeJS.ProcessEnv, context: { root: string; siteUrl: string | undefined; medium: string }) => MetricsReader;

export const NETWORK_READERS: Record<ChannelId, MetricsFactory> = {
  mastodon: (env) => mastodonMetrics(env),
  bluesky: (env) => blueskyMetrics(env),
  x: (env) => xMetrics(env),
  linkedin: (env) => linkedInMetrics(env),
  facebook: (env) => facebookMetrics(env),
  instagram: (env) => instagramMetrics(env),
  threads: (env) => threadsMetrics(env),
  discord: (env) => discordMetrics(env),
  slack: () => slackMetrics(),
  telegram: (env) => telegramMetrics(env),
  blog: (env, context) => plausibleAnalytics(env, context.siteUrl, { medium: context.medium }),
};

export type ReaderSelection = { ok: true; reader: MetricsReader; via: 'network' | 'outbox' } | { ok: false; message: string };

export interface ReaderOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  siteUrl: string | undefined;
  medium: string;
  /** Tests register fakes here. */
  factories?: Partial<Record<ChannelId, MetricsFactory>>;
}

export function selectReader(channel: ChannelId, options: ReaderOptions): ReaderSelection {
  const secrets = channel === 'blog' ? ['PLAUSIBLE_API_KEY'] : CREDENTIALS[channel].required.filter((name) => name !== CREDENTIALS[channel].apiUrl);
  const required = channel === 'blog' ? secrets : CREDENTIALS[channel].required;
  const present = secrets.filter((name) => Boolean(options.env[name]?.trim()));
  if (present.length === 0) {
    if (options.env.GITHUB_ACTIONS === 'true' && options.env.CADENCE_OUTBOX !== '1') {
      return { ok: false, message: `${channel}: no credentials in this workflow (${secrets.join(', ')}); add them as secrets, disable the channel in the editorial line, or set CADENCE_OUTBOX=1 to read the seeded sample history on purpose` };
    }
    return { ok: true, reader: outboxMetrics(options.root, channel), via: 'outbox' };
  }
  const missing = required.filter((name) => !options.env[name]?.trim());
  if (missing.length > 0) return { ok: false, message: `${channel}: ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing` };
  const factory = options.factories?.[channel] ?? NETWORK_READERS[channel];
  return { ok: true, reader: factory(options.env, { root: options.root, siteUrl: options.siteUrl, medium: options.medium }), via: 'network' };
}
