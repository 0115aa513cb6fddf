/** What a report reads from a brand repository: the editorial line, data/metrics/, the moderation log. */
import type { Dataset } from '../../core/metrics/dataset.ts';
import type { FirstReplyRecord } from '../../core/metrics/kpi.ts';
import type { EditorialLine } from '../../core/schema/index.ts';
import { InputError } from '../../core/errors.ts';
import { loadEditorialLine } from '../../site/content.ts';
import { readEvents } from '../../moderation/store.ts';
import { availableParallelism } from 'node:os';
import { prefillDatasetCache } from '../dataset-prefill.ts';
import { loadDataset } from '../store.ts';

export interface ReportSources {
  line: EditorialLine;
  dataset: Dataset;
  replies: FirstReplyRecord[];
  problems: string[];
}

export function loadReportSources(root: string): ReportSources {
  let line: EditorialLine;
  try {
    line = loadEditorialLine(root);
  } catch (error) {
    throw new InputError(`${(error as Error).message}`);
  }
  // A first report without any cache parses the year on the machine's other cores too.
  prefillDatasetCache(root, Math.min(availableParallelism() - 1, 3));
  const { dataset, problems } = loadDataset(root, line.brand.timezone);
  return { line, dataset, replies: readFirstReplies(root), problems };
}

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
