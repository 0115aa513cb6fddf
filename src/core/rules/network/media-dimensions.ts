import type { Finding } from '../../diagnostics.ts';
import type { PostRule } from '../rule.ts';
import { mediaIssues } from './media-issues.ts';
import { formatMegapixels } from './wording.ts';

export const mediaDimensions: PostRule = {
  id: 'media/dimensions',
  description: 'Images are within the network’s pixel limits (Mastodon 33 Mpx, Telegram width + height ≤ 10,000, Instagram width 320–1440…); Cadence downscales still images on publish.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { scope, item, info, issue } of mediaIssues(post, ctx, ['pixels', 'width-plus-height', 'too-wide', 'too-narrow'])) {
      const base = { at: [...item.path, 'src'], channel: scope.channel };
      const size = `${item.file} is ${info.width}×${info.height}`;
      if (issue.kind === 'too-narrow') {
        findings.push({
          ...base,
          severity: 'warning',
          message: `${size}, narrower than ${scope.label}'s ${issue.min} px: it will be upscaled and look blurry; use a larger image`,
        });
        continue;
      }
      const limit =
        issue.kind === 'pixels'
          ? `${formatMegapixels(issue.pixels)}, over ${scope.label}'s ${formatMegapixels(issue.max)}`
          : issue.kind === 'width-plus-height'
            ? `width + height ${issue.sum}, over ${scope.label}'s ${issue.max}`
            : `wider than ${scope.label}'s ${issue.max} px`;
      findings.push({
        ...base,
        ...(issue.fix === 'downscale' ? { severity: 'note' as const } : {}),
        message:
          issue.fix === 'downscale'
            ? `${size} (${limit}): Cadence downscales it on publish`
            : `${size} (${limit}): Cadence cannot resize an animation; export it smaller`,
      });
    }
    return findings;
  },
};
