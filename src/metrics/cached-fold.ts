/**
 * The folds a cache file of .cadence/cache/metrics-dataset/ holds (dataset-cache.ts), as the dataset uses them
 * without decoding them: a year's 100,000 publications are loaded on every report and site build, but a
 * report reads the readings and descriptors of a few weeks' posts (and of the campaigns' and A/B tests'
 * posts), so each fold's readings and the rest of its descriptor stay bytes on a line of their own until a
 * field of them is read. What every post needs (its counters' mask, channel, pillar, campaign, A/B arm) is
 * decoded at once.
 *
 * Decoding 100,000 descriptors and 300,000 readings that nothing reads was most of a cached load, and their
 * millions of small objects most of its garbage collection (docs/benchmarks.md, "Metrics").
 */
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { InputError } from '../core/errors.ts';
import type { PairFold } from '../core/metrics/dataset.ts';
import type { PublicationRow, SnapshotRow } from '../core/metrics/model.ts';

/**
 * A fold's line of what every post needs: [seen, given, late, latestIndex, lateReferenceIndex, has a
 * descriptor (0/1), post, channel, pillar, campaign, experiment, arm] (0 where absent; strings as the codec
 * stores them). Reports count distinct posts per campaign and pillar over long spans: the post's id is here.
 */
export type StoredFold = [number, number, number, number, number, 0 | 1, unknown, unknown, unknown, unknown, unknown, unknown];
/** A fold's own line: its descriptor and its readings [pub, reference7d, latest, lateReference] (1 = the same row as reference7d). */
export type StoredDetail = [unknown[] | 0, unknown[] | 0, unknown[] | 0 | 1, unknown[] | 0 | 1];

/** What a fold's line is decoded with (dataset-cache.ts's codec): a stored row, a stored string. */
export interface FoldDecoder {
  /** The cache file, for the message of a line that cannot be read. */
  file: string;
  row<T>(encoded: unknown): T | undefined;
  /** A field stored on its own (a string, or any value a hand-edited row may hold there). */
  text(encoded: unknown): string | undefined;
}

/** The fields of a fold's line: [seen, …, arm] from its fold and its descriptor. */
export function storedFold(fold: PairFold, text: (value: unknown) => unknown): StoredFold {
  const pub = fold.pub;
  return [fold.seen, fold.given, fold.late, fold.latestIndex, fold.lateReferenceIndex, pub ? 1 : 0, text(pub?.post), text(pub?.ch), text(pub?.pillar), text(pub?.campaign), text(pub?.exp), text(pub?.arm)];
}

/** A descriptor as a plain row (a cached one's decoded row). */
export function plainPublication(pub: PublicationRow | undefined): PublicationRow | undefined {
  return pub instanceof CachedPublication ? pub.toJSON() : pub;
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

type Detail = [PublicationRow | undefined, SnapshotRow | undefined, SnapshotRow | undefined, SnapshotRow | undefined];

/** A fold's own line in a cache file's bytes, decoded the first time any of it is asked for. */
class DetailLine {
  #bytes: Buffer | undefined;
  readonly #start: number;
  readonly #end: number;
  readonly #decoder: FoldDecoder;
  #detail: Detail | undefined;

  constructor(bytes: Buffer, start: number, end: number, decoder: FoldDecoder) {
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    this.#decoder = decoder;
  }

  get(): Detail {
    if (!this.#detail) {
      // Decoded in place: a Buffer view per line (subarray) cost ten times the decoding. UTF-8 of an ASCII line is a one-byte string all the same.
      let stored: StoredDetail;
      try {
        stored = JSON.parse(this.#bytes!.toString('utf8', this.#start, this.#end)) as StoredDetail;
      } catch {
        // Written whole through a rename, so this is a disk's or a hand's damage: the cache is only a cache.
        throw new InputError(`${this.#decoder.file}: a line of this cache file is damaged. Delete ${path.dirname(this.#decoder.file)}/ and run the command again (it is rebuilt from data/metrics/).`);
      }
      const [pub, ref, latest, lateRef] = stored;
      // The file's bytes go once every line of it is decoded.
      this.#bytes = undefined;
      const row = <T>(encoded: unknown) => this.#decoder.row<T>(encoded);
      const reference7d = row<SnapshotRow>(ref);
      this.#detail = [row<PublicationRow>(pub), reference7d, latest === 1 ? reference7d : row<SnapshotRow>(latest), lateRef === 1 ? reference7d : row<SnapshotRow>(lateRef)];
    }
    return this.#detail;
  }
}

/** A cached descriptor: post, channel, pillar, campaign and A/B arm at hand; the rest read from its line when asked. */
class CachedPublication implements PublicationRow {
  readonly #line: DetailLine;
  readonly post: string;
  readonly ch: ChannelId;
  readonly pillar: string | undefined;
  readonly campaign: string | undefined;
  readonly exp: string | undefined;
  readonly arm: string | undefined;

  constructor(line: DetailLine, post: string, ch: ChannelId, pillar: string | undefined, campaign: string | undefined, exp: string | undefined, arm: string | undefined) {
    this.#line = line;
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
    return this.#line.get()[0]!;
  }
}

/** A cached fold: its counters at hand, its descriptor's common fields too, its readings decoded on first use. */
export class CachedFold implements PairFold {
  readonly #line: DetailLine;
  pub: PublicationRow | undefined;
  seen: number;
  given: number;
  late: number;
  latestIndex: number;
  lateReferenceIndex: number;

  constructor(stored: StoredFold, bytes: Buffer, start: number, end: number, decoder: FoldDecoder) {
    const [seen, given, late, latestIndex, lateReferenceIndex, hasPub, post, ch, pillar, campaign, exp, arm] = stored;
    this.#line = new DetailLine(bytes, start, end, decoder);
    const text = (value: unknown) => intern(decoder.text(value));
    this.pub = hasPub ? new CachedPublication(this.#line, decoder.text(post)!, text(ch) as ChannelId, text(pillar), text(campaign), text(exp), text(arm)) : undefined;
    this.seen = seen;
    this.given = given;
    this.late = late;
    this.latestIndex = latestIndex;
    this.lateReferenceIndex = lateReferenceIndex;
  }

  get reference7d(): SnapshotRow | undefined {
    return this.#line.get()[1];
  }
  set reference7d(row: SnapshotRow | undefined) {
    this.#line.get()[1] = row;
  }
  get latest(): SnapshotRow | undefined {
    return this.#line.get()[2];
  }
  set latest(row: SnapshotRow | undefined) {
    this.#line.get()[2] = row;
  }
  get lateReference(): SnapshotRow | undefined {
    return this.#line.get()[3];
  }
  set lateReference(row: SnapshotRow | undefined) {
    this.#line.get()[3] = row;
  }
}
