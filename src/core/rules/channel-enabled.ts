import type { PostRule } from './rule.ts';

export const channelEnabled: PostRule = {
  id: 'channel/not-enabled',
  description: 'A post goes only to channels the editorial line enables.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    if (!ctx.line) return [];
    return post.data.channels.flatMap((channel, index) => {
      const settings = ctx.line!.channels[channel];
      if (settings?.enabled) return [];
      return [
        {
          at: ['channels', index],
          channel,
          message: settings
            ? `channel \`${channel}\` is disabled in the editorial line (channels.${channel}.enabled: false)`
            : `channel \`${channel}\` is not in the editorial line; add it under \`channels\` in content/editorial-line.mdx or remove it here`,
        },
      ];
    });
  },
};
