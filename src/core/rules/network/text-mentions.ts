import type { Finding } from '../../diagnostics.ts';
import {
  extractMentionCandidates,
  extractMentions,
  isBlueskyHandle,
  isXUsername,
} from '../../networks/entities.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, textPieces } from './scope.ts';

const SIMPLE_NAME = /^[A-Za-z0-9-]+$/;

export const textMentions: PostRule = {
  id: 'text/mentions',
  description: 'Mentions respect each network: Instagram at most 20, X usernames of 1–15 letters, digits or _, Bluesky handles that are domains.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      const { channel, label, limits } = scope;
      for (const piece of textPieces(scope)) {
        const report = (message: string, severity?: 'warning') =>
          findings.push({ at: piece.path, channel, message, ...(severity ? { severity } : {}) });
        const max = limits.tags.maxMentions;
        if (max !== undefined) {
          const mentions = extractMentions(channel, piece.text);
          if (mentions.length > max) report(`${piece.name} has ${mentions.length} mentions; ${label} refuses more than ${max}`);
        }
        if (limits.tags.mentionSyntax === 'x-username') {
          for (const mention of extractMentionCandidates(piece.text)) {
            if (isXUsername(mention.value)) continue;
            report(`@${mention.value} is not an X username (1–15 letters, digits or _): it will stay plain text`, 'warning');
          }
        }
        if (limits.tags.mentionSyntax === 'bluesky-handle') {
          // Every @name a reader sees, not only what Bluesky's detector picks up: `@bob_lyon` and
          // `@bob@piaille.fr` are silently left as text there too.
          for (const mention of extractMentionCandidates(piece.text)) {
            if (isBlueskyHandle(mention.value)) continue;
            const example = SIMPLE_NAME.test(mention.value) ? `${mention.value.toLowerCase()}.bsky.social` : 'name.bsky.social';
            report(`@${mention.value} is not a Bluesky handle (a domain, such as ${example}): it will stay plain text`, 'warning');
          }
        }
      }
    }
    return findings;
  },
};
