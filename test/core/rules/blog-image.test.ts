import { describe, expect, it } from 'vitest';
import { bodyImagePath, bodyImages } from '../../../src/core/body-images.ts';
import type { MediaInfo } from '../../../src/core/model.ts';
import { blogImage } from '../../../src/core/rules/blog-image.ts';
import { basicPost } from '../../helpers/brand.ts';
import { lintPosts } from '../../helpers/lint.ts';

describe('bodyImages', () => {
  it('finds Markdown images with their place, outside fenced code', () => {
    const body = 'Texte.\n\n![Une miche](./images/miche.jpg "Titre") et ![logo](/logo.png)\n\n```md\n![pas une image](./code.png)\n```\n\n![distante](https://example.org/x.jpg)\n';
    expect(bodyImages(body)).toEqual([
      { src: './images/miche.jpg', line: 3, column: 1 },
      { src: '/logo.png', line: 3, column: 45 },
      { src: 'https://example.org/x.jpg', line: 9, column: 1 },
    ]);
  });
  it('resolves them as the blog build does: relative to the post, /… under public/, remote ones not at all', () => {
    expect(bodyImagePath('content/posts/2026/12/a.mdx', './images/miche.jpg')).toBe('content/posts/2026/12/images/miche.jpg');
    expect(bodyImagePath('content/posts/2026/12/a.mdx', '../11/pain%20de%20mie.jpg')).toBe('content/posts/2026/11/pain de mie.jpg');
    expect(bodyImagePath('content/posts/2026/12/a.mdx', '/logo.png')).toBe('public/logo.png');
    expect(bodyImagePath('content/posts/2026/12/a.mdx', 'https://example.org/x.jpg')).toBeUndefined();
    expect(bodyImagePath('content/posts/2026/12/a.mdx', 'data:image/png;base64,AAAA')).toBeUndefined();
  });
});

describe('blog/image', () => {
  const file = 'content/posts/2026/12/a.mdx';
  const body = 'Intro.\n\n![Une miche](./miche.jpg)\n\n![Le four](./four.jpg)\n\n![Ok](./ok.jpg)\n';
  const media = new Map<string, MediaInfo>([
    ['content/posts/2026/12/miche.jpg', { ok: false, problem: 'missing', reason: 'ENOENT' }],
    ['content/posts/2026/12/four.jpg', { ok: false, problem: 'unreadable', reason: 'Input file contains unsupported image format' }],
    ['content/posts/2026/12/ok.jpg', { ok: true, format: 'jpeg', width: 800, height: 600, bytes: 1000, animated: false }],
  ]);

  it('names a missing or unreadable body image at its line in the file', () => {
    const d = lintPosts({ [file]: basicPost({ channels: ['blog'], text: undefined }) }, { rules: [blogImage], media, bodies: { [file]: body } });
    // The frontmatter takes lines 1-7, so body line 3 is file line 10.
    expect(d.map((x) => [x.rule, x.line, x.column, x.channel, x.message])).toEqual([
      ['blog/image', 10, 1, 'blog', 'content/posts/2026/12/miche.jpg does not exist (`./miche.jpg` is read relative to the post)'],
      ['blog/image', 12, 1, 'blog', 'content/posts/2026/12/four.jpg cannot be read as an image: Input file contains unsupported image format'],
    ]);
  });
  it('leaves posts that are not on the blog alone', () => {
    expect(lintPosts({ [file]: basicPost({ channels: ['mastodon'] }) }, { rules: [blogImage], media, bodies: { [file]: body } })).toEqual([]);
  });
});
