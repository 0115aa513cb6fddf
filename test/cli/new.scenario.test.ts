import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { basicPost, runCli, tempBrand, type TempBrand } from '../helpers/brand.ts';

let brand: TempBrand;
afterEach(() => brand?.cleanup());

describe('cadence new', () => {
  it('scaffolds a draft in the next free slot that lints clean', async () => {
    brand = tempBrand();
    // Monday 2026-12-07: 09:00 is taken on mastodon, so the next free slot is 18:00 (minGap 120).
    brand.post('2026/12/pris.mdx', basicPost());
    const r = await runCli(['new', 'Bûche de Noël : les coulisses', '--channels', 'mastodon', '--after', '2026-12-07T08:00:00+01:00'], brand.root);
    expect(r.code).toBe(0);
    const file = 'content/posts/2026/12/buche-de-noel-les-coulisses.mdx';
    expect(r.stdout).toContain(`created ${file}`);
    const source = readFileSync(path.join(brand.root, file), 'utf8');
    expect(source).toContain('publishAt: 2026-12-07T18:00');
    expect(source).toContain('status: draft');
    // The pillar furthest below target: the only ready post is `produits`.
    expect(source).toContain('pillar: coulisses');
    const lint = await runCli(['lint', '--at=2026-11-21T12:00:00+01:00'], brand.root);
    expect(lint.stdout).toContain('✓ no problems');
  });

  it('gives channels with other slots their own time, adds an article skeleton for the blog', async () => {
    brand = tempBrand();
    const r = await runCli(['new', 'Galette', '--channels', 'mastodon,bluesky', '--blog', '--after', '2026-12-12T11:00:00+01:00', '--dry-run'], brand.root);
    expect(r.code).toBe(0);
    // Saturday: mastodon's only slot (10:00) has passed, so Sunday 10:00; bluesky has no slots: 12:00 Saturday.
    expect(r.stdout).toContain('publishAt: 2026-12-12T12:00');
    expect(r.stdout).toMatch(/variants:\n {2}mastodon:\n {4}publishAt: 2026-12-13T10:00/);
    expect(r.stdout).toContain("## Galette\n\nÉcrivez ici l'article du blog.");
  });

  it('refuses unknown channels and pillars with a usage error', async () => {
    brand = tempBrand();
    expect(await runCli(['new', 'X', '--channels', 'myspace'], brand.root)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown channel "myspace"') });
    expect(await runCli(['new', 'X', '--pillar', 'nope'], brand.root)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown pillar') });
    expect(await runCli(['new'], brand.root)).toMatchObject({ code: 2, stderr: expect.stringContaining('give the post a title') });
  });
});
