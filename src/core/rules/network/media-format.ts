import type { Finding } from '../../diagnostics.ts';
import { mediaKind } from '../../networks/media-plan.ts';
import type { PostRule } from '../rule.ts';
import { describeMedia, mediaIssues } from './media-issues.ts';
import { formatName, listFormats } from './wording.ts';

export const mediaFormat: PostRule = {
  id: 'media/format',
  description: 'Media are in a format the network takes; Cadence converts still images on publish where it can, and says so.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { scope, item, info, issue } of mediaIssues(post, ctx, ['format', 'colour-space', 'video-unsupported'])) {
      const base = { at: [...item.path, 'src'], channel: scope.channel };
      const label = scope.label;
      const what = describeMedia(info, mediaKind(info));
      if (issue.kind === 'video-unsupported') {
        findings.push({ ...base, message: `${label} takes only images: ${item.file} cannot be published there` });
      } else if (issue.kind === 'colour-space') {
        findings.push(
          issue.fix === 'convert'
            ? { ...base, severity: 'note', message: `${label} wants sRGB: Cadence converts ${item.file} from ${issue.space} on publish` }
            : { ...base, message: `${label} wants sRGB and downloads ${item.file} as it is: export it in sRGB (it is ${issue.space})` },
        );
      } else if (issue.fix === 'convert') {
        findings.push({
          ...base,
          severity: 'note',
          message: `${label} takes ${listFormats(issue.accepted)}: Cadence converts ${what} to ${formatName(issue.convertTo ?? 'jpeg')} on publish (${item.file})`,
        });
      } else {
        const why =
          mediaKind(info) === 'animated'
            ? 'converting it would drop the animation; export it as a video (MP4) or pick a still image'
            : scope.limits.media.byPublicUrl
              ? `${label} downloads the file from its public URL as it is, so Cadence cannot convert it; export it as ${listFormats(issue.accepted.slice(0, 2))}`
              : `Cadence cannot convert ${formatName(info.format)}; export it as ${listFormats(issue.accepted.slice(0, 2))}`;
        findings.push({
          ...base,
          ...(issue.unverified ? { severity: 'warning' as const } : {}),
          message: `${label} does not take ${what} (only ${listFormats(issue.accepted)}): ${why} (${item.file})`,
        });
      }
    }
    return findings;
  },
};
