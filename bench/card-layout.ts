/**
 * `node bench/card-layout.ts [n=10000]`: checks that the card's text layer laid out without satori
 * (src/site/card-text-layout.ts) is satori's, over the sites benchmark's articles (bench/sites-brand.ts, seed
 * 1: the cards of `npm run bench:sites`). For each card: the words and their places equal those of satori's
 * layout, and the glyph outlines drawn from them equal those drawn from satori's layout. Exits 1 on any
 * difference; prints how many cards were left to satori (none expected) and each way's CPU time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { laidOutWords, wordOutlines } from '../src/site/card-glyphs.ts';
import { articleCardInput } from '../src/site/article-cards.ts';
import { cardTextLayout, cardTextWords, type CardInput } from '../src/site/card.ts';
import { loadEditorialLine, loadPosts } from '../src/site/content.ts';
import { REPO_ROOT } from './brand.ts';
import { generateArticles } from './sites-brand.ts';

const n = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'cadence-card-layout-'));
let inputs: CardInput[];
try {
  await generateArticles(dir, n, 1);
  const line = loadEditorialLine(dir);
  inputs = loadPosts(dir).map((post) => articleCardInput(post, line, undefined));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const fonts = {
  regular: readFileSync(path.join(REPO_ROOT, 'site/assets/fonts/atkinson-hyperlegible-latin-400-normal.woff')),
  bold: readFileSync(path.join(REPO_ROOT, 'site/assets/fonts/atkinson-hyperlegible-latin-700-normal.woff')),
};
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

let same = 0;
let leftToSatori = 0;
const differ: string[] = [];
let ownMs = 0;
let satoriMs = 0;
for (const input of inputs) {
  let start = cpuMs();
  const own = await cardTextWords(input);
  ownMs += cpuMs() - start;
  start = cpuMs();
  const svg = await cardTextLayout(input);
  satoriMs += cpuMs() - start;
  if (!own) {
    leftToSatori++;
    continue;
  }
  const drawn = await wordOutlines(own, fonts);
  const theirs = laidOutWords(svg);
  const satoris = theirs && (await wordOutlines(theirs, fonts));
  const outlines = (list: typeof drawn) => list?.map(({ fill, ops }) => `${fill}:${ops.join(',')}`).join('\n');
  if (JSON.stringify(own) === JSON.stringify(theirs) && outlines(drawn) === outlines(satoris) && drawn) same++;
  else differ.push(input.title);
}
console.log(`${inputs.length} cards: ${same} laid out as satori does, ${differ.length} differently, ${leftToSatori} left to satori`);
console.log(`layout CPU a card: ${(ownMs / inputs.length).toFixed(3)} ms without satori, ${(satoriMs / inputs.length).toFixed(3)} ms by satori`);
for (const title of differ.slice(0, 20)) console.log(`differs: ${title}`);
if (differ.length > 0) process.exitCode = 1;
