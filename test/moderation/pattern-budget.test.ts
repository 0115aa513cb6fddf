/**
 * The safety hole of bounded repetitions: recheck calls `(?:[a-z]{1,20}\s?){1,10}!` safe (no unbounded
 * repetition), yet V8 takes 50 s on a reply of 40 letters. Lint now rejects it (the path bound of
 * pattern-linear.ts), and a pattern lint cannot judge (a look-behind: recheck says "safe", the proof does not
 * apply) runs under a time budget: the reply it overruns on goes to a person, the run goes on. No timing is
 * asserted: only that the budget mechanism triggers and what follows from it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { netiquetteFindings } from '../../src/core/moderation/charter-lint.ts';
import { compileCharter, decide } from '../../src/core/moderation/decide.ts';
import { linearPaths } from '../../src/core/moderation/pattern-linear.ts';
import type { Interaction } from '../../src/core/moderation/types.ts';
import { netiquetteSchema } from '../../src/core/schema/netiquette.ts';
import { patternSafetyMemo } from '../../src/content/pattern-safety.ts';
import { BudgetedPattern, MAX_OVERRUNS, patternBudget } from '../../src/moderation/pattern-budget.ts';
import { issueBody, localQueue } from '../../src/moderation/queue.ts';
import { runCli, tempBrand } from '../helpers/brand.ts';
import { git } from '../publish/helpers.ts';
import { AT, env, moderationBrand } from './helpers.ts';

const HOSTILE_PATTERN = '(?:[a-z]{1,20}\\s?){1,10}!';
/** What lint cannot judge: recheck says "safe", the proof does not cover look-behinds. Just as slow. */
const UNJUDGED_PATTERN = '(?<=\\s|^)(?:[a-z]{1,20}\\s?){1,10}!';
/** Forty letters and no «!»: every way of cutting them into words is tried. */
const HOSTILE_REPLY = 'a'.repeat(40);
const BUDGET_MS = 250;

const reply = (id: string, text: string): Interaction => ({ network: 'instagram', id, url: `u/${id}`, kind: 'comment', parentId: 'p', author: { id: `a-${id}` }, text, createdAt: '2026-12-08T10:00:00.000Z' });
const input = (interaction: Interaction) => ({ interaction, authorKey: 'p_x', textKey: '', repetition: { earlier: () => [] } });

describe('a pattern under a time budget', () => {
  it('a hostile reply runs past the budget and is over-budget; the other replies get their answer', () => {
    const pattern = new BudgetedPattern(HOSTILE_PATTERN, new RegExp(HOSTILE_PATTERN, 'iu'), BUDGET_MS);
    pattern.prepare(['bonjour à tous!', 'merci', HOSTILE_REPLY, 'super boulangerie !', 'rien']);
    expect(pattern.test('bonjour à tous!')).toBe(true);
    expect(pattern.test('merci')).toBe(false);
    expect(pattern.test(HOSTILE_REPLY)).toBe('over-budget');
    expect(pattern.test('super boulangerie !')).toBe(true);
    expect(pattern.test('rien')).toBe(false);
    expect(pattern.overruns).toBe(1);
    // One by one too (a text that was not prepared).
    expect(pattern.test(`${HOSTILE_REPLY}b`)).toBe('over-budget');
    expect(pattern.overruns).toBe(2);
  });

  it(`after ${MAX_OVERRUNS} overruns the pattern is not run again in the run: a flood costs ${MAX_OVERRUNS} budgets`, () => {
    const pattern = new BudgetedPattern(HOSTILE_PATTERN, new RegExp(HOSTILE_PATTERN, 'iu'), BUDGET_MS);
    const flood = Array.from({ length: 20 }, (_, i) => `${'a'.repeat(40)}${'b'.repeat(i + 1)}`);
    pattern.prepare(flood);
    expect(pattern.overruns).toBe(MAX_OVERRUNS);
    expect(pattern.stopped).toBe(true);
    expect(flood.map((t) => pattern.test(t))).toEqual(flood.map(() => 'over-budget'));
    // Even a harmless reply now goes to a person: nobody ran the pattern on it.
    expect(pattern.test('bonjour!')).toBe('over-budget');
  });

  it('decides: the reply goes to a person under the rule of the pattern (no later rule acts on it), the others as usual', () => {
    const charter = netiquetteSchema.parse({
      contact: 'moderation@example.org',
      rules: [
        { id: 'cris', label: 'Cris', match: { patterns: [UNJUDGED_PATTERN] }, action: 'hide' },
        { id: 'insultes', label: 'Insultes', match: { terms: ['connard'] }, action: 'hide' },
      ],
    });
    const budget = patternBudget(BUDGET_MS);
    const compiled = compileCharter(charter, { patternTest: budget.patternTest });
    const hostile = reply('h', `${HOSTILE_REPLY} connard`);
    budget.prepare([hostile.text, 'bonjour!', 'espèce de connard']);
    expect(decide(compiled, input(hostile))).toMatchObject({ action: 'flag', ruleId: 'cris', match: { kind: 'pattern-budget', index: 0 } });
    expect(decide(compiled, input(reply('n', 'bonjour!')))).toMatchObject({ action: 'hide', ruleId: 'cris', match: { kind: 'pattern', index: 0 } });
    expect(decide(compiled, input(reply('c', 'espèce de connard')))).toMatchObject({ action: 'hide', ruleId: 'insultes' });
    expect(budget.overruns()).toEqual([{ source: UNJUDGED_PATTERN, overruns: 1, stopped: false }]);
  });

  it('the sample charter’s patterns run as they are: proven linear with few paths, nothing budgeted', () => {
    const budget = patternBudget(BUDGET_MS);
    const brand = tempBrand({ line: false });
    const memo = patternSafetyMemo(brand.root);
    for (const source of ['(?:\\+33\\s?|0)[1-9](?:[\\s.-]?\\d{2}){4}', '\\b(?:bit\\.ly|tinyurl\\.com)/\\S+']) {
      expect(memo.safety(source)).toEqual({ status: 'safe' });
      budget.patternTest(source, new RegExp(source, 'iu'))('a'.repeat(5000));
    }
    expect(budget.overruns()).toEqual([]);
    brand.cleanup();
  });
});

describe('lint rejects bounded repetitions with too many paths', () => {
  it('recheck calls it safe, the path bound does not: an error naming the rule and the pattern', () => {
    expect(linearPaths(HOSTILE_PATTERN)).toBeGreaterThan(100_000);
    // Alternatives of distinct characters are exclusive: no false alarm on them.
    expect(linearPaths('(?:a|b|c|d){1,8}!')).toBe(8);
    const brand = tempBrand({ line: false });
    const memo = patternSafetyMemo(brand.root);
    expect(memo.safety(HOSTILE_PATTERN)).toMatchObject({ status: 'vulnerable', complexity: 'bounded' });
    expect(memo.safety('(?:[a-z]{1,10}\\s?){1,4}!')).toMatchObject({ status: 'vulnerable', complexity: 'bounded', paths: 11_110 });
    expect(memo.safety('(?:[a-z]{1,10}\\s?){1,3}!')).toEqual({ status: 'safe' });
    const charter = netiquetteSchema.parse({ contact: 'x@example.org', rules: [{ id: 'cris', label: 'Cris', match: { patterns: ['\\bbit\\.ly/\\S+', HOSTILE_PATTERN] }, action: 'hide' }] });
    const findings = netiquetteFindings(charter, memo.safety);
    expect(findings).toMatchObject([{ rule: 'netiquette/pattern-redos', severity: 'error', at: ['rules', 0, 'match', 'patterns', 1] }]);
    expect(findings[0]!.message).toContain('rule `cris`');
    expect(findings[0]!.message).toContain(`« ${HOSTILE_PATTERN} »`);
    brand.cleanup();
  });

  it('`cadence lint` gives the file and line; `cadence moderate` refuses the charter and reads nothing', async () => {
    const remote = moderationBrand({ instagram: [{ id: 'ig-1', post: 'pain', kind: 'comment', author: { id: 'u1' }, text: HOSTILE_REPLY, at: '2026-12-08T10:00:00+01:00' }] });
    try {
      const runner = remote.clone();
      writeFileSync(path.join(runner, 'content/netiquette.mdx'), `---\ncontact: a@b.c\nrules:\n  - id: cris\n    label: Cris\n    match:\n      patterns: ["${HOSTILE_PATTERN.replace(/\\/g, '\\\\')}"]\n    action: hide\n---\n`);
      const lint = await runCli(['lint', 'content/netiquette.mdx'], runner, env());
      expect(lint.code).toBe(1);
      expect(lint.stdout + lint.stderr).toMatch(/content\/netiquette\.mdx:7.*rule `cris`: pattern « \(\?:\[a-z\]\{1,20\}\\s\?\)\{1,10\}! ».*netiquette\/pattern-redos/s);
      const run = await runCli(['moderate', '--at', AT], runner, env());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/content\/netiquette\.mdx:7: rule `cris`: pattern .*\(netiquette\/pattern-redos\); nothing was read or moderated/);
    } finally {
      remote.cleanup();
    }
  }, 120_000);
});

describe('cadence moderate with a pattern lint cannot judge', () => {
  it('the hostile reply goes to the queue, the run says which pattern overran and exits 1; the other replies are moderated', async () => {
    const remote = moderationBrand({
      instagram: [
        { id: 'ig-1', post: 'pain', kind: 'comment', author: { id: 'u1' }, text: HOSTILE_REPLY, at: '2026-12-08T10:00:00+01:00' },
        { id: 'ig-2', post: 'pain', kind: 'comment', author: { id: 'u2' }, text: 'Superbe pain, merci', at: '2026-12-08T11:00:00+01:00' },
        { id: 'ig-3', post: 'pain', kind: 'comment', author: { id: 'u3' }, text: 'Bande de connards', at: '2026-12-08T12:00:00+01:00' },
      ],
    });
    try {
      const runner = remote.clone();
      writeFileSync(path.join(runner, 'content/netiquette.mdx'), `---\ncontact: a@b.c\nrules:\n  - id: cris\n    label: Cris\n    match:\n      patterns: ["${UNJUDGED_PATTERN.replace(/\\/g, '\\\\')}"]\n    action: hide\n  - id: insultes\n    label: Insultes\n    match:\n      terms: [connard]\n    action: hide\n---\n`);
      git(runner, 'commit', '-qam', 'charter');
      const run = await runCli(['moderate', '--at', AT, '--channel', 'instagram'], runner, env());
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toContain(`✖ PATTERN TOO SLOW: pattern « ${UNJUDGED_PATTERN} » (rule cris) ran past its time budget on 1 reply: those went to the queue for a person.`);
      expect(run.stdout).toMatch(/Instagram \(local inbox\): 3 read · 1 hidden · 1 flagged/);
      expect(run.stdout).toMatch(/ig-1 flagged\s+cris\s+queue instagram:ig-1:flag\s+pattern over its time budget: a person decides/);
      // The person sees why in the queue item.
      const queued = (await localQueue(runner).listOpen()).find((q) => q.key === 'instagram:ig-1:flag')!;
      expect(queued).toMatchObject({ rule: 'cris', why: 'pattern-budget', excerpt: HOSTILE_REPLY });
      expect(issueBody(queued)).toContain('Le motif de cette règle a dépassé son temps de calcul sur ce message');
      expect(run.stdout).toMatch(/ig-3 hidden\s+insultes/);
      // Recorded (and pushed) as decided, so no later run reads it again: what matched says why.
      const logFile = git(runner, 'ls-tree', '-r', '--name-only', 'origin/main', 'data/moderation/log').trim().split('\n').find((f) => f.endsWith('/instagram.jsonl'))!;
      const log = git(runner, 'show', `origin/main:${logFile}`);
      expect(log).toMatch(/"type":"decided"[^\n]*"interaction":"ig-1"[^\n]*"verdict":"flag","rule":"cris","match":"pattern-budget:0"/);
      const again = await runCli(['moderate', '--at', AT, '--channel', 'instagram', '--since', '2026-12-01T00:00:00Z'], runner, env());
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Instagram \(local inbox\): nothing new/);
    } finally {
      remote.cleanup();
    }
  }, 120_000);
});
