import type { Finding } from '../../diagnostics.ts';
import type { PostRule } from '../rule.ts';
import { mediaIssues } from './media-issues.ts';

export const mediaAspect: PostRule = {
  id: 'media/aspect',
  description: 'Images have an aspect ratio the network takes (Instagram 4:5 to 1.91:1, Threads up to 10:1, Telegram up to 20:1); Cadence never crops, since that changes the picture.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { scope, item, info, issue } of mediaIssues(post, ctx, ['aspect'])) {
      findings.push({
        at: [...item.path, 'src'],
        channel: scope.channel,
        message: `${item.file} is ${info.width}×${info.height} (ratio ${issue.ratio.toFixed(2)}); ${scope.label} takes ${issue.range.label}: crop it yourself, choosing what to keep (Cadence does not crop)`,
      });
    }
    return findings;
  },
};
