/**
 * The blog's social cards at build time: /blog/<id>/card.png for every public article.
 *
 * Written by an integration once the pages are built rather than by an endpoint per card, so that
 * cached cards are plain file copies and the missing ones render on worker threads, one per core
 * (~4 ms of CPU a card drawn in layers, src/site/card.ts: 10,000 of them are a first build's largest
 * cost). A build can start drawing them when it starts (prepareArticleCards): one thread draws into the
 * card cache while Astro syncs content and renders pages, and writeArticleCards adds a thread per core for what is left. `npm run dev` serves the same cards through the endpoint
 * site/blog/src/pages/blog/[id]/card.png.ts.
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

interface CardJobs {
  jobs: { article: Pick<LoadedPost, 'id' | 'data'>; input: CardInput; file: string }[];
  missing: CardInput[];
}

function cardJobs(articles: readonly Pick<LoadedPost, 'id' | 'data'>[], line: EditorialLine, root: string, cacheDir: string): CardJobs {
  const logo = readLogo(root, line.brand.logo);
  const jobs = articles.map((article) => {
    const input = articleCardInput(article, line, logo);
    return { article, input, file: cardFile(input, cacheDir) };
  });
  return { jobs, missing: jobs.filter((job) => !existsSync(job.file)).map((job) => job.input) };
}

// Cards being drawn ahead of writeArticleCards, by card cache folder (one build, one folder).
const prepared = new Map<string, { missing: number; painter: CardPainter }>();

/**
 * Starts drawing the articles' missing cards into the card cache on one worker thread while the build goes
 * on: writeArticleCards for the same cache folder takes them over. Does nothing when there are too few
 * cards to be worth a thread. At normal priority: at nice 10 the thread drew almost nothing while pages
 * rendered on a busy machine, and the cards are part of the build's work either way (docs/benchmarks.md).
 */
export function prepareArticleCards(articles: readonly Pick<LoadedPost, 'id' | 'data'>[], line: EditorialLine, root: string, options: WriteCardsOptions = {}): void {
  const cacheDir = options.cacheDir ?? cardCacheDir();
  if (prepared.has(cacheDir)) return;
  const jobs = cardJobs(articles, line, root, cacheDir);
  if (jobs.missing.length < 2 * (options.cardsPerWorker ?? CARDS_PER_WORKER)) return;
  const painter = new CardPainter(jobs.missing, cacheDir);
  // Not holding the process open: a build that fails before writeArticleCards exits as it would without it.
  painter.addWorkers(1, { unref: true });
  prepared.set(cacheDir, { missing: jobs.missing.length, painter });
}

/** Writes outDir/blog/<id>/card.png for each article, rendering only the cards the cache lacks. */
export async function writeArticleCards(outDir: string, articles: readonly Pick<LoadedPost, 'id' | 'data'>[], line: EditorialLine, root: string, options: WriteCardsOptions = {}): Promise<CardsWritten> {
  const cacheDir = options.cacheDir ?? cardCacheDir();
  const ahead = prepared.get(cacheDir);
  prepared.delete(cacheDir);
  if (ahead) {
    ahead.painter.ref();
    ahead.painter.addWorkers(os.availableParallelism() - 1);
    await ahead.painter.finish();
  }
  // Listed again after the drawing ahead: only what it could not know of (none in a build) is drawn here.
  const jobs = cardJobs(articles, line, root, cacheDir);
  await renderMissing(jobs.missing, cacheDir, options.cardsPerWorker ?? CARDS_PER_WORKER);
  for (const { article, file } of jobs.jobs) place(file, path.join(outDir, 'blog', article.id, 'card.png'));
  return { cards: jobs.jobs.length, rendered: (ahead?.missing ?? 0) + jobs.missing.length };
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
// Cards sent to a thread at once (~0.1 s of drawing).
const CARDS_PER_BATCH = 24;

async function renderMissing(inputs: readonly CardInput[], cacheDir: string, cardsPerWorker: number): Promise<void> {
  const threads = Math.min(os.availableParallelism(), Math.floor(inputs.length / cardsPerWorker));
  if (threads < 2) {
    for (const input of inputs) await cachedCard(input, cacheDir);
    return;
  }
  const painter = new CardPainter(inputs, cacheDir);
  painter.addWorkers(threads);
  await painter.finish();
}

// By path from the repository root: this module may run from a bundle elsewhere on disk (src/site/env.ts).
// A young generation of 4 MB, not the default's tens: a card leaves ~1 MB of garbage (coverage cells,
// compressed rows), and with the default a card thread held ~80-100 MB after 10,000 cards against ~40 MB,
// for no more CPU (docs/benchmarks.md): the build's peak is both sites and this thread side by side.
const cardWorker = () => new Worker(path.join(REPO_ROOT, 'src/site/card-worker.ts'), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });

/** Draws cards into the cache on worker threads that take the next cards as they finish theirs. */
class CardPainter {
  private next = 0;
  private answered = 0;
  private readonly workers: Worker[] = [];
  private failure: Error | undefined;
  private readonly settled: Promise<void>;
  private settle!: () => void;
  private readonly inputs: readonly CardInput[];
  private readonly cacheDir: string;
  private brand: Promise<Uint8Array | undefined> | undefined;
  private brandWorker: Worker | undefined;

  constructor(inputs: readonly CardInput[], cacheDir: string) {
    this.inputs = inputs;
    this.cacheDir = cacheDir;
    this.settled = new Promise<void>((resolve) => (this.settle = resolve));
    if (inputs.length === 0) this.settle();
  }

  /** Starts `count` more threads (none once every card is handed out); `unref`: they do not keep the process alive. */
  addWorkers(count: number, { unref = false } = {}): void {
    for (let i = 0; i < count && this.next < this.inputs.length && !this.failure; i++) {
      const worker = cardWorker();
      if (unref) worker.unref();
      this.workers.push(worker);
      worker.on('message', (reply: { done: number; failed?: number; error?: string }) => {
        this.answered += reply.done;
        if (reply.error) this.fail(new Error(`social card for "${this.inputs[reply.failed!]!.title}": ${reply.error}`));
        else this.send(worker);
      });
      worker.on('error', (error) => this.fail(error));
      void this.brandPixels(unref).then((rgb) => {
        if (rgb) worker.postMessage({ brand: this.inputs[0], rgb });
        this.send(worker);
      });
    }
  }

  /**
   * The pixels of the cards' brand layer, drawn once on a thread of its own that then stops: each card
   * thread drew them itself before, and kept satori, its fonts and its layout engine for nothing else (~45
   * MB a thread; the process keeps part of the stopped thread's memory for the next ones: ~8 MB less in
   * all, measured). Undefined when that thread fails: each card thread then draws them itself.
   */
  private brandPixels(unref: boolean): Promise<Uint8Array | undefined> {
    this.brand ??= new Promise((resolve) => {
      const worker = cardWorker();
      if (unref) worker.unref();
      this.brandWorker = worker;
      const done = (rgb: Uint8Array | undefined) => {
        this.brandWorker = undefined;
        resolve(rgb);
        void worker.terminate();
      };
      worker.once('message', (reply: { rgb?: Uint8Array }) => done(reply.rgb));
      worker.once('error', () => done(undefined));
      worker.postMessage({ drawBrand: this.inputs[0] });
    });
    return this.brand;
  }

  /** Makes every thread keep the process alive again (the build now waits for them). */
  ref(): void {
    for (const worker of this.workers) worker.ref();
    this.brandWorker?.ref();
  }

  /** Resolves once every card is drawn (rejects with the first failure), the threads stopped. */
  async finish(): Promise<void> {
    try {
      await this.settled;
    } finally {
      await Promise.all(this.workers.map((worker) => worker.terminate()));
    }
    if (this.failure) throw this.failure;
  }

  /**
   * Sends the thread its next batch of cards. Batches, not single cards: a thread waits for its next cards
   * until this thread's event loop turns, which takes a page's rendering while Astro builds (a card is ~4 ms
   * of CPU); small enough that the threads finish together.
   */
  private send(worker: Worker): void {
    if (this.failure) return;
    if (this.next < this.inputs.length) {
      const first = this.next;
      this.next = Math.min(this.inputs.length, first + CARDS_PER_BATCH);
      worker.postMessage({ first, inputs: this.inputs.slice(first, this.next), cacheDir: this.cacheDir });
    } else if (this.answered === this.inputs.length) this.settle();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.settle();
  }
}
