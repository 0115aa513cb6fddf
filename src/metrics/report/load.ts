/** What a report reads from a brand repository: the editorial line, data/metrics/, the moderation log (replies.ts). */
import type { Dataset } from '../../core/metrics/dataset.ts';
import type { FirstReplyRecord } from '../../core/metrics/kpi.ts';
import { readFirstReplies } from './replies.ts';
import type { EditorialLine } from '../../core/schema/index.ts';
import { InputError } from '../../core/errors.ts';
import { loadEditorialLine } from '../../site/content.ts';
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
  prefillDatasetCache(root);
  const { dataset, problems } = loadDataset(root, line.brand.timezone);
  return { line, dataset, replies: readFirstReplies(root), problems };
}

export { readFirstReplies };
