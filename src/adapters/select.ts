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
import { CREDENTIALS } from './credentials.ts';

export { CREDENTIALS } from './credentials.ts';

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
