import type { PostRule } from '../rule.ts';
import { writtenMedia } from './scope.ts';

export const mediaOutside: PostRule = {
  id: 'media/outside-repository',
  description: 'Media files are inside the repository: no path that climbs out of it, no symbolic link to a file elsewhere (publishing would send it, the blog would copy it).',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    return writtenMedia(post, ctx)
      .filter(({ info }) => info?.ok === false && info.problem === 'outside')
      .map(({ info, path, channel }) => ({
        at: [...path, 'src'],
        ...(channel ? { channel } : {}),
        message: `${info?.ok === false ? info.reason : ''}: content stays inside the repository; copy the file into it`,
      }));
  },
};
