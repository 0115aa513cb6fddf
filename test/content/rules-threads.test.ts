import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBrand, type GeneratedBrand } from '../../bench/generate.ts';
import { listPostFiles, readDocument, readOptionalDocument } from '../../src/content/documents.ts';
import { RulesThreads } from '../../src/content/lint-parallel.ts';
import { readMediaFor, referencedMedia } from '../../src/content/media-store.ts';
import { EDITORIAL_LINE_FILE } from '../../src/content/paths.ts';
import { compareDiagnostics } from '../../src/core/diagnostics.ts';
import { locateFindings, runPostRules, validateDocuments } from '../../src/core/lint.ts';
import { allRules } from '../../src/core/rules/all.ts';
import { byFile, summarizePost } from '../../src/core/summary.ts';

// Posts checked by rules threads in chunks must give what the rules give on this thread.
describe('rules threads', () => {
  let root: string;
  let brand: GeneratedBrand;
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'cadence-rules-threads-'));
    brand = await generateBrand(root, 120, { seed: 3, anomalyRate: 0.15 });
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([1, 2])('find with %i thread(s) what the rules find here, and summarize every post', async (count) => {
    const validated = validateDocuments({ posts: listPostFiles(root).map((file) => readDocument(root, file)), editorialLine: readOptionalDocument(root, EDITORIAL_LINE_FILE) });
    const media = await readMediaFor(root, new Set(validated.posts.flatMap(referencedMedia)), undefined);
    const nowMs = Date.parse(brand.lintAt);
    const here = runPostRules(validated, { rules: allRules, nowMs, media });
    // The generator's anomalies (banned terms, too many hashtags, unknown pillars…), several of them located.
    expect(here.diagnostics.length).toBeGreaterThan(5);
    expect(here.diagnostics.some((d) => d.line > 1)).toBe(true);

    const threads = new RulesThreads(count, { nowMs, published: [] });
    // Chunks of 70 posts: a thread checks them in slices, and a chunk may arrive while it is checking one.
    const chunks = [validated.posts.slice(0, 70), validated.posts.slice(70)];
    for (const chunk of chunks) threads.send(validated.line, chunk, media);
    // With two threads, every summary is back before they are asked for; with one, they come after.
    if (count === 2) await new Promise((resolve) => setTimeout(resolve, 1000));
    const summaries = await threads.summaries();
    const findings = await threads.findings();

    const locators = new Map(validated.posts.map((post) => [post.file, post.locate]));
    expect(locateFindings(findings, (file) => locators.get(file)).sort(compareDiagnostics)).toEqual([...here.diagnostics].sort(compareDiagnostics));
    expect(summaries.sort(byFile)).toEqual(validated.posts.map((post) => summarizePost(post, validated.line)).sort(byFile));
  });
});
