import { createHash } from 'node:crypto';
import { compareDiagnostics, type Diagnostic } from '../core/diagnostics.ts';
import { locateFindings, runCollectionRules, type LintResult, type ParsedDocument } from '../core/lint.ts';
import type { PostDoc } from '../core/model.ts';
import { postIdFromPath } from '../core/post.ts';
import { relevanceOf, type Relevance } from '../core/rules/reach.ts';
import type { Rule } from '../core/rules/rule.ts';
import { postSchema } from '../core/schema/index.ts';
import { byFile, summarizePost, type PostSummary } from '../core/summary.ts';
import { hashText } from '../core/text.ts';
import { validateWith } from '../core/validate.ts';
import { LintCache } from './cache.ts';
import { codeIdentity } from './code-identity.ts';
import { listPostFiles, readDocument, readOptionalDocument, readOptionalText } from './documents.ts';
import { fileKeys } from './file-keys.ts';
import { lintQueue } from './lint-chunk.ts';
import { ChunkQueue, RulesThreads, threadCount } from './lint-parallel.ts';
import { readEditorialLine, rememberEditorialLine, type EditorialLineInput } from './line-memo.ts';
import { EDITORIAL_LINE_FILE, NETIQUETTE_FILE } from './paths.ts';
import { COMMUNITY_FILES, lintCommunityDocuments } from './community-lint.ts';
import { patternSafetyMemo } from './pattern-safety.ts';
import { ResultCache } from './result-cache.ts';
import { loadZoneOffsets, saveZoneOffsets } from './zone-cache.ts';

/**
 * Below this many posts to report on, per-post results are not looked up: reading and rewriting the
 * results file costs more than checking the posts again (a one-file lint is the common case). A small
 * brand's full lint is above it: the 46-post sample checked every post on every run, ~60 % of its time
 * (loading twitter-text, zod's first parses; docs/benchmarks.md).
 */
const RESULT_CACHE_MIN_TARGETS = 10;

/** A file's content key (file-keys.ts), undefined for a file that does not exist. */
type KeyOf = (file: string) => string | undefined;

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
   * rules themselves. With more than one, `posts` in the result is empty (they went to those threads).
   */
  threads?: number;
  /** Every post, already parsed by the caller (a publish run): the cross-post rules summarize these instead of reading the repository again. */
  knownPosts?: readonly PostDoc[];
  /**
   * Reuse the diagnostics of posts unchanged since a previous run (result-cache.ts), for large runs with
   * the cache on. Those posts are then neither parsed nor in `posts`: for callers that need diagnostics only.
   */
  reuseResults?: boolean;
  /** Every post file (listPostFiles), when the caller has listed them already. */
  postFiles?: readonly string[];
  /** Content keys of the files (fileKeys), when the caller started computing them already. */
  fileKeys?: Promise<KeyOf>;
}

export interface LintRun extends LintResult {
  /** Files that could not be read at all (exit code 2). */
  unreadable: string[];
  postFiles: string[];
}

/**
 * Lints a brand repository: reads what is needed, runs the pure engine, keeps the cache up to date.
 * The netiquette is read only when reported on (no rule on posts depends on it).
 */
export async function lintRepository(options: LintRunOptions): Promise<LintRun> {
  const { root } = options;
  const allPosts = options.postFiles ?? listPostFiles(root);
  const targetSet = new Set(options.targets ?? [...allPosts, EDITORIAL_LINE_FILE, NETIQUETTE_FILE, ...COMMUNITY_FILES]);
  const targetPosts = allPosts.filter((f) => targetSet.has(f));
  const lineInput = readEditorialLine(root, { report: targetSet.has(EDITORIAL_LINE_FILE), memo: options.cache !== false });
  const netiquetteDoc = targetSet.has(NETIQUETTE_FILE) ? readOptionalDocument(root, NETIQUETTE_FILE) : undefined;
  const patternMemo = netiquetteDoc ? patternSafetyMemo(root) : undefined;
  const cache = options.cache === false ? undefined : new LintCache(root, hashText(lineInput.text));
  const timeZone = zoneOf(lineInput);
  const knownDays = cache ? loadZoneOffsets(root, timeZone) : 0;
  const keysReady = cache ? (options.fileKeys ?? fileKeys(root)) : Promise.resolve(() => undefined);

  const results =
    cache && options.reuseResults && targetPosts.length >= RESULT_CACHE_MIN_TARGETS ? new ResultCache(root, resultsKey(root, options.rules, lineInput.text)) : undefined;
  // A large run needs the keys first, to skip unchanged posts; otherwise Git runs while this thread lints.
  const reused = results && cache ? reuseResults(targetPosts, results, cache, await keysReady) : { diagnostics: [], summaries: [], files: new Set<string>() };
  const toLint = reused.files.size > 0 ? targetPosts.filter((f) => !reused.files.has(f)) : targetPosts;
  const threads = threadCount(toLint.length, options.threads ?? 1);
  // Other threads run the per-post rules while this one reads, parses and validates the next chunks.
  const rulesThreads = threads > 1 ? new RulesThreads(threads - 1, { nowMs: options.nowMs, published: [...(options.published ?? [])] }) : undefined;
  const own = await lintQueue(root, new ChunkQueue(toLint), {
    rules: options.rules,
    nowMs: options.nowMs,
    published: options.published,
    editorialLine: lineInput.doc,
    knownLine: lineInput.known,
    netiquette: netiquetteDoc,
    patternSafety: patternMemo?.safety,
    media: cache,
    rulesThreads,
  });

  const { line, netiquette } = own.validated;
  const linted = [...own.summaries, ...(rulesThreads ? await rulesThreads.summaries() : [])];
  // In path order, as the posts were listed: some messages list posts in input order.
  const summaries = [...linted, ...reused.summaries].sort(byFile);
  // The other posts that can change the verdict on these (all of them for a rule that does not say).
  const otherFiles = allPosts.filter((f) => !targetSet.has(f));
  const relevance = otherFiles.length > 0 ? relevanceOf(options.rules, { ...(line ? { line } : {}), nowMs: options.nowMs, media: new Map() }, summaries) : undefined;
  // Which cached posts are within reach needs no content key: found while Git may still be listing them.
  if (relevance && !options.knownPosts) cache?.storedWithinReach(relevance);
  const keyOf = await keysReady;
  if (cache) rememberEditorialLine(root, lineInput, line);
  const unreadable = own.unreadable.sort();

  const locators = new Map(own.locators);
  // Posts not linted in this run are parsed again here only if a cross-post rule reports on them.
  const locate = (file: string) => {
    if (!locators.has(file)) {
      const doc = readDocument(root, file);
      locators.set(file, doc.ok ? doc.locate : () => ({ line: 1, column: 1 }));
    }
    return locators.get(file);
  };
  const otherSummaries = options.knownPosts
    ? options.knownPosts.filter((p) => !targetSet.has(p.file)).map((p) => summarizePost(p, line))
    : summarizeOthers(root, otherFiles, line, cache, keyOf, relevance);
  // The cross-post rules and the cache of summaries while the rules threads finish their last chunks.
  const acrossPosts = runCollectionRules({ line, netiquette }, { rules: options.rules, nowMs: options.nowMs, media: new Map(), otherSummaries, published: options.published, targets: summaries }, locate);
  if (cache) {
    rememberSummaries(cache, toLint, linted, keyOf);
    cache.save(new Set(allPosts));
    saveZoneOffsets(root, timeZone, knownDays);
  }
  const perPost = [...own.diagnostics, ...(rulesThreads ? locateFindings(await rulesThreads.findings(), locate) : [])];
  if (results) {
    rememberResults(results, toLint, perPost, own.mediaOf, new Set(unreadable), keyOf);
    results.save(new Set(allPosts));
  }

  patternMemo?.save();
  const documentFiles = new Set([EDITORIAL_LINE_FILE, NETIQUETTE_FILE]);
  const diagnostics: Diagnostic[] = [
    ...own.validated.diagnostics.filter((d) => documentFiles.has(d.file)),
    ...perPost,
    ...reused.diagnostics,
    ...acrossPosts,
    ...lintCommunityDocuments(root, targetSet, { memo: options.cache !== false }),
  ]
    .filter((d) => targetSet.has(d.file))
    .sort(compareDiagnostics);
  if (!targetSet.has(EDITORIAL_LINE_FILE) && lineInput.doc && !line) {
    diagnostics.unshift({
      file: EDITORIAL_LINE_FILE,
      line: 1,
      column: 1,
      rule: 'editorial/invalid',
      severity: 'warning',
      message: 'the editorial line has errors (run `cadence lint content/editorial-line.mdx`); checks that depend on it were skipped',
    });
  }
  if (!lineInput.doc && !lineInput.known) {
    diagnostics.unshift({ file: EDITORIAL_LINE_FILE, line: 1, column: 1, rule: 'editorial/missing', severity: 'warning', message: 'no editorial line: channels, pillars, cadence and voice are not checked' });
  }
  return { diagnostics, line, netiquette, posts: own.validated.posts, summaries, unreadable, postFiles: [...allPosts] };
}

/** The brand's time zone as written (validation comes later), for the saved offsets. */
function zoneOf(line: EditorialLineInput): string {
  if (line.known) return line.known.brand.timezone;
  const data = line.doc?.ok ? (line.doc.data as { brand?: { timezone?: unknown } } | undefined) : undefined;
  return typeof data?.brand?.timezone === 'string' ? data.brand.timezone : 'Europe/Paris';
}

/** Records the summaries of the posts just linted (null for invalid ones). */
function rememberSummaries(cache: LintCache, linted: readonly string[], summaries: readonly PostSummary[], keyOf: KeyOf): void {
  const valid = new Map(summaries.map((s) => [s.file, s]));
  for (const file of linted) {
    const key = keyOf(file);
    if (key) cache.setSummary(file, key, valid.get(file) ?? null);
  }
}

/** Records each linted post's own findings and the media they depend on (unreadable files are tried again next time). */
function rememberResults(
  results: ResultCache,
  linted: readonly string[],
  diagnostics: readonly Diagnostic[],
  mediaOfPosts: readonly [string, string[]][],
  unreadable: ReadonlySet<string>,
  keyOf: KeyOf,
): void {
  const mediaOf = new Map(mediaOfPosts);
  const diagnosticsOf = Map.groupBy(diagnostics, (d) => d.file);
  for (const file of linted) {
    const key = keyOf(file);
    if (key && !unreadable.has(file)) results.set(file, key, diagnosticsOf.get(file) ?? [], mediaOf.get(file) ?? [], keyOf);
  }
}

/** What the per-post results depend on besides the post and its media: the code, the rules, the line and the charter. */
function resultsKey(root: string, rules: readonly Rule[], lineText: string): string {
  const inputs = [codeIdentity(), rules.map((r) => r.id).join(','), lineText, readOptionalText(root, NETIQUETTE_FILE)];
  return createHash('sha256').update(inputs.join('\0')).digest('hex');
}

/** The targets whose cached results still hold: their diagnostics and summaries, without reading them. */
function reuseResults(targets: readonly string[], results: ResultCache, cache: LintCache, keyOf: KeyOf) {
  const diagnostics: Diagnostic[] = [];
  const summaries: PostSummary[] = [];
  const files = new Set<string>();
  for (const file of targets) {
    const key = keyOf(file);
    if (key === undefined) continue;
    const summary = cache.summary(file, key);
    const found = summary === undefined ? undefined : results.get(file, key, keyOf);
    if (found === undefined) continue;
    diagnostics.push(...found);
    if (summary) summaries.push(summary);
    files.add(file);
  }
  return { diagnostics, summaries, files };
}

/** Summaries of every valid post (for scheduling and calendars), through the lint cache. */
export async function collectSummaries(root: string, line: Parameters<typeof summarizePost>[1]): Promise<PostSummary[]> {
  const cache = new LintCache(root, hashText(readOptionalText(root, EDITORIAL_LINE_FILE)));
  const files = listPostFiles(root);
  const summaries = summarizeOthers(root, files, line, cache, await fileKeys(root));
  cache.save(new Set(files));
  return summaries;
}

/** Summaries of the posts not being reported on: from the cache when their content key matches, else parsed. */
function summarizeOthers(
  root: string,
  files: readonly string[],
  line: Parameters<typeof summarizePost>[1],
  cache: LintCache | undefined,
  keyOf: KeyOf,
  relevance?: Relevance,
): PostSummary[] {
  const summaries: PostSummary[] = [];
  for (const file of files) {
    const key = keyOf(file);
    let summary = key === undefined ? undefined : cache?.summary(file, key, relevance);
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


