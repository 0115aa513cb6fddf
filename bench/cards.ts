/**
 * `node bench/cards.ts`: what drawing one social card costs, stage by stage, in CPU time of this process
 * (sharp on one thread), the full renderer against the layered one (src/site/card.ts), on the titles of the
 * sites benchmark's articles. Rounds alternate the two so that a neighbour's load weighs on both.
 *
 * Stages of the full renderer: satori's layout and outlines of the whole card (SVG), sharp rasterising the
 * SVG (librsvg), the logo composited and the PNG encoded. Of the layered one: the text alone laid out
 * (card-text-layout.ts), its glyph outlines made (card-glyphs.ts) and filled (card-raster.ts), blending them
 * on the brand's layer and compressing the text rows (card-png.ts); and, for comparison, satori laying the
 * text out (what card-text-layout.ts replaces) and writing its outlines as SVG (what the layered renderer
 * parsed before card-glyphs.ts).
 * Environment: BENCH_CARDS (cards a round, default 200), BENCH_REPS (rounds, 5).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { zonedToInstant } from '../src/core/time.ts';
import { rasteriseOutline } from '../src/site/card-raster.ts';
import { wordOutlines, type TextOutline, type Word } from '../src/site/card-glyphs.ts';
import { cardSvg, cardTextLayout, cardTextOutlines, cardTextSvg, cardTextWords, renderCard, renderFullCard, type CardInput } from '../src/site/card.ts';
import { REPO_ROOT } from './brand.ts';
import { draftPost, PILLARS, Random } from './generate.ts';
import { median } from './stats.ts';

const CARDS = Number(process.env.BENCH_CARDS ?? 200);
const REPS = Number(process.env.BENCH_REPS ?? 5);
sharp.concurrency(1);

const rnd = new Random(1);
const inputs: CardInput[] = Array.from({ length: CARDS }, (_, i) => {
  const day = new Date(Date.UTC(2026, 0, 1 + i));
  const wall = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 8, minute: 30, second: 0 };
  const zoned = zonedToInstant(wall, 'Europe/Paris');
  const draft = draftPost(rnd, PILLARS[i % PILLARS.length]!.id, { wall, time: '08:30', epochMs: zoned.ok ? zoned.epochMs : 0 }, i + 1);
  return {
    title: draft.title,
    brandName: 'Brûlerie des Chartrons',
    footer: `${wall.day} janvier ${wall.year} · Inès`,
    colors: { primary: '#c8781e', secondary: '#1d3557', background: '#fff7ea', text: '#3b2414' },
    logo: { data: readFileSync(path.join(REPO_ROOT, 'public/logo.svg')), type: 'image/svg+xml' },
  };
});

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
async function perCard(run: (input: CardInput) => Promise<unknown> | unknown): Promise<number> {
  const start = cpuMs();
  for (const input of inputs) await run(input);
  return (cpuMs() - start) / inputs.length;
}

const stages: Record<string, (input: CardInput) => Promise<unknown> | unknown> = {
  'full: whole card': renderFullCard,
  'full: satori, whole card (SVG)': cardSvg,
  'full: librsvg rasterises the SVG': async (input) => sharp(Buffer.from(svgs.get(input)!)).raw().toBuffer(),
  'layered: whole card': renderCard,
  'layered: text laid out (no satori)': cardTextWords,
  'layered: glyph outlines made': (input) => wordOutlines(words.get(input)!, fonts),
  'layered: outlines filled': (input) => {
    for (const { ops } of outlines.get(input)!) rasteriseOutline(ops);
  },
  '(satori laying the text out)': cardTextLayout,
  '(satori writing the text as SVG)': cardTextSvg,
};
const fonts = {
  regular: readFileSync(path.join(REPO_ROOT, 'site/assets/fonts/atkinson-hyperlegible-latin-400-normal.woff')),
  bold: readFileSync(path.join(REPO_ROOT, 'site/assets/fonts/atkinson-hyperlegible-latin-700-normal.woff')),
};
const svgs = new Map<CardInput, string>();
const words = new Map<CardInput, Word[][]>();
const outlines = new Map<CardInput, TextOutline[]>();
for (const input of inputs) {
  svgs.set(input, await cardSvg(input));
  words.set(input, (await cardTextWords(input))!);
  outlines.set(input, (await cardTextOutlines(input))!);
  await renderCard(input);
}
const samples = new Map<string, number[]>(Object.keys(stages).map((name) => [name, []]));
for (let round = 0; round < REPS; round++) {
  for (const [name, run] of Object.entries(stages)) samples.get(name)!.push(await perCard(run));
}
const ms = (name: string) => median(samples.get(name)!);
process.stdout.write(`cards benchmark: ${CARDS} cards × ${REPS} rounds, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
process.stdout.write('stage                                    CPU ms a card (median of rounds)\n');
for (const name of Object.keys(stages)) process.stdout.write(`${name.padEnd(40)} ${ms(name).toFixed(2).padStart(6)}\n`);
const rest = ms('layered: whole card') - ms('layered: text laid out (no satori)') - ms('layered: glyph outlines made') - ms('layered: outlines filled');
process.stdout.write(`${'layered: blend + compress (the rest)'.padEnd(40)} ${rest.toFixed(2).padStart(6)}\n`);
process.stdout.write(`layered vs full: ${(ms('full: whole card') / ms('layered: whole card')).toFixed(2)}× less CPU a card\n`);
