/**
 * The blog's social cards at build time: /blog/<id>/card.png for every public article.
 *
 * Written by an integration once the pages are built rather than by an endpoint per card, so that
 * cached cards are plain file copies and the missing ones render on worker threads, one per core
 * (satori and librsvg take ~23 ms a card, which a 10,000-article first build feels). `npm run dev`
 * serves the same cards through the endpoint site/blog/src/pages/blog/[id]/card.png.ts.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EditorialLine } from '../core/schema/index.ts';
import { cachedCard, cardCacheDir, cardFile, readLogo, type CardInput } from './card.ts';
import { articlePublishMs, type LoadedPost } from './content.ts';
import { REPO_ROOT } from './env.ts';
import { formatDate } from './i18n.ts';

/** What an article's card shows: its title, the brand, the date and author. */
export function articleCardInput(article: Pick<LoadedPost, 'data'>, line: EditorialLine, logo: CardInput['logo']): CardInput {
  const publishMs = articlePublishMs(article.data, line) ?? 0;
  return {
    title: article.data.title,
    brandName: line.brand.name,
    footer: [formatDate(publishMs, line.brand.locale, line.brand.timezone), article.data.author].filter(Boolean).join(' · '),
    colors: line.brand.colors,
    logo,
  };
}

export interface CardsWritten {
  cards: number;
  rendered: number;
}

export interface WriteCardsOptions {
  cacheDir?: string;
  /** Cards per worker thread below which the cards are drawn in this thread (default 40). */
  cardsPerWorker?: number;
}

/** Writes outDir/blog/<id>/card.png for each article, rendering only the cards the cache lacks. */
export async function writeArticleCards(outDir: string, articles: readonly Pick<LoadedPost, 'id' | 'data'>[], line: EditorialLine, root: string, options: WriteCardsOptions = {}): Promise<CardsWritten> {
  const cacheDir = options.cacheDir ?? cardCacheDir();
  const logo = readLogo(root, line.brand.logo);
  const jobs = articles.map((article) => {
    const input = articleCardInput(article, line, logo);
    return { article, input, file: cardFile(input, cacheDir) };
  });
  const missing = jobs.filter((job) => !existsSync(job.file));
  await renderMissing(missing.map((job) => job.input), cacheDir, options.cardsPerWorker ?? CARDS_PER_WORKER);
  for (const { article, file } of jobs) place(file, path.join(outDir, 'blog', article.id, 'card.png'));
  return { cards: jobs.length, rendered: missing.length };
}

/**
 * A hard link where the file system allows it (5× faster than a copy), else a copy. The article's folder
 * is made only when missing: Astro has written the article's page there, and 10,000 `mkdir` calls cost
 * seconds on a slow disk.
 */
function place(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(path.dirname(target))) {
      mkdirSync(path.dirname(target), { recursive: true });
      return place(source, target);
    }
    rmSync(target, { force: true });
    copyFileSync(source, target);
  }
}

// Below this many cards, starting workers (each loads satori and the fonts) costs more than it saves.
const CARDS_PER_WORKER = 40;

async function renderMissing(inputs: readonly CardInput[], cacheDir: string, cardsPerWorker: number): Promise<void> {
  const threads = Math.min(os.availableParallelism(), Math.floor(inputs.length / cardsPerWorker));
  if (threads < 2) {
    for (const input of inputs) await cachedCard(input, cacheDir);
    return;
  }
  let next = 0;
  // By path from the repository root: this module may run from a bundle elsewhere on disk (src/site/env.ts).
  const workers = Array.from({ length: threads }, () => new Worker(path.join(REPO_ROOT, 'src/site/card-worker.ts')));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= inputs.length) return resolve();
              const index = next++;
              worker.postMessage({ index, input: inputs[index], cacheDir });
            };
            worker.on('message', (reply: { index: number; error?: string }) => {
              if (reply.error) reject(new Error(`social card for "${inputs[reply.index]!.title}": ${reply.error}`));
              else send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
