/**
 * Social cards (1200×630 PNG) for blog articles: satori lays out brand colours, logo, title and the
 * font shipped in site/assets/fonts (Atkinson Hyperlegible, SIL OFL), sharp rasterises the SVG.
 * Cards are cached by a hash of everything that goes into them, so an unchanged article costs nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import satori from 'satori';
import sharp from 'sharp';
import { palette } from './colors.ts';
import { REPO_ROOT } from './env.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
const CARD_VERSION = '1';

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

export async function renderCard(input: CardInput): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const p = palette(input.colors);
  const accent = input.colors?.primary ?? p.accent;
  const title = clip(printable(input.title), 110);
  const logo = input.logo ? el('img', { width: 132, height: 132 }, undefined, { src: `data:${input.logo.type};base64,${input.logo.data.toString('base64')}`, width: 132, height: 132 }) : undefined;
  const tree = el('div', { width: CARD_WIDTH, height: CARD_HEIGHT, display: 'flex', flexDirection: 'column', justifyContent: 'space-between', background: p.background, color: p.text, fontFamily: 'Atkinson Hyperlegible', padding: '56px 64px', borderLeft: `28px solid ${accent}` }, [
    el('div', { display: 'flex', alignItems: 'center', gap: 28 }, [logo, el('div', { fontSize: 40, fontWeight: 700, color: p.muted }, printable(input.brandName))].filter(Boolean)),
    el('div', { display: 'flex', fontSize: title.length > 70 ? 58 : 70, fontWeight: 700, lineHeight: 1.15 }, title),
    el('div', { display: 'flex', fontSize: 30, color: p.muted }, clip(printable(input.footer ?? input.description ?? ''), 90)),
  ]);
  const svg = await satori(tree as never, {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: [
      { name: 'Atkinson Hyperlegible', data: regular, weight: 400, style: 'normal' },
      { name: 'Atkinson Hyperlegible', data: bold, weight: 700, style: 'normal' },
    ],
  });
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
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

/** The card's PNG, from the cache when its inputs have not changed. */
export async function cachedCard(input: CardInput, dir = cardCacheDir()): Promise<{ png: Buffer; cached: boolean }> {
  const file = path.join(dir, `${cardKey(input)}.png`);
  if (existsSync(file)) return { png: readFileSync(file), cached: true };
  const png = await renderCard(input);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, file);
  return { png, cached: false };
}
