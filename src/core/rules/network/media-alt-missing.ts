import type { PostRule } from '../rule.ts';
import { writtenMedia } from './scope.ts';

export const mediaAltMissing: PostRule = {
  id: 'media/alt-missing',
  description: 'Every image and video has alt text: without it, people using a screen reader get nothing.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    return writtenMedia(post, ctx)
      .filter(({ media }) => media.alt.trim() === '')
      .map(({ file, path, channel }) => ({
        at: [...path, 'alt'],
        ...(channel ? { channel } : {}),
        message: `no alt text for ${file}: describe what it shows for people who cannot see it`,
      }));
  },
};
