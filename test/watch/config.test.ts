import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadWatchConfig } from '../../src/watch/config.ts';
import { REPO_ROOT, runCli, tempBrand, type TempBrand } from '../helpers/brand.ts';

const sample = readFileSync(path.join(REPO_ROOT, 'content/watch.mdx'), 'utf8');

function watchFile(frontmatter: Record<string, unknown>): string {
  return `---\n${stringify(frontmatter)}---\n# Veille\n`;
}

const minimal = { queries: [{ id: 'marque', terms: ['"Boulangerie Test"'] }], sources: { bluesky: {} } };

let brand: TempBrand | undefined;
afterEach(() => brand?.cleanup());

describe('content/watch.mdx', () => {
  it('the sample brand’s file is valid and reads with its defaults', () => {
    const config = loadWatchConfig(REPO_ROOT);
    expect(config.queries.map((q) => q.id)).toEqual(['marque', 'produits', 'equipe', 'quartier']);
    expect(config.spike.window).toBe(6 * 3_600_000);
    expect(config.retention.mentions).toBe(90 * 86_400_000);
    expect(config.sources.x?.enabled).toBe(false);
    expect(sample).toContain('# Notre veille');
  });

  it('a minimal file gets every default threshold', () => {
    brand = tempBrand();
    brand.write('content/watch.mdx', watchFile(minimal));
    const config = loadWatchConfig(brand.root);
    expect(config.spike).toMatchObject({ window: 21_600_000, alpha: 0.001, minAuthors: 5, minRatio: 3, cooldown: 21_600_000 });
    expect(config.sources.bluesky?.every).toBe(15 * 60_000);
  });

  it('lint reports a bad threshold, a malformed duration and an unknown key at their line and column', async () => {
    brand = tempBrand();
    brand.write('content/watch.mdx', watchFile({ ...minimal, spike: { alpha: 2, window: '6 hours', minAuthor: 3 } }));
    const r = await runCli(['lint', 'content/watch.mdx', '--format', 'json'], brand.root, {});
    expect(r.code).toBe(1);
    const found = (JSON.parse(r.stdout) as { line: number; column: number; rule: string; message: string }[]).map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`);
    expect(found).toEqual([
      '9:10 schema/range `spike.alpha` must be at most 1',
      '10:11 schema/format `spike.window` must be a duration such as 15m, 6h or 28d: "6 hours"',
      '11:3 schema/unknown-key unknown field `minAuthor` in `spike`; did you mean `minAuthors`?',
    ]);
  });

  it('lint reports contradicting thresholds, duplicate ids, unknown references and unclosed quotes', async () => {
    brand = tempBrand();
    brand.write(
      'content/watch.mdx',
      watchFile({
        queries: [
          { id: 'marque', terms: ['"Boulangerie Test'], sources: ['reddit'] },
          { id: 'marque', terms: ['pain'] },
        ],
        sources: { bluesky: {}, rss: { feeds: [{ id: 'alertes', url: 'https://example.org/feed', query: 'produits' }] } },
        spike: { alpha: 0.01, watchAlpha: 0.001 },
      }),
    );
    const r = await runCli(['lint', 'content/watch.mdx', '--format', 'json'], brand.root, {});
    const rules = (JSON.parse(r.stdout) as { rule: string; severity: string }[]).map((d) => `${d.rule}:${d.severity}`).sort();
    expect(rules).toEqual(['watch/duplicate-id:error', 'watch/terms:error', 'watch/thresholds:error', 'watch/unknown-query:error', 'watch/unknown-source:warning']);
  });

  it('a feed needs exactly one of url and urlEnv', async () => {
    brand = tempBrand();
    brand.write('content/watch.mdx', watchFile({ ...minimal, sources: { rss: { feeds: [{ id: 'a' }] } } }));
    const r = await runCli(['lint', 'content/watch.mdx'], brand.root, {});
    expect(r.stdout).toMatch(/content\/watch\.mdx:\d+:\d+ +error +`sources\.rss\.feeds\[0\]` needs exactly one of `url` and `urlEnv`/);
  });

  it('a whole-repository lint includes it; a command that needs it says which line is wrong', async () => {
    brand = tempBrand();
    brand.write('content/watch.mdx', watchFile({ ...minimal, spike: { minRatio: 0 } }));
    const all = await runCli(['lint'], brand.root, {});
    expect(all.stdout).toContain('content/watch.mdx:');
    expect(() => loadWatchConfig(brand!.root)).toThrow(/^content\/watch\.mdx:\d+:\d+: `spike\.minRatio` must be at least 1 \(schema\/range\)$/);
  });

  it('extends the lexicon of cadence sentiment', async () => {
    brand = tempBrand();
    brand.write('content/watch.mdx', watchFile({ ...minimal, sentiment: { words: { 'une dinguerie': 3 }, risk: ['listériose'] } }));
    const r = await runCli(['sentiment', '--format', 'json', 'Une dinguerie ce flan', 'Cas de listériose ?'], brand.root, {});
    const rows = JSON.parse(r.stdout) as { label: string; risk: string[] }[];
    expect(rows.map((x) => [x.label, x.risk])).toEqual([
      ['positive', []],
      ['negative', ['listeriose']],
    ]);
  });

  it('is in cadence schema', () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/watch.schema.json'), 'utf8')) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe('Cadence watch');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['queries', 'sources', 'spike', 'retention', 'notify']));
  });
});
