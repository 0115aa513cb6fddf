import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/generate.ts';
import { postIdFromPath } from '../../src/core/post.ts';

/** The definition postIdFromPath implements without regular expressions on its common path. */
function reference(file: string): string {
  const rel = file.replace(/^.*?content\/posts\//, '').replace(/\.mdx?$/, '');
  return rel
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\/index$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

describe('post ids from paths', () => {
  it('derives the ids the ledger knows', () => {
    expect(postIdFromPath('content/posts/2026/12/fete-des-lumieres.mdx')).toBe('2026-12-fete-des-lumieres');
    expect(postIdFromPath('content/posts/2026/12/Bûche de Noël/index.mdx')).toBe('2026-12-buche-de-noel');
    expect(postIdFromPath('brands/a/content/posts/x.md')).toBe('x');
  });

  it('agrees with the regular-expression definition on random paths', () => {
    const pieces = ['content/posts/', 'content/', 'posts/', '2026/', '12/', 'a', 'Z', '0', '9', '-', '_', ' ', '.', '/', 'é', 'É', 'œ', 'ß', 'İ', 'e\u0301', '🥐', 'index', '/index', 'Index', '.md', '.mdx', '.MDX', '--'];
    const random = mulberry32(5);
    for (let i = 0; i < 5000; i++) {
      const file = Array.from({ length: 1 + Math.floor(random() * 10) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(postIdFromPath(file), JSON.stringify(file)).toBe(reference(file));
    }
  });
});
