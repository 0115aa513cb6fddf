/** Messages between the build's main thread (parallel-prerender.ts) and its page-rendering threads (prerender-worker.ts). */

/** What a rendering thread needs to render pages as Astro's build would. */
export interface PrerenderWorkerData {
  /** file: URL of the prerender bundle Astro's own renderer imports. */
  entryUrl: string;
  /** Each page's stylesheets, keyed as Astro keys them (what the build environment's headElements reads). */
  pageStyles: [string, { styles: unknown[] }][];
  /** The integrations' head-inline scripts. */
  scripts: unknown[];
  /** Random per build: image tokens cannot be mistaken for a page's text. */
  tokenNonce: string;
  /** Which thread this is: tokens differ from one thread to the next. */
  thread: number;
}

export interface RenderJob {
  id: number;
  url: string;
  /** Index of the route in the bundle's manifest, the same in every thread. */
  routeIndex: number;
}

/**
 * An image a page asked for. The thread cannot register it in the main thread's static-image list in time
 * (getImage needs the URL synchronously), so it writes a token and the main thread swaps it for the URL
 * that Astro's own `addStaticImage` returns there.
 */
export interface ImageRequest {
  token: string;
  options: Record<string, unknown>;
  hashProperties: string[];
  originalFSPath: string | undefined;
}

export type RenderReply =
  | {
      id: number;
      status: number;
      statusText: string;
      headers: [string, string][];
      body: string | null;
      contentEntryKeys: string[];
      referencedImages: string[];
      /** Images first asked for since the previous reply (a page may reuse a token issued for an earlier one). */
      images: ImageRequest[];
    }
  | { id: number; error: { name: string; message: string; stack?: string } };

export const imageToken = (nonce: string, thread: number, n: number) => `__cadence_image_${nonce}_${thread}_${n}__`;
export const imageTokenPattern = (nonce: string) => new RegExp(`__cadence_image_${nonce}_\\d+_\\d+__`, 'g');
