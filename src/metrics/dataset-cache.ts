/**
 * What `loadDataset` folds out of data/metrics/ (src/core/metrics/dataset.ts, DatasetBuilder), kept in
 * .cadence/cache/metrics-dataset.json between runs: a report, the site's build and its page workers then
 * read one file of ~100,000 folded publications instead of parsing a year's 800,000 JSON lines again
 * (docs/benchmarks.md, "Metrics: speed").
 *
 * It is a cache, never committed and never the truth: it is used only while every file under
 * data/metrics/ is the one it was made from (same list, sizes and modification times), and made again
 * otherwise. A missing, stale or damaged cache costs time, never a different report.
 */
import { isAscii } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { BuiltPost, PairFold } from '../core/metrics/dataset.ts';
import { METRICS_DIR } from '../core/metrics/format.ts';
import type { AccountRow, BlogRow, PublicationRow, RunRow, SnapshotRow } from '../core/metrics/model.ts';
import { CACHE_DIR } from '../content/paths.ts';

export const DATASET_CACHE_FILE = `${CACHE_DIR}/metrics-dataset.json`;
/** Bump when the fold or the rows it keeps change: older caches are then ignored. */
const VERSION = 5;

export interface FoldedMetrics {
  folds: PairFold[];
  accounts: AccountRow[];
  /** The UTM rows only (nothing reads the page rows), and the first day of any row. */
  blog: BlogRow[];
  blogFirstDay: string | undefined;
  runs: RunRow[];
  problems: string[];
  /** What the dataset's build derived from the fold in a time zone (local times, lifts), when the cache has it. */
  built?: { timeZone: string; posts: BuiltPost[] };
}

interface CacheFile extends FoldedMetrics {
  version: number;
  stamp: string;
}

/** Every file under data/metrics/ with its size and modification time: what a cached fold was made from. */
export function metricsStamp(root: string): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const file = `${dir}/${name}`;
      const stat = statSync(path.join(root, file), { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(file);
      else if (stat) parts.push(`${file}\u0000${stat.size}\u0000${stat.mtimeMs}`);
    }
  };
  walk(METRICS_DIR);
  return parts.join('\n');
}

/**
 * The cache's rows are arrays, `[shape, ...values]`, a shape being the row's keys in order: JSON.parse reads
 * arrays of values several times faster than as many objects with their keys, and V8's own serializer was
 * slower still. Rows come back as objects with the same keys in the same order. A string value with
 * non-ASCII characters (a title's "’" or "°") is stored as `[index]` into `texts`, written on the last line:
 * the row lines stay ASCII, read as one-byte strings without UTF-8 decoding (escaping them instead cost
 * more to write than it saved).
 */
class RowCodec {
  readonly shapes: string[][] = [];
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();

  encode(row: object | undefined): unknown[] | 0 {
    if (!row) return 0;
    const keys = Object.keys(row);
    const id = keys.join('\u0000');
    let shape = this.ids.get(id);
    if (shape === undefined) {
      shape = this.shapes.push(keys) - 1;
      this.ids.set(id, shape);
    }
    const encoded: unknown[] = [shape];
    for (const value of Object.values(row) as unknown[]) encoded.push(typeof value === 'string' && NON_ASCII.test(value) ? [this.texts.push(value) - 1] : value);
    return encoded;
  }

  static decode<T>(shapes: readonly (readonly string[])[], texts: readonly string[], encoded: unknown): T | undefined {
    if (!Array.isArray(encoded)) return undefined;
    const keys = shapes[encoded[0] as number]!;
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value: unknown = encoded[i + 1];
      row[keys[i]!] = Array.isArray(value) ? texts[value[0] as number] : value;
    }
    return row as T;
  }
}
const NON_ASCII = /[^\u0000-\u007f]/;

/** A fold as stored: [seen, given, late, latestIndex, lateReferenceIndex, pub, reference7d, latest, lateReference]; 1 = the same row as reference7d. */
type StoredFold = [number, number, number, number, number, unknown[] | 0, unknown[] | 0, unknown[] | 0 | 1, unknown[] | 0 | 1];

/** The cache's last line: what its rows need to be read, and how many there are (a cut file is not taken). */
interface CacheTail {
  shapes: string[][];
  texts: string[];
  timeZone: string | null;
  blogFirstDay: string | null;
  runs: RunRow[];
  problems: string[];
  counts: [number, number, number, number];
}

/** Items per line of the cache: each line is parsed and decoded on its own, so its arrays die young. */
const CHUNK = 500;


export function readDatasetCache(root: string, stamp: string): FoldedMetrics | undefined {
  try {
    const bytes = readFileSync(path.join(root, DATASET_CACHE_FILE));
    let start = 0;
    const nextLine = (): string => {
      const end = bytes.indexOf(0x0a, start);
      // An ASCII line decodes as Latin-1: a one-byte string, without UTF-8's decoding work.
      const line = isAscii(bytes.subarray(start, end)) ? bytes.toString('latin1', start, end) : bytes.toString('utf8', start, end);
      start = end + 1;
      return line;
    };
    // The stamp is checked before the bulk of the file is parsed: a stale cache costs one short parse.
    const head = JSON.parse(nextLine()) as { version: number; stamp: string };
    if (head.version !== VERSION || head.stamp !== stamp) return undefined;
    const tailStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
    const tail = JSON.parse(bytes.toString('utf8', tailStart, bytes.length - 1)) as CacheTail;
    const row = <T>(encoded: unknown) => RowCodec.decode<T>(tail.shapes, tail.texts, encoded);
    const folds: PairFold[] = [];
    const accounts: AccountRow[] = [];
    const blog: BlogRow[] = [];
    const built: BuiltPost[] = [];
    while (start < tailStart) {
      const line = nextLine();
      const [kind, items] = JSON.parse(line) as ['f', StoredFold[]] | ['a' | 'b' | 'p', unknown[]];
      if (kind === 'f') {
        for (const [seen, given, late, latestIndex, lateReferenceIndex, pub, ref, latest, lateRef] of items) {
          const reference7d = row<SnapshotRow>(ref);
          folds.push({
            pub: row<PublicationRow>(pub),
            seen,
            given,
            late,
            reference7d,
            latest: latest === 1 ? reference7d : row<SnapshotRow>(latest),
            latestIndex,
            lateReference: lateRef === 1 ? reference7d : row<SnapshotRow>(lateRef),
            lateReferenceIndex,
          });
        }
      } else if (kind === 'p') for (const item of items as BuiltPost[]) built.push(item);
      else for (const item of items) (kind === 'a' ? accounts : blog).push(row(item)!);
    }
    if (folds.length !== tail.counts[0] || accounts.length !== tail.counts[1] || blog.length !== tail.counts[2] || built.length !== tail.counts[3]) return undefined;
    return { folds, accounts, blog, blogFirstDay: tail.blogFirstDay ?? undefined, runs: tail.runs, problems: tail.problems, ...(tail.timeZone !== null ? { built: { timeZone: tail.timeZone, posts: built } } : {}) };
  } catch {
    return undefined;
  }
}

/** Written through a temporary file and a rename: a site build's page workers may write it at once. */
export function writeDatasetCache(root: string, stamp: string, folded: FoldedMetrics): void {
  const file = path.join(root, DATASET_CACHE_FILE);
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(temporary, 'w');
    const out = fd;
    // A line at a time (a year's cache is ~60 MB: never held as one string); the shapes the rows use, known
    // once they are all written, go on the last line.
    writeSync(out, `${JSON.stringify({ version: VERSION, stamp })}\n`);
    const codec = new RowCodec();
    const chunks = <T>(kind: string, items: readonly T[], encode: (item: T) => unknown) => {
      for (let i = 0; i < items.length; i += CHUNK) writeSync(out, `${JSON.stringify([kind, items.slice(i, i + CHUNK).map(encode)])}\n`);
    };
    chunks('f', folded.folds, (f): StoredFold => {
      const same = (r: SnapshotRow | undefined) => (r && r === f.reference7d ? 1 : codec.encode(r));
      return [f.seen, f.given, f.late, f.latestIndex, f.lateReferenceIndex, codec.encode(f.pub), codec.encode(f.reference7d), same(f.latest), same(f.lateReference)];
    });
    chunks('a', folded.accounts, (r) => codec.encode(r));
    chunks('b', folded.blog, (r) => codec.encode(r));
    // Only finite lifts round-trip through JSON (a NaN would come back as null): otherwise the build is not kept.
    const built = folded.built?.posts.every(([, , , , lift, baseline]) => (lift === null || Number.isFinite(lift)) && (baseline === null || Number.isFinite(baseline))) ? folded.built : undefined;
    if (built) chunks('p', built.posts, (p) => p);
    const tail: CacheTail = { shapes: codec.shapes, texts: codec.texts, timeZone: built?.timeZone ?? null, blogFirstDay: folded.blogFirstDay ?? null, runs: folded.runs, problems: folded.problems, counts: [folded.folds.length, folded.accounts.length, folded.blog.length, built?.posts.length ?? 0] };
    writeSync(out, `${JSON.stringify(tail)}\n`);
    closeSync(out);
    fd = undefined;
    renameSync(temporary, file);
  } catch {
    // A read-only checkout still reports; it just does not get faster next time.
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
  }
}
