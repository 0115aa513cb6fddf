/**
 * A thread rendering pages of an Astro static build (see parallel-prerender.ts): it imports the prerender
 * bundle Astro's main thread renders with and renders the pages it is sent with Astro's public
 * `renderForPrerender`. What the build keeps in the main thread travels back with each page: the HTML, the
 * content entries it read, and the images it asked for.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { collectPrerenderMetadata, getInstalledRenderScope, installRenderScope, renderForPrerender } from 'astro/app';
import { imageToken, type ImageRequest, type PrerenderWorkerData, type RenderJob, type RenderReply } from './prerender-protocol.ts';

interface BuildAppLike {
  manifest: { routes: { routeData: unknown }[] };
  setInternals(internals: unknown): void;
  setOptions(options: unknown): void;
}

const data = workerData as PrerenderWorkerData;
const port = parentPort!;

const consoleDestination = {
  write(event: { level: string; label?: string | null; message: string }) {
    const line = `${event.label ? `[${event.label}] ` : ''}${event.message}`;
    (event.level === 'error' || event.level === 'warn' ? console.error : console.log)(line);
    return true;
  },
};

const pendingImages: ImageRequest[] = [];
installImageHooks();
installRenderScope(new AsyncLocalStorage());
const app = await loadApp();
port.on('message', async (job: RenderJob) => {
  const reply = await render(job);
  port.postMessage(reply);
});
port.postMessage({ ready: true });

async function loadApp(): Promise<BuildAppLike> {
  const { app } = (await import(data.entryUrl)) as { app: BuildAppLike };
  // All Astro's build environment reads from its internals and options while rendering a page: each page's
  // styles and the head-inline scripts (headElements in astro/dist/core/build/environment.js).
  app.setInternals({ pagesByKeys: new Map(data.pageStyles), entrySpecifierToBundleMap: new Map() });
  app.setOptions({ settings: { scripts: data.scripts }, logger: { options: { destination: consoleDestination } } });
  return app;
}

/** What Astro's assets plugin installs in the main thread during a build, answered with tokens here. */
function installImageHooks(): void {
  const astroAsset = ((globalThis as { astroAsset?: Record<string, unknown> }).astroAsset ??= {});
  astroAsset.referencedImages = new Set<string>();
  astroAsset.recordReferencedImage = (fsPath: string) => getInstalledRenderScope()?.getStore()?.referencedImages?.add(fsPath);
  let issued = 0;
  astroAsset.addStaticImage = (options: Record<string, unknown>, hashProperties: string[], originalFSPath: string | undefined) => {
    const token = imageToken(data.tokenNonce, data.thread, issued++);
    pendingImages.push({ token, options: cloneable(options), hashProperties, originalFSPath });
    return token;
  };
}

/** Image metadata imported in a page is a Proxy (it records which originals are used), which cannot be posted. */
function cloneable(options: Record<string, unknown>): Record<string, unknown> {
  const src = options.src as ({ clone?: unknown } & Record<string, unknown>) | string;
  if (typeof src !== 'object' || src === null) return { ...options };
  return { ...options, src: (src.clone as Record<string, unknown> | undefined) ?? { ...src } };
}

async function render(job: RenderJob): Promise<RenderReply> {
  try {
    const routeData = app.manifest.routes[job.routeIndex]!.routeData;
    const { value, metadata } = await collectPrerenderMetadata(async () => {
      const response = await renderPage(new Request(job.url), routeData);
      return { response, body: response.body === null ? null : await response.text() };
    }, undefined as never);
    return {
      id: job.id,
      status: value.response.status,
      statusText: value.response.statusText,
      headers: [...value.response.headers],
      body: value.body,
      contentEntryKeys: metadata?.contentEntryKeys ?? [],
      referencedImages: metadata?.referencedImages ?? [],
      images: pendingImages.splice(0),
    };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    return { id: job.id, error: { name: err.name, message: err.message, stack: err.stack } };
  }
}

async function renderPage(request: Request, routeData: unknown): Promise<Response> {
  const { response } = await renderForPrerender(app as never, request, { routeData: routeData as never });
  return response;
}
