import type { Finding } from '../diagnostics.ts';
import { pairKey } from '../ledger/types.ts';
import { channelContent } from '../post.ts';
import { resolveDateTime, toZonedIso } from '../time.ts';
import type { CollectionRule, PostRule } from './rule.ts';

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

/**
 * On summaries, not parsed posts, because its verdict changes with the clock and the ledger while the
 * file does not: the lint cache can keep every per-post rule's findings, and this one is recomputed.
 */
export const publishTimePast: CollectionRule = {
  id: 'date/past',
  description: 'A ready post whose time has passed goes out at the next publishing run, which may not be what its author expects.',
  severity: 'warning',
  scope: 'collection',
  reach: () => ({}),
  check(posts, ctx) {
    const timeZone = ctx.line?.brand.timezone ?? 'Europe/Paris';
    const findings: { file: string; finding: Finding }[] = [];
    for (const post of posts) {
      if (post.status !== 'ready' || (ctx.targets && !ctx.targets.has(post.file))) continue;
      // Channels that share a publishAt (the common one, or a variant's) make one finding.
      const byPath = new Map<string, { slot: (typeof post.slots)[number]; channels: string[] }>();
      for (const slot of post.slots) {
        const key = slot.publishAtPath.join('.');
        const group = byPath.get(key) ?? byPath.set(key, { slot, channels: [] }).get(key)!;
        group.channels.push(slot.channel);
      }
      for (const { slot, channels } of byPath.values()) {
        if (slot.publishAtMs === undefined || slot.publishAtMs > ctx.nowMs) continue;
        const unpublished = channels.filter((c) => !ctx.published?.has(pairKey(post.id, c)));
        if (unpublished.length === 0) continue;
        findings.push({
          file: post.file,
          finding: {
            at: slot.publishAtPath,
            message: `\`publishAt\` ${toZonedIso(slot.publishAtMs, timeZone)} has passed: ${unpublished.join(', ')} will publish at the next run; reschedule if that is not intended`,
          },
        });
      }
    }
    return findings;
  },
};
