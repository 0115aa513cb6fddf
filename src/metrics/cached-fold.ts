/**
 * The folds a cache file of .cadence/cache/metrics-dataset/ holds (dataset-cache.ts), as the dataset uses them
 * without decoding them: a year's 100,000 publications are loaded on every report and site build, but a
 * report reads the readings and descriptors of a few weeks' posts (and of the campaigns' and A/B tests'
 * posts), so each fold's readings and the rest of its descriptor stay bytes on a line of their own until a
 * field of them is read. What every post needs (its counters' mask, post id, channel, pillar, campaign, A/B
 * arm, and the summary its build takes: FoldSummary) is decoded at once.
 *
 * Decoding 100,000 descriptors and 300,000 readings that nothing reads was most of a cached load, and their
 * millions of small objects most of its garbage collection (docs/benchmarks.md, "Metrics").
 */
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { InputError } from '../core/errors.ts';
import { summaryOf, type FoldSummary, type PairFold } from '../core/metrics/dataset.ts';
import type { PublicationRow, SnapshotRow } from '../core/metrics/model.ts';

/**
 * A fold's line of what every post needs: [seen, given, late, latestIndex, lateReferenceIndex, has a
 * descriptor (0/1), post, channel, pillar, campaign, experiment, arm] (0 where absent; strings as the codec
 * stores them), then its summary (FoldSummary: [instant, has a reference (0/1), interactions, reach, views,
 * latest clicks], null where none). Reports count distinct posts per campaign and pillar over long spans:
 * the post's id is here.
 */
export type StoredFold = [number, number, number, number, number, 0 | 1, unknown, unknown, unknown, unknown, unknown, unknown, number | null, 0 | 1, number | null, number | null, number | null, number | null];
/** A fold's own line: its descriptor and its readings [pub, reference7d, latest, lateReference] (1 = the same row as reference7d). */
export type StoredDetail = [unknown[] | 0, unknown[] | 0, unknown[] | 0 | 1, unknown[] | 0 | 1];

/** What a fold's line is decoded with (dataset-cache.ts's codec): a stored row, a stored string. */
export interface FoldDecoder {
  /** The cache file, for the message of a line that cannot be read. */
  file: string;
  /** The cache file's row shapes (its rows' keys, by index). */
  shapes: readonly (readonly string[])[];
  row<T>(encoded: unknown): T | undefined;
  /** A field stored on its own (a string, or any value a hand-edited row may hold there). */
  text(encoded: unknown): string | undefined;
}

/** The fields of a fold's line: [seen, …, arm] from its fold and its descriptor. */
export function storedFold(fold: PairFold, text: (value: unknown) => unknown): StoredFold {
  const pub = fold.pub;
  const summary = summaryOf(fold);
  return [
    fold.seen,
    fold.given,
    fold.late,
    fold.latestIndex,
    fold.lateReferenceIndex,
    pub ? 1 : 0,
    text(pub?.post),
    text(pub?.ch),
    text(pub?.pillar),
    text(pub?.campaign),
    text(pub?.exp),
    text(pub?.arm),
    Number.isNaN(summary.publishedMs) ? null : summary.publishedMs,
    summary.reference ? 1 : 0,
    summary.interactions,
    summary.reach,
    summary.views,
    summary.latestClicks,
  ];
}

/** The shapes of the cache file the first unread fold of `folds` came from, if any. */
export function cacheShapes(folds: readonly PairFold[]): FoldDecoder['shapes'] | undefined {
  for (const fold of folds) if (fold instanceof CachedFold && fold.unread()) return fold.shapes;
  return undefined;
}

/** A fold's own line as it was read, when nothing read it since and it came from a file with these shapes. */
export function unreadLine(fold: PairFold, shapes: FoldDecoder['shapes']): string | undefined {
  return fold instanceof CachedFold && fold.unread() && fold.shapes === shapes ? fold.line() : undefined;
}

/** Equal short strings (channels, pillars, campaigns) shared, not one copy per post. */
const interned = new Map<string, string>();
function intern<T>(value: T): T {
  if (typeof value !== 'string') return value;
  const known = interned.get(value);
  if (known !== undefined) return known as T;
  if (interned.size > 50_000) interned.clear();
  interned.set(value, value);
  return value;
}

/** A cached descriptor: post, channel, pillar, campaign and A/B arm at hand; the rest read from its fold's line when asked. */
class CachedPublication implements PublicationRow {
  readonly #fold: CachedFold;
  readonly post: string;
  readonly ch: ChannelId;
  readonly pillar: string | undefined;
  readonly campaign: string | undefined;
  readonly exp: string | undefined;
  readonly arm: string | undefined;

  constructor(fold: CachedFold, post: string, ch: ChannelId, pillar: string | undefined, campaign: string | undefined, exp: string | undefined, arm: string | undefined) {
    this.#fold = fold;
    this.post = post;
    this.ch = ch;
    this.pillar = pillar;
    this.campaign = campaign;
    this.exp = exp;
    this.arm = arm;
  }

  get rid(): string {
    return this.toJSON().rid;
  }
  get url(): string | undefined {
    return this.toJSON().url;
  }
  get pub(): string {
    return this.toJSON().pub;
  }
  get title(): string | undefined {
    return this.toJSON().title;
  }

  /** The row as stored, its keys in their order. */
  toJSON(): PublicationRow {
    return this.#fold.storedPublication();
  }
}

/**
 * A cached fold: its counters at hand, its descriptor's common fields too; its own line (the whole
 * descriptor, the readings) decoded the first time any of it is read.
 */
export class CachedFold implements PairFold {
  pub: PublicationRow | undefined;
  seen: number;
  given: number;
  late: number;
  latestIndex: number;
  lateReferenceIndex: number;
  /** Kept while the readings are the ones it was made from (a reading set after an append drops it). */
  summary: FoldSummary | undefined;
  /** The line, until it is decoded (then its file's bytes may go once all of its lines are). */
  #bytes: Buffer | undefined;
  readonly #start: number;
  readonly #end: number;
  readonly #decoder: FoldDecoder;
  #stored: PublicationRow | undefined;
  #reference7d: SnapshotRow | undefined;
  #latest: SnapshotRow | undefined;
  #lateReference: SnapshotRow | undefined;

  constructor(stored: StoredFold, bytes: Buffer, start: number, end: number, decoder: FoldDecoder) {
    const [seen, given, late, latestIndex, lateReferenceIndex, hasPub, post, ch, pillar, campaign, exp, arm, publishedMs, reference, interactions, reach, views, latestClicks] = stored;
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    this.#decoder = decoder;
    this.pub = hasPub ? new CachedPublication(this, decoder.text(post)!, intern(decoder.text(ch)) as ChannelId, intern(decoder.text(pillar)), intern(decoder.text(campaign)), intern(decoder.text(exp)), intern(decoder.text(arm))) : undefined;
    this.seen = seen;
    this.given = given;
    this.late = late;
    this.latestIndex = latestIndex;
    this.lateReferenceIndex = lateReferenceIndex;
    // A fold without its descriptor yet (it may come with an append) makes its summary when built.
    this.summary = hasPub ? { publishedMs: publishedMs ?? NaN, reference: reference === 1, interactions, reach, views, latestClicks } : undefined;
  }

  unread(): boolean {
    return this.#bytes !== undefined;
  }
  get shapes(): FoldDecoder['shapes'] {
    return this.#decoder.shapes;
  }
  /** The fold's own line, as read (while unread). */
  line(): string {
    return this.#bytes!.toString('utf8', this.#start, this.#end);
  }

  /** The descriptor as stored (what CachedPublication reads). */
  storedPublication(): PublicationRow {
    this.#decode();
    return this.#stored!;
  }

  get reference7d(): SnapshotRow | undefined {
    this.#decode();
    return this.#reference7d;
  }
  set reference7d(row: SnapshotRow | undefined) {
    this.#decode();
    this.#reference7d = row;
    this.summary = undefined;
  }
  get latest(): SnapshotRow | undefined {
    this.#decode();
    return this.#latest;
  }
  set latest(row: SnapshotRow | undefined) {
    this.#decode();
    this.#latest = row;
    this.summary = undefined;
  }
  get lateReference(): SnapshotRow | undefined {
    this.#decode();
    return this.#lateReference;
  }
  set lateReference(row: SnapshotRow | undefined) {
    this.#decode();
    this.#lateReference = row;
    this.summary = undefined;
  }

  #decode(): void {
    if (!this.#bytes) return;
    let stored: StoredDetail;
    try {
      // Decoded in place: a Buffer view per line (subarray) cost ten times the decoding; UTF-8 of an ASCII line is a one-byte string all the same.
      stored = JSON.parse(this.#bytes.toString('utf8', this.#start, this.#end)) as StoredDetail;
    } catch {
      // Written whole through a rename, so this is a disk's or a hand's damage: the cache is only a cache.
      throw new InputError(`${this.#decoder.file}: a line of this cache file is damaged. Delete ${path.dirname(this.#decoder.file)}/ and run the command again (it is rebuilt from data/metrics/).`);
    }
    this.#bytes = undefined;
    const [pub, ref, latest, lateRef] = stored;
    const decoder = this.#decoder;
    this.#stored = decoder.row<PublicationRow>(pub);
    this.#reference7d = decoder.row<SnapshotRow>(ref);
    this.#latest = latest === 1 ? this.#reference7d : decoder.row<SnapshotRow>(latest);
    this.#lateReference = lateRef === 1 ? this.#reference7d : decoder.row<SnapshotRow>(lateRef);
  }
}
