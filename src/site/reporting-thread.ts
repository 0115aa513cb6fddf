/**
 * The reporting section's data prepared on a thread of its own while Astro bundles the internal site.
 *
 * Astro builds on one thread: it syncs content, bundles, then imports the pages and renders them. The
 * reporting pages' data (loading a year of data/metrics/, the 90-day report, campaigns, A/B tests: ~2.5 s
 * of CPU over a year of 500,000 readings) used to be made on that thread when the first reporting page was
 * imported, and its garbage was collected there. `reportingThread()` starts a worker (reporting-worker.ts)
 * as the build starts; the pages' shared module awaits what it posts (`reportingForPages`): the same
 * `Reporting` as `loadReporting` gives, made from plain data (`prepareReporting`): every month's report is
 * read (frozen) or computed there too. Anything the thread cannot do — it failed, or this is not a build, or
 * the brand has no data/metrics/ — is done here as before, by `loadReporting`, which also gives a user's
 * mistake its usual error (a damaged frozen month: when its page renders).
 *
 * Render threads (parallel-prerender.ts, the blog's) are not in the calendar's build: its reporting pages
 * render on the main thread, which loads the data once per build.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { METRICS_DIR } from '../core/metrics/format.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { buildTimeMs, contentRoot, REPO_ROOT } from './env.ts';
import { loadEditorialLine } from './content.ts';
import { loadReporting, remembered, reportingFromData, reportingKey, type Reporting, type ReportingData } from './reporting.ts';
import type { ReportingWorkerData } from './reporting-worker.ts';

/** The thread's work in progress for one brand and build time (on globalThis: the pages are another bundle's copy of this module). */
interface Handoff {
  key: string;
  data: Promise<ReportingData>;
  stop(): Promise<void>;
  /** When the thread posted, and when the pages asked (performance.now()); what they got: the thread's data, or why not. */
  readyMs?: number;
  askedMs?: number;
  outcome?: { used: true } | { used: false; why: string };
}
const HANDOFF = Symbol.for('cadence.site.reporting.thread');
const slot = globalThis as unknown as Record<symbol, Handoff | undefined>;

/** The calendar's integration: at the start of a build, the reporting data is prepared on a thread. */
export function reportingThread(): AstroIntegration {
  return {
    name: 'cadence-reporting-thread',
    hooks: {
      // The earliest hook: the thread then works while Astro syncs content and bundles (a dev server keeps loading on demand).
      'astro:config:setup': ({ command }) => {
        const root = contentRoot();
        // Without data/metrics/ the section has next to nothing to load: a thread would only load its modules.
        if (command !== 'build' || !existsSync(path.join(root, METRICS_DIR))) return;
        startReportingThread(root, loadEditorialLine(root), buildTimeMs());
      },
      // A build whose pages never asked does not wait for the thread; one whose pages did says how it went.
      'astro:build:done': async ({ logger }) => {
        const handoff = slot[HANDOFF];
        slot[HANDOFF] = undefined;
        await handoff?.stop();
        const said = handoff && handoffReport(handoff);
        if (said) logger.info(said);
      },
    },
  };
}

/** Starts the worker preparing the reporting data of `root` at `nowMs`; `reportingForPages` takes it. */
export function startReportingThread(root: string, line: EditorialLine, nowMs: number): void {
  let worker: Worker;
  try {
    worker = new Worker(path.join(REPO_ROOT, 'src/site/reporting-worker.ts'), { workerData: { root, line, nowMs } satisfies ReportingWorkerData });
  } catch {
    return; // the pages load it themselves
  }
  const handoff: Handoff = {
    key: reportingKey(root, nowMs),
    data: new Promise<ReportingData>((resolve, reject) => {
      worker.once('message', (message: ReportingData) => {
        handoff.readyMs = performance.now();
        resolve(message);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the reporting thread exited (code ${code}) before posting its data`)));
    }),
    stop: () => worker.terminate().then(() => undefined),
  };
  handoff.data.catch(() => {}); // not unhandled when the pages never ask; they see the rejection when they do
  slot[HANDOFF] = handoff;
}

/** What the build log says of the thread once the pages are written (nothing when they never asked). */
export function handoffReport(handoff: Pick<Handoff, 'readyMs' | 'askedMs' | 'outcome'>): string | undefined {
  const { outcome, readyMs, askedMs } = handoff;
  if (!outcome || askedMs === undefined) return undefined;
  if (!outcome.used) return `the reporting thread failed (${outcome.why}): the reporting data was loaded on the main thread`;
  const seconds = (ms: number) => (Math.abs(ms) / 1000).toFixed(1);
  const when = readyMs === undefined ? '' : readyMs <= askedMs ? `, ready ${seconds(askedMs - readyMs)} s before the pages asked` : `; the pages waited ${seconds(readyMs - askedMs)} s for it`;
  return `reporting data prepared on a thread${when}`;
}

/**
 * The reporting section's data for the pages: the thread's when one was started for this brand and build
 * time and it succeeded, else loaded here (`loadReporting`, which gives a user's mistake its error).
 */
export async function reportingForPages(root: string, line: EditorialLine, nowMs: number): Promise<Reporting> {
  const key = reportingKey(root, nowMs);
  const handoff = slot[HANDOFF];
  if (handoff?.key === key) {
    handoff.askedMs ??= performance.now();
    try {
      const data = await handoff.data;
      handoff.outcome = { used: true };
      return remembered(key, () => reportingFromData(root, data));
    } catch (error) {
      // The same work again here: a user's mistake (a damaged frozen month) is then reported as without the thread.
      handoff.outcome = { used: false, why: (error as Error).message };
    }
  }
  return loadReporting(root, line, nowMs);
}
