/**
 * Social cards (1200×630 PNG) for blog articles: satori lays out brand colours, logo, title and the
 * font shipped in site/assets/fonts (Atkinson Hyperlegible, SIL OFL), sharp rasterises the SVG.
 * Cards are cached by a hash of everything that goes into them, so an unchanged article costs nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import satori from 'satori';
import sharp from 'sharp';
import { palette } from './colors.ts';
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

/** The card as SVG: satori lays it out, with the text as glyph outlines. */
export async function cardSvg(input: CardInput): Promise<string> {
  const { regular, bold } = loadFonts();
  const p = palette(input.colors);
  const accent = input.colors?.primary ?? p.accent;
  const title = clip(printable(input.title), 110);
  // The logo's place is kept empty here and the logo drawn by sharp (see renderCard).
  const logo = input.logo ? el('div', { width: LOGO_SIZE, height: LOGO_SIZE, flexShrink: 0 }) : undefined;
  // The accent bar is a box of its own, not a border: a border costs a clip path and a mask to rasterise.
  const tree = el('div', { width: CARD_WIDTH, height: CARD_HEIGHT, display: 'flex', background: p.background, color: p.text, fontFamily: 'Atkinson Hyperlegible' }, [
    el('div', { width: BAR_WIDTH, flexShrink: 0, background: accent }),
    el('div', { flexGrow: 1, display: 'flex', flexDirection: 'column', justifyContent: 'space-between', padding: `${PADDING.top}px ${PADDING.left}px` }, [
      el('div', { display: 'flex', alignItems: 'center', gap: 28, height: LOGO_SIZE }, [logo, el('div', { fontSize: 40, fontWeight: 700, color: p.muted }, printable(input.brandName))].filter(Boolean)),
      el('div', { display: 'flex', fontSize: title.length > 70 ? 58 : 70, fontWeight: 700, lineHeight: 1.15 }, title),
      el('div', { display: 'flex', fontSize: 30, color: p.muted }, clip(printable(input.footer ?? input.description ?? ''), 90)),
    ]),
  ]);
  return satori(tree as never, {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: [
      { name: 'Atkinson Hyperlegible', data: regular, weight: 400, style: 'normal' },
      { name: 'Atkinson Hyperlegible', data: bold, weight: 700, style: 'normal' },
    ],
  });
}

/**
 * The PNG. The logo is composited by sharp into the place the layout keeps for it: drawn by satori as an
 * SVG <image>, it came with a clip path and a mask that doubled the rasterising time (docs/benchmarks.md).
 */
export async function renderCard(input: CardInput): Promise<Buffer> {
  const svg = Buffer.from(await cardSvg(input));
  const logo = input.logo ? await logoPng(input.logo.data) : undefined;
  return sharp(svg)
    .composite(logo ? [{ input: logo, left: BAR_WIDTH + PADDING.left, top: PADDING.top }] : [])
    .png({ compressionLevel: 6 })
    .toBuffer();
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
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, file);
  return { png, cached: false, file };
}
