/** What a report reads from a brand repository: the editorial line, data/metrics/, the moderation log. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDataset, type Dataset } from '../../core/metrics/dataset.ts';
import type { FirstReplyRecord } from '../../core/metrics/kpi.ts';
import type { EditorialLine } from '../../core/schema/index.ts';
import { InputError } from '../../core/errors.ts';
import { loadEditorialLine } from '../../site/content.ts';
import { loadMetrics } from '../store.ts';

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
  const data = loadMetrics(root);
  return { line, dataset: buildDataset(data, line.brand.timezone), replies: readFirstReplies(root), problems: data.problems };
}

/**
 * First replies from the moderation log (`data/moderation/`, written by `cadence moderate`). Its format
 * belongs to the moderation job; this reader takes any JSON line with a channel, the instant a message
 * was received and, once answered, the instant of the first reply, under the names it may use
 * (receivedAt/at, firstReplyAt/repliedAt/answeredAt). Adapt here if the log says it otherwise.
 */
export function readFirstReplies(root: string): FirstReplyRecord[] {
  const dir = path.join(root, 'data/moderation');
  let files: string[];
  try {
    files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return [];
  }
  const byMessage = new Map<string, FirstReplyRecord>();
  for (const file of files) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      const channel = row.channel ?? row.ch ?? row.network;
      const received = row.receivedAt ?? row.received ?? (row.type === 'received' ? row.at : undefined);
      const replied = row.firstReplyAt ?? row.repliedAt ?? row.answeredAt ?? (row.type === 'replied' ? row.at : undefined);
      const id = String(row.id ?? row.message ?? row.remoteId ?? `${file}:${byMessage.size}`);
      const known = byMessage.get(id);
      if (typeof received === 'string' && typeof channel === 'string') byMessage.set(id, { channel, receivedAt: received, ...(known?.firstReplyAt ? { firstReplyAt: known.firstReplyAt } : {}) });
      if (typeof replied === 'string') {
        const record = byMessage.get(id);
        if (record && (!record.firstReplyAt || replied < record.firstReplyAt)) record.firstReplyAt = replied;
      }
    }
  }
  return [...byMessage.values()];
}
