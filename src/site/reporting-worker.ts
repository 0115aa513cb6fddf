/**
 * The reporting section's data prepared beside the internal site's build (reporting-thread.ts): posts
 * `prepareReporting`'s plain data, the computed months' CSV bytes moved rather than copied. An error ends
 * the thread; the pages then load the data themselves.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EditorialLine } from '../core/schema/index.ts';
import { prepareReporting } from './reporting.ts';

/** What the thread is given. */
export interface ReportingWorkerData {
  root: string;
  line: EditorialLine;
  nowMs: number;
}

const { root, line, nowMs } = workerData as ReportingWorkerData;
const data = prepareReporting(root, line, nowMs);
parentPort!.postMessage(
  data,
  data.months.flatMap(([, month]) => (month.csv ? [month.csv.buffer as ArrayBuffer] : [])),
);
