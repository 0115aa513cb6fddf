/**
 * The layout of a card's text layer, as satori lays it out, without satori.
 *
 * The text layer is one column box (card.ts: `cardTree(…, 'text')`) holding two texts, the title (its
 * automatic margins share the free height) and the footer (at the bottom). satori spent ~2 ms a card laying
 * that out, ~45 % of it whatever the text (its wasm layout engine, style handling): here the same steps are
 * taken for this one tree, with satori 0.63's own rules (src/text/index.ts `flow`, src/text/processor.ts,
 * src/font.ts `measure`, `height`, `baseline`):
 * - the text's break opportunities from the same `linebreak` (UAX #14), each cut into pieces by
 *   `Intl.Segmenter` words, as satori draws them (one <text> each);
 * - widths from the same HarfBuzz shaping card-glyphs.ts draws with: a run's advances summed, scaled by
 *   font size over units per em, in satori's order of float operations;
 * - a line breaks before the word whose width (its trailing spaces left out) would go past the box;
 * - lines are as tall as satori makes them (line height rounded), the baseline at the rounded ascent plus
 *   half the leading, floored;
 * - the column's free height split between the title's two margins, the title's top rounded to the pixel
 *   as satori's layout engine rounds it.
 * Anything else (a right-to-left letter, a word wider than the box, a character the font lacks, an empty
 * text, text taller than the box) gives undefined: the caller lets satori lay the text out.
 * test/site/card-layers.test.ts compares the words with satori's, and bench/card-layout.ts over the
 * sites benchmark's 10,000 titles.
 */
import { createRequire } from 'node:module';
import { glyphFonts, shapedRun, type GlyphFont, type GlyphFontData, type Word } from './card-glyphs.ts';

interface LineBreak {
  position: number;
  required: boolean;
}
type LineBreakerClass = new (text: string) => { nextBreak(): LineBreak | null };
const LineBreaker = createRequire(import.meta.url)('linebreak') as LineBreakerClass;

/** A text of the column: its content and how it is set. */
export interface ColumnText {
  text: string;
  fontSize: number;
  bold: boolean;
  /** A multiple of the font size, or the font's own (ascent + descent). */
  lineHeight: number | 'normal';
  fill: string;
}

/** The column's content box: where its texts go, in card pixels. */
export interface ColumnBox {
  left: number;
  top: number;
  width: number;
  bottom: number;
}

const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u061c\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** A text laid out at the top-left of its box: its words (y from the box's top) and height. */
interface Flowed {
  words: Word[];
  height: number;
}

/** A text's width as satori's font engine measures it (no letter or word spacing). */
function measure(font: GlyphFont, text: string, fontSize: number): number {
  let advance = 0;
  for (const glyph of shapedRun(font, text)) advance += glyph.ax;
  return (advance / font.outlines.unitsPerEm) * fontSize;
}

/**
 * The text's lines in a box of the given width, as satori's `flow` makes them for left-aligned text that
 * wraps at spaces (white-space normal, no indent, tab, image or bidi): undefined when a line would not fit.
 */
function flow(font: GlyphFont, text: ColumnText, width: number): Flowed | undefined {
  const { fontSize } = text;
  const content = text.text.replace(/\n/g, ' ').replace(/([ ]|\t)+/g, ' ').replace(/^[ ]|[ ]$/g, '');
  if (content === '' || RIGHT_TO_LEFT.test(content) || content.includes('\u00a0')) return undefined;
  for (const char of content) if (font.outlines.charToGlyphIndex(char) === 0) return undefined;
  const { unitsPerEm, ascender, descender } = font.outlines;
  const ascent = (ascender / unitsPerEm) * fontSize;
  const descent = (descender / unitsPerEm) * fontSize;
  const lineHeight = text.lineHeight === 'normal' ? ascent - descent : fontSize * text.lineHeight;
  const roundedHeight = Math.round(lineHeight);
  const baseline = Math.round(ascent) + Math.floor((lineHeight - Math.round(ascent) - Math.round(-descent)) / 2);

  const breaker = new LineBreaker(content);
  const pieces: string[] = [];
  const requiredBreaks = [false];
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    pieces.push(content.slice(last, bk.position));
    requiredBreaks.push(bk.required);
    last = bk.position;
  }

  const out: Word[] = [];
  let height = 0;
  let currentWidth = 0;
  let currentLineHeight = 0;
  let prevLineEndingSpacesWidth = 0;
  const lineWidths: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const word = pieces[i]!;
    const w = measure(font, word, fontSize);
    const trimmed = word.trimEnd();
    const lineEndingSpacesWidth = trimmed === word ? 0 : w - measure(font, trimmed, fontSize);
    const forceBreak = requiredBreaks[i];
    // A word that takes no width, a required break, a word wider than the box: satori's other paths.
    if (w === 0 || forceBreak || w > width) return undefined;
    if (i && currentWidth + w > width + lineEndingSpacesWidth) {
      lineWidths.push(currentWidth - prevLineEndingSpacesWidth);
      height += currentLineHeight;
      currentWidth = w;
      currentLineHeight = roundedHeight;
    } else {
      currentWidth += w;
      if (roundedHeight > currentLineHeight) currentLineHeight = roundedHeight;
    }
    let x = currentWidth - w;
    for (const { segment } of words.segment(word)) {
      out.push({ x, y: height + baseline, bold: text.bold, size: fontSize, fill: text.fill, text: segment });
      x += measure(font, segment, fontSize);
    }
    prevLineEndingSpacesWidth = lineEndingSpacesWidth;
  }
  if (currentWidth) {
    height += currentLineHeight;
    lineWidths.push(currentWidth);
  }
  if (lineWidths.some((lineWidth) => lineWidth > width)) return undefined;
  return { words: out, height };
}

/**
 * The words of a column box's two texts where satori puts them: the first text between automatic margins
 * (the free height shared above and below it), the second at the bottom. Undefined when satori would lay
 * them out otherwise than this module knows.
 */
export async function layoutColumn(box: ColumnBox, first: ColumnText, second: ColumnText, fonts: GlyphFontData): Promise<Word[][] | undefined> {
  const { regular, bold } = await glyphFonts(fonts);
  const a = flow(first.bold ? bold : regular, first, box.width);
  const b = flow(second.bold ? bold : regular, second, box.width);
  if (!a || !b) return undefined;
  const free = box.bottom - box.top - a.height - b.height;
  if (free < 0) return undefined;
  // satori's layout engine rounds a box's position to the pixel, half up.
  const tops = [Math.round(box.top + free / 2), box.bottom - b.height];
  return [a, b].map(({ words: laid }, k) => laid.map((word) => ({ ...word, x: box.left + word.x, y: tops[k]! + word.y })));
}
