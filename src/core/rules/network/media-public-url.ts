import type { Finding } from '../../diagnostics.ts';
import { publicMediaUrl } from '../../networks/public-media.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, mediaItems } from './scope.ts';

export const mediaPublicUrl: PostRule = {
  id: 'media/public-url',
  description: 'Networks that download media themselves (Instagram, Threads, Slack) get them from a public URL: an https:// address or a file under public/.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      if (!scope.limits.media.byPublicUrl) continue;
      for (const item of mediaItems(post, scope, ctx)) {
        const where = publicMediaUrl(/^https:\/\//.test(item.media.src) ? item.media.src : item.file, ctx.line?.brand.siteUrl, scope.label);
        if (!where.ok) findings.push({ at: [...item.path, 'src'], channel: scope.channel, message: where.message });
      }
    }
    return findings;
  },
};
