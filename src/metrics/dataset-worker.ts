// A worker thread of a first load of data/metrics/ (dataset-prefill.ts): caches the files it claims.
import { workerData } from 'node:worker_threads';
import { cacheClaimedFiles, type PrefillJob } from './dataset-prefill.ts';

cacheClaimedFiles(workerData as PrefillJob);
