/**
 * PNG encoding of cards that share most of their rows: an RGB image whose rows outside the text bands are
 * the base picture's. The zlib stream is cut into pieces at band edges (each piece a separate raw deflate
 * stream ended by a sync flush, so they concatenate), and the base's pieces are compressed once and reused:
 * a card compresses only its text rows. The stream's Adler-32 is combined from the pieces' (zlib's
 * adler32_combine); a band's own comes from the base's sums and the changes made to it, as its bytes are
 * mostly the base's (reading 700 KB of a title's rows for it took 1-4 ms in JavaScript).
 */
import zlib from 'node:zlib';

const MOD_ADLER = 65521;
// The largest n such that 255n(n+1)/2 + (n+1)(MOD_ADLER-1) fits in 32 bits: sums reduced every NMAX bytes.
const NMAX = 5552;

export function adler32(data: Uint8Array, adler = 1): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  for (let i = 0; i < data.length; ) {
    const stop = Math.min(data.length, i + NMAX);
    for (; i < stop; i++) {
      a += data[i]!;
      b += a;
    }
    a %= MOD_ADLER;
    b %= MOD_ADLER;
  }
  return ((b << 16) | a) >>> 0;
}

/** The Adler-32 of A followed by B, from adler(A), adler(B) and B's length. */
export function adler32Combine(first: number, second: number, secondLength: number): number {
  const rem = secondLength % MOD_ADLER;
  let sum1 = first & 0xffff;
  let sum2 = (rem * sum1) % MOD_ADLER;
  sum1 += (second & 0xffff) + MOD_ADLER - 1;
  sum2 += (first >>> 16) + (second >>> 16) + MOD_ADLER - rem;
  if (sum1 >= MOD_ADLER) sum1 -= MOD_ADLER;
  if (sum1 >= MOD_ADLER) sum1 -= MOD_ADLER;
  if (sum2 >= MOD_ADLER * 2) sum2 -= MOD_ADLER * 2;
  if (sum2 >= MOD_ADLER) sum2 -= MOD_ADLER;
  return ((sum2 << 16) | sum1) >>> 0;
}

interface Piece {
  deflated: Buffer;
  adler: number;
  length: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// zlib header: deflate, 32 KB window, no preset dictionary, "fastest" level hint (a hint only).
const ZLIB_HEADER = Buffer.from([0x78, 0x01]);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

/**
 * Rows [start, start + rows.length / stride) of a card, drawn on a copy of the base's (see BandedPng.band).
 * Whoever changes a byte at `offset` in `rows` from `before` to `after` adds `after - before` to
 * `delta` and `(rows.length - offset) * (after - before)` to `weightedDelta`: encode() checksums the band
 * from these and the base's sums, without reading it.
 */
export interface RowBand {
  start: number;
  rows: Buffer;
  delta: number;
  weightedDelta: number;
}

/**
 * An RGB picture, 8 bits a channel, stored as PNG rows (a filter byte, 0, before each row). A card draws on
 * copies of the base's rows (`band()`), and `encode()` writes the PNG of the base with those bands in place.
 */
export class BandedPng {
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  private readonly base: Buffer;
  private readonly ihdr: Buffer;
  private readonly pieces = new Map<string, Piece>();
  /** Per base row: the sum of its bytes, and the sum of each byte times (stride - its offset in the row). */
  private readonly rowSum: Float64Array;
  private readonly rowWeighted: Float64Array;

  /** `rgb`: width × height × 3 bytes. */
  constructor(width: number, height: number, rgb: Uint8Array) {
    this.width = width;
    this.height = height;
    this.stride = width * 3 + 1;
    this.base = Buffer.alloc(this.stride * height);
    for (let y = 0; y < height; y++) this.base.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * this.stride + 1);
    this.rowSum = new Float64Array(height);
    this.rowWeighted = new Float64Array(height);
    for (let y = 0; y < height; y++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < this.stride; j++) {
        const byte = this.base[y * this.stride + j]!;
        sum += byte;
        weighted += (this.stride - j) * byte;
      }
      this.rowSum[y] = sum;
      this.rowWeighted[y] = weighted;
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header[8] = 8; // bit depth
    header[9] = 2; // RGB
    this.ihdr = chunk('IHDR', header);
  }

  /** A copy of the base's rows [start, end) to draw on: pixel (x, start + y) is at y * stride + 1 + 3x. */
  band(start: number, end: number): RowBand {
    const rows = Buffer.allocUnsafe((end - start) * this.stride);
    this.base.copy(rows, 0, start * this.stride, end * this.stride);
    return { start, rows, delta: 0, weightedDelta: 0 };
  }

  /** The PNG: the base's rows, but those of the bands (which must not overlap). */
  encode(bands: readonly RowBand[]): Buffer {
    const pieces: Piece[] = [];
    let next = 0;
    for (const band of [...bands].sort((a, b) => a.start - b.start)) {
      const end = band.start + band.rows.length / this.stride;
      if (band.start < next || end > this.height) throw new Error(`rows ${band.start}-${end} overlap another band or leave the picture`);
      if (band.start > next) pieces.push(this.basePiece(next, band.start));
      pieces.push({ ...this.compress(band.rows, end === this.height, 1), adler: this.bandAdler(band, end) });
      next = end;
    }
    if (next < this.height) pieces.push(this.basePiece(next, this.height));
    let adler = 1;
    for (const piece of pieces) adler = adler32Combine(adler, piece.adler, piece.length);
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler);
    const idat = Buffer.concat([ZLIB_HEADER, ...pieces.map((piece) => piece.deflated), trailer]);
    return Buffer.concat([SIGNATURE, this.ihdr, chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
  }

  /** The base's rows [start, end), compressed once (best compression: every card reuses it). */
  private basePiece(start: number, end: number): Piece {
    const key = `${start}:${end}`;
    let piece = this.pieces.get(key);
    if (!piece) {
      const data = this.base.subarray(start * this.stride, end * this.stride);
      piece = { ...this.compress(data, end === this.height, 9), adler: adler32(data) };
      this.pieces.set(key, piece);
    }
    return piece;
  }

  private compress(data: Buffer, last: boolean, level: number): Omit<Piece, 'adler'> {
    // The last piece ends the stream; the others end on a byte boundary with a sync flush, as the next one starts.
    const finishFlush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
    return { deflated: zlib.deflateRawSync(data, { level, finishFlush }), length: data.length };
  }

  /**
   * Adler-32 of n bytes d₀…dₙ₋₁ is (a, b) with a = 1 + Σ dᵢ and b = n + Σ (n − i)·dᵢ, modulo 65521: both
   * sums are the base rows' (row q of Q contributes rowSum to a and (Q − q − 1)·stride·rowSum + rowWeighted
   * to b) plus the band's recorded changes. Doubles hold them exactly (< 2⁵³ for a card).
   */
  private bandAdler(band: RowBand, end: number): number {
    let sum = 1 + band.delta;
    let weighted = band.rows.length + band.weightedDelta;
    for (let y = band.start; y < end; y++) {
      sum += this.rowSum[y]!;
      weighted += (end - y - 1) * this.stride * this.rowSum[y]! + this.rowWeighted[y]!;
    }
    const a = ((sum % MOD_ADLER) + MOD_ADLER) % MOD_ADLER;
    const b = ((weighted % MOD_ADLER) + MOD_ADLER) % MOD_ADLER;
    return ((b << 16) | a) >>> 0;
  }
}
