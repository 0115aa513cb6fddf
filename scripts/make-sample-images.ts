/**
 * Generates the illustrations of the sample brand (Boulangerie Lumière): public/images/ and, for blog articles, beside the post.
 *
 * Each image is an SVG drawn here (gradients and simple shapes: a loaf, a galette, lights…) with a French
 * caption, rendered by sharp to a JPEG (quality 80, mozjpeg, sRGB, ≤ 150 KB). Sizes are Instagram-safe:
 * 1080×1080 (1:1), 1080×1350 (4:5) or 1200×630 (1.905:1).
 *
 * Rerun from the repository root (the output is deterministic, the files are committed):
 *
 *   export PATH=$PWD/node_modules/.bin:$PATH
 *   node scripts/make-sample-images.ts            # writes every image
 *   node scripts/make-sample-images.ts galette    # only the images whose name contains "galette"
 *
 * Captions use DejaVu Serif / DejaVu Sans (fontconfig); other machines may substitute a similar font.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from '../bench/generate.ts';
import { escapeHtml } from '../src/core/text.ts';

const ROOT = join(import.meta.dirname, '..');
const MAX_BYTES = 150 * 1024;

const BRAND = {
  cream: '#fff7ea',
  gold: '#f2b441',
  crust: '#c8781e',
  darkCrust: '#8a4b12',
  night: '#1d3557',
  ink: '#3b2414',
};

interface ImageSpec {
  /**
   * Repository-relative files, the same image in each: public/images/ for networks that fetch images from
   * the site (Instagram, Threads), beside the post for a blog article that shows it through Astro.
   */
  out: string[];
  width: number;
  height: number;
  /** Background gradient, top to bottom. */
  background: [string, string];
  caption: string;
  /** Drawing in a 1000×1000 box, placed above the caption band. */
  scene: string;
}

/** Dots scattered in a rectangle: flour, sugar, snow, sprinkles. */
function dots(seed: number, count: number, x: number, y: number, w: number, h: number, color: string, rMax = 5, opacity = 0.9): string {
  const rand = mulberry32(seed);
  let out = '';
  for (let i = 0; i < count; i++) {
    const cx = (x + rand() * w).toFixed(1);
    const cy = (y + rand() * h).toFixed(1);
    const r = (1 + rand() * (rMax - 1)).toFixed(1);
    out += `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}" opacity="${opacity}"/>`;
  }
  return out;
}

/** A glowing light: radial halo and a bright core. */
function glow(id: string, cx: number, cy: number, r: number, color = '#ffd36b'): string {
  return (
    `<defs><radialGradient id="${id}"><stop offset="0" stop-color="${color}" stop-opacity="0.95"/>` +
    `<stop offset="0.35" stop-color="${color}" stop-opacity="0.45"/><stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient></defs>` +
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="url(#${id})"/><circle cx="${cx}" cy="${cy}" r="${(r * 0.12).toFixed(1)}" fill="#fffbe8"/>`
  );
}

const crustGradient = (id: string, light = '#f0b35a', dark = '#a65d18') =>
  `<defs><radialGradient id="${id}" cx="45%" cy="35%" r="70%"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></radialGradient></defs>`;

/** A round sourdough loaf with its scoring. */
function miche(cx: number, cy: number, rx: number, ry: number, id: string): string {
  return (
    crustGradient(id) +
    `<ellipse cx="${cx}" cy="${cy + ry * 0.15}" rx="${rx * 1.02}" ry="${ry * 0.95}" fill="#000" opacity="0.18"/>` +
    `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="url(#${id})"/>` +
    `<g fill="none" stroke="#fbe2b0" stroke-width="${(rx / 18).toFixed(1)}" stroke-linecap="round" opacity="0.9">` +
    `<path d="M${cx - rx * 0.6} ${cy - ry * 0.25} Q${cx} ${cy - ry * 0.75} ${cx + rx * 0.6} ${cy - ry * 0.25}"/>` +
    `<path d="M${cx - rx * 0.7} ${cy + ry * 0.1} Q${cx} ${cy - ry * 0.35} ${cx + rx * 0.7} ${cy + ry * 0.1}"/>` +
    `<path d="M${cx - rx * 0.55} ${cy + ry * 0.45} Q${cx} ${cy + ry * 0.05} ${cx + rx * 0.55} ${cy + ry * 0.45}"/></g>` +
    dots(Math.round(cx + cy), 60, cx - rx * 0.7, cy - ry * 0.8, rx * 1.4, ry * 0.9, '#fffaf0', 4, 0.75)
  );
}

/** A croissant from overlapping rotated lobes. */
function croissant(cx: number, cy: number, scale: number, id: string): string {
  const lobes = [
    { dx: -250, dy: 40, rx: 70, ry: 45, rot: -35 },
    { dx: -160, dy: -20, rx: 95, ry: 70, rot: -20 },
    { dx: -60, dy: -50, rx: 115, ry: 90, rot: -5 },
    { dx: 60, dy: -50, rx: 115, ry: 90, rot: 5 },
    { dx: 160, dy: -20, rx: 95, ry: 70, rot: 20 },
    { dx: 250, dy: 40, rx: 70, ry: 45, rot: 35 },
  ];
  let out = crustGradient(id, '#f6c36a', '#b2641a');
  out += `<g transform="translate(${cx} ${cy}) scale(${scale})">`;
  out += `<ellipse cx="0" cy="90" rx="320" ry="40" fill="#000" opacity="0.15"/>`;
  for (const l of lobes) {
    out += `<ellipse cx="${l.dx}" cy="${l.dy}" rx="${l.rx}" ry="${l.ry}" transform="rotate(${l.rot} ${l.dx} ${l.dy})" fill="url(#${id})" stroke="#8a4b12" stroke-width="4"/>`;
  }
  out += `<g stroke="#fbe2b0" stroke-width="6" fill="none" opacity="0.7" stroke-linecap="round">`;
  out += `<path d="M-150 -60 Q-130 0 -150 50"/><path d="M-50 -110 Q-30 -40 -50 30"/><path d="M50 -110 Q70 -40 50 30"/><path d="M150 -60 Q170 0 150 50"/></g></g>`;
  return out;
}

/** A paper crown of the Epiphany. */
function crown(x: number, y: number, w: number, h: number): string {
  const step = w / 6;
  let d = `M${x} ${y + h}`;
  for (let i = 0; i <= 6; i++) d += ` L${x + i * step} ${i % 2 === 0 ? y : y + h * 0.45}`;
  d += ` L${x + w} ${y + h} Z`;
  return `<path d="${d}" fill="#f2c94c" stroke="#b8860b" stroke-width="5"/>` +
    [1, 3, 5].map((i) => `<circle cx="${x + (i - 1) * step + step}" cy="${y + h * 0.72}" r="${h * 0.08}" fill="#c0392b"/>`).join('');
}

/** A heart path centred on (cx, cy). */
function heart(cx: number, cy: number, s: number): string {
  return `M${cx} ${cy + s * 0.9} C${cx - s * 1.4} ${cy - s * 0.1} ${cx - s * 0.7} ${cy - s * 1.05} ${cx} ${cy - s * 0.45} C${cx + s * 0.7} ${cy - s * 1.05} ${cx + s * 1.4} ${cy - s * 0.1} ${cx} ${cy + s * 0.9} Z`;
}

/** A person of the team, behind the counter. */
function person(cx: number, apron: string, skin: string, hair: string): string {
  return (
    `<rect x="${cx - 95}" y="430" width="190" height="330" rx="80" fill="${apron}"/>` +
    `<rect x="${cx - 55}" y="500" width="110" height="200" rx="20" fill="#fff7ea" opacity="0.9"/>` +
    `<circle cx="${cx}" cy="350" r="78" fill="${skin}"/>` +
    `<path d="M${cx - 80} 340 Q${cx} 230 ${cx + 80} 340 Q${cx} 300 ${cx - 80} 340 Z" fill="${hair}"/>` +
    `<circle cx="${cx - 25}" cy="355" r="8" fill="#3b2414"/><circle cx="${cx + 25}" cy="355" r="8" fill="#3b2414"/>` +
    `<path d="M${cx - 25} 390 Q${cx} 410 ${cx + 25} 390" stroke="#3b2414" stroke-width="6" fill="none" stroke-linecap="round"/>`
  );
}

/** A lumignon: a glass with a candle, as on Lyon's window sills on 8 December. */
function lumignon(cx: number, base: number, id: string): string {
  return (
    glow(id, cx, base - 95, 120) +
    `<rect x="${cx - 38}" y="${base - 110}" width="76" height="110" rx="10" fill="#fdf3d8" opacity="0.35" stroke="#fff" stroke-width="3"/>` +
    `<rect x="${cx - 28}" y="${base - 50}" width="56" height="46" rx="6" fill="#fff7ea"/>` +
    `<path d="M${cx} ${base - 95} Q${cx + 14} ${base - 70} ${cx} ${base - 55} Q${cx - 14} ${base - 70} ${cx} ${base - 95} Z" fill="#ffb627"/>`
  );
}

function tart(cx: number, cy: number, r: number, filling: string, id: string): string {
  let scallops = '';
  for (let i = 0; i < 28; i++) {
    const a = (i / 28) * Math.PI * 2;
    scallops += `<circle cx="${(cx + Math.cos(a) * r).toFixed(1)}" cy="${(cy + Math.sin(a) * r * 0.8).toFixed(1)}" r="${(r * 0.09).toFixed(1)}" fill="url(#${id})"/>`;
  }
  return (
    crustGradient(id, '#f3c27a', '#b8742a') +
    `<ellipse cx="${cx}" cy="${cy + 30}" rx="${r * 1.12}" ry="${r * 0.9}" fill="#000" opacity="0.15"/>` +
    `<ellipse cx="${cx}" cy="${cy}" rx="${r * 1.05}" ry="${r * 0.85}" fill="url(#${id})"/>` +
    scallops +
    `<ellipse cx="${cx}" cy="${cy}" rx="${r * 0.9}" ry="${r * 0.72}" fill="${filling}"/>`
  );
}

function plate(cx: number, cy: number, r: number): string {
  return `<ellipse cx="${cx}" cy="${cy + 14}" rx="${r}" ry="${r * 0.55}" fill="#000" opacity="0.15"/>` +
    `<ellipse cx="${cx}" cy="${cy}" rx="${r}" ry="${r * 0.55}" fill="#fdfdfb" stroke="#d9d2c5" stroke-width="6"/>` +
    `<ellipse cx="${cx}" cy="${cy}" rx="${r * 0.72}" ry="${r * 0.4}" fill="none" stroke="#e8e1d4" stroke-width="4"/>`;
}

const SCENES: Record<string, () => string> = {
  painLevain: () =>
    `<rect x="80" y="640" width="840" height="90" rx="30" fill="#9b6a3c"/><rect x="80" y="640" width="840" height="22" rx="11" fill="#b98450"/>` +
    miche(430, 500, 290, 190, 'painA') +
    `<rect x="740" y="330" width="150" height="300" rx="24" fill="#f3ead7" stroke="#ffffff" stroke-width="6" opacity="0.95"/>` +
    `<rect x="740" y="330" width="150" height="40" rx="14" fill="#6b8f71"/>` +
    dots(7, 22, 760, 420, 110, 190, '#d8c7a3', 9, 1) +
    `<text x="815" y="600" text-anchor="middle" font-family="DejaVu Sans" font-size="30" fill="${BRAND.ink}">Gaston</text>`,

  buche: () =>
    `<defs><linearGradient id="choco" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7a4a2a"/><stop offset="1" stop-color="#3e2113"/></linearGradient></defs>` +
    `<ellipse cx="500" cy="700" rx="420" ry="40" fill="#000" opacity="0.25"/>` +
    `<rect x="120" y="430" width="700" height="260" rx="120" fill="url(#choco)"/>` +
    `<g stroke="#2b160b" stroke-width="7" fill="none" opacity="0.8" stroke-linecap="round">` +
    `<path d="M180 480 Q400 500 560 470 T780 490"/><path d="M170 560 Q360 590 520 550 T800 570"/><path d="M200 640 Q420 650 600 630 T780 640"/></g>` +
    `<ellipse cx="820" cy="560" rx="90" ry="130" fill="#9c6a43" stroke="#3e2113" stroke-width="10"/>` +
    `<path d="M820 560 m0 -10 a10 10 0 1 1 -10 10 a25 25 0 1 1 25 -25 a45 45 0 1 1 -45 45 a65 65 0 1 1 65 -65" fill="none" stroke="#f3e1c7" stroke-width="8"/>` +
    `<ellipse cx="300" cy="420" rx="48" ry="22" fill="#2e7d32" transform="rotate(-25 300 420)"/><ellipse cx="370" cy="415" rx="48" ry="22" fill="#388e3c" transform="rotate(25 370 415)"/>` +
    `<circle cx="330" cy="400" r="18" fill="#c62828"/><circle cx="352" cy="392" r="16" fill="#d32f2f"/>` +
    dots(11, 160, 40, 40, 920, 380, '#ffffff', 7, 0.85) +
    dots(12, 90, 130, 420, 680, 60, '#ffffff', 6, 0.95),

  briocheLumieres: () =>
    glow('g1', 180, 180, 170) + glow('g2', 820, 230, 150, '#ffe08a') + glow('g3', 500, 120, 120, '#fff1b8') + glow('g4', 880, 560, 110) +
    crustGradient('brio', '#f9cf72', '#b5661b') +
    `<ellipse cx="500" cy="760" rx="330" ry="40" fill="#000" opacity="0.3"/>` +
    `<path d="M190 740 Q160 560 300 500 Q500 420 700 500 Q840 560 810 740 Z" fill="url(#brio)"/>` +
    `<g fill="none" stroke="#8a4b12" stroke-width="6" opacity="0.6"><path d="M300 505 Q320 620 290 740"/><path d="M500 460 Q520 600 500 740"/><path d="M700 505 Q680 620 710 740"/></g>` +
    `<circle cx="500" cy="430" r="110" fill="url(#brio)"/>` +
    dots(21, 70, 240, 440, 520, 120, '#ffffff', 6, 0.95),

  lumignons: () =>
    `<rect x="90" y="60" width="820" height="640" fill="#0f1f38" stroke="#e9dcc3" stroke-width="26"/>` +
    `<line x1="500" y1="60" x2="500" y2="700" stroke="#e9dcc3" stroke-width="18"/><line x1="90" y1="360" x2="910" y2="360" stroke="#e9dcc3" stroke-width="18"/>` +
    `<path d="M103 600 L220 520 L300 560 L380 470 L450 500 L520 420 L540 380 L560 420 L640 480 L760 520 L897 470 L897 690 L103 690 Z" fill="#233b63"/>` +
    `<rect x="505" y="330" width="70" height="90" fill="#2c4a78"/><path d="M500 330 L540 270 L580 330 Z" fill="#2c4a78"/>` +
    dots(31, 40, 110, 80, 780, 260, '#fff4c2', 4, 0.9) +
    `<rect x="40" y="700" width="920" height="70" fill="#d8c7a3"/>` +
    lumignon(170, 730, 'l1') + lumignon(340, 730, 'l2') + lumignon(500, 730, 'l3') + lumignon(660, 730, 'l4') + lumignon(830, 730, 'l5'),

  fournilNuit: () =>
    `<defs><radialGradient id="fire" cx="50%" cy="70%" r="60%"><stop offset="0" stop-color="#ffcf6b"/><stop offset="0.6" stop-color="#f07b1f"/><stop offset="1" stop-color="#6b1f07"/></radialGradient></defs>` +
    `<g opacity="0.35" stroke="#2a1710" stroke-width="6">` +
    Array.from({ length: 9 }, (_, i) => `<line x1="0" y1="${80 + i * 90}" x2="1000" y2="${80 + i * 90}"/>`).join('') +
    `</g>` +
    `<path d="M200 760 L200 420 Q500 130 800 420 L800 760 Z" fill="#2a1710"/>` +
    `<path d="M260 760 L260 450 Q500 220 740 450 L740 760 Z" fill="url(#fire)"/>` +
    `<rect x="150" y="740" width="700" height="40" rx="10" fill="#5a3a22"/>` +
    `<rect x="380" y="620" width="520" height="22" rx="10" fill="#c49a6c"/>` +
    miche(520, 600, 80, 45, 'f1') + miche(690, 600, 80, 45, 'f2') +
    `<circle cx="860" cy="170" r="90" fill="#fff7ea" stroke="#c8781e" stroke-width="10"/>` +
    `<line x1="860" y1="170" x2="860" y2="105" stroke="#3b2414" stroke-width="10" stroke-linecap="round"/>` +
    `<line x1="860" y1="170" x2="815" y2="170" stroke="#3b2414" stroke-width="12" stroke-linecap="round"/>`,

  equipe: () =>
    `<circle cx="820" cy="160" r="110" fill="#f2b441" opacity="0.35"/>` +
    person(240, '#1d3557', '#f1c27d', '#4a2c17') + person(500, '#c8781e', '#8d5524', '#1b1b1b') + person(760, '#6b8f71', '#ffdbac', '#b5651d') +
    `<rect x="40" y="700" width="920" height="120" rx="16" fill="#7a4a2a"/><rect x="40" y="700" width="920" height="26" rx="12" fill="#9b6a3c"/>` +
    `<text x="500" y="150" text-anchor="middle" font-family="DejaVu Serif" font-weight="bold" font-size="64" fill="${BRAND.night}">Bonjour !</text>`,

  panierSolidaire: () =>
    `<path d="M180 470 L820 470 L760 800 L240 800 Z" fill="#b07a3f"/>` +
    Array.from({ length: 6 }, (_, i) => `<line x1="${190 + i * 4}" y1="${520 + i * 50}" x2="${810 - i * 4}" y2="${520 + i * 50}" stroke="#7d5326" stroke-width="8"/>`).join('') +
    `<path d="M260 470 Q500 170 740 470" fill="none" stroke="#7d5326" stroke-width="22"/>` +
    miche(380, 440, 130, 85, 'ps1') + miche(600, 450, 120, 80, 'ps2') +
    `<rect x="430" y="240" width="60" height="260" rx="30" fill="#d9953f" transform="rotate(-20 460 370)"/>` +
    `<path d="${heart(760, 640, 70)}" fill="#d1495b"/>`,

  farineLocale: () =>
    `<circle cx="800" cy="180" r="90" fill="#ffe08a"/>` +
    `<path d="M0 520 Q250 430 500 500 T1000 470 L1000 1000 L0 1000 Z" fill="#e4c15f"/>` +
    `<path d="M0 640 Q300 560 600 640 T1000 600 L1000 1000 L0 1000 Z" fill="#d4a93f"/>` +
    `<rect x="620" y="330" width="210" height="200" fill="#efe3cf"/><path d="M600 340 L725 250 L850 340 Z" fill="#a0522d"/>` +
    `<circle cx="610" cy="450" r="95" fill="none" stroke="#6d4c2d" stroke-width="16"/>` +
    Array.from({ length: 8 }, (_, i) => {
      const a = (i / 8) * Math.PI * 2;
      return `<line x1="610" y1="450" x2="${(610 + Math.cos(a) * 95).toFixed(1)}" y2="${(450 + Math.sin(a) * 95).toFixed(1)}" stroke="#6d4c2d" stroke-width="8"/>`;
    }).join('') +
    Array.from({ length: 11 }, (_, i) => {
      const x = 60 + i * 50;
      return `<line x1="${x}" y1="900" x2="${x + 10}" y2="640" stroke="#b8860b" stroke-width="6"/>` +
        Array.from({ length: 5 }, (_, j) => `<ellipse cx="${x + 10 + (j % 2 ? 12 : -12)}" cy="${660 + j * 26}" rx="10" ry="18" fill="#c9972b" transform="rotate(${j % 2 ? 25 : -25} ${x + 10} ${660 + j * 26})"/>`).join('');
    }).join(''),

  galette: () => {
    let rosace = '';
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * 360;
      rosace += `<path d="M500 520 Q560 400 500 240" transform="rotate(${a} 500 520)" fill="none" stroke="#8a4b12" stroke-width="6" opacity="0.55"/>`;
    }
    return (
      `<defs><radialGradient id="gal" cx="45%" cy="40%" r="65%"><stop offset="0" stop-color="#f7c96f"/><stop offset="0.8" stop-color="#d48a2c"/><stop offset="1" stop-color="#9c5a17"/></radialGradient>` +
      `<clipPath id="galClip"><circle cx="500" cy="520" r="300"/></clipPath></defs>` +
      `<circle cx="500" cy="545" r="315" fill="#000" opacity="0.2"/><circle cx="500" cy="520" r="310" fill="#e8a64b"/>` +
      `<circle cx="500" cy="520" r="300" fill="url(#gal)"/><g clip-path="url(#galClip)">${rosace}</g>` +
      crown(90, 90, 300, 150) +
      `<ellipse cx="850" cy="820" rx="48" ry="36" fill="#f5f0e6" stroke="#2d5d9f" stroke-width="6"/><path d="M830 820 L870 820 M850 800 L850 840" stroke="#2d5d9f" stroke-width="5"/>`
    );
  },

  couronne: () =>
    crustGradient('cour', '#f9d284', '#c47a25') +
    `<circle cx="500" cy="545" r="340" fill="#000" opacity="0.18"/>` +
    `<path d="M500 180 A340 340 0 1 1 499.9 180 Z M500 380 A140 140 0 1 0 500.1 380 Z" fill="url(#cour)" fill-rule="evenodd"/>` +
    dots(41, 90, 220, 230, 560, 560, '#e75480', 16, 0.95) +
    dots(42, 140, 200, 200, 600, 600, '#ffffff', 6, 0.95) +
    `<circle cx="500" cy="520" r="140" fill="${BRAND.cream}"/>` +
    crown(380, 440, 240, 120),

  croissant: () =>
    `<circle cx="500" cy="470" r="360" fill="#fff1cf" opacity="0.6"/>` + croissant(500, 520, 1.25, 'cr') +
    dots(51, 40, 150, 720, 700, 80, '#c98a3a', 5, 0.7),

  antiGaspi: () =>
    `<path d="M200 360 L480 360 L500 820 L180 820 Z" fill="#c9a27a"/><path d="M200 360 L480 360 L470 420 L210 420 Z" fill="#b58c62"/>` +
    `<path d="M540 400 L800 400 L820 820 L520 820 Z" fill="#d5b38c"/><path d="M540 400 L800 400 L790 450 L550 450 Z" fill="#c09a72"/>` +
    `<rect x="240" y="180" width="70" height="260" rx="35" fill="#d9953f" transform="rotate(-12 275 310)"/>` +
    `<rect x="330" y="200" width="62" height="240" rx="31" fill="#c98530" transform="rotate(10 361 320)"/>` +
    miche(670, 390, 110, 70, 'ag1') +
    `<circle cx="340" cy="600" r="80" fill="#6b8f71"/><path d="M300 620 Q340 520 390 570 Q350 600 300 620 Z" fill="#e8f5e9"/>` +
    `<circle cx="670" cy="620" r="80" fill="#6b8f71"/><path d="M630 640 Q670 540 720 590 Q680 620 630 640 Z" fill="#e8f5e9"/>`,

  painPerdu: () =>
    plate(500, 560, 380) +
    `<g transform="rotate(-8 420 520)"><rect x="260" y="400" width="300" height="220" rx="50" fill="#d9902e"/><rect x="280" y="415" width="260" height="190" rx="40" fill="#f2c16b"/></g>` +
    `<g transform="rotate(12 600 560)"><rect x="470" y="450" width="300" height="220" rx="50" fill="#d38a2a"/><rect x="490" y="465" width="260" height="190" rx="40" fill="#efbb62"/></g>` +
    `<path d="M420 430 Q430 520 410 580 Q440 600 450 520 Q460 470 520 440 Z" fill="#a0522d" opacity="0.6"/>` +
    dots(61, 12, 300, 640, 400, 60, '#8e244d', 16, 1) +
    dots(62, 120, 260, 400, 520, 280, '#ffffff', 4, 0.9),

  crepes: () =>
    plate(470, 640, 360) +
    Array.from({ length: 6 }, (_, i) => `<ellipse cx="470" cy="${620 - i * 22}" rx="${290 - i * 4}" ry="${150 - i * 2}" fill="${i % 2 ? '#f1c27a' : '#e9b363'}" stroke="#c98a3a" stroke-width="3"/>`).join('') +
    dots(71, 70, 250, 430, 440, 160, '#b0702a', 7, 0.55) +
    `<rect x="780" y="300" width="150" height="190" rx="20" fill="#b3212f" opacity="0.9"/><rect x="770" y="280" width="170" height="40" rx="10" fill="#f3e1c7"/>` +
    `<ellipse cx="240" cy="220" rx="170" ry="170" fill="#2f2f2f"/><ellipse cx="240" cy="220" rx="140" ry="140" fill="#444"/><rect x="380" y="200" width="260" height="40" rx="20" fill="#2f2f2f" transform="rotate(-20 380 220)"/>`,

  bugnes: () => {
    const rand = mulberry32(81);
    let out = `<ellipse cx="500" cy="600" rx="420" ry="260" fill="#f3e1c7"/>`;
    for (let i = 0; i < 16; i++) {
      const x = 200 + rand() * 600;
      const y = 400 + rand() * 360;
      const rot = Math.round(rand() * 180);
      out +=
        `<g transform="rotate(${rot} ${x.toFixed(0)} ${y.toFixed(0)})"><rect x="${(x - 90).toFixed(0)}" y="${(y - 45).toFixed(0)}" width="180" height="90" rx="26" fill="${i % 3 ? '#e3a24a' : '#d18d36'}" stroke="#a0601c" stroke-width="4"/>` +
        `<rect x="${(x - 40).toFixed(0)}" y="${(y - 8).toFixed(0)}" width="80" height="16" rx="8" fill="#8a4b12"/></g>`;
    }
    return out + dots(82, 420, 120, 340, 760, 500, '#ffffff', 5, 0.95);
  },

  coeurPraline: () =>
    `<path d="${heart(500, 520, 300)}" fill="#c47a25" transform="translate(0 18)" opacity="0.5"/>` +
    `<path d="${heart(500, 510, 300)}" fill="#e0a458"/>` +
    `<path d="${heart(500, 515, 255)}" fill="#e75480"/>` +
    dots(91, 60, 320, 300, 360, 380, '#b8325e', 14, 0.9) +
    dots(92, 50, 330, 300, 340, 380, '#ffd1dc', 5, 0.9),

  anniversaire: () =>
    glow('a1', 180, 200, 150) + glow('a2', 830, 180, 150, '#ffd1dc') +
    `<rect x="220" y="520" width="560" height="260" rx="30" fill="#f3e1c7"/><rect x="220" y="520" width="560" height="70" rx="30" fill="#e75480"/>` +
    `<path d="M220 590 Q290 640 360 590 T500 590 T640 590 T780 590" fill="none" stroke="#e75480" stroke-width="24"/>` +
    Array.from({ length: 8 }, (_, i) => {
      const x = 275 + i * 64;
      return `<rect x="${x - 10}" y="420" width="20" height="100" rx="6" fill="${i % 2 ? '#1d3557' : '#f2b441'}"/>` +
        `<path d="M${x} 380 Q${x + 16} 405 ${x} 420 Q${x - 16} 405 ${x} 380 Z" fill="#ffb627"/>`;
    }).join('') +
    `<text x="500" y="720" text-anchor="middle" font-family="DejaVu Serif" font-weight="bold" font-size="120" fill="${BRAND.night}">8</text>` +
    dots(93, 80, 60, 60, 880, 300, '#f2b441', 8, 0.8),

  tarteAgrumes: () => {
    let slices = '';
    const spots: [number, number][] = [[500, 480], [370, 420], [630, 420], [360, 560], [640, 560], [500, 620], [500, 350]];
    spots.forEach(([x, y], i) => {
      const color = i % 2 ? '#f39c12' : '#f7dc6f';
      slices += `<circle cx="${x}" cy="${y}" r="62" fill="${color}" stroke="#fff7ea" stroke-width="8"/>`;
      for (let k = 0; k < 8; k++) {
        const a = (k / 8) * Math.PI * 2;
        slices += `<line x1="${x}" y1="${y}" x2="${(x + Math.cos(a) * 54).toFixed(1)}" y2="${(y + Math.sin(a) * 54).toFixed(1)}" stroke="#fff7ea" stroke-width="4"/>`;
      }
    });
    return tart(500, 490, 380, '#f9e27d', 'ta') + slices + `<ellipse cx="820" cy="170" rx="70" ry="34" fill="#4caf50" transform="rotate(-30 820 170)"/>`;
  },
};

const IMAGES: ImageSpec[] = [
  { out: ['public/images/pain-levain.jpg'], width: 1080, height: 1080, background: ['#f6e7cb', '#e2c89c'], caption: 'Gaston, notre levain', scene: SCENES.painLevain!() },
  { out: ['public/images/buche-noel.jpg', 'content/posts/2026/11/images/buche-noel.jpg'], width: 1080, height: 1350, background: ['#17402b', '#5b1620'], caption: 'Bûches de Noël 2026', scene: SCENES.buche!() },
  { out: ['public/images/brioche-lumieres.jpg'], width: 1080, height: 1350, background: ['#0f1f38', '#1d3557'], caption: 'La brioche des Lumières', scene: SCENES.briocheLumieres!() },
  { out: ['public/images/lumignons.jpg', 'content/posts/2026/12/images/lumignons.jpg'], width: 1080, height: 1350, background: ['#0b1628', '#243b63'], caption: '8 décembre : merci Lyon', scene: SCENES.lumignons!() },
  { out: ['public/images/fournil-nuit.jpg'], width: 1080, height: 1080, background: ['#4a2a1a', '#1f120b'], caption: '4 h du matin au fournil', scene: SCENES.fournilNuit!() },
  { out: ['public/images/equipe-fournil.jpg'], width: 1080, height: 1350, background: ['#fff7ea', '#f3dcb2'], caption: "L'équipe du fournil", scene: SCENES.equipe!() },
  { out: ['public/images/panier-solidaire.jpg'], width: 1080, height: 1080, background: ['#fdebd3', '#f4c9a8'], caption: 'Collecte solidaire de Noël', scene: SCENES.panierSolidaire!() },
  { out: ['content/posts/2026/12/images/farine-locale.jpg'], width: 1200, height: 630, background: ['#9ecbe8', '#e8f3fa'], caption: 'Nos blés poussent à 40 km du fournil', scene: SCENES.farineLocale!() },
  { out: ['public/images/galette.jpg', 'content/posts/2027/01/images/galette.jpg'], width: 1080, height: 1080, background: ['#fff3d6', '#f1d29a'], caption: 'Galette frangipane', scene: SCENES.galette!() },
  { out: ['public/images/couronne.jpg', 'content/posts/2027/01/images/couronne.jpg'], width: 1080, height: 1350, background: ['#fde6ee', '#f6c5d6'], caption: 'Couronne des rois aux pralines', scene: SCENES.couronne!() },
  { out: ['public/images/croissant.jpg'], width: 1080, height: 1080, background: ['#fbe3b5', '#eab676'], caption: 'Journée du croissant', scene: SCENES.croissant!() },
  { out: ['public/images/anti-gaspi.jpg'], width: 1080, height: 1080, background: ['#e9f2e4', '#c9dec0'], caption: 'Paniers anti-gaspi du soir', scene: SCENES.antiGaspi!() },
  { out: ['public/images/pain-perdu.jpg'], width: 1080, height: 1350, background: ['#f9ecd9', '#e9cfae'], caption: 'Pain perdu à la brioche', scene: SCENES.painPerdu!() },
  { out: ['public/images/crepes.jpg', 'content/posts/2027/02/images/crepes.jpg'], width: 1080, height: 1080, background: ['#fff5e0', '#f6d9a4'], caption: 'Chandeleur : à vos poêles', scene: SCENES.crepes!() },
  { out: ['public/images/bugnes.jpg', 'content/posts/2027/02/images/bugnes.jpg'], width: 1080, height: 1350, background: ['#fbe9d0', '#eec394'], caption: 'Bugnes lyonnaises', scene: SCENES.bugnes!() },
  { out: ['public/images/coeur-praline.jpg'], width: 1080, height: 1080, background: ['#fde2ea', '#f4b6c9'], caption: 'Un cœur praline pour deux', scene: SCENES.coeurPraline!() },
  { out: ['public/images/anniversaire.jpg'], width: 1080, height: 1080, background: ['#1d3557', '#2f4f7f'], caption: '8 ans de Lumière', scene: SCENES.anniversaire!() },
  { out: ['public/images/tarte-agrumes.jpg'], width: 1080, height: 1350, background: ['#fff8dc', '#f7e2a0'], caption: 'Tarte citron-bergamote', scene: SCENES.tarteAgrumes!() },
];

/** Composes the full SVG: background, scene scaled into the area above the caption band, caption, brand line. */
function composeSvg(spec: ImageSpec): string {
  const { width: W, height: H } = spec;
  const band = Math.round(Math.min(W, H) * 0.2);
  const area = H - band;
  const size = Math.min(W, area) * 0.96;
  const sx = (W - size) / 2;
  const sy = (area - size) / 2;
  const dark = isDark(spec.background[1]);
  // DejaVu Serif Bold averages about 0.62 em per character: shrink long captions to fit 92 % of the width.
  const captionSize = Math.round(Math.min(band * 0.34, (W * 0.92) / (spec.caption.length * 0.62)));
  const brandSize = Math.round(Math.min(band * 0.17, (W * 0.9) / (42 * 0.75)));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1"><stop offset="0" stop-color="${spec.background[0]}"/><stop offset="1" stop-color="${spec.background[1]}"/></linearGradient></defs>
  <rect width="${W}" height="${H}" fill="url(#bg)"/>
  <g transform="translate(${sx.toFixed(1)} ${sy.toFixed(1)}) scale(${(size / 1000).toFixed(4)})">${spec.scene}</g>
  <rect x="0" y="${H - band}" width="${W}" height="${band}" fill="${dark ? BRAND.cream : BRAND.night}" opacity="0.92"/>
  <text x="${W / 2}" y="${H - band + band * 0.52}" text-anchor="middle" font-family="DejaVu Serif" font-weight="bold" font-size="${captionSize}" fill="${dark ? BRAND.night : BRAND.cream}">${escapeHtml(spec.caption)}</text>
  <text x="${W / 2}" y="${H - band + band * 0.82}" text-anchor="middle" font-family="DejaVu Sans" font-size="${brandSize}" letter-spacing="3" fill="${dark ? BRAND.crust : BRAND.gold}">BOULANGERIE LUMIÈRE · CROIX-ROUSSE · LYON</text>
</svg>`;
}

function isDark(hex: string): boolean {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b < 110;
}

async function render(spec: ImageSpec): Promise<number> {
  const [target, ...copies] = spec.out.map((file) => join(ROOT, file));
  await mkdir(dirname(target!), { recursive: true });
  let quality = 80;
  for (;;) {
    const jpeg = await sharp(Buffer.from(composeSvg(spec)))
      .flatten({ background: BRAND.cream })
      .toColourspace('srgb')
      .jpeg({ quality, mozjpeg: true, chromaSubsampling: '4:2:0' })
      .toBuffer();
    // Keep every file under the size budget: step the quality down if a drawing is unusually busy.
    if (jpeg.length <= MAX_BYTES || quality <= 50) {
      for (const file of [target!, ...copies]) {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, jpeg);
      }
      return (await stat(target!)).size;
    }
    quality -= 5;
  }
}

const filter = process.argv[2];
for (const spec of IMAGES) {
  if (filter && !spec.out.some((file) => file.includes(filter))) continue;
  const bytes = await render(spec);
  console.log(`${spec.out}  ${spec.width}×${spec.height}  ${(bytes / 1024).toFixed(1)} KB`);
}
