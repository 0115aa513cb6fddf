/**
 * Which moderation adapter reads a channel: the network's own when its credentials are in the
 * environment, the local inbox when none are (as publishing falls back to the outbox). On a GitHub
 * runner a channel without credentials is an error unless CADENCE_OUTBOX=1: the samples are not the
 * brand's replies. Half a set of credentials is an error, never a silent fallback.
 */
import type { ChannelId } from '../core/channels.ts';
import { inboxModeration } from './inbox.ts';
import type { ModerationAdapter } from './moderation.ts';
import { CREDENTIALS } from './credentials.ts';

export type ModerationFactory = (env: NodeJS.ProcessEnv, root: string) => ModerationAdapter | Promise<ModerationAdapter>;

/** What each network's moderation needs beyond its publishing credentials (a bot that can read, a Page token…). */
export const MODERATION_CREDENTIALS: Partial<Record<ChannelId, { required: readonly string[] }>> = {
  // Discord webhooks only write; reading the channel needs a bot (docs/moderation.md).
  discord: { required: ['DISCORD_BOT_TOKEN', 'DISCORD_CHANNEL_ID'] },
  // Blog comments are GitHub Discussions (giscus): its category, the workflow's token and repository.
  blog: { required: ['CADENCE_GISCUS_CATEGORY_ID', 'GITHUB_TOKEN', 'GITHUB_REPOSITORY'] },
};

const FACTORIES: Partial<Record<ChannelId, () => Promise<ModerationFactory>>> = {};

/** Registered by each network's section (see the end of each adapter file) through moderation-networks.ts. */
export function registerModeration(channel: ChannelId, load: () => Promise<ModerationFactory>): void {
  FACTORIES[channel] = load;
}

export type ModerationSelection = { ok: true; adapter: ModerationAdapter; via: 'network' | 'inbox' } | { ok: false; message: string; skip?: true };

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

export function moderationCredentials(channel: ChannelId): readonly string[] {
  const own = MODERATION_CREDENTIALS[channel];
  if (own) return own.required;
  const spec = CREDENTIALS[channel as Exclude<ChannelId, 'blog'>];
  return spec.required.filter((name) => name !== spec.apiUrl);
}

export async function selectModeration(channel: ChannelId, options: { root: string; env: NodeJS.ProcessEnv; factories?: Partial<Record<ChannelId, ModerationFactory>> }): Promise<ModerationSelection> {
  const { env } = options;
  const required = moderationCredentials(channel);
  const present = required.filter((name) => nonEmpty(env[name]));
  // The blog's token is the workflow's own: its presence alone does not mean "read GitHub Discussions".
  const wantsNetwork = channel === 'blog' ? nonEmpty(env.CADENCE_GISCUS_CATEGORY_ID) : present.length > 0;
  if (!wantsNetwork) {
    if (env.GITHUB_ACTIONS === 'true' && env.CADENCE_OUTBOX !== '1') {
      if (channel === 'blog') return { ok: false, skip: true, message: 'blog: comments are not set up (CADENCE_GISCUS_CATEGORY_ID)' };
      return { ok: false, message: `${channel}: no credentials in this workflow (${required.join(', ')}); add them as secrets, disable the channel in the editorial line, or set CADENCE_OUTBOX=1 to read the local inbox on purpose` };
    }
    return { ok: true, adapter: inboxModeration(options.root, channel), via: 'inbox' };
  }
  const missing = required.filter((name) => !nonEmpty(env[name]));
  if (missing.length > 0) return { ok: false, message: `${channel}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing to read replies (${present.join(', ') || 'other variables'} set)` };
  const factory = options.factories?.[channel] ?? (await FACTORIES[channel]?.());
  if (!factory) return { ok: false, message: `${channel}: Cadence cannot read replies there yet; unset ${present.join(', ')} to use the local inbox` };
  return { ok: true, adapter: await factory(env, options.root), via: 'network' };
}
