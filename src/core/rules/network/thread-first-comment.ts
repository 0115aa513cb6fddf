import type { Finding } from '../../diagnostics.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes } from './scope.ts';

export const threadFirstComment: PostRule = {
  id: 'thread/first-comment',
  description: 'A first comment only goes to networks Cadence can comment on (LinkedIn, Facebook, Instagram).',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { channel, label, limits, content } of channelScopes(post, ctx)) {
      if (content.firstComment === undefined || limits.replies.firstComment) continue;
      const instead = limits.replies.replyChains
        ? `make it the first part of \`variants.${channel}.thread\` (a reply)`
        : `move it into \`variants.${channel}.text\``;
      findings.push({
        at: ['variants', channel, 'firstComment'],
        channel,
        message: `${label} has no first comment: this text would not be published; ${instead}`,
      });
    }
    return findings;
  },
};
