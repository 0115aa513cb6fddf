import { afterEach, describe, expect, it } from 'vitest';
import { code, fenced, inline, renderMarkdown, REVIEW_MARKER } from '../../src/review/markdown.ts';
import type { ReviewReport } from '../../src/review/types.ts';
import { runCli, type TempBrand } from '../helpers/brand.ts';
import { commitAll, reviewBrand, writeJpeg } from './helpers.ts';

let brand: TempBrand;
afterEach(() => brand?.cleanup());

/** SHAs and encoder-dependent byte sizes vary from run to run; the rest of the comment must not. */
function stable(markdown: string): string {
  return markdown.replace(/`[0-9a-f]{7}`/g, '`0000000`').replace(/\d+ kB/g, 'N kB');
}

describe('the review comment (Markdown)', () => {
  it('renders a multi-network post with a thread, images, a link, a cut text and a conflict (snapshot)', async () => {
    brand = reviewBrand();
    brand.post('2026/12/garde.mdx', { title: 'Le pain du mercredi', publishAt: '2026-12-09T18:00', channels: ['mastodon', 'bluesky'], text: 'La miche du mercredi sort du four.', pillar: 'produits' });
    brand.post('2026/12/cafe.mdx', { title: 'Café croissant', publishAt: '2026-12-09T10:30', channels: ['mastodon'], text: 'Le café est offert avec le croissant.', pillar: 'coulisses' });
    await writeJpeg(brand, 'content/posts/2026/12/images/fournee.jpg', 1200, 900);
    await writeJpeg(brand, 'content/posts/2026/12/images/buches.jpg', 1080, 1080);
    commitAll(brand, 'main');
    brand.git('checkout', '-q', '-b', 'noel');
    brand.post(
      '2026/12/fournee-de-noel.mdx',
      {
        title: 'La fournée de Noël <3 @everyone',
        publishAt: '2026-12-09T09:00',
        channels: ['mastodon', 'bluesky', 'x', 'linkedin', 'blog'],
        pillar: 'produits',
        campaign: 'Noël 2026',
        description: 'Pains d’épices, brioches et bûches : la fournée de Noël.',
        text: 'La fournée de Noël est prête : pains d’épices, brioches et bûches. #noel',
        link: 'https://boulangerie.example/noel',
        media: [
          { src: './images/fournee.jpg', alt: 'Des brioches dorées sur une plaque, à la sortie du four.' },
          { src: './images/buches.jpg', alt: '' },
        ],
        thread: [{ text: 'Les bûches se précommandent jusqu’au 20 décembre.', media: [{ src: './images/buches.jpg', alt: 'Trois bûches : praliné, marron, citron.' }] }, { text: 'Et les brioches partent avant 10 h : venez tôt !' }],
        variants: {
          x: { text: `${'La fournée de Noël est prête, avec des pains d’épices au miel du Pilat, des brioches aux pralines roses et des bûches. '.repeat(3)}Fin.`, thread: [] },
          mastodon: { spoiler: 'Gourmandises' },
          linkedin: { firstComment: 'Précommandes : https://boulangerie.example/noel' },
          bluesky: { publishAt: '2026-12-09T09:30' },
        },
      },
      'La fournée de Noël, racontée par Julien.\n\nTrois recettes, une farine locale.\n',
    );
    commitAll(brand, 'noel');
    const r = await runCli(['review', '--base', 'main', '--at=2026-12-01T12:00:00+01:00', '--no-cache'], brand.root);
    await expect(stable(r.stdout)).toMatchFileSnapshot('__snapshots__/multi-network.md');
    expect(r.stdout).toContain('@&#8203;everyone');
    expect(r.stdout).not.toMatch(/[^`]<3/);
  });

  it('escapes what authors write and fences texts whatever backticks they hold', () => {
    expect(inline('a *b* <img src=x> @team | #12\nnext')).toBe('a \\*b\\* &lt;img src=x&gt; @&#8203;team \\| \\#12 next');
    expect(code('a `b` c')).toBe('``a `b` c``');
    expect(fenced('```js\nx\n```')).toBe('````text\n```js\nx\n```\n````');
  });

  it('stays under the size it is given, pointing to the artifact for the rest', () => {
    const post = { status: 'added' as const, file: 'content/posts/p.mdx', id: 'p', title: 'P', channels: [], diagnostics: [], previews: [], expired: [], published: [] };
    const report: ReviewReport = { version: 1, base: 'a'.repeat(40), head: 'b'.repeat(40), dirty: false, at: '2026-12-01T11:00:00.000Z', counts: { error: 0, warning: 0, note: 0 }, posts: Array.from({ length: 400 }, (_, i) => ({ ...post, file: `content/posts/p${i}.mdx`, title: `Post ${i} ${'x'.repeat(200)}` })), documents: [], otherFiles: [], labels: [] };
    const md = renderMarkdown(report, { maxChars: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md.startsWith(REVIEW_MARKER)).toBe(true);
    expect(md).toMatch(/_\d+ more posts not shown here/);
  });
});
