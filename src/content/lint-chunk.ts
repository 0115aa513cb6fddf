import type { Diagnostic } from '../core/diagnostics.ts';
import { runPostRules, validateDocuments, type ParsedDocument, type Validated } from '../core/lint.ts';
import type { Locator } from '../core/model.ts';
import type { PatternSafety } from '../core/moderation/charter-lint.ts';
import type { Rule } from '../core/rules/rule.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import type { PostSummary } from '../core/summary.ts';
import { readDocument } from './documents.ts';
import type { ChunkQueue, RulesThreads } from './lint-parallel.ts';
import { MemoryMediaStore, readMediaFor, referencedMedia, type MediaStore } from './media-store.ts';

export interface ChunkOptions {
  rules: readonly Rule[];
  nowMs: number;
  published?: ReadonlySet<string> | undefined;
  editorialLine: ParsedDocument | undefined;
  knownLine?: EditorialLine | undefined;
  netiquette: ParsedDocument | undefined;
  /** The ReDoS verdict of the netiquette's patterns (pattern-safety.ts). */
  patternSafety?: ((source: string) => PatternSafety) | undefined;
  media: MediaStore | undefined;
  /** Threads that run the per-post rules and summarize the posts instead of this one (see lint-parallel.ts). */
  rulesThreads?: RulesThreads | undefined;
}

export interface ChunkResult {
  /** Diagnostics of these posts only (parsing, schema, and per-post rules unless other threads run them). */
  diagnostics: Diagnostic[];
  summaries: PostSummary[];
  unreadable: string[];
  /** The media files each valid post references: its diagnostics depend on them (result-cache.ts). */
  mediaOf: [string, string[]][];
  /**
   * The valid posts, unless other threads run the rules: this thread then keeps only their locators (the
   * posts themselves went to those threads, and keeping 10,000 of them alive costs the collector).
   */
  validated: Validated;
  locators: [string, Locator][];
}

/**
 * Lints chunks taken from `queue` until it is empty: the line and netiquette are validated with the first
 * chunk, and the results of all chunks merged.
 */
export async function lintQueue(root: string, queue: ChunkQueue, options: ChunkOptions): Promise<ChunkResult> {
  // Media facts learnt in one chunk serve the next, also without a cache (images are shared between posts).
  const media = options.media ?? new MemoryMediaStore();
  const first = await lintChunk(root, queue.next() ?? [], { ...options, media });
  const rest = { ...options, media, knownLine: first.validated.line, editorialLine: undefined, netiquette: undefined };
  for (let files = queue.next(); files; files = queue.next()) {
    const more = await lintChunk(root, files, rest);
    first.diagnostics.push(...more.diagnostics);
    first.summaries.push(...more.summaries);
    first.unreadable.push(...more.unreadable);
    first.mediaOf.push(...more.mediaOf);
    first.validated.posts.push(...more.validated.posts);
    first.locators.push(...more.locators);
  }
  return first;
}

/**
 * The per-post half of a lint: read, parse, validate, media facts, per-post rules, summaries. Posts are
 * independent here: a large run hands the rules to other threads (see lint-parallel.ts).
 */
export async function lintChunk(root: string, files: readonly string[], options: ChunkOptions): Promise<ChunkResult> {
  const unreadable: string[] = [];
  const docs = files.map((file) => {
    const doc = readDocument(root, file);
    if ('unreadable' in doc && doc.unreadable) unreadable.push(file);
    return doc;
  });
  const validated = validateDocuments({ posts: docs, editorialLine: options.editorialLine, knownLine: options.knownLine, netiquette: options.netiquette, patternSafety: options.patternSafety });
  const mediaOf = validated.posts.map((post): [string, string[]] => [post.file, referencedMedia(post)]);
  const media = await readMediaFor(root, new Set(mediaOf.flatMap(([, files]) => files)), options.media);
  const ours = new Set(files);
  const diagnostics = validated.diagnostics.filter((d) => ours.has(d.file));
  const locators = validated.posts.map((post): [string, Locator] => [post.file, post.locate]);
  if (options.rulesThreads) {
    options.rulesThreads.send(validated.line, validated.posts, media);
    return { diagnostics, summaries: [], unreadable, mediaOf, validated: { ...validated, posts: [] }, locators };
  }
  const perPost = runPostRules(validated, { rules: options.rules, nowMs: options.nowMs, media, published: options.published });
  diagnostics.push(...perPost.diagnostics);
  return { diagnostics, summaries: perPost.summaries, unreadable, mediaOf, validated, locators };
}
