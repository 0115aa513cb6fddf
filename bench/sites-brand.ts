/**
 * The brand of the sites benchmark: N blog articles, one a day, all public at the build time, with
 * the same French vocabulary, editorial line and images as bench/generate.ts.
 *
 *   node bench/sites-brand.ts <dir> [n=10000] [seed=1]
 *
 * Deterministic for a given n and seed. Articles have 3–6 Markdown paragraphs (headings, a list,
 * links), 15 % an MDX `<Callout>`, 60 % a hero image (one of 8 shared JPEGs in content/media/, so the
 * image pipeline has 8 sources to optimise, as a brand reusing its photos would), 1–3 tags.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zonedToInstant } from '../src/core/time.ts';
import { blogBody, draftPost, editorialLine, MEDIA, netiquette, pad, PEOPLE, PILLARS, Random, scalar, slugify, text, writeMediaImages } from './generate.ts';

/** Bump when the output changes shape, so bench/sites.ts regenerates a cached brand. */
export const SITES_BRAND_VERSION = 1;

export interface ArticlesBrand {
  dir: string;
  articles: number;
  withCallout: number;
  withImage: number;
  firstDay: string;
  lastDay: string;
  /** An instant after the last article: every article is public. */
  buildAt: string;
}

const TAGS = ['origines', 'torréfaction', 'recette', 'méthodes douces', 'espresso', 'durable', 'boutique'];

export async function generateArticles(dir: string, n: number, seed = 1, start = '1999-06-01'): Promise<ArticlesBrand> {
  const rnd = new Random(seed);
  rmSync(path.join(dir, 'content'), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'content/posts'), { recursive: true });
  mkdirSync(path.join(dir, 'public'), { recursive: true });
  writeFileSync(path.join(dir, 'content/editorial-line.mdx'), editorialLine());
  writeFileSync(path.join(dir, 'content/netiquette.mdx'), netiquette());
  writeFileSync(path.join(dir, 'public/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#7a4a2a"/></svg>\n');
  await writeMediaImages(path.join(dir, 'content/media'));

  const [sy, sm, sd] = start.split('-').map(Number) as [number, number, number];
  const pillarWeights = PILLARS.map((p) => [p.id, p.target] as const);
  const used = new Set<string>();
  let withCallout = 0;
  let withImage = 0;
  let firstDay = '';
  let lastDay = '';
  for (let i = 0; i < n; i++) {
    const date = new Date(Date.UTC(sy, sm - 1, sd + i));
    const wall = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: 8, minute: 30, second: 0 };
    const zoned = zonedToInstant(wall, 'Europe/Paris');
    if (!zoned.ok) throw new Error(`no 08:30 on ${date.toISOString()}`);
    const dayKey = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
    const draft = draftPost(rnd, rnd.weighted(pillarWeights), { wall, time: '08:30', epochMs: zoned.epochMs }, i + 1);
    const folder = `content/posts/${wall.year}/${pad(wall.month)}`;
    let slug = `${pad(wall.day)}-${slugify(draft.title)}`;
    for (let k = 2; used.has(`${folder}/${slug}`); k++) slug = `${pad(wall.day)}-${slugify(draft.title)}-${k}`;
    used.add(`${folder}/${slug}`);

    const fm = ['---', `title: ${scalar(draft.title)}`, `publishAt: "${dayKey}T08:30"`, 'channels: [blog, mastodon]', `pillar: ${draft.pillar}`, `author: ${rnd.pick(PEOPLE)}`];
    fm.push(`description: ${text(`${draft.blogIntro.split('. ')[0]!.replace(/\.$/, '')}. Notre article complet, avec la recette et l'histoire du lot.`, '  ')}`);
    fm.push(`tags: [${rnd.sample(TAGS, rnd.int(1, 3)).join(', ')}]`);
    fm.push(`text: ${text(draft.text, '  ')}`);
    if (rnd.chance(0.6)) {
      withImage++;
      const m = rnd.pick(MEDIA);
      fm.push('media:', `  - src: ../../../media/${m.file}`, `    alt: ${scalar(m.alt)}`);
    }
    fm.push('---');
    const callout = rnd.chance(0.15);
    if (callout) withCallout++;
    mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, folder, `${slug}.mdx`), `${fm.join('\n')}\n\n${blogBody(rnd, draft, callout)}`);
    firstDay ||= dayKey;
    lastDay = dayKey;
  }
  const after = new Date(Date.UTC(sy, sm - 1, sd + n + 1));
  return { dir, articles: n, withCallout, withImage, firstDay, lastDay, buildAt: `${after.toISOString().slice(0, 10)}T12:00:00Z` };
}

if (import.meta.main) {
  const [dir, count, seed] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: node bench/sites-brand.ts <dir> [n=10000] [seed=1]\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(await generateArticles(path.resolve(dir), Number(count ?? 10_000), Number(seed ?? 1)), null, 2)}\n`);
}
