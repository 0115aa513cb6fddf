/**
 * Social cards (1200×630 PNG) for blog articles: satori lays out brand colours, logo, title and the
 * font shipped in site/assets/fonts (Atkinson Hyperlegible, SIL OFL).
 *
 * A card is drawn in two layers. The brand's layer — background, accent bar, logo, brand name — is the same
 * for every card: the full renderer (satori → SVG → sharp, the logo composited by sharp) draws it once per
 * brand, with an empty title and footer. A card then draws only its text, laid out as satori lays out the
 * same tree without the brand's parts (which take a fixed height, so the text lands where it would):
 * card-text-layout.ts does it without satori, satori when that module cannot; card-glyphs.ts makes the glyph
 * outlines, card-raster.ts fills them on the brand's layer, and card-png.ts compresses only the rows the
 * text changed. ~26 ms of CPU a card drawn whole, ~3 ms in layers (docs/benchmarks.md). Text that would not
 * sit on plain background (it would touch the logo or the brand name), or that satori draws as anything but
 * outlines, is drawn by the full renderer.
 * Cards are cached by a hash of everything that goes into them, so an unchanged article costs nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import sharp from 'sharp';
import { textOutlines, wordOutlines, type TextOutline, type Word } from './card-glyphs.ts';
import { layoutColumn, type ColumnBox, type ColumnText } from './card-text-layout.ts';
import { BandedPng, type RowBand } from './card-png.ts';
import { parseOutline, rasteriseOutline, type Coverage } from './card-raster.ts';
import { palette, parseHex, type Palette } from './colors.ts';
import { REPO_ROOT } from './env.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
const CARD_VERSION = '2';
const BAR_WIDTH = 28;
const PADDING = { top: 56, left: 64 };
const LOGO_SIZE = 132;

export interface CardInput {
  title: string;
  description?: string | undefined;
  brandName: string;
  footer?: string | undefined;
  colors?: { primary: string; secondary?: string | undefined; background?: string | undefined; text?: string | undefined } | undefined;
  /** Logo file contents (SVG or PNG), if any. */
  logo?: { data: Buffer; type: 'image/svg+xml' | 'image/png' | 'image/jpeg' } | undefined;
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts(): { regular: Buffer; bold: Buffer } {
  const dir = path.join(REPO_ROOT, 'site/assets/fonts');
  fonts ??= {
    regular: readFileSync(path.join(dir, 'atkinson-hyperlegible-latin-400-normal.woff')),
    bold: readFileSync(path.join(dir, 'atkinson-hyperlegible-latin-700-normal.woff')),
  };
  return fonts;
}

type Node = { type: string; props: Record<string, unknown> };
const el = (type: string, style: Record<string, unknown>, children?: unknown, extra: Record<string, unknown> = {}): Node => ({ type, props: { style, children, ...extra } });

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Strips characters the shipped font cannot draw (emoji and the like), so cards never show tofu. */
function printable(text: string): string {
  return text.replace(/[^\p{Script=Latin}\p{N}\p{P}\p{Zs}\p{Sc}\p{Sm}’«»–—…]/gu, '').replace(/\s+/g, ' ').trim();
}

/** The brand's logo as a card draws it (SVG, PNG or JPEG), or undefined when absent or unreadable. */
export function readLogo(root: string, file: string | undefined): CardInput['logo'] {
  if (!file) return undefined;
  const type = file.endsWith('.svg') ? 'image/svg+xml' : file.endsWith('.png') ? 'image/png' : /\.jpe?g$/i.test(file) ? 'image/jpeg' : undefined;
  if (!type) return undefined;
  try {
    return { data: readFileSync(path.join(root, file)), type };
  } catch {
    return undefined;
  }
}

/** The card's two texts and how they are set (satori's tree in cardTree, card-text-layout.ts without satori). */
function cardTexts(input: CardInput, p: Palette): { title: ColumnText & { lineHeight: number }; footer: ColumnText } {
  const title = clip(printable(input.title), 110);
  return {
    title: { text: title, fontSize: title.length > 70 ? 58 : 70, bold: true, lineHeight: 1.15, fill: p.text },
    footer: { text: clip(printable(input.footer ?? input.description ?? ''), 90), fontSize: 30, bold: false, lineHeight: 'normal', fill: p.muted },
  };
}

// The text layer's column: what is left of the card beside the bar and padding, below the header.
const TEXT_COLUMN: ColumnBox = { left: BAR_WIDTH + PADDING.left, top: PADDING.top + LOGO_SIZE, width: CARD_WIDTH - BAR_WIDTH - 2 * PADDING.left, bottom: CARD_HEIGHT - PADDING.top };

/**
 * The words of the card's text layer where satori would put them, laid out by card-text-layout.ts (a third
 * of a card's CPU was satori's layout); undefined when that module leaves the text to satori.
 */
export function cardTextWords(input: CardInput): Promise<Word[][] | undefined> {
  const { title, footer } = cardTexts(input, palette(input.colors));
  return layoutColumn(TEXT_COLUMN, title, footer, loadFonts());
}

/**
 * The card's layout. `part: 'text'` is the same tree without what every card of a brand shares (background,
 * bar, logo, brand name): the header keeps its fixed height and the column's padding the bar's width, so the
 * title and footer are laid out at the same place (test/site/card-layers.test.ts compares the outlines of both).
 */
function cardTree(input: CardInput, p: Palette, part: 'all' | 'text'): Node {
  const all = part === 'all';
  const accent = input.colors?.primary ?? p.accent;
  const texts = cardTexts(input, p);
  const { title } = texts;
  const titleStyle = { display: 'flex', fontSize: title.fontSize, fontWeight: 700, lineHeight: title.lineHeight };
  const footer = el('div', { display: 'flex', fontSize: texts.footer.fontSize, color: p.muted }, texts.footer.text);
  const column = { display: 'flex', flexDirection: 'column', color: p.text, fontFamily: 'Atkinson Hyperlegible' };
  // The text alone, in one column box, three boxes fewer for satori to lay out (~0.2 ms each): the left
  // padding takes the bar's place, the top padding the header's, and the title's automatic margins share
  // the free height as the whole card's space-between does (test/site/card-layers.test.ts checks that the
  // text lands where the whole card has it).
  if (!all) {
    const c = TEXT_COLUMN;
    const padding = `${c.top}px ${CARD_WIDTH - c.left - c.width}px ${CARD_HEIGHT - c.bottom}px ${c.left}px`;
    return el('div', { ...column, boxSizing: 'border-box', width: CARD_WIDTH, height: CARD_HEIGHT, padding }, [el('div', { ...titleStyle, margin: 'auto 0' }, title.text), footer]);
  }
  // The logo's place is kept empty here and the logo drawn by sharp (see renderFullCard).
  const logo = input.logo ? el('div', { width: LOGO_SIZE, height: LOGO_SIZE, flexShrink: 0 }) : undefined;
  const header = [logo, el('div', { fontSize: 40, fontWeight: 700, color: p.muted }, printable(input.brandName))].filter(Boolean);
  const boxes = [el('div', { display: 'flex', alignItems: 'center', gap: 28, height: LOGO_SIZE }, header), el('div', titleStyle, title.text), footer];
  // The accent bar is a box of its own, not a border: a border costs a clip path and a mask to rasterise.
  return el('div', { width: CARD_WIDTH, height: CARD_HEIGHT, display: 'flex', background: p.background, color: p.text, fontFamily: 'Atkinson Hyperlegible' }, [
    el('div', { width: BAR_WIDTH, flexShrink: 0, background: accent }),
    el('div', { ...column, justifyContent: 'space-between', flexGrow: 1, padding: `${PADDING.top}px ${PADDING.left}px` }, boxes),
  ]);
}

// Loaded when first needed: a card thread that is handed its brand's layer never needs satori (~40 MB).
let satoriModule: Promise<typeof import('satori')> | undefined;

async function layout(tree: Node, embedFont = true): Promise<string> {
  const { regular, bold } = loadFonts();
  const { default: satori } = await (satoriModule ??= import('satori'));
  return satori(tree as never, {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    embedFont,
    fonts: [
      { name: 'Atkinson Hyperlegible', data: regular, weight: 400, style: 'normal' },
      { name: 'Atkinson Hyperlegible', data: bold, weight: 700, style: 'normal' },
    ],
  });
}

/** The whole card as SVG: satori lays it out, with the text as glyph outlines. */
export function cardSvg(input: CardInput): Promise<string> {
  return layout(cardTree(input, palette(input.colors), 'all'));
}

/** The card's text alone as SVG (no background, bar colour, logo or brand name), laid out as in cardSvg. */
export function cardTextSvg(input: CardInput): Promise<string> {
  return layout(cardTree(input, palette(input.colors), 'text'));
}

/** The card's text laid out by satori without drawing it (a <text> element per word), for card-glyphs.ts. */
export function cardTextLayout(input: CardInput): Promise<string> {
  return layout(cardTree(input, palette(input.colors), 'text'), false);
}

/**
 * The outlines of the card's text alone, as cardTextSvg draws them: satori lays the text out and
 * card-glyphs.ts makes the outlines (half of satori's time was writing them as SVG, and parsing them back
 * a sixth of the rest); satori's own SVG when card-glyphs.ts cannot draw the text exactly as satori would.
 * Undefined when satori draws something else than filled outlines.
 */
export async function cardTextOutlines(input: CardInput): Promise<TextOutline[] | undefined> {
  const words = await cardTextWords(input);
  const laidOut = words && (await wordOutlines(words, loadFonts()));
  if (laidOut) return laidOut;
  const outlines = await textOutlines(await cardTextLayout(input), loadFonts());
  if (outlines) return outlines;
  const body = TEXT_SVG.exec(await cardTextSvg(input))?.[1];
  if (body === undefined) return undefined;
  const parsed: TextOutline[] = [];
  for (const [, fill, d] of body.matchAll(TEXT_PATH)) {
    const ops = parseOutline(d!);
    if (!ops) return undefined;
    parsed.push({ fill: fill!, ops });
  }
  return parsed;
}

/** The card's PNG: its text drawn on the brand's layer, or the whole card drawn when the text cannot be. */
export async function renderCard(input: CardInput): Promise<Buffer> {
  return (await renderTextLayer(input)) ?? renderFullCard(input);
}

/**
 * The whole card through SVG. The logo is composited by sharp into the place the layout keeps for it:
 * drawn by satori as an SVG <image>, it came with a clip path and a mask that doubled the rasterising time
 * (docs/benchmarks.md).
 */
export async function renderFullCard(input: CardInput): Promise<Buffer> {
  const svg = Buffer.from(await cardSvg(input));
  const logo = input.logo ? await logoPng(input.logo.data) : undefined;
  return sharp(svg)
    .composite(logo ? [{ input: logo, left: BAR_WIDTH + PADDING.left, top: PADDING.top }] : [])
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** What every card of a brand shares, drawn once. */
interface BrandLayer {
  png: BandedPng;
  background: readonly [number, number, number];
  /** For each row, the first x from which the row is plain background to the right edge. */
  plainFrom: Int32Array;
}

// One layer per brand look (colours, name, logo): a build draws one, a test a few.
const brandLayers = new Map<string, Promise<BrandLayer>>();

/** What a card shares with every card of its brand: the same input without title or footer. */
function brandOf(input: CardInput): CardInput {
  return { title: '', footer: '', brandName: input.brandName, colors: input.colors, logo: input.logo };
}

function brandLayer(input: CardInput): Promise<BrandLayer> {
  const brand = brandOf(input);
  const key = cardKey(brand);
  let layer = brandLayers.get(key);
  if (!layer) {
    layer = brandLayerPixels(input).then((rgb) => layerOf(brand, rgb));
    brandLayers.set(key, layer);
  }
  return layer;
}

/**
 * The pixels (RGB, row by row) of the brand's layer of this card, drawn by the full renderer. A build
 * draws them once on a thread of its own and hands them to the card threads (useBrandLayer), which then
 * never load satori nor keep what it holds.
 */
export async function brandLayerPixels(input: CardInput): Promise<Buffer> {
  return sharp(await renderFullCard(brandOf(input))).removeAlpha().raw().toBuffer();
}

/** Draws this card's brand with these pixels (from brandLayerPixels) instead of drawing them again. */
export function useBrandLayer(input: CardInput, rgb: Uint8Array): void {
  if (rgb.length !== CARD_WIDTH * CARD_HEIGHT * 3) throw new Error(`a brand layer of ${rgb.length} bytes, not ${CARD_WIDTH}×${CARD_HEIGHT} RGB`);
  const brand = brandOf(input);
  brandLayers.set(cardKey(brand), Promise.resolve(layerOf(brand, rgb)));
}

function layerOf(brand: CardInput, rgb: Uint8Array): BrandLayer {
  const background = parseHex(palette(brand.colors).background);
  const plainFrom = new Int32Array(CARD_HEIGHT);
  for (let y = 0; y < CARD_HEIGHT; y++) {
    let x = CARD_WIDTH;
    for (let o = (y * CARD_WIDTH + x - 1) * 3; x > 0 && rgb[o] === background[0] && rgb[o + 1] === background[1] && rgb[o + 2] === background[2]; o -= 3) x--;
    plainFrom[y] = x;
  }
  return { png: new BandedPng(CARD_WIDTH, CARD_HEIGHT, rgb), background, plainFrom };
}

const TEXT_SVG = /^<svg [^>]*>((?:<mask\b[^>]*>(?:<rect [^>]*\/>)*<\/mask>|<g>|<\/g>|<path fill="#[0-9a-fA-F]{3,6}" d="[^"]*"\/>)*)<\/svg>$/;
const TEXT_PATH = /<path fill="(#[0-9a-fA-F]{3,6})" d="([^"]*)"\/>/g;

/**
 * The card drawn as text on the brand's layer, or undefined when that would not give the full renderer's
 * picture: satori drew something other than filled outlines, or the text reaches beyond plain background.
 */
async function renderTextLayer(input: CardInput): Promise<Buffer | undefined> {
  const [layer, outlines] = await Promise.all([brandLayer(input), cardTextOutlines(input)]);
  if (!outlines) return undefined;
  const bands: RowBand[] = [];
  for (const { fill, ops } of outlines) {
    const covered = rasteriseOutline(ops);
    if (!covered) return undefined;
    const { left, top, width, height } = covered;
    if (left < 0 || top < 0 || left + width > CARD_WIDTH || top + height > CARD_HEIGHT) return undefined;
    for (let y = top; y < top + height; y++) if (layer.plainFrom[y]! > left) return undefined;
    // Each text is blended on plain background, in rows of its own: texts that share rows (none do in this
    // layout, where the title sits above the footer) are left to the full renderer.
    if (bands.some((band) => top < band.start + band.rows.length / layer.png.stride && band.start < top + height)) return undefined;
    const band = layer.png.band(top, top + height);
    blend(band, layer.png.stride, covered, layer.background, parseHex(fill));
    bands.push(band);
  }
  return layer.png.encode(bands);
}

/**
 * Blends a text's colour on plain background by its coverage, into its band's PNG rows (changes recorded).
 * The coverage of each pixel is the running sum of its row's cells (card-raster.ts), clipped to [0, 1];
 * sums within a float's error of zero are plain background.
 */
function blend(band: RowBand, stride: number, covered: Coverage, background: readonly [number, number, number], colour: readonly [number, number, number]): void {
  const { rows } = band;
  const { left, width, height, cells, first, last } = covered;
  const [r0, g0, b0] = background;
  const [rFull, gFull, bFull] = colour;
  const dr = rFull - r0;
  const dg = gFull - g0;
  const db = bFull - b0;
  const n = rows.length;
  let delta = 0;
  let weightedDelta = 0;
  // Pixels inside the glyphs (most of a bold title's ink) take the colour itself: counted, and their offsets
  // summed, for the checksum terms added once at the end.
  let full = 0;
  let fullOffsets = 0;
  for (let y = 0; y < height; y++) {
    const row = y * stride + 1 + left * 3;
    let sum = 0;
    // Before the row's first touched cell the sum is 0, after its last the whole row's (0: closed outlines).
    const end = Math.min(last[y]!, width - 1);
    for (let x = first[y]!, k = y * width + x; x <= end; x++, k++) {
      sum += cells[k]!;
      const c = sum < 0 ? -sum : sum;
      if (c < 1e-4) continue;
      const o = row + x * 3;
      if (c >= 1) {
        rows[o] = rFull;
        rows[o + 1] = gFull;
        rows[o + 2] = bFull;
        full++;
        fullOffsets += o;
        continue;
      }
      // Rounded to the nearest level (values are positive: + 0.5 and truncate).
      const r = ((r0 + dr * c + 0.5) | 0) - r0;
      const g = ((g0 + dg * c + 0.5) | 0) - g0;
      const b = ((b0 + db * c + 0.5) | 0) - b0;
      rows[o] = r0 + r;
      rows[o + 1] = g0 + g;
      rows[o + 2] = b0 + b;
      delta += r + g + b;
      weightedDelta += (n - o) * (r + g + b) - g - 2 * b;
    }
  }
  const fullDelta = dr + dg + db;
  delta += full * fullDelta;
  weightedDelta += fullDelta * (full * n - fullOffsets) - full * (dg + 2 * db);
  band.delta += delta;
  band.weightedDelta += weightedDelta;
}

// One logo per brand: rasterised once per build, not once per card.
const logos = new Map<string, Promise<Buffer>>();
function logoPng(data: Buffer): Promise<Buffer> {
  const key = createHash('sha256').update(data).digest('hex');
  let png = logos.get(key);
  if (!png) {
    png = sharp(data, { density: 300 }).resize(LOGO_SIZE, LOGO_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer();
    logos.set(key, png);
  }
  return png;
}

export function cardKey(input: CardInput): string {
  const hash = createHash('sha256');
  hash.update(CARD_VERSION);
  hash.update(JSON.stringify({ ...input, logo: undefined }));
  if (input.logo) hash.update(input.logo.data);
  return hash.digest('hex').slice(0, 24);
}

export function cardCacheDir(): string {
  return process.env.CADENCE_CARD_CACHE || path.join(REPO_ROOT, '.cadence/cache/cards');
}

/** The card's cache file for these inputs. */
export function cardFile(input: CardInput, dir = cardCacheDir()): string {
  return path.join(dir, `${cardKey(input)}.png`);
}

/** The card's PNG, from the cache when its inputs have not changed. */
export async function cachedCard(input: CardInput, dir = cardCacheDir()): Promise<{ png: Buffer; cached: boolean; file: string }> {
  const file = cardFile(input, dir);
  if (existsSync(file)) return { png: readFileSync(file), cached: true, file };
  const png = await renderCard(input);
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  // The folder is made when missing, not checked for each card (10,000 of them on a first build).
  try {
    writeFileSync(tmp, png);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, png);
  }
  renameSync(tmp, file);
  return { png, cached: false, file };
}
