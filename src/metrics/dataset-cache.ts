/**
 * What `loadDataset` folds out of data/metrics/ (src/core/metrics/dataset.ts, DatasetBuilder), kept under
 * .cadence/cache/metrics-dataset/ between runs, one cache file per data file: a report, the site's build
 * and its page workers then read ~100,000 folded publications instead of parsing a year's 800,000 JSON
 * lines, and after the hourly job appended rows only those rows are parsed (docs/benchmarks.md, "Metrics").
 *
 * It is a cache, never committed and never the truth. A file's fold is used only for the bytes it was made
 * from: their size and SHA-256 (a file cut, rewritten or reordered by a merge is read again whole; a fresh
 * checkout, with new modification times, still hits). `index.json` remembers each file's size and
 * modification time with that hash, so that a file nobody touched is not even read. A missing, stale or
 * damaged cache costs time, never a different report.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { plainPublication, type BuiltPost, type PairFold } from '../core/metrics/dataset.ts';
import { METRICS_DIR } from '../core/metrics/format.ts';
import type { SnapshotRow } from '../core/metrics/model.ts';
import { CachedFold, cacheShapes, storedFold, unreadLine, type FoldDecoder, type StoredDetail, type StoredFold } from './cached-fold.ts';
import { CACHE_DIR } from '../content/paths.ts';

export const DATASET_CACHE_DIR = `${CACHE_DIR}/metrics-dataset`;
/** Bump when the fold or the rows it keeps change: older caches are then ignored. */
const VERSION = 12;

export type MetricsFileKind = 'posts' | 'accounts' | 'blog' | 'runs';

/** What one file of data/metrics/ gave, as of its first `size` bytes (whole lines only). */
export interface FileFold {
  file: string;
  kind: MetricsFileKind;
  size: number;
  /** SHA-256 of those bytes: an append keeps it for the file's start, a cut or a rewrite does not. */
  hash: string;
  /** Lines in those bytes (problems name `file:line`, and appended lines go on counting). */
  lines: number;
  problems: string[];
  /** posts: the file's folds (DatasetBuilder.entries()); accounts, blog (UTM rows only), runs: the rows kept, in order. */
  items: object[];
  /** blog: the first day of any row, page rows included. */
  firstDay: string | undefined;
}

/** The hash of a file's bytes (SHA-256: ~0.1 s for a year's 132 MB, against seconds to parse them). */
export const contentHash = (): Hash => createHash('sha256');
export const digestOf = (hash: Hash): string => hash.digest('base64url');

/** The key of a set of files' folds: the build kept for them (`readBuilt`) is valid while it is the same. */
export function foldsKey(folds: readonly Pick<FileFold, 'file' | 'size' | 'hash'>[]): string {
  const hash = createHash('sha256');
  for (const f of folds) hash.update(`${f.file}\u0000${f.size}\u0000${f.hash}\n`);
  return hash.digest('base64url');
}

const cacheName = (file: string) => `${file.slice(METRICS_DIR.length + 1).replaceAll('/', '~')}.jsonl`;
const cachePath = (root: string, name: string) => path.join(root, DATASET_CACHE_DIR, name);

/**
 * The cache's rows are arrays, `[shape, ...values]`, a shape being the row's keys in order: JSON.parse reads
 * arrays of values several times faster than as many objects with their keys, and V8's own serializer was
 * slower still. Rows come back as objects with the same keys in the same order. A string value with
 * non-ASCII characters (a title's "’" or "°") is stored as `[index]` into `texts`, written on the last line:
 * the row lines stay ASCII, read as one-byte strings (one "’" makes a whole line a two-byte string, twice
 * the memory and the parsing; escaping them instead cost more to write than it saved). A fold's own line
 * (cached-fold.ts), decoded only when read, keeps its strings in place instead: `texts` is parsed with the
 * file, and would hold every title.
 */
class RowCodec {
  readonly shapes: string[][] = [];
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly textIds = new Map<string, number>();

  /** `shapes`: a cache file's, kept in order, so that its rows stay valid as they are in the file written with this codec. */
  constructor(shapes: readonly (readonly string[])[] = []) {
    for (const keys of shapes) this.ids.set(keys.join('\u0000'), this.shapes.push([...keys]) - 1);
  }

  private text(value: string): [number] {
    let id = this.textIds.get(value);
    if (id === undefined) this.textIds.set(value, (id = this.texts.push(value) - 1));
    return [id];
  }

  /** `inline`: non-ASCII strings stay in the row (a fold's own line, decoded only when read, keeps its titles). */
  encode(row: object | undefined, inline = false): unknown[] | 0 {
    if (!row) return 0;
    const keys = Object.keys(row);
    const id = keys.join('\u0000');
    let shape = this.ids.get(id);
    if (shape === undefined) {
      shape = this.shapes.push(keys) - 1;
      this.ids.set(id, shape);
    }
    const encoded: unknown[] = [shape];
    for (const value of Object.values(row) as unknown[]) encoded.push(!inline && typeof value === 'string' && NON_ASCII.test(value) ? this.text(value) : value);
    return encoded;
  }

  /** A field stored on its own: 0 when absent, a string as in rows, any other value as `{ v: value }`. */
  field(value: unknown): unknown {
    if (value === undefined) return 0;
    if (typeof value !== 'string') return { v: value };
    return NON_ASCII.test(value) ? this.text(value) : value;
  }

  static field(texts: readonly string[], encoded: unknown): unknown {
    if (encoded === 0) return undefined;
    if (typeof encoded === 'string') return encoded;
    return Array.isArray(encoded) ? texts[encoded[0] as number] : (encoded as { v: unknown }).v;
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

interface Head {
  version: number;
  file: string;
  kind: MetricsFileKind;
  size: number;
  hash: string;
  lines: number;
}

/** A cache file's last line: what its rows need to be read, and how many there are (a cut file is not taken). */
interface Tail {
  shapes: string[][];
  texts: string[];
  problems: string[];
  firstDay: string | null;
  count: number;
}

/** Items per line of a cache file: each line is parsed and decoded on its own, so its arrays die young. */
const CHUNK = 500;

/** A cache file's lines after its head, in order: each one's text, or where it is (a fold's own line, read when asked). */
class LineCursor {
  /** The line `skip` passed over: from `start` to `end` (its newline) in `bytes`. */
  start = 0;
  end = 0;
  #next: number;
  readonly bytes: Buffer;
  readonly #stop: number;

  constructor(bytes: Buffer, from: number, stop: number) {
    this.bytes = bytes;
    this.#next = from;
    this.#stop = stop;
  }

  skip(): boolean {
    if (this.#next >= this.#stop) return false;
    this.start = this.#next;
    this.end = this.bytes.indexOf(0x0a, this.start);
    this.#next = this.end + 1;
    return true;
  }

  next(): string | undefined {
    // UTF-8 of an ASCII line is a one-byte string all the same (no Buffer view per line: those cost more than the decoding).
    return this.skip() ? this.bytes.toString('utf8', this.start, this.end) : undefined;
  }
}

/** Reads a cache file line by line; `undefined` when it is missing, damaged or not for `check`. */
function readLines<T, H extends { version: number } = Head>(file: string, check: (head: H) => boolean, read: (head: H, lines: LineCursor, tail: Tail) => T): T | undefined {
  try {
    const bytes = readFileSync(file);
    const headEnd = bytes.indexOf(0x0a);
    const head = JSON.parse(bytes.toString('utf8', 0, headEnd)) as H;
    // The head is checked before the bulk of the file is parsed: a stale cache costs one short parse.
    if (head.version !== VERSION || !check(head)) return undefined;
    if (bytes[bytes.length - 1] !== 0x0a) return undefined;
    const tailStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
    const tail = JSON.parse(bytes.toString('utf8', tailStart, bytes.length - 1)) as Tail;
    return read(head, new LineCursor(bytes, headEnd + 1, tailStart), tail);
  } catch {
    return undefined;
  }
}

/** A file's fold as cached, when it was made from `expected` (its size and hash) or from any state of the file (no `expected`). */
export function readFileFold(root: string, file: string, expected?: { size: number; hash: string }): FileFold | undefined {
  return readLines(
    cachePath(root, cacheName(file)),
    (head) => head.file === file && (!expected || (head.size === expected.size && head.hash === expected.hash)),
    (head, lines, tail) => {
      const row = <T>(encoded: unknown) => RowCodec.decode<T>(tail.shapes, tail.texts, encoded);
      const decoder: FoldDecoder = { file: path.relative(root, cachePath(root, cacheName(file))), shapes: tail.shapes, row, text: (encoded) => RowCodec.field(tail.texts, encoded) as string | undefined };
      const items: object[] = [];
      for (let line = lines.next(); line; line = lines.next()) {
        const chunk = JSON.parse(line) as unknown[];
        if (head.kind !== 'posts') {
          for (const item of chunk) items.push(row<object>(item)!);
          continue;
        }
        for (const stored of chunk as StoredFold[]) {
          // A fold's own line is parsed later, if ever: it must at least be one JSON array now.
          if (!lines.skip() || lines.bytes[lines.start] !== 0x5b || lines.bytes[lines.end - 1] !== 0x5d) return undefined;
          items.push(new CachedFold(stored, lines.bytes, lines.start, lines.end, decoder));
        }
      }
      if (items.length !== tail.count) return undefined;
      return { file, kind: head.kind, size: head.size, hash: head.hash, lines: head.lines, problems: tail.problems, items, firstDay: tail.firstDay ?? undefined };
    },
  );
}

export function writeFileFold(root: string, fold: FileFold): void {
  writeLines(cachePath(root, cacheName(fold.file)), (write, writeText) => {
    write({ version: VERSION, file: fold.file, kind: fold.kind, size: fold.size, hash: fold.hash, lines: fold.lines } satisfies Head);
    // A file that grew: its folds nobody read are written back as the lines they were read from (same shapes).
    const source = fold.kind === 'posts' ? cacheShapes(fold.items as PairFold[]) : undefined;
    const codec = new RowCodec(source);
    for (let i = 0; i < fold.items.length; i += CHUNK) {
      const chunk = fold.items.slice(i, i + CHUNK);
      if (fold.kind !== 'posts') {
        write(chunk.map((r) => codec.encode(r)));
        continue;
      }
      const folds = chunk as PairFold[];
      write(folds.map((f) => storedFold(f, (value) => codec.field(value))));
      for (const f of folds) {
        const stored = source && unreadLine(f, source);
        if (stored !== undefined) {
          writeText(stored);
          continue;
        }
        const same = (r: SnapshotRow | undefined) => (r && r === f.reference7d ? 1 : codec.encode(r, true));
        write([codec.encode(f.pub && plainPublication(f.pub), true), codec.encode(f.reference7d, true), same(f.latest), same(f.lateReference)] satisfies StoredDetail);
      }
    }
    write({ shapes: codec.shapes, texts: codec.texts, problems: fold.problems, firstDay: fold.firstDay ?? null, count: fold.items.length } satisfies Tail);
  });
}

/** Drops a file's cached fold (a file that cannot be cached as it is: its last line is cut short). */
export function dropFileFold(root: string, file: string): void {
  rmSync(cachePath(root, cacheName(file)), { force: true });
}

/** Removes the cached folds of files that are gone from data/metrics/ (and the one-file cache of earlier versions). */
export function pruneFileFolds(root: string, files: readonly string[]): void {
  rmSync(path.join(root, CACHE_DIR, 'metrics-dataset.json'), { force: true });
  const wanted = new Set([...files.map(cacheName), INDEX, BUILT]);
  let names: string[];
  try {
    names = readdirSync(path.join(root, DATASET_CACHE_DIR));
  } catch {
    return;
  }
  for (const name of names) if (!wanted.has(name) && name.endsWith('.jsonl')) rmSync(cachePath(root, name), { force: true });
}

const INDEX = 'index.json';
const BUILT = 'built.jsonl';

/** File → [size, modification time, hash]: a file whose size and time are the ones noted is not read, its cached fold is taken as is. */
export type StatIndex = Record<string, [number, number, string]>;

export function readStatIndex(root: string): StatIndex {
  try {
    const index = JSON.parse(readFileSync(cachePath(root, INDEX), 'utf8')) as { version: number; files: StatIndex };
    return index.version === VERSION ? index.files : {};
  } catch {
    return {};
  }
}

export function writeStatIndex(root: string, files: StatIndex): void {
  writeLines(cachePath(root, INDEX), (write) => write({ version: VERSION, files }));
}

/** The head of built.jsonl: the folds and zone it was built from; `concat`: no pair spans files (the merge is the files' folds in order). */
interface BuiltHead {
  version: number;
  key: string;
  timeZone: string;
  concat: boolean;
}

/** What the dataset's build derived from the folds with `key` in a time zone (local times, lifts). */
export function readBuilt(root: string, key: string, timeZone: string): { posts: BuiltPost[]; concat: boolean } | undefined {
  return readLines<{ posts: BuiltPost[]; concat: boolean } | undefined, BuiltHead>(
    cachePath(root, BUILT),
    (head) => head.key === key && head.timeZone === timeZone,
    (head, lines, tail) => {
      const posts: BuiltPost[] = [];
      // A year has a few hundred days and times: each kept once, not once per post (fewer objects for the GC to move).
      const strings = new Map<string, string>();
      const shared = (text: string) => strings.get(text) ?? (strings.set(text, text), text);
      for (let line = lines.next(); line; line = lines.next()) {
        for (const post of JSON.parse(line) as BuiltPost[]) {
          post[1] = shared(post[1]);
          post[2] = shared(post[2]) as BuiltPost[2];
          post[3] = shared(post[3]);
          posts.push(post);
        }
      }
      return posts.length === tail.count ? { posts, concat: head.concat === true } : undefined;
    },
  );
}

export function writeBuilt(root: string, key: string, timeZone: string, posts: readonly BuiltPost[], concat: boolean): void {
  // Only finite numbers round-trip through JSON (a NaN would come back as null): otherwise the build is not kept.
  if (!posts.every(([, , , , lift, baseline]) => (lift === null || Number.isFinite(lift)) && (baseline === null || Number.isFinite(baseline)))) return;
  writeLines(cachePath(root, BUILT), (write) => {
    write({ version: VERSION, key, timeZone, concat } satisfies BuiltHead);
    for (let i = 0; i < posts.length; i += CHUNK) write(posts.slice(i, i + CHUNK));
    write({ shapes: [], texts: [], problems: [], firstDay: null, count: posts.length } satisfies Tail);
  });
}

/**
 * Written a megabyte at a time (never one large string) through a temporary file and a rename: a site build's
 * page workers may write the same file at once, and a reader never sees half of one.
 */
function writeLines(file: string, body: (write: (value: unknown) => void, writeText: (line: string) => void) => void): void {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(temporary, 'w');
    const out = fd;
    // Lines gathered up to ~1 MB a write: a posts file has a line per publication.
    let pending = '';
    const writeText = (line: string) => {
      pending += `${line}\n`;
      if (pending.length >= 1 << 20) {
        writeSync(out, pending);
        pending = '';
      }
    };
    body((value) => writeText(JSON.stringify(value)), writeText);
    if (pending) writeSync(out, pending);
    closeSync(out);
    fd = undefined;
    renameSync(temporary, file);
  } catch {
    // A read-only checkout still reports; it just does not get faster next time.
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
  }
}
