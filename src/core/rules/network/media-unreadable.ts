import type { Finding } from '../../diagnostics.ts';
import type { PostRule } from '../rule.ts';
import { writtenMedia } from './scope.ts';

export const mediaUnreadable: PostRule = {
  id: 'media/unreadable',
  description: 'Every media file a post names is an image or video Cadence can read (not corrupt, not another kind of file).',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const { info, path, channel } of writtenMedia(post, ctx)) {
      if (info?.ok !== false || info.problem !== 'unreadable') continue;
      findings.push({ at: [...path, 'src'], ...(channel ? { channel } : {}), message: info.reason });
    }
    return findings;
  },
};
