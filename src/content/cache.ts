import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MediaInfo } from '../core/model.ts';
import { CHANNEL_IDS, type ChannelId } from '../core/channels.ts';
import type { FieldPath } from '../core/diagnostics.ts';
import { withinReach, type Relevance } from '../core/rules/reach.ts';
import type { ChannelSlot, PostSummary } from '../core/summary.ts';
import { CACHE_DIR } from './paths.ts';
import { escapeField, indexEntryHasKey, indexEntryMatches, indexEntryRange, parseIndexEntry, readSummaryFile, summaryJson, SummaryFileWriter, type IndexEntry } from './summary-file.ts';

/** Bump when the summary shape or how it is computed changes: old caches are then ignored. */
const CACHE_VERSION = 5;

interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** [content key, compact summary], in memory by file. */
type PostEntry = [string, CompactSummary | null];
/** A post as the summary file has it: where the rest of its index line starts (summary-file.ts), decoded when used. */
type StoredEntry = number;
type MediaEntry = FileStamp & { info: MediaInfo };

/** Changes since the cache file was last written: null for a post file that no longer exists. */
interface Journal {
  version: number;
  lineKey: string;
  posts: Record<string, PostEntry | null>;
  media: Record<string, MediaEntry>;
}

/**
 * Up to this many changed entries are appended to a small journal beside the cache rather than the
 * cache being rewritten: linting one file in a 10,000-post repository then writes a few hundred bytes,
 * not megabytes. A larger change rewrites the cache and empties the journal.
 */
const JOURNAL_MAX_ENTRIES = 500;

/** The summaries (summary-file.ts); the journal of later changes is JSON beside it. */
export const SUMMARY_FILE = 'lint-summaries.cache';

/**
 * What lint remembers between runs, like ESLint's cache: per file, its content key and what was derived
 * from it. It only ever saves work; a missing, stale or corrupt cache means recomputing, never a wrong
 * answer: an entry is used only when its key matches the file's current one, so the journal and the
 * cache file may even be left out of step by a crash.
 */
export class LintCache {
  private readonly file: string;
  private readonly journalFile: string;
  private readonly lineKey: string;
  private posts = new Map<string, PostEntry | StoredEntry>();
  /** The index and data parts of the summary file the stored entries point into. */
  private indexText = '';
  private data: Buffer = Buffer.alloc(0);
  private mediaEntriesByFile: Record<string, MediaEntry> = {};
  private journal: Journal;
  /** Only changes are written back, to the journal while it stays small. */
  private readonly changedPosts = new Map<string, PostEntry | null>();
  private readonly changedMedia = new Map<string, MediaEntry>();
  /** The cache file is missing, unreadable or for another editorial line: write it whole. */
  private rewrite = false;

  constructor(root: string, lineKey: string) {
    this.file = path.join(root, CACHE_DIR, SUMMARY_FILE);
    this.journalFile = path.join(root, CACHE_DIR, 'lint-journal.json');
    this.lineKey = lineKey;
    this.journal = { version: CACHE_VERSION, lineKey, posts: {}, media: {} };
    const bytes = readBytes(this.file);
    const saved = bytes && readSummaryFile(bytes);
    if (saved?.header.version === CACHE_VERSION) this.mediaEntriesByFile = (saved.header.media as Record<string, MediaEntry>) ?? {};
    if (saved?.header.version !== CACHE_VERSION || saved.header.lineKey !== lineKey) {
      this.rewrite = true;
      return;
    }
    this.posts = saved.index;
    this.indexText = saved.indexText;
    this.data = saved.data;
    const journal = readJson<Journal>(this.journalFile);
    if (journal?.version !== CACHE_VERSION || journal.lineKey !== lineKey) return;
    this.journal = journal;
    for (const [file, entry] of Object.entries(journal.posts ?? {})) {
      if (entry) this.posts.set(file, entry);
      else this.posts.delete(file);
    }
    Object.assign(this.mediaEntriesByFile, journal.media ?? {});
  }

  /**
   * The post's summary when its key matches, else undefined. Null when there is nothing to hand to the
   * rules: the post is invalid, or out of reach of the posts reported on (tested before decoding).
   */
  summary(file: string, key: string, relevance?: Relevance): PostSummary | null | undefined {
    const entry = this.posts.get(file);
    if (entry === undefined) return undefined;
    if (typeof entry === 'number') return this.storedSummary(file, entry, key, relevance);
    if (entry[0] !== key) return undefined;
    const compact = entry[1];
    if (compact === null) return null;
    if (!Array.isArray(compact)) return undefined;
    if (relevance && !isRelevantCompact(relevance, compact)) return null;
    // A damaged entry is a miss: the post is read again. Checked only for the entries decoded.
    if (!isCompactSummary(compact)) return undefined;
    return decodeSummary(file, compact);
  }

  /** summary() for an entry of the summary file: the index decides relevance, the JSON is decoded only then. */
  private storedSummary(file: string, stored: StoredEntry, key: string, relevance?: Relevance): PostSummary | null | undefined {
    if (!indexEntryHasKey(this.indexText, stored, key)) return undefined;
    // Out of reach: null, like a post with no summary.
    if (relevance && !this.storedWithinReach(relevance).has(file)) return null;
    const range = indexEntryRange(this.indexText, stored);
    if (range === null) return null;
    const compact = range && parseJson(summaryJson(this.data, range));
    // A damaged entry is a miss, as for the journal's: checked only for the entries decoded.
    if (!isCompactSummary(compact)) return undefined;
    return decodeSummary(file, compact);
  }

  /**
   * The stored posts within reach of `relevance`, read off the index once. Asked early, it runs while Git
   * is still listing the content keys (lintRepository): it needs none.
   */
  storedWithinReach(relevance: Relevance): ReadonlySet<string> {
    let within = this.reach.get(relevance);
    if (within) return within;
    within = new Set<string>();
    const ids = [...relevance.ids].map(escapeField);
    const textKeys = [...relevance.textKeys].map(escapeField);
    const isNear = (ms: number) => withinReach(relevance, ms);
    for (const [file, entry] of this.posts) if (typeof entry === 'number' && indexEntryMatches(this.indexText, entry, ids, isNear, textKeys)) within.add(file);
    this.reach.set(relevance, within);
    return within;
  }

  private readonly reach = new WeakMap<Relevance, Set<string>>();

  setSummary(file: string, key: string, summary: PostSummary | null): void {
    const entry = this.posts.get(file);
    const compact = summary && encodeSummary(summary);
    const stored = entry === undefined ? undefined : this.storedKeyAndJson(entry);
    if (stored && stored[0] === key && stored[1] === JSON.stringify(compact)) return;
    this.posts.set(file, [key, compact]);
    this.changedPosts.set(file, [key, compact]);
  }

  /** [content key, summary JSON] of an entry, as written. */
  private storedKeyAndJson(entry: PostEntry | StoredEntry): [string, string] | undefined {
    if (typeof entry !== 'number') return [entry[0], JSON.stringify(entry[1])];
    const stored = this.readStored(entry);
    // 'null': how JSON.stringify writes a post with no summary.
    return stored && [stored.fields.key, stored.json ?? 'null'];
  }

  /** A stored entry's index fields and summary JSON (null for a post with no summary); undefined when damaged. */
  private readStored(at: StoredEntry): { fields: IndexEntry; json: string | null } | undefined {
    const fields = parseIndexEntry(this.indexText, at);
    const json = fields?.range ? summaryJson(this.data, fields.range) : null;
    return fields && json !== undefined ? { fields, json } : undefined;
  }

  media(file: string, stamp: FileStamp): MediaInfo | undefined {
    const entry = this.mediaEntriesByFile[file];
    return entry && sameStamp(entry, stamp) ? entry.info : undefined;
  }

  setMedia(file: string, stamp: FileStamp, info: MediaInfo): void {
    const entry = { mtimeMs: stamp.mtimeMs, size: stamp.size, info };
    this.mediaEntriesByFile[file] = entry;
    this.changedMedia.set(file, entry);
  }

  /** Drops entries of files that no longer exist, then records the changes: in the journal, or by rewriting the cache. */
  save(existingPosts: ReadonlySet<string>): void {
    for (const file of this.posts.keys()) {
      if (existingPosts.has(file)) continue;
      this.posts.delete(file);
      this.changedPosts.set(file, null);
    }
    if (!this.rewrite && this.changedPosts.size === 0 && this.changedMedia.size === 0) return;
    if (!this.rewrite && this.journalSizeAfterChanges() <= JOURNAL_MAX_ENTRIES) {
      for (const [file, entry] of this.changedPosts) this.journal.posts[file] = entry;
      for (const [file, entry] of this.changedMedia) this.journal.media[file] = entry;
      writeAtomically(this.journalFile, JSON.stringify(this.journal));
    } else {
      const writer = new SummaryFileWriter();
      for (const [file, entry] of this.posts) this.write(writer, file, entry);
      writeAtomically(this.file, writer.finish({ version: CACHE_VERSION, lineKey: this.lineKey, media: this.mediaEntriesByFile }));
      rmSync(this.journalFile, { force: true });
      // The summaries' file before version 5 (one JSON of 3 MB for 10,000 posts), never read again.
      rmSync(path.join(path.dirname(this.file), 'lint.json'), { force: true });
      this.journal = { ...this.journal, posts: {}, media: {} };
    }
    this.changedPosts.clear();
    this.changedMedia.clear();
    this.rewrite = false;
  }

  private journalSizeAfterChanges(): number {
    // A full lint changes every post: no need to count them one by one.
    if (this.changedPosts.size > JOURNAL_MAX_ENTRIES) return this.changedPosts.size;
    return new Set([...Object.keys(this.journal.posts), ...this.changedPosts.keys()]).size + Object.keys(this.journal.media).length + this.changedMedia.size;
  }

  /** A post into the summary file; a damaged stored entry is left out (the post is summarized again next time). */
  private write(writer: SummaryFileWriter, file: string, entry: PostEntry | StoredEntry): void {
    if (typeof entry !== 'number') {
      const [key, compact] = entry;
      if (!compact) return writer.add(file, key, '', '', '', null);
      const { id, times, textKeys } = indexFieldsOf(compact);
      return writer.add(file, key, id, times, textKeys, JSON.stringify(compact));
    }
    const stored = this.readStored(entry);
    if (stored) writer.add(file, stored.fields.key, stored.fields.id, stored.fields.times, stored.fields.textKeys, stored.json);
  }
}

/** A cache file's JSON, or undefined when it is missing or unreadable (a cache only ever saves work). */
export function readJson<T>(file: string): T | undefined {
  return parseJson(readBytes(file)?.toString('utf8')) as T | undefined;
}

function readBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    // No cache yet, or unreadable: start empty.
    return undefined;
  }
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a cache. */
export function writeAtomically(file: string, text: string | Buffer): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch {
    // A read-only checkout still lints; it just does not get faster next time.
  }
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/**
 * A summary as the cache stores it: [id, title, status, pillar, slots…], each slot
 * [channel index, publishAtMs, flags, textKey]. The cache of a 10,000-post repository is read on every
 * run, so its size is start-up time. A slot's paths are either the common field or that channel's
 * variant (see channelContent), so two bits say which.
 */
type CompactSummary = [string, string, PostSummary['status'], string | null, ...CompactSlot[]];
type CompactSlot = [number, number | null, number, string | null];

const FROM_VARIANT_TIME = 1;
const FROM_VARIANT_TEXT = 2;

function encodeSummary(summary: PostSummary): CompactSummary {
  return [
    summary.id,
    summary.title,
    summary.status,
    summary.pillar ?? null,
    ...summary.slots.map((slot): CompactSlot => [
      CHANNEL_IDS.indexOf(slot.channel),
      slot.publishAtMs ?? null,
      (slot.publishAtPath[0] === 'variants' ? FROM_VARIANT_TIME : 0) | (slot.textPath[0] === 'variants' ? FROM_VARIANT_TEXT : 0),
      slot.textKey ?? null,
    ]),
  ];
}

const STATUSES: readonly unknown[] = ['draft', 'ready', 'retracted'];

/** Whether a cached entry has the shape encodeSummary gives (the file may have been damaged or edited). */
function isCompactSummary(value: unknown): value is CompactSummary {
  if (!Array.isArray(value) || value.length < 4) return false;
  const [id, title, status, pillar] = value as unknown[];
  if (typeof id !== 'string' || typeof title !== 'string' || !STATUSES.includes(status) || (pillar !== null && typeof pillar !== 'string')) return false;
  for (let i = 4; i < value.length; i++) {
    const slot = value[i] as unknown;
    if (!Array.isArray(slot) || slot.length !== 4) return false;
    const [channel, publishAtMs, flags, textKey] = slot as unknown[];
    if (!Number.isInteger(channel) || CHANNEL_IDS[channel as number] === undefined) return false;
    if ((publishAtMs !== null && typeof publishAtMs !== 'number') || !Number.isInteger(flags) || (textKey !== null && typeof textKey !== 'string')) return false;
  }
  return true;
}

/** isRelevant (core/rules/reach.ts) on the compact form, so that out-of-reach posts cost no allocation. */
function isRelevantCompact(relevance: Relevance, compact: CompactSummary): boolean {
  if (relevance.ids.has(compact[0])) return true;
  for (let i = 4; i < compact.length; i++) {
    const slot = compact[i] as CompactSlot;
    // A damaged slot: relevant, so that the shape check sees it and the entry is a miss.
    if (!Array.isArray(slot)) return true;
    const publishAtMs = slot[1];
    const textKey = slot[3];
    if ((publishAtMs !== null && withinReach(relevance, publishAtMs)) || (textKey !== null && relevance.textKeys.has(textKey))) return true;
  }
  return false;
}

/** What the index of the summary file repeats of a summary. */
function indexFieldsOf(compact: CompactSummary): Pick<IndexEntry, 'id' | 'times' | 'textKeys'> {
  let times = '';
  let textKeys = '';
  for (let i = 4; i < compact.length; i++) {
    const slot = compact[i] as CompactSlot;
    const separator = i > 4 ? ',' : '';
    times += `${separator}${slot[1] ?? ''}`;
    textKeys += `${separator}${slot[3] ?? ''}`;
  }
  return { id: compact[0], times, textKeys };
}

// Field paths are read-only: every decoded slot shares these instead of allocating its own.
const COMMON_TIME: FieldPath = ['publishAt'];
const COMMON_TEXT: FieldPath = ['text'];
const VARIANT_TIME = new Map(CHANNEL_IDS.map((channel): [ChannelId, FieldPath] => [channel, ['variants', channel, 'publishAt']]));
const VARIANT_TEXT = new Map(CHANNEL_IDS.map((channel): [ChannelId, FieldPath] => [channel, ['variants', channel, 'text']]));

function decodeSummary(file: string, compact: CompactSummary): PostSummary {
  const slots: ChannelSlot[] = [];
  for (let i = 4; i < compact.length; i++) {
    const [index, publishAtMs, flags, textKey] = compact[i] as CompactSlot;
    const channel = CHANNEL_IDS[index] as ChannelId;
    slots.push({
      channel,
      publishAtMs: publishAtMs ?? undefined,
      publishAtPath: flags & FROM_VARIANT_TIME ? VARIANT_TIME.get(channel)! : COMMON_TIME,
      textKey: textKey ?? undefined,
      textPath: flags & FROM_VARIANT_TEXT ? VARIANT_TEXT.get(channel)! : COMMON_TEXT,
    });
  }
  return { file, id: compact[0], title: compact[1], status: compact[2], pillar: compact[3] ?? undefined, slots };
}
