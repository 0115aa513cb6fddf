/**
 * The glyph outlines of a card's text, placed where satori would draw them, without satori drawing them.
 *
 * satori lays a card's text out and then writes each glyph's outline as SVG path data, which
 * card-raster.ts parsed back into numbers: the writing and the parsing were a third of a card's text layer
 * (docs/benchmarks.md). Here satori only lays out (`embedFont: false`: a <text> element per word, at its
 * place), and the outlines are made as satori makes them, straight into numbers: the words it would shape
 * together are shaped together by the same HarfBuzz (harfbuzzjs, satori's dependency and version), each
 * glyph's outline comes from the same opentype.js parse of the font (`@shuding/opentype.js`), and
 * coordinates are rounded to 0.1 px as satori rounds them (src/font.ts of satori 0.63: getSVG,
 * glyphPathData; src/text/index.ts: which words are drawn as one run). test/site/card-layers.test.ts
 * checks that the outlines equal satori's own for the sites benchmark's titles.
 *
 * Anything this does not know how to draw exactly as satori does (another element, a character the font
 * lacks, a cubic curve) gives undefined: the caller then draws the card the slower way.
 */
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import type { PathOps } from './card-raster.ts';

interface OpentypeCommand {
  type: string;
  x: number;
  y: number;
  x1: number;
  y1: number;
}
interface OpentypeFont {
  unitsPerEm: number;
  ascender: number;
  descender: number;
  glyphs: { get(index: number): { path?: { commands: OpentypeCommand[]; unitsPerEm?: number } } | undefined };
  charToGlyphIndex(char: string): number;
}
interface HbGlyph {
  g: number;
  cl: number;
  ax: number;
  dx: number;
  dy: number;
}
interface HbHandle {
  destroy(): void;
}
interface HbFont extends HbHandle {
  setScale(x: number, y: number): void;
}
interface HbBuffer extends HbHandle {
  addText(text: string): void;
  guessSegmentProperties(): void;
  json(): HbGlyph[];
}
interface Harfbuzz {
  createBlob(data: Uint8Array): HbHandle;
  createFace(blob: HbHandle, index: number): HbHandle;
  createFont(face: HbHandle): HbFont;
  createBuffer(): HbBuffer;
  shape(font: HbFont, buffer: HbBuffer): void;
}

const require = createRequire(import.meta.url);

/** A font as both satori's parser and its shaper see it, with its glyphs' outlines in font units. */
export interface GlyphFont {
  outlines: OpentypeFont;
  shaper: HbFont;
  /** Per glyph: commands as card-raster.ts numbers them (0 M, 1 L, 2 Q, 3 Z) with font-unit coordinates, and the path's units per em. */
  glyphs: Map<number, { ops: Float64Array; unitsPerEm: number } | null>;
  /** Shaped runs by text (satori keeps the same cache: a title's words recur across cards). */
  runs: Map<string, HbGlyph[]>;
}

export interface GlyphFontData {
  regular: Buffer;
  bold: Buffer;
}

let loaded: Promise<{ regular: GlyphFont; bold: GlyphFont }> | undefined;
let hb: Harfbuzz | undefined;

/** Parses the fonts once per thread, as satori does (opentype.js with lowMemory, HarfBuzz on the sfnt). */
export function glyphFonts(data: GlyphFontData): Promise<{ regular: GlyphFont; bold: GlyphFont }> {
  loaded ??= (async () => {
    const harfbuzz = (await require('harfbuzzjs')) as Harfbuzz;
    hb = harfbuzz;
    const opentype = require('@shuding/opentype.js') as { parse(data: ArrayBuffer, options: { lowMemory: boolean }): OpentypeFont };
    const open = (bytes: Buffer): GlyphFont => {
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const outlines = opentype.parse(buffer, { lowMemory: true });
      const blob = harfbuzz.createBlob(new Uint8Array(sfnt(buffer)));
      const face = harfbuzz.createFace(blob, 0);
      const shaper = harfbuzz.createFont(face);
      face.destroy();
      blob.destroy();
      shaper.setScale(outlines.unitsPerEm, outlines.unitsPerEm);
      return { outlines, shaper, glyphs: new Map(), runs: new Map() };
    };
    return { regular: open(data.regular), bold: open(data.bold) };
  })();
  return loaded;
}

const MAX_RUNS = 20_000;

/** The run's glyphs as satori's shapeText gets them: segment properties guessed, no features given. */
export function shapedRun(font: GlyphFont, text: string): HbGlyph[] {
  let run = font.runs.get(text);
  if (!run) {
    if (font.runs.size >= MAX_RUNS) font.runs.clear();
    const buffer = hb!.createBuffer();
    try {
      buffer.addText(text);
      buffer.guessSegmentProperties();
      hb!.shape(font.shaper, buffer);
      run = buffer.json();
    } finally {
      buffer.destroy();
    }
    font.runs.set(text, run);
  }
  return run;
}

function glyphOutline(font: GlyphFont, id: number): { ops: Float64Array; unitsPerEm: number } | null | undefined {
  let outline = font.glyphs.get(id);
  if (outline !== undefined) return outline;
  const path = font.outlines.glyphs.get(id)?.path;
  if (!path) outline = null;
  else {
    const ops: number[] = [];
    for (const c of path.commands) {
      if (c.type === 'M') ops.push(0, c.x, c.y);
      else if (c.type === 'L') ops.push(1, c.x, c.y);
      else if (c.type === 'Q') ops.push(2, c.x1, c.y1, c.x, c.y);
      else if (c.type === 'Z') ops.push(3);
      else return undefined; // cubic: card-raster.ts has no cubic curves either
    }
    outline = { ops: Float64Array.from(ops), unitsPerEm: path.unitsPerEm || 1000 };
  }
  font.glyphs.set(id, outline);
  return outline;
}

// Rounds to 0.1 px, half away from zero, as satori does.
const round = (value: number) => (value < 0 ? -Math.round(-value * 10) : Math.round(value * 10)) / 10;

/** Growable list of outline numbers. */
class Ops {
  data = new Float64Array(4096);
  length = 0;
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const grown = new Float64Array(Math.max(this.data.length * 2, this.length + n));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
}

/**
 * One run of text drawn as satori's getSVG draws it (no letter or word spacing, left to right): each glyph
 * at the cursor plus its offset, the cursor moved by its advance.
 */
function drawRun(font: GlyphFont, text: string, fontSize: number, left: number, top: number, out: Ops): boolean {
  const glyphs = shapedRun(font, text);
  const scale = fontSize / font.outlines.unitsPerEm;
  let cursorX = left;
  for (const glyph of glyphs) {
    const outline = glyphOutline(font, glyph.g);
    if (outline === undefined) return false;
    if (outline) {
      const x = cursorX + glyph.dx * scale;
      const y = top + glyph.dy * scale;
      const s = fontSize / outline.unitsPerEm;
      const ops = outline.ops;
      out.reserve(ops.length);
      const data = out.data;
      let n = out.length;
      for (let i = 0; i < ops.length; ) {
        const op = ops[i++]!;
        data[n++] = op;
        if (op === 3) continue;
        const pairs = op === 2 ? 2 : 1;
        for (let k = 0; k < pairs; k++) {
          data[n++] = round(x + ops[i++]! * s);
          data[n++] = round(y - ops[i++]! * s);
        }
      }
      out.length = n;
    }
    cursorX += glyph.ax * scale;
  }
  return true;
}

const WORD_SEPARATORS = new Set([0x20, 0xa0, 0x1361, 0x10100, 0x10101, 0x1039, 0x1091, 0x0a].map((point) => String.fromCodePoint(point)));
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

const MASK = /<mask id="[^"]*">(?:<rect [^>]*\/>)*<\/mask>/y;
const TEXT = /<text x="([^"]+)" y="([^"]+)" width="[^"]*" height="[^"]*" font-weight="(normal|700)" font-style="normal" font-size="([^"]+)" font-family="atkinson hyperlegible" fill="(#[0-9a-fA-F]{3,6})">([^<]*)<\/text>/y;

/** A piece of text where satori puts it (its <text> element with `embedFont: false`): y is the baseline. */
export interface Word {
  x: number;
  y: number;
  bold: boolean;
  size: number;
  fill: string;
  text: string;
}

/** A text node's outlines (satori's one <path> per text) and its colour. */
export interface TextOutline {
  fill: string;
  ops: PathOps;
}

/**
 * The outlines of the texts in satori's SVG of a tree laid out with `embedFont: false`, one per text node,
 * or undefined when the SVG holds anything else or a character the font cannot draw. `fonts` are parsed on
 * the first call and kept for the thread (a card's two fonts, as satori's font cache keeps them).
 */
export async function textOutlines(svg: string, fonts: GlyphFontData): Promise<TextOutline[] | undefined> {
  const texts = laidOutWords(svg);
  return texts && wordOutlines(texts, fonts);
}

/**
 * The words of each text node in satori's SVG of a tree laid out with `embedFont: false`, or undefined when
 * the SVG holds anything else.
 */
export function laidOutWords(svg: string): Word[][] | undefined {
  const open = svg.indexOf('>') + 1;
  const close = svg.lastIndexOf('</svg>');
  if (!svg.startsWith('<svg ') || close !== svg.length - 6) return undefined;
  // Texts, each a list of words: a mask starts each element's box, so it ends the text before it.
  const texts: Word[][] = [];
  let current: Word[] = [];
  for (let at = open; at < close; ) {
    MASK.lastIndex = at;
    TEXT.lastIndex = at;
    if (MASK.test(svg)) {
      at = MASK.lastIndex;
      if (current.length > 0) texts.push(current);
      current = [];
      continue;
    }
    const word = TEXT.exec(svg);
    if (!word) return undefined;
    at = TEXT.lastIndex;
    const [, x, y, weight, size, fill, text] = word;
    const previous = current[0];
    const parsed = { x: Number(x), y: Number(y), bold: weight === '700', size: Number(size), fill: fill!, text: text!.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!) };
    if (previous && (previous.bold !== parsed.bold || previous.size !== parsed.size || previous.fill !== parsed.fill)) return undefined;
    current.push(parsed);
  }
  if (current.length > 0) texts.push(current);
  return texts;
}

/**
 * The outlines of laid-out texts (each a list of words, as satori places them), one per text, as satori
 * draws them; undefined when a character is one the font cannot draw.
 */
export async function wordOutlines(texts: readonly (readonly Word[])[], fonts: GlyphFontData): Promise<TextOutline[] | undefined> {
  const { regular, bold } = await glyphFonts(fonts);
  const outlines: TextOutline[] = [];
  for (const words of texts) {
    const font = words[0]!.bold ? bold : regular;
    for (const word of words) for (const char of word.text) if (font.outlines.charToGlyphIndex(char) === 0) return undefined;
    const ops = new Ops();
    // A text of several lines has its words drawn at whole pixels from its left (satori rounds their offsets
    // when it embeds the font, not in its <text> elements); the first word of a left-aligned text is at its left.
    const left = words[0]!.x;
    const multiline = words.some((word) => word.y !== words[0]!.y);
    // Words on one line are drawn as one run until a word separator (satori shapes them together for kerning).
    let run = '';
    let runLeft = 0;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const next = words[i + 1];
      if (run === '') runLeft = multiline ? left + Math.round(word.x - left) : word.x;
      run += word.text;
      if (!WORD_SEPARATORS.has(word.text) && next && next.y === word.y) continue;
      if (!drawRun(font, run, word.size, runLeft, word.y, ops)) return undefined;
      run = '';
    }
    if (ops.length > 0) outlines.push({ fill: words[0]!.fill, ops: ops.data.slice(0, ops.length) });
  }
  return outlines;
}

/** A WOFF font's sfnt (TrueType/OpenType) bytes, for HarfBuzz; other fonts as they are. */
function sfnt(font: ArrayBuffer): ArrayBuffer {
  const view = new DataView(font);
  if (view.getUint32(0) !== 0x774f4646) return font;
  const tables = view.getUint16(12);
  const out = new Uint8Array(view.getUint32(16));
  const outView = new DataView(out.buffer);
  outView.setUint32(0, view.getUint32(4));
  outView.setUint16(4, tables);
  const entrySelector = Math.floor(Math.log2(tables));
  const searchRange = (1 << entrySelector) * 16;
  outView.setUint16(6, searchRange);
  outView.setUint16(8, entrySelector);
  outView.setUint16(10, tables * 16 - searchRange);
  let offset = 12 + tables * 16;
  for (let i = 0; i < tables; i++) {
    const entry = 44 + i * 20;
    const record = 12 + i * 16;
    const [tag, from, compressed, length, checksum] = [0, 4, 8, 12, 16].map((k) => view.getUint32(entry + k)) as [number, number, number, number, number];
    outView.setUint32(record, tag);
    outView.setUint32(record + 4, checksum);
    outView.setUint32(record + 8, offset);
    outView.setUint32(record + 12, length);
    out.set(compressed < length ? inflateSync(new Uint8Array(font, from, compressed)) : new Uint8Array(font, from, length), offset);
    offset += (length + 3) & ~3;
  }
  return out.buffer;
}
