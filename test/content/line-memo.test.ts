import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateBrand } from '../../bench/generate.ts';
import { readDocument } from '../../src/content/documents.ts';
import { editorialLineSchema } from '../../src/core/schema/index.ts';
import { basicPost, editorialLine, mdx, runCli, tempBrand, type TempBrand } from '../helpers/brand.ts';

const MEMO = '.cadence/cache/editorial-line.json';
const AT = '--at=2026-11-21T12:00:00+01:00';

let brand: TempBrand | undefined;
afterEach(() => brand?.cleanup());

describe('the editorial line remembered between lint runs', () => {
  // The memo holds the validated line as JSON: it must read back exactly as the schema returned it.
  it('survives a JSON round trip for the sample brand, the benchmark brand and the test line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cadence-line-'));
    try {
      await generateBrand(dir, 10);
      const sources = [
        readDocument(path.resolve('.'), 'content/editorial-line.mdx'),
        readDocument(dir, 'content/editorial-line.mdx'),
      ].map((doc) => (doc.ok ? doc.data : undefined));
      for (const data of [...sources, editorialLine()]) {
        const line = editorialLineSchema.parse(data);
        expect(JSON.parse(JSON.stringify(line))).toStrictEqual(line);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is used by a one-file lint, and forgotten when the line changes', async () => {
    brand = tempBrand();
    brand.post('2026/12/a.mdx', basicPost({ channels: ['linkedin'], text: 'a', publishAt: '2026-12-08T08:00' }));
    const b = brand.post('2026/12/b.mdx', basicPost({ channels: ['linkedin'], text: 'b', publishAt: '2026-12-08T09:00' }));
    const lint = async () => JSON.parse((await runCli(['lint', AT, '--format', 'json', b], brand!.root)).stdout) as { rule: string }[];
    expect((await lint()).map((d) => d.rule)).toEqual(['cadence/max-per-day']);

    // Planted: the memo says two LinkedIn posts a day are fine. Only a remembered line can say so.
    const memoFile = path.join(brand.root, MEMO);
    const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as { key: string; line: { channels: { linkedin: { cadence: { maxPerDay: number } } } } };
    memo.line.channels.linkedin.cadence.maxPerDay = 2;
    writeFileSync(memoFile, JSON.stringify(memo));
    expect(await lint()).toEqual([]);

    // A damaged memo, with the right key even, is not taken for a line: the file is read again.
    writeFileSync(memoFile, JSON.stringify({ key: memo.key, line: { channels: {} } }));
    expect((await lint()).map((d) => d.rule)).toEqual(['cadence/max-per-day']);
    writeFileSync(memoFile, JSON.stringify(memo));

    // Any edit of the line's text makes it read and validated again.
    brand.write('content/editorial-line.mdx', mdx(editorialLine(), '# Ligne éditoriale\n\nRelue.\n'));
    expect((await lint()).map((d) => d.rule)).toEqual(['cadence/max-per-day']);
  });

  it('is not used when the line itself is linted', async () => {
    brand = tempBrand();
    brand.post('2026/12/a.mdx', basicPost());
    await runCli(['lint', AT], brand.root);
    const memoFile = path.join(brand.root, MEMO);
    const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as { line: Record<string, unknown> };
    writeFileSync(memoFile, JSON.stringify({ ...memo, line: { ...memo.line, pillars: [] } }));
    // With the planted memo, the post's pillar would be unknown.
    const r = await runCli(['lint', AT, '--format', 'json', 'content/editorial-line.mdx', 'content/posts/2026/12/a.mdx'], brand.root);
    expect(JSON.parse(r.stdout)).toEqual([]);
    // That run validated the line and remembered it again, pillars included.
    expect(JSON.parse(readFileSync(memoFile, 'utf8')).line.pillars).toHaveLength(2);
    expect(JSON.parse((await runCli(['lint', AT, '--format', 'json', 'content/posts/2026/12/a.mdx'], brand.root)).stdout)).toEqual([]);
  });
});
