import type { Finding } from '../../diagnostics.ts';
import { distinctLinks } from '../../networks/entities.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, textPieces } from './scope.ts';

export const textLinks: PostRule = {
  id: 'text/links',
  description: 'Links are published where the network takes them: Threads refuses more than 5 distinct links, Instagram has no clickable link.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      const { channel, label, limits } = scope;
      const max = limits.text.maxLinks;
      if (max !== undefined) {
        for (const piece of textPieces(scope)) {
          const links = distinctLinks(piece.text);
          if (links.length > max) {
            findings.push({ at: piece.path, channel, message: `${piece.name} has ${links.length} distinct links; ${label} refuses more than ${max}` });
          }
        }
      }
      // Only a link written for this very network: a common `link` serves the other channels.
      if (limits.link === 'none' && post.data.variants?.[channel]?.link) {
        findings.push({
          at: ['variants', channel, 'link'],
          channel,
          severity: 'warning',
          message: `${label} makes no link clickable: \`variants.${channel}.link\` is not published (point readers to the link in the profile instead)`,
        });
      }
    }
    return findings;
  },
};
