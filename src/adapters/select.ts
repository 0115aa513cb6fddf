/**
 * Which adapter publishes a channel: the network's own when its credentials are in the environment,
 * the local outbox when none are. Half a set of credentials is an error, never a silent fallback to the
 * outbox (a community manager who set a token expects the real network).
 */
import type { ChannelId } from '../core/channels.ts';
import type { Adapter } from './adapter.ts';
import { blogAdapter } from './blog.ts';
import { blueskyFromEnv } from './bluesky.ts';
import { discordAdapter } from './discord.ts';
import { facebookFromEnv } from './facebook.ts';
import { instagramFromEnv } from './instagram.ts';
import { linkedInFromEnv } from './linkedin.ts';
import { mastodonAdapter } from './mastodon.ts';
import { outboxAdapter } from './outbox.ts';
import { slackAdapter } from './slack.ts';
import { telegramAdapter } from './telegram.ts';
import { threadsFromEnv } from './threads.ts';
import { xFromEnv } from './x.ts';

/** Every environment variable a network reads. `<NETWORK>_API_URL` overrides its API base (self-hosted, tests). */
/** `secrets`: further variables whose values must never be printed (optional credentials such as X's OAuth 1.0a keys). */
export const CREDENTIALS: Record<Exclude<ChannelId, 'blog'>, { required: readonly string[]; secrets?: readonly string[]; apiUrl: string; defaultApiUrl: string | undefined }> = {
  mastodon: { required: ['MASTODON_TOKEN', 'MASTODON_API_URL'], apiUrl: 'MASTODON_API_URL', defaultApiUrl: undefined },
  bluesky: { required: ['BLUESKY_IDENTIFIER', 'BLUESKY_APP_PASSWORD'], apiUrl: 'BLUESKY_API_URL', defaultApiUrl: 'https://bsky.social' },
  x: { required: ['X_ACCESS_TOKEN'], secrets: ['X_API_KEY', 'X_API_SECRET', 'X_ACCESS_TOKEN_SECRET'], apiUrl: 'X_API_URL', defaultApiUrl: 'https://api.x.com' },
  linkedin: { required: ['LINKEDIN_ACCESS_TOKEN', 'LINKEDIN_AUTHOR_URN'], apiUrl: 'LINKEDIN_API_URL', defaultApiUrl: 'https://api.linkedin.com' },
  facebook: { required: ['FACEBOOK_PAGE_TOKEN', 'FACEBOOK_PAGE_ID'], apiUrl: 'FACEBOOK_API_URL', defaultApiUrl: 'https://graph.facebook.com' },
  instagram: { required: ['INSTAGRAM_TOKEN', 'INSTAGRAM_USER_ID'], apiUrl: 'INSTAGRAM_API_URL', defaultApiUrl: 'https://graph.instagram.com' },
  threads: { required: ['THREADS_TOKEN', 'THREADS_USER_ID'], apiUrl: 'THREADS_API_URL', defaultApiUrl: 'https://graph.threads.net' },
  discord: { required: ['DISCORD_WEBHOOK_URL'], apiUrl: 'DISCORD_API_URL', defaultApiUrl: 'https://discord.com/api/v10' },
  slack: { required: ['SLACK_WEBHOOK_URL'], apiUrl: 'SLACK_API_URL', defaultApiUrl: undefined },
  telegram: { required: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID'], apiUrl: 'TELEGRAM_API_URL', defaultApiUrl: 'https://api.telegram.org' },
};

/** Builds a network adapter from its environment; registered per network as adapters are written. */
export type AdapterFactory = (env: NodeJS.ProcessEnv, root: string) => Adapter;

const NETWORK_ADAPTERS: Partial<Record<ChannelId, AdapterFactory>> = {
  mastodon: (env, root) => mastodonAdapter(env, root),
  discord: (env, root) => discordAdapter(env, root),
  telegram: (env, root) => telegramAdapter(env, root),
  slack: (env, root) => slackAdapter(env, root),
  bluesky: (env) => blueskyFromEnv(env),
  linkedin: (env) => linkedInFromEnv(env),
  x: (env) => xFromEnv(env),
  facebook: (env) => facebookFromEnv(env),
  instagram: (env, root) => instagramFromEnv(env, root),
  threads: (env, root) => threadsFromEnv(env, root),
};

export type Selection = { ok: true; adapter: Adapter; via: 'network' | 'outbox' | 'site' } | { ok: false; message: string };

export interface SelectOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  siteUrl?: string | undefined;
  /** Extra factories (tests register fakes here). */
  factories?: Partial<Record<ChannelId, AdapterFactory>>;
}

export function selectAdapter(channel: ChannelId, options: SelectOptions): Selection {
  if (channel === 'blog') return { ok: true, adapter: blogAdapter(options.siteUrl), via: 'site' };
  const spec = CREDENTIALS[channel];
  // The API URL alone is not a credential (a self-hosted instance may be set for previews).
  const secrets = spec.required.filter((name) => name !== spec.apiUrl);
  const present = secrets.filter((name) => nonEmpty(options.env[name]));
  if (present.length === 0) {
    // On a GitHub runner the outbox is thrown away with the machine: a post "published" there is lost.
    // There, a channel without secrets is an error unless the workflow opts in (a rehearsal, say).
    if (options.env.GITHUB_ACTIONS === 'true' && options.env.CADENCE_OUTBOX !== '1') {
      return { ok: false, message: `${channel}: no credentials in this workflow (${secrets.join(', ')}); add them as secrets, disable the channel in the editorial line, or set CADENCE_OUTBOX=1 to publish to the runner's outbox on purpose` };
    }
    return { ok: true, adapter: outboxAdapter(options.root, channel), via: 'outbox' };
  }
  const missing = spec.required.filter((name) => !nonEmpty(options.env[name]));
  if (missing.length > 0) return { ok: false, message: `${channel}: ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing` };
  const factory = options.factories?.[channel] ?? NETWORK_ADAPTERS[channel];
  if (!factory) return { ok: false, message: `${channel}: credentials are set but Cadence has no ${channel} adapter yet; unset ${secrets.join(', ')} to use the outbox` };
  return { ok: true, adapter: factory(options.env, options.root), via: 'network' };
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
