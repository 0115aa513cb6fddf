import { compareDiagnostics, type Diagnostic } from '../core/diagnostics.ts';
import { runCollectionRules, type LintResult, type ParsedDocument } from '../core/lint.ts';
import type { PostDoc } from '../core/model.ts';
import { postIdFromPath } from '../core/post.ts';
import type { Rule } from '../core/rules/rule.ts';
import { postSchema } from '../core/schema/index.ts';
import { summarizePost, type PostSummary } from '../core/summary.ts';
import { hashText } from '../core/text.ts';
import { validateWith } from '../core/validate.ts';
import { LintCache } from './cache.ts';
import { listPostFiles, readDocument, readOptionalDocument, readOptionalText } from './documents.ts';
import { postFileKeys } from './file-keys.ts';
import { lintChunk } from './lint-chunk.ts';
import { lintInWorker, shares, threadCount } from './lint-parallel.ts';
import { EDITORIAL_LINE_FILE, NETIQUETTE_FILE } from './paths.ts';

// The reading helpers moved to documents.ts and media-store.ts; callers may keep importing them from here.
export { listPostFiles, readDocument, toDocument } from './documents.ts';
export { referencedMedia } from './media-store.ts';

export interface LintRunOptions {
  root: string;
  /** Posts (and/or the editorial line, netiquette) to report on; all posts when undefined. */
  targets?: readonly string[];
  rules: readonly Rule[];
  nowMs: number;
  /** Use and update `.cadence/cache` (default true). */
  cache?: boolean;
  published?: ReadonlySet<string>;
  /**
   * Threads for the per-post work of a large run (default 1). Only with `allRules`: workers load the
   * rules themselves. With more than one, `posts` in the result holds only the main thread's share.
   */
  threads?: number;
  /** Every post, already parsed by the caller (a publish run): the cross-post rules summarize these instead of reading the repository again. */
  knownPosts?: readonly PostDoc[];
}

export interface LintRun extends LintResult {
  /** Files that could not be read at all (exit code 2). */
  unreadable: string[];
  postFiles: string[];
}

/** Lints a brand repository: reads what is needed, runs the pure engine, keeps the cache up to date. */
export async function lintRepository(options: LintRunOptions): Promise<LintRun> {
  const { root } = options;
  const allPosts = listPostFiles(root);
  const lineDoc = readOptionalDocument(root, EDITORIAL_LINE_FILE);
  const netiquetteDoc = readOptionalDocument(root, NETIQUETTE_FILE);
  const cache = options.cache === false ? undefined : new LintCache(root, hashText(readOptionalText(root, EDITORIAL_LINE_FILE)));
  const keyOf = cache ? postFileKeys(root) : () => undefined;

  const targetSet = new Set(options.targets ?? [...allPosts, EDITORIAL_LINE_FILE, NETIQUETTE_FILE]);
  const targetPosts = allPosts.filter((f) => targetSet.has(f));
  const threads = threadCount(targetPosts.length, options.threads ?? 1);
  const [ownShare = [], ...workerShares] = shares(targetPosts, threads);
  // Workers start first: they run on other cores while this thread lints its own share.
  const workers = workerShares.map((files) =>
    lintInWorker({ root, files, nowMs: options.nowMs, published: [...(options.published ?? [])], media: cache?.mediaEntries() ?? [] }),
  );
  const own = await lintChunk(root, ownShare, { rules: options.rules, nowMs: options.nowMs, published: options.published, editorialLine: lineDoc, netiquette: netiquetteDoc, media: cache });
  const others = await Promise.all(workers);

  const { line, netiquette } = own.validated;
  const summaries = [...own.summaries, ...others.flatMap((o) => o.summaries)];
  const unreadable = [...own.unreadable, ...others.flatMap((o) => o.unreadable)].sort();
  for (const [file, stamp, info] of others.flatMap((o) => o.media)) cache?.setMedia(file, stamp, info);

  const locators = new Map(own.validated.posts.map((p) => [p.file, p.locate]));
  // Posts linted by a worker are parsed again here only if a cross-post rule reports on them.
  const locate = (file: string) => {
    if (!locators.has(file)) {
      const doc = readDocument(root, file);
      locators.set(file, doc.ok ? doc.locate : () => ({ line: 1, column: 1 }));
    }
    return locators.get(file);
  };
  const otherSummaries = options.knownPosts
    ? options.knownPosts.filter((p) => !targetSet.has(p.file)).map((p) => summarizePost(p, line))
    : summarizeOthers(root, allPosts.filter((f) => !targetSet.has(f)), line, cache, keyOf);
  const acrossPosts = runCollectionRules({ line, netiquette }, { rules: options.rules, nowMs: options.nowMs, media: new Map(), otherSummaries, published: options.published, targets: summaries }, locate);

  if (cache) {
    const valid = new Map(summaries.map((s) => [s.file, s]));
    for (const file of targetPosts) {
      const key = keyOf(file);
      if (key) cache.setSummary(file, key, valid.get(file) ?? null);
    }
    cache.save(new Set(allPosts));
  }

  const documentFiles = new Set([EDITORIAL_LINE_FILE, NETIQUETTE_FILE]);
  const diagnostics: Diagnostic[] = [
    ...own.validated.diagnostics.filter((d) => documentFiles.has(d.file)),
    ...own.diagnostics,
    ...others.flatMap((o) => o.diagnostics),
    ...acrossPosts,
  ]
    .filter((d) => targetSet.has(d.file))
    .sort(compareDiagnostics);
  if (!targetSet.has(EDITORIAL_LINE_FILE) && lineDoc && !line) {
    diagnostics.unshift({
      file: EDITORIAL_LINE_FILE,
      line: 1,
      column: 1,
      rule: 'editorial/invalid',
      severity: 'warning',
      message: 'the editorial line has errors (run `cadence lint content/editorial-line.mdx`); checks that depend on it were skipped',
    });
  }
  if (!lineDoc) {
    diagnostics.unshift({ file: EDITORIAL_LINE_FILE, line: 1, column: 1, rule: 'editorial/missing', severity: 'warning', message: 'no editorial line: channels, pillars, cadence and voice are not checked' });
  }
  return { diagnostics, line, netiquette, posts: own.validated.posts, summaries, unreadable, postFiles: allPosts };
}

/** Summaries of every valid post (for scheduling and calendars), through the lint cache. */
export function collectSummaries(root: string, line: Parameters<typeof summarizePost>[1]): PostSummary[] {
  const cache = new LintCache(root, hashText(readOptionalText(root, EDITORIAL_LINE_FILE)));
  const files = listPostFiles(root);
  const summaries = summarizeOthers(root, files, line, cache, postFileKeys(root));
  cache.save(new Set(files));
  return summaries;
}

/** Summaries of the posts not being reported on: from the cache when their content key matches, else parsed. */
function summarizeOthers(
  root: string,
  files: readonly string[],
  line: Parameters<typeof summarizePost>[1],
  cache: LintCache | undefined,
  keyOf: (file: string) => string | undefined,
): PostSummary[] {
  const summaries: PostSummary[] = [];
  for (const file of files) {
    const key = keyOf(file);
    let summary = key === undefined ? undefined : cache?.summary(file, key);
    if (summary === undefined) {
      summary = summarizeDocument(readDocument(root, file), line);
      if (key !== undefined) cache?.setSummary(file, key, summary);
    }
    if (summary) summaries.push(summary);
  }
  return summaries;
}

function summarizeDocument(doc: ParsedDocument, line: Parameters<typeof summarizePost>[1]): PostSummary | null {
  if (!doc.ok) return null;
  const validation = validateWith(postSchema, doc.data);
  if (!validation.ok) return null;
  const post: PostDoc = { file: doc.file, id: validation.value.id ?? postIdFromPath(doc.file), data: validation.value, body: doc.body, bodyLine: doc.bodyLine, locate: doc.locate };
  return summarizePost(post, line);
}


