import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prerenderThreads } from '../../src/site/env.ts';
import { buildSites, REPO_ROOT, SAMPLE_AT, walk } from './helpers.ts';

describe('prerenderThreads', () => {
  it('renders on one thread per core beyond two, at most two', () => {
    expect(prerenderThreads({}, 1)).toBe(0);
    expect(prerenderThreads({}, 2)).toBe(0);
    expect(prerenderThreads({}, 3)).toBe(1);
    expect(prerenderThreads({}, 16)).toBe(2);
  });

  it('takes CADENCE_PRERENDER_THREADS, 0 leaving every page to Astro', () => {
    expect(prerenderThreads({ CADENCE_PRERENDER_THREADS: '0' }, 8)).toBe(0);
    expect(prerenderThreads({ CADENCE_PRERENDER_THREADS: '2' }, 1)).toBe(2);
    expect(prerenderThreads({ CADENCE_PRERENDER_THREADS: '' }, 4)).toBe(2);
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => prerenderThreads({ CADENCE_PRERENDER_THREADS: 'two' }, 2)).toThrow('CADENCE_PRERENDER_THREADS must be a whole number ≥ 0, got "two"');
    expect(() => prerenderThreads({ CADENCE_PRERENDER_THREADS: '-1' }, 2)).toThrow('CADENCE_PRERENDER_THREADS');
    expect(() => prerenderThreads({ CADENCE_PRERENDER_THREADS: '1.5' }, 2)).toThrow('CADENCE_PRERENDER_THREADS');
  });
});

/** Each page's record in Astro's incremental-build manifest (what a rebuild copies pages by). */
function pageRecords(cacheDir: string): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(path.join(cacheDir, 'public/incremental-build.json'), 'utf8')) as {
    routes: Record<string, { paths: Record<string, unknown> }>;
  };
  return Object.fromEntries(Object.entries(manifest.routes).map(([route, entry]) => [route, entry.paths]));
}

describe('the blog rendered on threads', () => {
  it('is the blog Astro renders alone, byte for byte, with the same incremental-build records', () => {
    const base = path.join(REPO_ROOT, 'test-results/parallel-prerender');
    rmSync(base, { recursive: true, force: true });
    const build = (name: string, threads: string) =>
      buildSites({ root: REPO_ROOT, at: SAMPLE_AT, outBase: path.join(base, name), sites: ['public'], env: { CADENCE_PRERENDER_THREADS: threads } });
    const alone = build('alone', '0');
    // Two threads take the four pages Astro keeps in flight: every page, images included, renders on them.
    const threaded = build('threaded', '2');

    expect(alone.output).not.toContain('render thread');
    const counted = /(\d+) of (\d+) pages rendered on 2 render threads/.exec(threaded.output);
    expect(counted, threaded.output.slice(-2000)).not.toBeNull();
    expect(counted![1]).toBe(counted![2]);

    const files = walk(alone.publicDir).sort();
    expect(files.some((file) => file.endsWith('.webp')), 'the sample blog has optimised images').toBe(true);
    expect(walk(threaded.publicDir).sort()).toEqual(files);
    const differing = files.filter((file) => !readFileSync(path.join(threaded.publicDir, file)).equals(readFileSync(path.join(alone.publicDir, file))));
    expect(differing).toEqual([]);
    expect(pageRecords(path.join(base, 'threaded/.cache'))).toEqual(pageRecords(path.join(base, 'alone/.cache')));
  }, 240_000);
});
