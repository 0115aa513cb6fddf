import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { postSchema, editorialLineSchema } from '../../src/core/schema/index.ts';
import { articleCardInput, prepareArticleCards, writeArticleCards } from '../../src/site/article-cards.ts';
import { cachedCard, cardKey, readLogo } from '../../src/site/card.ts';
import { contrastRatio, fade, mix, palette } from '../../src/site/colors.ts';
import { REPO_ROOT } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cadence-cards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('social cards', () => {
  const input = { title: 'Galette ou couronne ? À Lyon, on ne choisit pas 👑', brandName: 'Boulangerie Lumière', footer: '2 janvier 2027 · Camille', colors: { primary: '#c8781e', secondary: '#1d3557', background: '#fff7ea', text: '#3b2414' }, logo: { data: readFileSync(path.join(REPO_ROOT, 'public/logo.svg')), type: 'image/svg+xml' as const } };

  it('renders a 1200×630 PNG and caches it by content hash', async () => {
    const first = await cachedCard(input, dir);
    expect(first.cached).toBe(false);
    const meta = await sharp(first.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    const again = await cachedCard(input, dir);
    expect(again.cached).toBe(true);
    expect(readdirSync(dir)).toEqual([`${cardKey(input)}.png`]);
    expect(cardKey({ ...input, title: 'Autre titre' })).not.toBe(cardKey(input));
  });
});

describe('brand colours', () => {
  it('picks text and link colours with AA contrast on the background', () => {
    const p = palette({ primary: '#c8781e', secondary: '#1d3557', background: '#fff7ea', text: '#3b2414' });
    expect(contrastRatio(p.text, p.background)).toBeGreaterThanOrEqual(7);
    expect(contrastRatio(p.link, p.background)).toBeGreaterThanOrEqual(4.5);
    const pale = palette({ primary: '#ffcc00', background: '#ffffff' });
    expect(contrastRatio(pale.link, pale.background)).toBeGreaterThanOrEqual(4.5);
  });

  it('fades the text toward the background as far as AA allows (the month view’s neighbouring days), light or dark', () => {
    const p = palette({ primary: '#c8781e', secondary: '#1d3557', background: '#fff7ea', text: '#3b2414' });
    // 55 % opacity gave #938374, 3.44:1; the faded colour is a paler brown that stays readable.
    expect(p.faded).toBe('#7f6d5f');
    expect(contrastRatio(p.faded, p.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(p.faded, p.background)).toBeLessThan(4.7);
    const dark = palette({ primary: '#c8781e', background: '#1a1a1a', text: '#f5f5f5' });
    expect(contrastRatio(dark.faded, dark.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(dark.faded, dark.background)).toBeLessThan(contrastRatio(dark.text, dark.background));
    expect(fade('#777777', '#ffffff')).toBe('#000000'); // under AA already: a readable colour instead
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
  });
});

describe('writeArticleCards (the build integration)', () => {
  const line = editorialLineSchema.parse({ brand: { name: 'Boulangerie Lumière', siteUrl: 'https://boulangerie-lumiere.example/', timezone: 'Europe/Paris', logo: 'public/logo.svg' }, channels: { blog: {} }, pillars: [{ id: 'p', label: 'P', target: 100 }] });
  const articles = Array.from({ length: 6 }, (_, i) => ({ id: `article-${i}`, data: postSchema.parse({ title: `Article ${i}`, publishAt: `2026-12-0${i + 1}T08:30`, channels: ['blog'], author: 'Inès' }) }));

  it('draws the missing cards on worker threads, then links them from the cache', async () => {
    const cacheDir = path.join(dir, 'integration-cache');
    const out = path.join(dir, 'integration-out');
    const first = await writeArticleCards(out, articles, line, REPO_ROOT, { cacheDir, cardsPerWorker: 2 });
    expect(first).toEqual({ cards: 6, rendered: 6 });
    const meta = await sharp(path.join(out, 'blog/article-3/card.png')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    // The same bytes as a card drawn in this thread.
    const input = articleCardInput(articles[3]!, line, readLogo(REPO_ROOT, line.brand.logo));
    expect(readFileSync(path.join(out, 'blog/article-3/card.png')).equals((await cachedCard(input, path.join(dir, 'in-thread'))).png)).toBe(true);
    rmSync(out, { recursive: true });
    const again = await writeArticleCards(out, articles, line, REPO_ROOT, { cacheDir, cardsPerWorker: 2 });
    expect(again).toEqual({ cards: 6, rendered: 0 });
    expect(readdirSync(path.join(out, 'blog')).sort()).toEqual(articles.map((a) => a.id).sort());
  });

  it('takes over the cards drawn ahead on a low-priority thread (prepareArticleCards)', async () => {
    const cacheDir = path.join(dir, 'ahead-cache');
    const out = path.join(dir, 'ahead-out');
    prepareArticleCards(articles, line, REPO_ROOT, { cacheDir, cardsPerWorker: 2 });
    expect(await writeArticleCards(out, articles, line, REPO_ROOT, { cacheDir, cardsPerWorker: 2 })).toEqual({ cards: 6, rendered: 6 });
    const input = articleCardInput(articles[5]!, line, readLogo(REPO_ROOT, line.brand.logo));
    expect(readFileSync(path.join(out, 'blog/article-5/card.png')).equals((await cachedCard(input, path.join(dir, 'in-thread'))).png)).toBe(true);
    // Nothing left to draw: nothing prepared, nothing drawn.
    prepareArticleCards(articles, line, REPO_ROOT, { cacheDir, cardsPerWorker: 2 });
    expect(await writeArticleCards(path.join(dir, 'ahead-out-2'), articles, line, REPO_ROOT, { cacheDir, cardsPerWorker: 2 })).toEqual({ cards: 6, rendered: 0 });
  });
});
