import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MediaInfo } from '../core/model.ts';
import { CHANNEL_IDS, type ChannelId } from '../core/channels.ts';
import type { ChannelSlot, PostSummary } from '../core/summary.ts';
import { CACHE_DIR } from './paths.ts';

/** Bump when the summary shape or how it is computed changes: old caches are then ignored. */
const CACHE_VERSION = 3;

interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface LintCacheData {
  version: number;
  /** Summaries depend on the editorial line (its time zone): a changed line invalidates them. */
  lineKey: string;
  /** Per post file: [content key (file-keys.ts), summary], the summary compact (see encodeSummary). */
  posts: Record<string, [string, CompactSummary | null]>;
  media: Record<string, FileStamp & { info: MediaInfo }>;
}

/**
 * What lint remembers between runs, like ESLint's cache: per file, its stamp and what was derived from it.
 * It only ever saves work; a missing, stale or corrupt cache means recomputing, never a wrong answer
 * (an entry is used only when size and mtime match).
 */
export class LintCache {
  private readonly file: string;
  private data: LintCacheData;
  /** Only a changed cache is written back: rewriting megabytes of JSON on every run costs more than linting one file. */
  private dirty = false;

  constructor(root: string, lineKey: string) {
    this.file = path.join(root, CACHE_DIR, 'lint.json');
    this.data = { version: CACHE_VERSION, lineKey, posts: {}, media: {} };
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as LintCacheData;
      if (saved.version === CACHE_VERSION) {
        this.data.media = saved.media ?? {};
        if (saved.lineKey === lineKey) this.data.posts = saved.posts ?? {};
        else this.dirty = true;
      } else this.dirty = true;
    } catch {
      // No cache yet, or unreadable: start empty.
      this.dirty = true;
    }
  }

  summary(file: string, key: string): PostSummary | null | undefined {
    const entry = this.data.posts[file];
    if (!entry || entry[0] !== key) return undefined;
    return entry[1] && decodeSummary(file, entry[1]);
  }

  setSummary(file: string, key: string, summary: PostSummary | null): void {
    const entry = this.data.posts[file];
    const compact = summary && encodeSummary(summary);
    if (entry && entry[0] === key && JSON.stringify(entry[1]) === JSON.stringify(compact)) return;
    this.data.posts[file] = [key, compact];
    this.dirty = true;
  }

  media(file: string, stamp: FileStamp): MediaInfo | undefined {
    const entry = this.data.media[file];
    return entry && sameStamp(entry, stamp) ? entry.info : undefined;
  }

  /** Every media entry, to hand to a worker thread. */
  mediaEntries(): [string, FileStamp, MediaInfo][] {
    return Object.entries(this.data.media).map(([file, entry]) => [file, { mtimeMs: entry.mtimeMs, size: entry.size }, entry.info]);
  }

  setMedia(file: string, stamp: FileStamp, info: MediaInfo): void {
    this.data.media[file] = { mtimeMs: stamp.mtimeMs, size: stamp.size, info };
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist, then writes atomically. */
  save(existingPosts: ReadonlySet<string>): void {
    for (const file of Object.keys(this.data.posts)) {
      if (existingPosts.has(file)) continue;
      delete this.data.posts[file];
      this.dirty = true;
    }
    if (!this.dirty) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(this.data));
      renameSync(temporary, this.file);
    } catch {
      // A read-only checkout still lints; it just does not get faster next time.
    }
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

function decodeSummary(file: string, [id, title, status, pillar, ...slots]: CompactSummary): PostSummary {
  return {
    file,
    id,
    title,
    status,
    pillar: pillar ?? undefined,
    slots: slots.map(([index, publishAtMs, flags, textKey]): ChannelSlot => {
      const channel = CHANNEL_IDS[index] as ChannelId;
      return {
        channel,
        publishAtMs: publishAtMs ?? undefined,
        publishAtPath: flags & FROM_VARIANT_TIME ? ['variants', channel, 'publishAt'] : ['publishAt'],
        textKey: textKey ?? undefined,
        textPath: flags & FROM_VARIANT_TEXT ? ['variants', channel, 'text'] : ['text'],
      };
    }),
  };
}
