import path from 'node:path';
import { CHANNEL_IDS, type ChannelId } from '../core/channels.ts';
import type { Diagnostic, Severity } from '../core/diagnostics.ts';
import { readJson, writeAtomically } from './cache.ts';
import { CACHE_DIR } from './paths.ts';

/** Bump when what an entry holds changes: old files are then ignored. */
const RESULTS_VERSION = 1;

/** A diagnostic without its file: [line, column, rule, severity, message, channel index or -1]. */
type CompactDiagnostic = [number, number, string, Severity, string, number];
/** Per post: [content key, its diagnostics, [media file, content key or null when missing]…]. */
type ResultEntry = [string, CompactDiagnostic[], [string, string | null][]];

interface ResultsFile {
  version: number;
  /** Code, rules, editorial line and netiquette the results were computed with. */
  key: string;
  posts: Record<string, ResultEntry>;
}

/**
 * What lint found in each post on its own (parsing, schema, per-post rules), as ESLint's `--cache` keeps
 * per-file results: reused while the post, the media it references and `key` (the code, the rule set,
 * the editorial line and the netiquette) are unchanged, so a full lint re-checks only what changed.
 * Rules whose verdict moves with the clock or the ledger are collection rules, recomputed every run.
 * Kept apart from the summaries (cache.ts): a one-file lint does not pay to read or rewrite it.
 */
export class ResultCache {
  private readonly file: string;
  private readonly data: ResultsFile;
  private dirty = false;

  constructor(root: string, key: string) {
    this.file = path.join(root, CACHE_DIR, 'lint-results.json');
    this.data = { version: RESULTS_VERSION, key, posts: {} };
    const saved = readJson<ResultsFile>(this.file);
    if (saved?.version === RESULTS_VERSION && saved.key === key && saved.posts) this.data.posts = saved.posts;
    else this.dirty = true;
  }

  /** The post's diagnostics when neither it nor any media it references changed, else undefined. */
  get(file: string, fileKey: string, keyOf: (file: string) => string | undefined): Diagnostic[] | undefined {
    const entry = this.data.posts[file];
    if (!Array.isArray(entry) || entry[0] !== fileKey || !isResultEntry(entry)) return undefined;
    for (const [media, mediaKey] of entry[2]) if ((keyOf(media) ?? null) !== mediaKey) return undefined;
    return entry[1].map(([line, column, rule, severity, message, channel]) => ({
      file,
      line,
      column,
      rule,
      severity,
      message,
      ...(channel >= 0 ? { channel: CHANNEL_IDS[channel] as ChannelId } : {}),
    }));
  }

  set(file: string, fileKey: string, diagnostics: readonly Diagnostic[], media: readonly string[], keyOf: (file: string) => string | undefined): void {
    this.data.posts[file] = [
      fileKey,
      diagnostics.map((d) => [d.line, d.column, d.rule, d.severity, d.message, d.channel ? CHANNEL_IDS.indexOf(d.channel) : -1]),
      media.map((m) => [m, keyOf(m) ?? null]),
    ];
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist, then writes atomically if anything changed. */
  save(existingPosts: ReadonlySet<string>): void {
    for (const file of Object.keys(this.data.posts)) {
      if (existingPosts.has(file)) continue;
      delete this.data.posts[file];
      this.dirty = true;
    }
    if (this.dirty) writeAtomically(this.file, JSON.stringify(this.data));
  }
}

const SEVERITIES: readonly unknown[] = ['error', 'warning', 'note'];

/** Whether a stored entry has the shape `set` writes (the file may have been damaged or edited): else a miss. */
function isResultEntry(entry: unknown[]): entry is ResultEntry {
  const [, diagnostics, media] = entry;
  return (
    Array.isArray(diagnostics) &&
    diagnostics.every(
      (d: unknown) =>
        Array.isArray(d) && d.length === 6 && Number.isInteger(d[0]) && Number.isInteger(d[1]) && typeof d[2] === 'string' && SEVERITIES.includes(d[3]) && typeof d[4] === 'string' && Number.isInteger(d[5]) && (d[5] === -1 || CHANNEL_IDS[d[5]] !== undefined),
    ) &&
    Array.isArray(media) &&
    media.every((m: unknown) => Array.isArray(m) && typeof m[0] === 'string' && (m[1] === null || typeof m[1] === 'string'))
  );
}
