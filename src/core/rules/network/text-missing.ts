import type { Finding } from '../../diagnostics.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes } from './scope.ts';

export const textMissing: PostRule = {
  id: 'text/missing',
  description: 'Every social channel gets something to publish: a text or media, and Instagram an image or a video.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { channel, label, limits, content } of channelScopes(post, ctx)) {
      // The missing field has no place in the file: point at the channel in `channels` instead.
      const channelEntry = ['channels', post.data.channels.indexOf(channel)];
      const hasText = (content.text ?? '').trim() !== '';
      const hasMedia = content.media.length > 0;
      if (limits.media.required && !hasMedia) {
        findings.push({
          // An empty `variants.instagram.media: []` is written somewhere; an absent `media` is not.
          at: content.mediaPath[0] === 'variants' ? content.mediaPath : channelEntry,
          channel,
          message: `${label} publishes only images and videos: add \`media\` (or \`variants.${channel}.media\`), or remove ${channel} from \`channels\``,
        });
      } else if (!hasText && !hasMedia) {
        findings.push({
          at: content.text === undefined ? channelEntry : content.textPath,
          channel,
          message: `nothing to publish on ${label}: no text and no media; write \`text\` or \`variants.${channel}.text\``,
        });
      }
    }
    return findings;
  },
};
