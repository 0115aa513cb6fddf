import type { PostRule } from '../rule.ts';
import { writtenMedia } from './scope.ts';

export const mediaMissing: PostRule = {
  id: 'media/missing',
  description: 'Every media file a post names exists in the repository.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    return writtenMedia(post, ctx)
      .filter(({ info }) => info?.ok === false && info.problem === 'missing')
      .map(({ media, file, path, channel }) => ({
        at: [...path, 'src'],
        ...(channel ? { channel } : {}),
        message: `${file} does not exist${media.src !== file ? ` (\`${media.src}\` is read relative to the post)` : ''}`,
      }));
  },
};
