/**
 * Coverage of satori's text outlines, for drawing a card's text layer without an SVG round trip.
 *
 * satori writes each text as one <path> of absolute M, L, Q and Z commands (glyph outlines, coordinates
 * rounded to 0.1 px). librsvg took 8-15 ms to rasterise a title's path through sharp, most of it parsing and
 * flattening before a pixel is drawn (docs/benchmarks.md); this accumulates the exact area each outline
 * covers in each pixel (signed-area accumulation, as font-rs does) in ~2 ms. Cairo, which draws the cards of
 * the full renderer, also computes exact areas on most rows: the two agree on 99 % of a text's pixels and
 * within a few levels on the rest (test/site/card.test.ts compares them).
 */

/** Commands in a flat array: 0 x y (move), 1 x y (line), 2 x1 y1 x y (quadratic), 3 (close). */
export type PathOps = Float64Array;

const MOVE = 0;
const LINE = 1;
const QUAD = 2;
const CLOSE = 3;

/**
 * Parses an SVG path of absolute M/L/Q/Z commands (what satori writes for a TrueType font), or returns
 * undefined for anything else (another command, a malformed number), so that the caller can fall back to
 * the full renderer.
 */
export function parseOutline(d: string): PathOps | undefined {
  const out = new Float64Array(d.length);
  let n = 0;
  let i = 0;
  const end = d.length;
  let ok = true;
  // Satori's numbers: an optional minus sign, digits, an optional fraction; separated by one space or a command.
  const number = (): number => {
    if (d.charCodeAt(i) === 32) i++;
    let sign = 1;
    if (d.charCodeAt(i) === 45) {
      sign = -1;
      i++;
    }
    let value = 0;
    let digits = 0;
    let c = d.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      c = d.charCodeAt(++i);
    }
    if (c === 46) {
      let scale = 1;
      c = d.charCodeAt(++i);
      while (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        scale *= 10;
        digits++;
        c = d.charCodeAt(++i);
      }
      value /= scale;
    }
    if (digits === 0) ok = false;
    return sign * value;
  };
  while (i < end && ok) {
    const command = d.charCodeAt(i++);
    if (command === 77 /* M */ || command === 76 /* L */) {
      out[n++] = command === 77 ? MOVE : LINE;
      out[n++] = number();
      out[n++] = number();
    } else if (command === 81 /* Q */) {
      out[n++] = QUAD;
      for (let k = 0; k < 4; k++) out[n++] = number();
    } else if (command === 90 /* Z */) out[n++] = CLOSE;
    else if (command !== 32) return undefined;
  }
  return ok ? out.subarray(0, n) : undefined;
}

/** The outline's bounding box (control points included): [x0, y0, x1, y1]. */
export function outlineBounds(ops: PathOps): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < ops.length; ) {
    const op = ops[i++];
    const coordinates = op === QUAD ? 4 : op === CLOSE ? 0 : 2;
    for (let k = 0; k < coordinates; k += 2) {
      const x = ops[i + k]!;
      const y = ops[i + k + 1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    i += coordinates;
  }
  return [x0, y0, x1, y1];
}

/**
 * What an outline covers, as signed-area cells over its box: the coverage of pixel (x, y) of the box is
 * |Σ cells[y * width + k] for k ≤ x| clipped to 1 (each row's cells sum to zero: closed outlines). Left as
 * cells so that blending sums each row as it goes (src/site/card.ts).
 */
export interface Coverage {
  left: number;
  top: number;
  width: number;
  height: number;
  cells: Float64Array;
  /** Per row, the first and last cell any line touched (first > last: none): the row is background outside them. */
  first: Int32Array;
  last: Int32Array;
}

/** Curves are cut into lines no farther than this from the curve, in pixels (cairo's default is 0.1). */
const FLATNESS = 0.05;

// The accumulation buffer, reused from one outline to the next (a title's is ~1.5 MB): see rasteriseOutline.
let scratch = new Float64Array(0);
let spans = new Int32Array(0);

/**
 * The outline's coverage cells. They live in a buffer that the next call reuses: use them (blend them)
 * before rasterising another outline in the same thread.
 */
export function rasteriseOutline(ops: PathOps): Coverage | undefined {
  const [bx0, by0, bx1, by1] = outlineBounds(ops);
  if (!(bx0 <= bx1 && by0 <= by1)) return undefined;
  const left = Math.floor(bx0);
  const top = Math.floor(by0);
  const width = Math.ceil(bx1) - left + 2;
  const height = Math.ceil(by1) - top + 1;
  if (scratch.length < width * height + 2) scratch = new Float64Array(width * height + 2);
  const acc = scratch;
  acc.fill(0, 0, width * height + 2);
  if (spans.length < 2 * height) spans = new Int32Array(2 * height);
  const first = spans.subarray(0, height).fill(width);
  const last = spans.subarray(height, 2 * height).fill(-1);

  // One line's signed area and cover, added to the cells it crosses (font-rs's accumulation).
  const line = (ax: number, ay: number, bx: number, by: number): void => {
    let x0 = ax - left;
    let y0 = ay - top;
    let x1 = bx - left;
    let y1 = by - top;
    if (y0 === y1) return;
    let dir = 1;
    if (y0 > y1) {
      dir = -1;
      const t = x0;
      x0 = x1;
      x1 = t;
      y0 = by - top;
      y1 = ay - top;
    }
    const dxdy = (x1 - x0) / (y1 - y0);
    let x = x0;
    const yEnd = Math.ceil(y1);
    for (let y = Math.floor(y0); y < yEnd; y++) {
      const row = y * width;
      const dy = Math.min(y + 1, y1) - Math.max(y, y0);
      const xNext = x + dxdy * dy;
      const d = dy * dir;
      const lo = x < xNext ? x : xNext;
      const hi = x < xNext ? xNext : x;
      const loFloor = Math.floor(lo);
      const loCell = loFloor;
      const hiCell = Math.ceil(hi);
      if (loCell < first[y]!) first[y] = loCell;
      const end = hiCell > loCell + 1 ? hiCell : loCell + 1;
      if (end > last[y]!) last[y] = end;
      if (hiCell <= loCell + 1) {
        const mid = 0.5 * (x + xNext) - loFloor;
        acc[row + loCell]! += d - d * mid;
        acc[row + loCell + 1]! += d * mid;
      } else {
        const s = 1 / (hi - lo);
        const loFraction = lo - loFloor;
        const first = 0.5 * s * (1 - loFraction) * (1 - loFraction);
        const hiFraction = hi - hiCell + 1;
        const last = 0.5 * s * hiFraction * hiFraction;
        acc[row + loCell]! += d * first;
        if (hiCell === loCell + 2) acc[row + loCell + 1]! += d * (1 - first - last);
        else {
          const second = s * (1.5 - loFraction);
          acc[row + loCell + 1]! += d * (second - first);
          for (let cell = loCell + 2; cell < hiCell - 1; cell++) acc[row + cell]! += d * s;
          const beforeLast = second + (hiCell - loCell - 3) * s;
          acc[row + hiCell - 1]! += d * (1 - beforeLast - last);
        }
        acc[row + hiCell]! += d * last;
      }
      x = xNext;
    }
  };

  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < ops.length; ) {
    const op = ops[i++];
    if (op === MOVE) {
      if (cx !== sx || cy !== sy) line(cx, cy, sx, sy);
      cx = sx = ops[i++]!;
      cy = sy = ops[i++]!;
    } else if (op === LINE) {
      const x = ops[i++]!;
      const y = ops[i++]!;
      line(cx, cy, x, y);
      cx = x;
      cy = y;
    } else if (op === QUAD) {
      const qx = ops[i++]!;
      const qy = ops[i++]!;
      const x = ops[i++]!;
      const y = ops[i++]!;
      // n equal steps in t keep the chords within FLATNESS of the curve: the deviation is |p0 - 2q + p1| / (4n²).
      const ddx = cx - 2 * qx + x;
      const ddy = cy - 2 * qy + y;
      const steps = Math.max(1, Math.ceil(Math.sqrt(Math.sqrt(ddx * ddx + ddy * ddy) / (4 * FLATNESS))));
      let px = cx;
      let py = cy;
      for (let k = 1; k <= steps; k++) {
        const t = k / steps;
        const mt = 1 - t;
        const nx = mt * mt * cx + 2 * mt * t * qx + t * t * x;
        const ny = mt * mt * cy + 2 * mt * t * qy + t * t * y;
        line(px, py, nx, ny);
        px = nx;
        py = ny;
      }
      cx = x;
      cy = y;
    } else {
      if (cx !== sx || cy !== sy) line(cx, cy, sx, sy);
      cx = sx;
      cy = sy;
    }
  }
  if (cx !== sx || cy !== sy) line(cx, cy, sx, sy);

  return { left, top, width, height, cells: acc.subarray(0, width * height), first, last };
}
