import type { ChannelId } from '../channels.ts';
import type { PostRule } from './rule.ts';

export const variantChannel: PostRule = {
  id: 'variant/unused',
  description: 'A variant for a channel the post does not go to is probably a forgotten channel.',
  severity: 'warning',
  scope: 'post',
  check(post) {
    return Object.keys(post.data.variants ?? {})
      .filter((channel) => !post.data.channels.includes(channel as ChannelId))
      .map((channel) => ({
        at: ['variants', channel],
        atKey: true,
        channel: channel as ChannelId,
        message: `variant for \`${channel}\`, which is not in \`channels\`: it will not be published`,
      }));
  },
};
