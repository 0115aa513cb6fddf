import { describe, expect, it } from 'vitest';
import { lint } from '../../src/core/lint.ts';
import { patternSafetyMemo } from '../../src/content/pattern-safety.ts';
import { tempBrand } from '../helpers/brand.ts';
import { netiquetteFindings } from '../../src/core/moderation/charter-lint.ts';
import { netiquetteSchema } from '../../src/core/schema/netiquette.ts';

const charter = (rules: unknown[], extra: Record<string, unknown> = {}) => netiquetteSchema.parse({ contact: 'x@example.org', rules, ...extra });
const rule = (match: Record<string, unknown>, id = 'r') => ({ id, label: 'R', match, action: 'hide' });

describe('netiquette lint', () => {
  const brand = tempBrand({ line: false });
  const memo = patternSafetyMemo(brand.root);
  it('a pattern that backtracks catastrophically is an error (recheck), a quadratic one a warning, a linear one fine', () => {
    const findings = netiquetteFindings(charter([rule({ patterns: ['(a+)+$', '[a-z]+@[a-z]+\\.fr', '\\b(?:bit\\.ly|is\\.gd)/\\S+'] })]), memo.safety);
    expect(findings.map((f) => [f.rule, f.severity ?? 'warning', f.at])).toEqual([
      ['netiquette/pattern-redos', 'error', ['rules', 0, 'match', 'patterns', 0]],
      ['netiquette/pattern-redos', 'warning', ['rules', 0, 'match', 'patterns', 1]],
    ]);
    expect(findings[0]!.message).toMatch(/exponential/);
  }, 30_000);
  it('memoizes verdicts on disk for the next run', () => {
    memo.save();
    const again = patternSafetyMemo(brand.root);
    const started = performance.now();
    expect(again.safety('(a+)+$')).toMatchObject({ status: 'vulnerable', complexity: 'exponential' });
    expect(performance.now() - started).toBeLessThan(50);
    brand.cleanup();
  });
  it('duplicate rule ids, unmatchable or repeated terms, long patterns, team and allow overlap, no contact', () => {
    const findings = netiquetteFindings(
      netiquetteSchema.parse({
        rules: [rule({ terms: ['!!!', 'Crétin', 'cretin'] }), rule({ patterns: ['a'.repeat(201)] })],
        team: [{ handle: '@camille' }],
        allow: [{ network: 'x', handle: 'Camille' }],
      }),
    );
    expect(findings.map((f) => f.rule).sort()).toEqual(['netiquette/account', 'netiquette/contact', 'netiquette/duplicate-rule', 'netiquette/pattern-length', 'netiquette/term', 'netiquette/term']);
  });
  it('runs in `lint` on content/netiquette.mdx, at the line of the pattern', () => {
    const doc = { file: 'content/netiquette.mdx', ok: true as const, data: { contact: 'x', rules: [rule({ patterns: ['(\\w+\\s?)+$'] })] }, body: '', bodyLine: 1, locate: (p: readonly (string | number)[]) => ({ line: p.length, column: 1 }) };
    const result = lint({ posts: [], netiquette: doc, rules: [], nowMs: 0, media: new Map(), patternSafety: () => ({ status: 'vulnerable', complexity: 'exponential' }) });
    expect(result.diagnostics).toMatchObject([{ file: 'content/netiquette.mdx', rule: 'netiquette/pattern-redos', severity: 'error', line: 5 }]);
  });
});
