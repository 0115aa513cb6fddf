// A worker thread of a parallel lint (lint-parallel.ts): runs the per-post rules on the chunks of validated
// posts the main thread sends, and summarizes them; sends back the summaries and what the rules found,
// unlocated (the main thread has the locators).
import { parentPort, workerData } from 'node:worker_threads';
import { postFindings } from '../core/lint.ts';
import type { MediaInfo, PostDoc } from '../core/model.ts';
import { allRules } from '../core/rules/all.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { summarizePost } from '../core/summary.ts';
import type { RulesMessage, RulesOutput, RulesWorkerInput } from './lint-parallel.ts';

const input = workerData as RulesWorkerInput;
const published = new Set(input.published);
const media = new Map<string, MediaInfo>();
const output: RulesOutput = { findings: [], summaries: [] };
let line: EditorialLine | undefined;
// Rules never ask for positions; the main thread locates what they find.
const unlocated = () => ({ line: 1, column: 1 });

parentPort!.on('message', (message: RulesMessage) => {
  if ('end' in message) {
    parentPort!.postMessage(output);
    return;
  }
  const { chunk } = message;
  line ??= chunk.line;
  for (const [file, info] of chunk.media) media.set(file, info);
  const posts: PostDoc[] = chunk.posts.map((post) => ({ ...post, locate: unlocated }));
  output.findings.push(...postFindings({ line, netiquette: undefined, posts }, { rules: allRules, nowMs: input.nowMs, media, published }));
  if (chunk.summarize) for (const post of posts) output.summaries.push(summarizePost(post, line));
});
