import type { Finding } from '../../diagnostics.ts';
import { mediaKind, type MediaKind } from '../../networks/media-plan.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, mediaItems, type MediaItem } from './scope.ts';
import { plural } from './wording.ts';

function kindOf(item: MediaItem): MediaKind | undefined {
  return item.info?.ok ? mediaKind(item.info) : undefined;
}

export const mediaCount: PostRule = {
  id: 'media/count',
  description: 'A post carries no more media than the network takes (X 4 images or 1 GIF or 1 video, Instagram carousel of 10, LinkedIn 20…).',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      const { channel, label, limits } = scope;
      const items = mediaItems(post, scope, ctx);
      for (const group of new Set(items.map((item) => item.group))) {
        const groupItems = items.filter((item) => item.group === group);
        const count = groupItems.length;
        const report = (message: string) => findings.push({ at: group.path, channel, message });
        const max = limits.media.maxPerPost;
        if (max !== undefined && count > max) {
          report(`${plural(count, 'medium', 'media')} in ${group.name}; ${label} takes at most ${max} per post`);
        }
        if (count < 2) continue;
        const kinds = groupItems.map(kindOf);
        if (limits.media.videoAlone && kinds.includes('video')) {
          report(`${label} publishes a video alone: ${group.name} has ${count} media; keep the video or the others (or split into a thread)`);
        } else if (limits.media.animatedAlone && kinds.includes('animated')) {
          report(`${label} publishes an animated GIF alone: ${group.name} has ${count} media; keep the GIF or the others (or split into a thread)`);
        }
      }
    }
    return findings;
  },
};
