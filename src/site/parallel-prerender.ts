/**
 * An Astro integration that renders a static build's pages on worker threads as well as the main thread.
 *
 * Astro renders every page on its main thread, which also writes them; with thousands of pages that thread
 * is the build's bottleneck while the machine's other cores idle. Through Astro's public prerenderer hook
 * (`setPrerenderer`) this sends part of the pages to worker threads that load the same prerender bundle
 * (prerender-worker.ts); Astro's main thread keeps writing every file, the incremental-build cache and the
 * static-image list, so its output is the same as with its own prerenderer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration, AstroIntegrationLogger, AstroPrerenderer } from 'astro';
import { collectPrerenderMetadata, installRenderScope } from 'astro/app';
import { prerenderThreads } from './env.ts';
import { imageTokenPattern, type PrerenderWorkerData, type RenderJob, type RenderReply } from './prerender-protocol.ts';

type PageData = { styles: unknown[] };
type RenderedPage = Extract<RenderReply, { status: number }>;
type PrerenderOutcome = Awaited<ReturnType<AstroPrerenderer['render']>>;
type AddStaticImage = (options: unknown, hashProperties: string[], originalFSPath: string | undefined) => string;
interface AstroAssetGlobal {
  addStaticImage?: AddStaticImage;
  referencedImages?: Set<string>;
}
interface BuildConfig {
  root: URL;
  outDir: URL;
  image: { service: { entrypoint: string } };
}
interface BuildApp {
  manifest: { routes: { routeData: unknown }[] };
  getSettings(): { config: BuildConfig; scripts: { stage: string }[] };
}

export function parallelPrerender(threads = prerenderThreads()): AstroIntegration {
  let pages: Map<string, PageData> | undefined;
  return {
    name: 'cadence-parallel-prerender',
    hooks: {
      // The same Map as the build's internals.pagesByKeys: the styles are filled in during the bundling that follows.
      'astro:build:setup': ({ pages: buildPages }) => {
        pages = buildPages as unknown as Map<string, PageData>;
      },
      'astro:build:start': ({ setPrerenderer, logger }) => {
        if (threads < 1) return;
        setPrerenderer((astroDefault) => threadedPrerenderer(astroDefault, () => pages, threads, logger));
      },
    },
  };
}

function threadedPrerenderer(
  astroDefault: AstroPrerenderer,
  pages: () => Map<string, PageData> | undefined,
  threads: number,
  logger: AstroIntegrationLogger,
): AstroPrerenderer {
  // Set once the threads run: the pool, where their images are registered, each route's index in the bundle.
  let threaded: { pool: RenderPool; images: ThreadImages; routeIndex: Map<unknown, number>; config: BuildConfig } | undefined;
  let rendered = 0;
  let renderedOnThreads = 0;
  return {
    ...astroDefault,
    name: 'cadence:threaded',
    async setup() {
      await astroDefault.setup?.();
      const app = (astroDefault as unknown as { app?: BuildApp }).app;
      const settings = app?.getSettings?.();
      const styles = pages();
      const entryUrl = settings && prerenderEntry(settings.config.outDir);
      // A page-stage script needs a bundle map Astro keeps to itself: such sites render on the main thread.
      if (!app || !settings || !styles || !entryUrl || settings.scripts.some((script) => script.stage === 'page')) {
        logger.warn('every page renders on the main thread: this build gives no way to render on other threads');
        return;
      }
      const tokenNonce = randomBytes(6).toString('hex');
      try {
        const pool = await RenderPool.start(threads, {
          entryUrl,
          pageStyles: [...styles].map(([key, page]) => [key, { styles: page.styles }]),
          scripts: settings.scripts,
          tokenNonce,
        });
        const routeIndex = new Map(app.manifest.routes.map(({ routeData }, index) => [routeData, index]));
        threaded = { pool, images: new ThreadImages(imageTokenPattern(tokenNonce)), routeIndex, config: settings.config };
      } catch (error) {
        logger.warn(`every page renders on the main thread: a render thread could not start (${(error as Error).message})`);
      }
    },
    async render(request, options) {
      rendered++;
      const index = threaded?.routeIndex.get(options.routeData);
      if (!threaded || index === undefined || !threaded.pool.hasRoom()) return astroDefault.render(request, options);
      renderedOnThreads++;
      return threaded.images.toPrerenderResult(await threaded.pool.render(request.url, index), options.collectMetadata === true);
    },
    async teardown() {
      if (threaded) {
        await threaded.pool.stop();
        logger.info(`${renderedOnThreads} of ${rendered} pages rendered on ${threads} render thread${threads === 1 ? '' : 's'}`);
        await loadImageService(threaded.config);
      }
      await astroDefault.teardown?.();
    },
  };
}

/**
 * Astro's main thread loads the image service the first time a page there asks for an image, then optimises
 * every image with it once the pages are written. If all pages with images rendered on other threads, load
 * it for that step (its `transform`; the bundled copy the pages use is loaded on first use as before).
 */
async function loadImageService(config: BuildConfig): Promise<void> {
  const astroAsset = ((globalThis as { astroAsset?: AstroAssetGlobal & { imageService?: unknown } }).astroAsset ??= {});
  if (astroAsset.imageService) return;
  const resolved = createRequire(new URL('./package.json', config.root)).resolve(config.image.service.entrypoint);
  astroAsset.imageService = ((await import(pathToFileURL(resolved).href)) as { default: unknown }).default;
}

/** The bundle Astro's own prerenderer imports: `<outDir>/.prerender/prerender-entry.<hash>.mjs` (or under `<cwd>/.astro/`). */
function prerenderEntry(outDir: URL): string | undefined {
  const cwd = pathToFileURL(process.cwd() + '/');
  const serverDir = fileURLToPath(outDir).startsWith(process.cwd()) ? outDir : new URL('./.astro/', cwd);
  const dir = new URL('./.prerender/', serverDir);
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((name) => name.startsWith('prerender-entry.') && name.endsWith('.mjs'));
  } catch {
    return undefined;
  }
  return entries.length === 1 ? new URL(entries[0]!, dir).href : undefined;
}

/** The images pages asked for on other threads, registered in Astro's static-image list here, and their URLs. */
class ThreadImages {
  #urls = new Map<string, string>();
  #tokens: RegExp;
  #scopeInstalled = false;

  constructor(tokens: RegExp) {
    this.#tokens = tokens;
  }

  async toPrerenderResult(reply: RenderedPage, collectMetadata: boolean): Promise<PrerenderOutcome> {
    const astroAsset = (globalThis as { astroAsset?: AstroAssetGlobal }).astroAsset;
    const register = async () => {
      for (const image of reply.images) {
        if (!astroAsset?.addStaticImage) throw new Error('a page rendered on a thread asked for an image, but Astro has no static-image list');
        this.#urls.set(image.token, astroAsset.addStaticImage(image.options, image.hashProperties, image.originalFSPath));
      }
    };
    // Registered as a main-thread render registers them; with the incremental cache, inside a render scope
    // so that it records them with this page.
    let metadata: Awaited<ReturnType<typeof collectPrerenderMetadata>>['metadata'];
    if (collectMetadata) {
      // As Astro's own prerenderer does when it first collects; once, not per page.
      if (!this.#scopeInstalled) installRenderScope(new AsyncLocalStorage());
      this.#scopeInstalled = true;
      ({ metadata } = await collectPrerenderMetadata(register, undefined as never));
    } else await register();
    for (const fsPath of reply.referencedImages) astroAsset?.referencedImages?.add(fsPath);
    const body = reply.body === null ? null : reply.body.replace(this.#tokens, (token) => this.#url(token));
    const response = new Response(body, { status: reply.status, statusText: reply.statusText, headers: reply.headers });
    if (!collectMetadata) return { response };
    const staticImages = metadata?.staticImages ?? [];
    return { response, metadata: { contentEntryKeys: reply.contentEntryKeys, staticImages, referencedImages: reply.referencedImages } };
  }

  #url(token: string): string {
    const url = this.#urls.get(token);
    if (url === undefined) throw new Error(`a page rendered on a thread refers to image ${token}, which no thread registered`);
    // Astro escapes attribute values; the token needed no escaping, so the URL put in its place must not either.
    if (/[&<>"']/.test(url)) throw new Error(`image URL ${url} would need escaping in HTML`);
    return url;
  }
}

/** Worker threads, each with a few pages in flight. A thread that stops fails its pages and every later one. */
class RenderPool {
  /** Pages in flight per thread: one rendering, one waiting, so a thread never idles while the main thread is busy. */
  static readonly perThread = 2;
  #workers: Worker[];
  #inFlight: number[];
  #waiting = new Map<number, { thread: number; resolve: (reply: RenderedPage) => void; reject: (error: Error) => void }>();
  #nextId = 0;
  #stopped: Error | undefined;
  #stopping = false;

  private constructor(workers: Worker[]) {
    this.#workers = workers;
    this.#inFlight = workers.map(() => 0);
  }

  static async start(threads: number, data: Omit<PrerenderWorkerData, 'thread'>): Promise<RenderPool> {
    const url = new URL('./prerender-worker.ts', import.meta.url);
    const workers = Array.from({ length: threads }, (_, thread) => new Worker(url, { workerData: { ...data, thread } satisfies PrerenderWorkerData }));
    const pool = new RenderPool(workers);
    try {
      await Promise.all(workers.map((worker, thread) => pool.#listen(worker, thread)));
    } catch (error) {
      await pool.stop();
      throw error;
    }
    return pool;
  }

  hasRoom(): boolean {
    return this.#stopped !== undefined || this.#inFlight.some((n) => n < RenderPool.perThread);
  }

  render(url: string, routeIndex: number): Promise<RenderedPage> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const thread = this.#inFlight.indexOf(Math.min(...this.#inFlight));
    this.#inFlight[thread]!++;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { thread, resolve, reject });
      this.#workers[thread]!.postMessage({ id, url, routeIndex } satisfies RenderJob);
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #settle(id: number): { resolve: (reply: RenderedPage) => void; reject: (error: Error) => void } | undefined {
    const waiting = this.#waiting.get(id);
    if (!waiting) return undefined;
    this.#waiting.delete(id);
    this.#inFlight[waiting.thread]!--;
    return waiting;
  }

  #listen(worker: Worker, thread: number): Promise<void> {
    return new Promise((ready, failed) => {
      worker.on('message', (message: RenderReply | { ready: true }) => {
        if ('ready' in message) return ready();
        const waiting = this.#settle(message.id);
        if (!waiting) return;
        if ('error' in message) waiting.reject(Object.assign(new Error(message.error.message), message.error));
        else waiting.resolve(message);
      });
      const stopped = (why: string) => {
        if (this.#stopping) return;
        this.#stopped ??= new Error(`render thread ${thread + 1} stopped: ${why}`);
        failed(this.#stopped);
        for (const id of [...this.#waiting.keys()]) this.#settle(id)!.reject(this.#stopped);
      };
      worker.on('error', (error) => stopped(error.message));
      worker.on('exit', (code) => stopped(`exit code ${code}`));
    });
  }
}
