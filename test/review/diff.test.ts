import { afterEach, describe, expect, it } from 'vitest';
import { contentChangesSince, fileAt, parseNameStatus } from '../../src/review/diff.ts';
import { basicPost, type TempBrand } from '../helpers/brand.ts';
import { commitAll, reviewBrand, writeJpeg } from './helpers.ts';

let brand: TempBrand;
afterEach(() => brand?.cleanup());

describe('parseNameStatus', () => {
  it('reads -z output with renames, copies, type changes and odd names', () => {
    const out = ['M', 'content/posts/a.mdx', 'R087', 'content/posts/old name.mdx', 'content/posts/new, name.mdx', 'D', 'content/posts/gone.mdx', 'A', 'content/posts/new.mdx', 'C100', 'content/posts/x.mdx', 'content/posts/y.mdx', 'T', 'content/posts/t.mdx', ''].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { status: 'modified', file: 'content/posts/a.mdx' },
      { status: 'renamed', file: 'content/posts/new, name.mdx', previousFile: 'content/posts/old name.mdx', similarity: 87 },
      { status: 'deleted', file: 'content/posts/gone.mdx' },
      { status: 'added', file: 'content/posts/new.mdx' },
      { status: 'added', file: 'content/posts/y.mdx' },
      { status: 'modified', file: 'content/posts/t.mdx' },
    ]);
  });
});

describe('contentChangesSince (real Git repositories)', () => {
  it('tells added, modified, renamed and deleted posts apart on a branch, from the merge base', async () => {
    brand = reviewBrand();
    brand.post('2026/12/garde.mdx', basicPost({ title: 'Reste' }));
    brand.post('2026/12/modifie.mdx', basicPost({ title: 'Modifié', publishAt: '2026-12-08T09:00' }));
    brand.post('2026/12/ancien-nom.mdx', basicPost({ title: 'Renommé', publishAt: '2026-12-09T09:00', text: 'Un texte assez long pour que Git reconnaisse le renommage sans hésiter une seconde.' }));
    brand.post('2026/12/supprime.mdx', basicPost({ title: 'Supprimé', publishAt: '2026-12-10T09:00' }));
    await writeJpeg(brand, 'content/posts/2026/12/images/photo.jpg');
    commitAll(brand, 'base');
    brand.git('checkout', '-q', '-b', 'proposition');
    brand.post('2026/12/nouveau.mdx', basicPost({ title: 'Nouveau', publishAt: '2026-12-11T09:00' }));
    brand.post('2026/12/modifie.mdx', basicPost({ title: 'Modifié', publishAt: '2026-12-08T18:00' }));
    brand.git('mv', 'content/posts/2026/12/ancien-nom.mdx', 'content/posts/2026/12/nouveau-nom.mdx');
    brand.git('rm', '-q', 'content/posts/2026/12/supprime.mdx');
    await writeJpeg(brand, 'content/posts/2026/12/images/photo.jpg', 800, 800);
    commitAll(brand, 'proposition');
    // main moves on meanwhile: its own changes are not the pull request's.
    brand.git('checkout', '-q', 'main');
    brand.post('2026/12/sur-main.mdx', basicPost({ title: 'Sur main', publishAt: '2026-12-12T10:00' }));
    commitAll(brand, 'main moves');
    brand.git('checkout', '-q', 'proposition');

    const diff = await contentChangesSince(brand.root, 'main');
    expect(diff.posts).toEqual([
      { status: 'deleted', file: 'content/posts/2026/12/supprime.mdx' },
      { status: 'modified', file: 'content/posts/2026/12/modifie.mdx' },
      { status: 'added', file: 'content/posts/2026/12/nouveau.mdx' },
      { status: 'renamed', file: 'content/posts/2026/12/nouveau-nom.mdx', previousFile: 'content/posts/2026/12/ancien-nom.mdx', similarity: 100 },
    ].sort((a, b) => a.file.localeCompare(b.file)));
    expect(diff.other).toEqual([{ status: 'modified', file: 'content/posts/2026/12/images/photo.jpg' }]);
    expect(diff.documents).toEqual([]);
    expect(diff.dirty).toBe(false);
    expect(diff.base).toBe(brand.git('merge-base', 'main', 'HEAD').trim());
    expect(await fileAt(brand.root, diff.base, 'content/posts/2026/12/supprime.mdx')).toContain('title: Supprimé');
    expect(await fileAt(brand.root, diff.base, 'content/posts/2026/12/nouveau.mdx')).toBeUndefined();
  });

  it('includes uncommitted and untracked changes (a local run), and the editorial line', async () => {
    brand = reviewBrand();
    brand.post('2026/12/a.mdx', basicPost());
    commitAll(brand, 'base');
    brand.post('2026/12/a.mdx', basicPost({ text: 'Changé sans commit' }));
    brand.post('2026/12/b.mdx', basicPost({ publishAt: '2026-12-08T09:00' }));
    brand.write('content/editorial-line.mdx', `${brand.git('show', 'HEAD:content/editorial-line.mdx')}\nUne ligne de plus.\n`);
    const diff = await contentChangesSince(brand.root, 'HEAD');
    expect(diff.dirty).toBe(true);
    expect(diff.posts.map((c) => [c.status, c.file])).toEqual([
      ['modified', 'content/posts/2026/12/a.mdx'],
      ['added', 'content/posts/2026/12/b.mdx'],
    ]);
    expect(diff.documents).toEqual([{ status: 'modified', file: 'content/editorial-line.mdx' }]);
  });

  it('refuses a base that is not a commit (usage error)', async () => {
    brand = reviewBrand();
    commitAll(brand, 'base');
    await expect(contentChangesSince(brand.root, 'nope')).rejects.toThrow(/--base: `nope` is not a commit/);
    await expect(contentChangesSince(brand.root, '--output=/tmp/x')).rejects.toThrow(/is not a commit/);
  });
});
