/**
 * The linear-time proof that spares recheck (src/core/moderation/pattern-linear.ts): it proves the sample
 * charter's patterns, never a pattern recheck finds vulnerable, and its facts about characters hold.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { patternSafetyMemo } from '../../src/content/pattern-safety.ts';
import { isCaseless, provablyLinear, WHITE_SPACE } from '../../src/core/moderation/pattern-linear.ts';
import { netiquetteSchema } from '../../src/core/schema/netiquette.ts';
import { REPO_ROOT, tempBrand } from '../helpers/brand.ts';

const samplePatterns = netiquetteSchema.parse(matter(readFileSync(path.join(REPO_ROOT, 'content/netiquette.mdx'), 'utf8')).data).rules.flatMap((r) => r.match.patterns ?? []);

describe('provablyLinear', () => {
  it('proves every pattern of the sample charter', () => {
    expect(samplePatterns.length).toBeGreaterThan(5);
    expect(samplePatterns.filter((p) => !provablyLinear(p))).toEqual([]);
  });

  it.each([
    // recheck: exponential, or quadratic (a run scanned again from every position or every entry).
    '(a+)+$',
    '(\\w+\\s?)+$',
    '(a|a)*b',
    '\\s+x',
    '\\s+$',
    'a.*b',
    'a+b\\s+c',
    'x\\S{2,}y',
    '[a-z]+@[a-z]+\\.fr',
    '\\d+\\d+$',
    // Not covered by the proof: recheck decides.
    '(a?){20}a{20}',
    'a.*?b',
    '(?<=a)b+c',
    '(a)\\1+',
    '(?:ab)+c',
    'x\\S{99,}',
  ])('leaves %s to recheck', (pattern) => {
    expect(provablyLinear(pattern)).toBe(false);
  });

  it.each(['\\S+', 'a\\s+$', 'x\\s*y', 'a\\s+\\S+', '\\bFR\\d{2}(?:\\s?\\d{4}){5}\\b', 'appelle(?:z|r)?\\s+(?:le|au)\\s+0\\d(?:[ .]?\\d\\d){4}', 'nul|bidon'])('proves %s', (pattern) => {
    expect(provablyLinear(pattern)).toBe(true);
  });

  it('white space and ASCII non-letters match nothing else under the i and u flags, and WHITE_SPACE is \\s', () => {
    const caseless = [...Array(128).keys()].map((c) => String.fromCharCode(c)).filter(isCaseless).concat(WHITE_SPACE);
    const any = new RegExp(`^[${caseless.map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]$`, 'iu');
    const space = /^\s$/u;
    const strays: string[] = [];
    const spaces: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      if (any.test(ch) && !caseless.includes(ch)) strays.push(`U+${cp.toString(16)}`);
      if (space.test(ch)) spaces.push(ch);
    }
    expect(strays).toEqual([]);
    expect(spaces.sort()).toEqual([...WHITE_SPACE].sort());
  });

  it('agrees with recheck: every pattern it proves in a seeded random sample is safe for recheck', () => {
    const require = createRequire(import.meta.url);
    const { checkSync } = require('recheck') as { checkSync: (source: string, flags: string, params: Record<string, unknown>) => { status: string } };
    let seed = 19;
    const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 2246822507) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const atoms = ['a', 'b', 'x', 's', 'k', 'é', '@', '\\.', '-', '/', '0', ' ', ',', '[a-z]', '[\\s.-]', '[^x]', '\\s', '\\S', '\\d', '\\w', '.', '\\p{L}', '[0-9]', '[sz]', '\\b', '(?:a|bc)', '(?:\\s|,)', '(?:x\\d?|y)'];
    const quantified = (atom: string) => (atom === '\\b' ? atom : `${atom}${pick(['', '', '?', '+', '*', '{1,3}', '{2,}'])}`);
    const proven: string[] = [];
    for (let i = 0; i < 20_000 && proven.length < 60; i++) {
      const pattern = Array.from({ length: 1 + Math.floor(random() * 5) }, () => quantified(pick(atoms))).join('');
      if (/[+*]|\{\d+,\}/.test(pattern) && provablyLinear(pattern) && !proven.includes(pattern)) proven.push(pattern);
    }
    expect(proven.length).toBe(60);
    const unsafe = proven.filter((pattern) => checkSync(pattern, 'iu', { checker: 'automaton', timeout: 20_000 }).status !== 'safe');
    expect(unsafe).toEqual([]);
  }, 180_000);
});

describe('pattern safety in lint and moderation', () => {
  it('answers for the sample charter without recheck (nothing to memoize)', () => {
    const brand = tempBrand({ line: false });
    try {
      const memo = patternSafetyMemo(brand.root);
      expect(samplePatterns.map((p) => memo.safety(p).status)).toEqual(samplePatterns.map(() => 'safe'));
      memo.save();
      expect(() => readFileSync(path.join(brand.root, '.cadence/cache/regex-safety.json'))).toThrow();
    } finally {
      brand.cleanup();
      rmSync(path.join(brand.root, '.cadence'), { recursive: true, force: true });
    }
  });
});
