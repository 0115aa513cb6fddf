/** Brand colours made accessible: pick text and link colours that reach WCAG AA contrast on the background. */

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function parseHex(hex: string): [number, number, number] {
  let h = hex.replace('#', '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The first candidate with at least `min` contrast on `background`, else black or white, whichever is stronger. */
export function readable(candidates: ReadonlyArray<string | undefined>, background: string, min = 4.5): string {
  for (const c of candidates) if (c && contrastRatio(c, background) >= min) return c;
  return contrastRatio('#000000', background) >= contrastRatio('#ffffff', background) ? '#000000' : '#ffffff';
}

/** `a` blended toward `b` by `t` (0 = a, 1 = b), per sRGB channel, as CSS opacity composites. */
export function mix(a: string, b: string, t: number): string {
  const [pa, pb] = [parseHex(a), parseHex(b)];
  return `#${pa.map((c, i) => Math.round(c + (pb[i]! - c) * t).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * `color` faded toward `background` as far as it goes while keeping `min` contrast on it: the look of
 * opacity (a paler shade of the same colour) without falling under WCAG AA. A colour already under
 * `min` is replaced by a readable one.
 */
export function fade(color: string, background: string, min = 4.5): string {
  if (contrastRatio(color, background) < min) return readable([color], background, min);
  let [lo, hi] = [0, 1];
  for (let i = 0; i < 20; i++) {
    const t = (lo + hi) / 2;
    if (contrastRatio(mix(color, background, t), background) >= min) lo = t;
    else hi = t;
  }
  return mix(color, background, lo);
}

export interface Palette {
  background: string;
  text: string;
  link: string;
  accent: string;
  /** Text colour to put on the accent. */
  onAccent: string;
  muted: string;
  /** The text faded toward the background, still AA on it (e.g. the days of the next month in a month view). */
  faded: string;
}

export function palette(colors: { primary: string; secondary?: string | undefined; background?: string | undefined; text?: string | undefined } | undefined): Palette {
  const primary = colors?.primary ?? '#1d3557';
  const background = colors?.background ?? '#ffffff';
  const text = readable([colors?.text, '#1a1a1a'], background, 7);
  const link = readable([colors?.secondary, primary, text], background);
  // 4.6, not 4.5: a margin for the rounding of browsers' blending and of checkers' ratios.
  return { background, text, link, accent: primary, onAccent: readable(['#ffffff', colors?.text, '#000000'], primary), muted: readable([colors?.secondary, text], background), faded: fade(text, background, 4.6) };
}
