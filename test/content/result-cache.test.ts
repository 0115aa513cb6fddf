import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initGit } from '../../bench/brand.ts';
import { generateBrand, type GeneratedBrand } from '../../bench/generate.ts';
import { runCli } from '../helpers/brand.ts';

const RESULTS = '.cadence/cache/lint-results.json';

// A full lint reuses what it found in each unchanged post. Every step compares the cached run with a
// run that uses no cache at all: whatever changed (a post, an image, the clock, the editorial line),
// the verdict must be the same.
describe('cadence lint: per-post results kept between runs', () => {
  let dir: string;
  let brand: GeneratedBrand;
  const lintAt = (at: string, ...extra: string[]) => runCli(['lint', '--format', 'json', '--at', at, '--root', dir, '--concurrency', '1', ...extra], dir);
  const expectSameAsUncached = async (at: string) => {
    const cached = await lintAt(at);
    const uncached = await lintAt(at, '--no-cache');
    expect(cached.stdout).toBe(uncached.stdout);
    expect(cached.code).toBe(uncached.code);
    return JSON.parse(cached.stdout) as { file: string; rule: string; message: string }[];
  };
  const results = () => JSON.parse(readFileSync(path.join(dir, RESULTS), 'utf8')) as { posts: Record<string, [string, unknown[], [string, string | null][]]> };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-results-'));
    brand = await generateBrand(dir, 200, { seed: 3, anomalyRate: 0.05 });
    writeFileSync(path.join(dir, '.gitignore'), '.cadence/\n');
    expect(initGit(dir)).toBe(true);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores each post’s findings with the media it depends on, and reuses them', async () => {
    const first = await expectSameAsUncached(brand.lintAt);
    expect(first.length).toBeGreaterThan(3);
    const stored = results();
    expect(Object.keys(stored.posts)).toHaveLength(200);
    const withMedia = Object.entries(stored.posts).find(([, entry]) => entry[2].length > 0)!;
    expect(withMedia[1][0]).toMatch(/^g:[0-9a-f]{40}$/);
    expect(withMedia[1][2][0]).toEqual([expect.stringMatching(/^public\/media\/.+\.jpg$/), expect.stringMatching(/^g:/)]);

    // Proof of reuse: a finding planted in the stored results of an unchanged post is reported as is…
    const [file, entry] = withMedia;
    entry[1].push([1, 1, 'test/planted', 'warning', 'from the results cache', -1]);
    writeFileSync(path.join(dir, RESULTS), JSON.stringify(stored));
    const planted = JSON.parse((await lintAt(brand.lintAt)).stdout) as { file: string; rule: string }[];
    expect(planted).toContainEqual(expect.objectContaining({ file, rule: 'test/planted' }));
    // …and forgotten as soon as the post changes.
    writeFileSync(path.join(dir, file), `${readFileSync(path.join(dir, file), 'utf8')}\n`);
    const edited = await expectSameAsUncached(brand.lintAt);
    expect(edited.some((d) => d.rule === 'test/planted')).toBe(false);
  });

  it('checks again the posts whose image changed', async () => {
    const before = await expectSameAsUncached(brand.lintAt);
    // An image Instagram refuses (3:1 is wider than 1.91:1), in place of a shared one.
    const image = Object.values(results().posts).flatMap((entry) => entry[2]).map(([media]) => media)[0]!;
    await sharp({ create: { width: 1500, height: 500, channels: 3, background: '#6b3e26' } }).jpeg().toFile(path.join(dir, image));
    const after = await expectSameAsUncached(brand.lintAt);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.some((d) => d.rule.startsWith('media/') && d.message.includes('1.91'))).toBe(true);
  });

  it('recomputes what depends on the clock', async () => {
    await expectSameAsUncached(brand.lintAt);
    const later = await expectSameAsUncached('2027-01-15T12:00:00+01:00');
    expect(later.filter((d) => d.rule === 'date/past').length).toBeGreaterThan(10);
  });

  it('drops every result when the editorial line changes', async () => {
    await expectSameAsUncached(brand.lintAt);
    const lineFile = path.join(dir, 'content/editorial-line.mdx');
    writeFileSync(lineFile, readFileSync(lineFile, 'utf8').replace('bannedTerms:', 'bannedTerms:\n    - café'));
    const stricter = await expectSameAsUncached(brand.lintAt);
    expect(stricter.filter((d) => d.rule === 'voice/banned-term').length).toBeGreaterThan(20);
  });
});
