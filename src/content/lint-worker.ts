// A worker thread of a parallel lint (lint-parallel.ts): summarizes each chunk of validated posts the main
// thread sends and sends the summaries back at once, then runs the chunk's per-post rules when no message
// waits; at the end, sends back what the rules found, unlocated (the main thread has the locators).
import { parentPort, workerData } from 'node:worker_threads';
import { postFindings, type PostFinding } from '../core/lint.ts';
import type { MediaInfo, PostDoc } from '../core/model.ts';
import { allRules } from '../core/rules/all.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { summarizePost } from '../core/summary.ts';
import type { RulesMessage, RulesReply, RulesWorkerInput } from './lint-parallel.ts';

const input = workerData as RulesWorkerInput;
const published = new Set(input.published);
const media = new Map<string, MediaInfo>();
const findings: PostFinding[] = [];
/** Posts summarized, waiting for their rules, in slices. */
const waiting: PostDoc[][] = [];
/** Posts checked per turn of the event loop: a chunk arriving meanwhile waits for at most one slice (~10 ms). */
const POSTS_PER_TURN = 50;
let line: EditorialLine | undefined;
let ended = false;
let checking = false;
// Rules never ask for positions; the main thread locates what they find.
const unlocated = () => ({ line: 1, column: 1 });

const reply = (message: RulesReply) => parentPort!.postMessage(message);

/** Checks one slice per turn of the event loop, so that a chunk arriving meanwhile is summarized first. */
function checkNext(): void {
  const posts = waiting.shift();
  if (posts) {
    findings.push(...postFindings({ line, netiquette: undefined, posts }, { rules: allRules, nowMs: input.nowMs, media, published }));
    setImmediate(checkNext);
    return;
  }
  checking = false;
  if (ended) reply({ findings });
}

parentPort!.on('message', (message: RulesMessage) => {
  if ('end' in message) ended = true;
  else {
    const { chunk } = message;
    line ??= chunk.line;
    for (const [file, info] of chunk.media) media.set(file, info);
    const posts: PostDoc[] = chunk.posts.map((post) => ({ ...post, locate: unlocated }));
    reply({ summaries: posts.map((post) => summarizePost(post, line)) });
    for (let start = 0; start < posts.length; start += POSTS_PER_TURN) waiting.push(posts.slice(start, start + POSTS_PER_TURN));
  }
  if (!checking) {
    checking = true;
    setImmediate(checkNext);
  }
});
