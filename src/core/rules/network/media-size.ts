import type { Finding } from '../../diagnostics.ts';
import { mediaKind } from '../../networks/media-plan.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, mediaItems } from './scope.ts';
import { describeMedia, mediaIssues } from './media-issues.ts';
import { formatLimitBytes, formatSize } from './wording.ts';

export const mediaSize: PostRule = {
  id: 'media/size',
  description: 'Media files are within the network’s size limit; Cadence recompresses still images on publish, not animations or videos.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { scope, item, info, issue } of mediaIssues(post, ctx, ['bytes'])) {
      const what = describeMedia(info, mediaKind(info));
      const over = `${item.file} is ${formatSize(issue.bytes)}, over ${scope.label}'s ${formatLimitBytes(issue.max)}${issue.perFile ? ' per file' : ''}`;
      findings.push({
        at: [...item.path, 'src'],
        channel: scope.channel,
        ...(issue.fix === 'downscale' ? { severity: 'note' as const } : issue.unverified ? { severity: 'warning' as const } : {}),
        message:
          issue.fix === 'downscale'
            ? `${over}: Cadence downscales and recompresses it on publish`
            : `${over}: Cadence cannot shrink ${what}; make the file smaller (shorter, fewer colours or frames)`,
      });
    }
    // Discord: all files of one message travel in one request.
    for (const scope of channelScopes(post, ctx)) {
      const max = scope.limits.media.maxTotalBytes;
      if (max === undefined) continue;
      const items = mediaItems(post, scope, ctx);
      for (const group of new Set(items.map((item) => item.group))) {
        const infos = items.filter((item) => item.group === group).map((item) => item.info);
        const total = infos.reduce((sum, info) => sum + (info?.ok ? info.bytes : 0), 0);
        if (total <= max) continue;
        const allStill = infos.every((info) => info?.ok && mediaKind(info) === 'image');
        findings.push({
          at: group.path,
          channel: scope.channel,
          ...(allStill ? { severity: 'note' as const } : {}),
          message: `the media of ${group.name} weigh ${formatSize(total)} together, over ${scope.label}'s ${formatLimitBytes(max)} per message${
            allStill ? ': Cadence recompresses the images on publish' : '; use fewer or smaller files'
          }`,
        });
      }
    }
    return findings;
  },
};
