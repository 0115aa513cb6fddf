// A worker thread of a parallel lint (lint-parallel.ts): lints the chunks of posts it takes from the shared queue and sends back
// diagnostics, summaries and what it learnt about media. Everything it sends is plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../core/rules/all.ts';
import { readOptionalDocument } from './documents.ts';
import { lintQueue } from './lint-chunk.ts';
import { ChunkQueue } from './lint-parallel.ts';
import { MemoryMediaStore } from './media-store.ts';
import { EDITORIAL_LINE_FILE, NETIQUETTE_FILE } from './paths.ts';
import type { WorkerInput, WorkerOutput } from './lint-parallel.ts';

const input = workerData as WorkerInput;
const store = new MemoryMediaStore(input.media);
const result = await lintQueue(input.root, new ChunkQueue(input.files, input.chunkSize, input.counter), {
  rules: allRules,
  nowMs: input.nowMs,
  published: new Set(input.published),
  editorialLine: readOptionalDocument(input.root, EDITORIAL_LINE_FILE),
  netiquette: readOptionalDocument(input.root, NETIQUETTE_FILE),
  media: store,
});
const output: WorkerOutput = { diagnostics: result.diagnostics, summaries: result.summaries, unreadable: result.unreadable, mediaOf: result.mediaOf, media: store.added };
parentPort!.postMessage(output);
