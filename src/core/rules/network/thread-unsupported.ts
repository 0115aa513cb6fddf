import type { Finding } from '../../diagnostics.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes } from './scope.ts';
import { plural } from './wording.ts';

/**
 * A thread inherited from the common fields is a warning: it was written for the networks that chain
 * replies, and the others publishing only its first text is the expected cross-posting behaviour, but
 * their readers miss the rest, so the author should know (and can merge it into a variant text, or
 * acknowledge with `variants.<id>.thread: []`). A thread written in the variant of a network that
 * cannot publish it is an error: that text would be lost without anyone having meant it.
 */
export const threadUnsupported: PostRule = {
  id: 'thread/unsupported',
  description: 'A thread goes only to networks that chain replies; elsewhere only the main text is published.',
  severity: 'warning',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { channel, label, limits, content } of channelScopes(post, ctx)) {
      if (limits.replies.replyChains || content.thread.length === 0) continue;
      const written = content.threadPath[0] === 'variants';
      const parts = plural(content.thread.length, 'thread part');
      findings.push({
        at: content.threadPath,
        channel,
        ...(written ? { severity: 'error' as const } : {}),
        message: written
          ? `${label} cannot publish a thread (no reply chains): these ${parts} would be lost; merge them into \`variants.${channel}.text\``
          : `${label} has no reply chains: only the main text is published there, not the ${parts}; merge them into \`variants.${channel}.text\`, or set \`variants.${channel}.thread: []\` to accept`,
      });
    }
    return findings;
  },
};
