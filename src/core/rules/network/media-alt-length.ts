import type { Finding } from '../../diagnostics.ts';
import { countCodePoints } from '../../networks/unicode.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, mediaItems } from './scope.ts';

export const mediaAltLength: PostRule = {
  id: 'media/alt-length',
  description: "Alt text fits the network's limit (X 1000, Mastodon 1500, Bluesky 2000, Discord 1024…).",
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      const max = scope.limits.alt.maxLength;
      if (max === undefined || scope.limits.alt.field === 'none') continue;
      for (const item of mediaItems(post, scope, ctx)) {
        const length = countCodePoints(item.media.alt);
        if (length <= max) continue;
        findings.push({
          at: [...item.path, 'alt'],
          channel: scope.channel,
          message: `alt text of ${item.file} has ${length} characters; ${scope.label} takes at most ${max}`,
        });
      }
    }
    return findings;
  },
};
