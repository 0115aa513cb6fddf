import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MediaInfo } from '../core/model.ts';
import type { PostSummary } from '../core/summary.ts';
import { CACHE_DIR } from './paths.ts';

/** Bump when the summary shape or how it is computed changes: old caches are then ignored. */
const CACHE_VERSION = 1;

interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface LintCacheData {
  version: number;
  /** Summaries depend on the editorial line (its time zone): a changed line invalidates them. */
  lineKey: string;
  posts: Record<string, FileStamp & { summary: PostSummary | null }>;
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

  summary(file: string, stamp: FileStamp): PostSummary | null | undefined {
    const entry = this.data.posts[file];
    return entry && sameStamp(entry, stamp) ? entry.summary : undefined;
  }

  setSummary(file: string, stamp: FileStamp, summary: PostSummary | null): void {
    const entry = this.data.posts[file];
    if (entry && sameStamp(entry, stamp) && JSON.stringify(entry.summary) === JSON.stringify(summary)) return;
    this.data.posts[file] = { mtimeMs: stamp.mtimeMs, size: stamp.size, summary };
    this.dirty = true;
  }

  media(file: string, stamp: FileStamp): MediaInfo | undefined {
    const entry = this.data.media[file];
    return entry && sameStamp(entry, stamp) ? entry.info : undefined;
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
