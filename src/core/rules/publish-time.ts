import type { Finding } from '../diagnostics.ts';
import { pairKey } from '../ledger/types.ts';
import { channelContent } from '../post.ts';
import { resolveDateTime, toZonedIso } from '../time.ts';
import type { PostRule } from './rule.ts';

/** Each distinct publishAt of a post (common, or per variant), with where it is written. */
function publishTimes(post: Parameters<PostRule['check']>[0]) {
  const seen = new Map<string, ReturnType<typeof channelContent>>();
  for (const channel of post.data.channels) {
    const content = channelContent(post.data, channel);
    const key = content.publishAtPath.join('.');
    if (!seen.has(key)) seen.set(key, content);
  }
  return [...seen.values()];
}

export const publishTimeExists: PostRule = {
  id: 'date/dst',
  description: 'A local publish time must exist exactly once in the brand time zone (not in a DST gap or overlap).',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const timeZone = ctx.line?.brand.timezone ?? 'Europe/Paris';
    const findings: Finding[] = [];
    for (const content of publishTimes(post)) {
      const resolved = resolveDateTime(content.publishAt, timeZone);
      if (!resolved.ok) findings.push({ at: content.publishAtPath, message: `\`publishAt\` ${resolved.reason}` });
    }
    return findings;
  },
};

export const publishTimePast: PostRule = {
  id: 'date/past',
  description: 'A ready post whose time has passed goes out at the next publishing run, which may not be what its author expects.',
  severity: 'warning',
  scope: 'post',
  check(post, ctx) {
    if (post.data.status !== 'ready') return [];
    const timeZone = ctx.line?.brand.timezone ?? 'Europe/Paris';
    const findings: Finding[] = [];
    for (const content of publishTimes(post)) {
      const resolved = resolveDateTime(content.publishAt, timeZone);
      if (!resolved.ok || resolved.epochMs > ctx.nowMs) continue;
      const channels = post.data.channels.filter((c) => channelContent(post.data, c).publishAtPath.join('.') === content.publishAtPath.join('.'));
      const unpublished = channels.filter((c) => !ctx.published?.has(pairKey(post.id, c)));
      if (unpublished.length === 0) continue;
      findings.push({
        at: content.publishAtPath,
        message: `\`publishAt\` ${toZonedIso(resolved.epochMs, timeZone)} has passed: ${unpublished.join(', ')} will publish at the next run; reschedule if that is not intended`,
      });
    }
    return findings;
  },
};
