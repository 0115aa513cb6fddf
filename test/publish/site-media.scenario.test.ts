import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { basicPost, runCli, tempBrand, type TempBrand } from '../helpers/brand.ts';

const AT = '--at=2026-12-07T09:30:00+01:00';
let brand: TempBrand;
afterEach(() => brand?.cleanup());

// Instagram downloads images from the deployed site, which shows a post's images only once it is due:
// a publish run with such a post asks for a site deploy, as it does for a blog article.
describe('cadence publish and images served by the site', () => {
  async function run(post: Record<string, unknown>) {
    brand = tempBrand({ git: true });
    brand.write('public/images/pain.jpg', await sharp({ create: { width: 1080, height: 1080, channels: 3, background: '#d4a373' } }).jpeg().toBuffer());
    brand.post('2026/12/pain.mdx', post);
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'pain');
    const output = path.join(mkdtempSync(path.join(tmpdir(), 'cadence-gh-output-')), 'out');
    const result = await runCli(['publish', AT], brand.root, { GITHUB_OUTPUT: output });
    return { result, output: readFileSync(output, 'utf8') };
  }

  it('asks for a site deploy when a due Instagram post takes its image from public/', async () => {
    const { result, output } = await run(basicPost({ channels: ['instagram'], media: [{ src: '/public/images/pain.jpg', alt: 'Un pain au levain' }] }));
    expect(result.code, result.stdout).toBe(0);
    expect(output).toContain('deploy-site=true');
  });

  it('does not for a Mastodon post, which receives the file', async () => {
    const { result, output } = await run(basicPost({ channels: ['mastodon'], media: [{ src: '/public/images/pain.jpg', alt: 'Un pain au levain' }] }));
    expect(result.code, result.stdout).toBe(0);
    expect(output).toContain('deploy-site=false');
  });
});
