import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { runRules, validateDocuments, type LintResult, type ParsedDocument } from '../core/lint.ts';
import type { MediaInfo, PostDoc } from '../core/model.ts';
import { channelContent, mediaPath } from '../core/post.ts';
import type { Rule } from '../core/rules/rule.ts';
import { postSchema } from '../core/schema/index.ts';
import { postIdFromPath } from '../core/post.ts';
import { summarizePost, type PostSummary } from '../core/summary.ts';
import { hashText } from '../core/text.ts';
import { validateWith } from '../core/validate.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { LintCache } from './cache.ts';
import { parseFrontmatter } from './frontmatter.ts';
import { readMediaInfo } from './media.ts';
import { EDITORIAL_LINE_FILE, isPostFile, NETIQUETTE_FILE, POSTS_DIR } from './paths.ts';

/** Every post file of the repository, repository-relative, sorted. */
export function listPostFiles(root: string): string[] {
  const files: string[] = [];
  // A walk with file types is several times faster than readdirSync({recursive}) on 10,000 posts.
  const walk = (relative: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (isPostFile(child)) files.push(child);
    }
  };
  walk(POSTS_DIR);
  return files.sort();
}

/** Reads and parses one content file; an unreadable file becomes a document that says so. */
export function readDocument(root: string, file: string): ParsedDocument & { unreadable?: boolean } {
  let source: string;
  try {
    source = readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    return { file, ok: false, unreadable: true, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, position: { line: 1, column: 1 } };
  }
  return toDocument(file, source);
}

export function toDocument(file: string, source: string): ParsedDocument {
  const parsed = parseFrontmatter(source);
  if (!parsed.ok) return { file, ok: false, message: parsed.message, position: parsed.position };
  return { file, ok: true, data: parsed.data, body: parsed.split.body, bodyLine: parsed.split.bodyLine, locate: parsed.locate };
}

export interface LintRunOptions {
  root: string;
  /** Posts (and/or the editorial line, netiquette) to report on; all posts when undefined. */
  targets?: readonly string[];
  rules: readonly Rule[];
  nowMs: number;
  /** Use and update `.cadence/cache` (default true). */
  cache?: boolean;
  published?: ReadonlySet<string>;
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
  const lineDoc = readOptional(root, EDITORIAL_LINE_FILE);
  const netiquetteDoc = readOptional(root, NETIQUETTE_FILE);
  const lineKey = hashText(readOptionalText(root, EDITORIAL_LINE_FILE));
  const cache = options.cache === false ? undefined : new LintCache(root, lineKey);

  const targetSet = new Set(options.targets ?? [...allPosts, EDITORIAL_LINE_FILE, NETIQUETTE_FILE]);
  const targetPosts = allPosts.filter((f) => targetSet.has(f));
  const unreadable: string[] = [];
  const postDocs = targetPosts.map((file) => {
    const doc = readDocument(root, file);
    if ('unreadable' in doc && doc.unreadable) unreadable.push(file);
    return doc;
  });

  const validated = validateDocuments({ posts: postDocs, editorialLine: lineDoc, netiquette: netiquetteDoc });
  const otherSummaries = summarizeOthers(root, allPosts.filter((f) => !targetSet.has(f)), validated.line, cache);
  const media = await readMediaFor(root, validated.posts, cache);
  const result = runRules(validated, { rules: options.rules, nowMs: options.nowMs, media, otherSummaries, published: options.published });

  if (cache) {
    const valid = new Map(result.summaries.map((s) => [s.file, s]));
    for (const file of targetPosts) {
      const stamp = safeStat(path.join(root, file));
      if (stamp) cache.setSummary(file, stamp, valid.get(file) ?? null);
    }
    cache.save(new Set(allPosts));
  }

  const diagnostics: Diagnostic[] = result.diagnostics.filter((d) => targetSet.has(d.file));
  if (!targetSet.has(EDITORIAL_LINE_FILE) && lineDoc && !validated.line) {
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
  return { ...result, diagnostics, unreadable, postFiles: allPosts };
}

function readOptional(root: string, file: string): ParsedDocument | undefined {
  const doc = readDocument(root, file);
  return 'unreadable' in doc && doc.unreadable && !safeStat(path.join(root, file)) ? undefined : doc;
}

function safeStat(file: string): { mtimeMs: number; size: number } | undefined {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    return undefined;
  }
  return { mtimeMs: stats.mtimeMs, size: stats.size };
}

/** Summaries of every valid post (for scheduling and calendars), through the lint cache. */
export function collectSummaries(root: string, line: Parameters<typeof summarizePost>[1]): PostSummary[] {
  const lineSource = readOptionalText(root, EDITORIAL_LINE_FILE);
  const cache = new LintCache(root, hashText(lineSource));
  const files = listPostFiles(root);
  const summaries = summarizeOthers(root, files, line, cache);
  cache.save(new Set(files));
  return summaries;
}

function readOptionalText(root: string, file: string): string {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return '';
  }
}

/** Summaries of the posts not being reported on: from the cache when their stamp matches, else parsed. */
function summarizeOthers(root: string, files: readonly string[], line: Parameters<typeof summarizePost>[1], cache: LintCache | undefined): PostSummary[] {
  const summaries: PostSummary[] = [];
  for (const file of files) {
    const stamp = safeStat(path.join(root, file));
    if (!stamp) continue;
    let summary = cache?.summary(file, stamp);
    if (summary === undefined) {
      summary = summarizeDocument(readDocument(root, file), line);
      cache?.setSummary(file, stamp, summary);
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

/** Every local media file a post references, on any channel or thread part. */
export function referencedMedia(post: PostDoc): string[] {
  const data = post.data;
  const sources = new Set<string>();
  for (const m of data.media ?? []) sources.add(m.src);
  for (const channel of data.channels) {
    const content = channelContent(data, channel);
    for (const m of content.media) sources.add(m.src);
    for (const part of content.thread) for (const m of part.media ?? []) sources.add(m.src);
  }
  return [...sources].filter((src) => !/^https?:\/\//.test(src)).map((src) => mediaPath(post.file, src));
}

async function readMediaFor(root: string, posts: readonly PostDoc[], cache: LintCache | undefined): Promise<Map<string, MediaInfo>> {
  const paths = new Set(posts.flatMap(referencedMedia));
  const media = new Map<string, MediaInfo>();
  await Promise.all(
    [...paths].map(async (file) => {
      const stamp = safeStat(path.join(root, file));
      const cached = stamp && cache?.media(file, stamp);
      if (cached) {
        media.set(file, cached);
        return;
      }
      const info = await readMediaInfo(root, file);
      media.set(file, info);
      if (stamp && info.ok) cache?.setMedia(file, stamp, info);
    }),
  );
  return media;
}
