/** Every network Cadence can publish to. `blog` is the brand's own Astro blog. */
export const CHANNEL_IDS = [
  'mastodon',
  'bluesky',
  'x',
  'linkedin',
  'facebook',
  'instagram',
  'threads',
  'discord',
  'slack',
  'telegram',
  'blog',
] as const;

export type ChannelId = (typeof CHANNEL_IDS)[number];

/** Channels that carry a social text (everything but the blog, whose content is the MDX body). */
export const SOCIAL_CHANNEL_IDS = CHANNEL_IDS.filter((id) => id !== 'blog') as Exclude<ChannelId, 'blog'>[];

export function isChannelId(value: unknown): value is ChannelId {
  return typeof value === 'string' && (CHANNEL_IDS as readonly string[]).includes(value);
}

export const CHANNEL_LABELS: Record<ChannelId, string> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  x: 'X',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  threads: 'Threads',
  discord: 'Discord',
  slack: 'Slack',
  telegram: 'Telegram',
  blog: 'Blog',
};
