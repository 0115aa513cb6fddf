import { describe, expect, it } from 'vitest';
import { checkComponent } from '../../src/core/article-components.ts';
import { embedSource, EMBED_ORIGINS } from '../../src/core/embeds.ts';
import { articleMarkdown } from '../../src/core/article-markdown.ts';

describe('embedSource: the player address built from the page address', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?t=1m30s', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90'],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
    ['https://www.dailymotion.com/video/x8abcd1', 'https://geo.dailymotion.com/player.html?video=x8abcd1'],
    ['https://www.openstreetmap.org/export/embed.html?bbox=4.82,45.77,4.84,45.78&layer=mapnik&marker=45.775,4.83', 'https://www.openstreetmap.org/export/embed.html?bbox=4.82,45.77,4.84,45.78&layer=mapnik&marker=45.775,4.83'],
    ['https://www.openstreetmap.org/#map=16/45.7745/4.8306', 'https://www.openstreetmap.org/export/embed.html?bbox=4.82511,45.77175,4.83609,45.77725&layer=mapnik&marker=45.7745,4.8306'],
  ])('%s', (page, player) => {
    const source = embedSource(page);
    expect(source.ok && source.player).toBe(player);
    expect(EMBED_ORIGINS).toContain(new URL(player).origin);
  });

  it.each([
    ['https://evil.example/watch?v=dQw4w9WgXcQ', 'not a host the blog embeds from'],
    ['javascript:alert(1)', 'not a web page address'],
    ['https://www.youtube.com/watch?v="><script>', 'not the address of a YouTube video'],
    ['https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ', 'not a host'],
    ['https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4%22onload%3D', 'not the address of a OpenStreetMap map'],
    ['pas une adresse', 'not a web address'],
  ])('refuses %s', (page, reason) => {
    const source = embedSource(page);
    expect(source.ok).toBe(false);
    expect(!source.ok && source.message).toContain(reason);
  });

  it('is a component lint checks, with both attributes required, and renders a sandboxed player', () => {
    expect(checkComponent('Embed', [{ name: 'src', value: 'https://youtu.be/dQw4w9WgXcQ' }]).map((p) => p.message)).toEqual([expect.stringContaining('needs `title`')]);
    expect(checkComponent('Embed', [{ name: 'src', value: 'https://evil.example/' }, { name: 'title', value: 'x' }]).map((p) => p.message)).toEqual([expect.stringContaining('evil.example is not a host')]);
    const markdown = articleMarkdown('<Embed src="https://youtu.be/dQw4w9WgXcQ" title="Le fournil &quot;en direct&quot;" />\n');
    expect(markdown.ok).toBe(true);
    expect(markdown.ok && markdown.markdown).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Le fournil &quot;en direct&quot;" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"');
  });
});
