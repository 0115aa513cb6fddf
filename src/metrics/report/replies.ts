/**
 * The moderation log's questions and first replies, for the response-time KPI: a module of its own, so
 * that the internal site's reporting thread (src/site/reporting-worker.ts) loads it without the editorial
 * line's schemas and the content modules behind load.ts.
 */
import type { FirstReplyRecord } from '../../core/metrics/kpi.ts';
import { readEvents } from '../../moderation/store.ts';

/**
 * Questions and their first replies from the moderation log (`data/moderation/`, docs/moderation.md): a
 * question is a `decided` line with `question: true` (received at its `createdAt`), answered by the first
 * `first-reply` line of the same interaction. A question without an answer counts as waiting.
 */
export function readFirstReplies(root: string): FirstReplyRecord[] {
  const byInteraction = new Map<string, FirstReplyRecord>();
  for (const event of readEvents(root).events) {
    if (event.type === 'decided' && event.question) {
      const key = `${event.channel}:${event.interaction}`;
      if (!byInteraction.has(key)) byInteraction.set(key, { channel: event.channel, receivedAt: event.createdAt });
    } else if (event.type === 'first-reply') {
      const key = `${event.channel}:${event.interaction}`;
      const record = byInteraction.get(key) ?? { channel: event.channel, receivedAt: event.askedAt };
      if (!record.firstReplyAt || event.repliedAt < record.firstReplyAt) record.firstReplyAt = event.repliedAt;
      byInteraction.set(key, record);
    }
  }
  return [...byInteraction.values()];
}
