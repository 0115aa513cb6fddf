import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScorer, evaluate, type SentimentLabel } from '../../src/core/sentiment/index.ts';
import { REPO_ROOT, runCli } from '../helpers/brand.ts';

interface GoldRow {
  id: string;
  split: 'dev' | 'test';
  label: SentimentLabel;
  risk?: boolean;
  lang: 'fr' | 'en';
  text: string;
}

const gold: GoldRow[] = readFileSync(path.join(REPO_ROOT, 'test/fixtures/sentiment-gold.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as GoldRow);
const scorer = createScorer();
const label = (text: string) => scorer.score(text).label;

describe('the French gold set (test/fixtures/sentiment-gold.jsonl)', () => {
  it('has at least 300 short texts, balanced between the three labels, with a held-out part', () => {
    expect(gold.length).toBeGreaterThanOrEqual(300);
    const counts = Map.groupBy(gold, (r) => r.label);
    for (const l of ['positive', 'neutral', 'negative'] as const) expect(counts.get(l)!.length / gold.length).toBeGreaterThan(0.3);
    expect(gold.filter((r) => r.split === 'test').length).toBeGreaterThanOrEqual(100);
    expect(new Set(gold.map((r) => r.text)).size).toBe(gold.length);
    for (const r of gold) expect(r.text.length, r.id).toBeLessThanOrEqual(200);
  });

  it.each(['dev', 'test'] as const)('labels the %s part with accuracy ≥ 0.80 and every class F1 ≥ 0.75', (split) => {
    const rows = gold.filter((r) => r.split === split);
    const result = evaluate(rows.map((r) => ({ gold: r.label, predicted: label(r.text) })));
    expect(result.accuracy).toBeGreaterThanOrEqual(0.8);
    for (const metrics of Object.values(result.perClass)) expect(metrics.f1).toBeGreaterThanOrEqual(0.75);
  });

  it('labels every text that reports a health, safety or fraud risk negative, with its risk words', () => {
    const risky = gold.filter((r) => r.risk);
    expect(risky.length).toBeGreaterThanOrEqual(15);
    for (const r of risky) {
      const result = scorer.score(r.text);
      expect([r.id, result.label], r.text).toEqual([r.id, 'negative']);
      expect(result.risk.length, r.text).toBeGreaterThan(0);
    }
  });
});

describe('the rules of the scorer', () => {
  // The sentences the packaged lexicons get wrong (research note, §3.1).
  it.each([
    ['Le pain est délicieux, merci !', 'positive'],
    ["Le pain n'est pas bon.", 'negative'],
    ['Pas bon du tout, très déçu', 'negative'],
    ['Croissants rassis et vendeuse désagréable.', 'negative'],
    ['Service nul, je ne reviendrai pas', 'negative'],
    ['Super boulangerie, top 👍', 'positive'],
    ["Trop cher pour ce que c'est 😡", 'negative'],
    ["J'ai trouvé un cheveu dans ma baguette, c'est dégueulasse", 'negative'],
    ['Intoxication alimentaire après le flan, inadmissible !', 'negative'],
    ['Franchement génial, les meilleures viennoiseries de Lyon', 'positive'],
    ['Je déteste attendre 20 minutes', 'negative'],
    ["Ce n'est pas mauvais", 'positive'],
  ] as const)('%s → %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('negation flips within the clause only, and « ne … pas » counts once', () => {
    expect(scorer.score("Ce n'est pas bon").score).toBeLessThan(0);
    expect(scorer.score("Ce n'est pas bon").score).toBe(scorer.score("C'est pas bon").score);
    expect(label('Pas de souci, tout était excellent')).toBe('positive');
    expect(label("J'avais peur que ce soit surfait mais pas du tout, c'est excellent.")).toBe('positive');
    expect(scorer.score("Ce n'est pas mauvais").score).toBeLessThan(scorer.score("C'est bon").score);
  });

  it('boosters, dampeners, capitals and exclamation marks change the strength, not the sign', () => {
    const plain = scorer.score("C'est bon").score;
    expect(scorer.score("C'est très bon").score).toBeGreaterThan(plain);
    expect(scorer.score("C'est assez bon").score).toBeLessThan(plain);
    expect(scorer.score("C'est BON").score).toBeGreaterThan(plain);
    expect(scorer.score("C'est bon !!").score).toBeGreaterThan(plain);
  });

  it('reads « trop » as too much before a taste or a price, and as very before praise', () => {
    expect(label('Beaucoup trop sucré')).toBe('negative');
    expect(label('Trop bon ce flan')).toBe('positive');
    expect(label('Délicieux, pas trop sucré')).toBe('positive');
  });

  it('weighs what follows « mais » more than what precedes it', () => {
    expect(label("Un peu d'attente mais ça vaut largement le coup")).toBe('positive');
    expect(label("C'était bon avant, mais maintenant c'est devenu médiocre")).toBe('negative');
  });

  it('splits elisions and folds accents: « l’accueil », « écœurant », « DÉLICIEUX »', () => {
    expect(scorer.score('l’accueil était désagréable').hits.map((h) => h.word)).toContain('désagréable');
    expect(label('Franchement écœurant')).toBe('negative');
    expect(label('DÉLICIEUX')).toBe('positive');
  });

  it('scores emoji, ZWJ sequences included, and reads 🙃 🙄 as sarcasm', () => {
    expect(label('🥐😍')).toBe('positive');
    expect(label('🤮')).toBe('negative');
    expect(label('Bravo pour la bûche livrée le 26 🙃')).toBe('negative');
    expect(label('Super, encore une commande oubliée 🙄')).toBe('negative');
  });

  it('scores English through the same engine', () => {
    expect(scorer.score('The croissants were not good at all').label).toBe('negative');
    expect(scorer.score("The croissants weren't good").label).toBe('negative');
    expect(scorer.score('Loved it, great bakery!').label).toBe('positive');
    expect(scorer.score('Loved it, great bakery!').lang).toBe('en');
    // « pain » is bread in French and nothing to score.
    expect(scorer.score('Le pain de campagne', { lang: 'fr' }).label).toBe('neutral');
  });

  it('lets risk words force a negative label unless the text is clearly positive', () => {
    const rumour = scorer.score('Quelqu’un d’autre a été malade après avoir mangé chez eux ?');
    expect(rumour).toMatchObject({ label: 'negative', decidedBy: 'risk', risk: ['malade'] });
    const praise = scorer.score('Hygiène irréprochable, bravo à toute l’équipe !');
    expect(praise.label).toBe('positive');
    expect(praise.risk).toEqual(['hygiene']);
  });

  it("lets a review's stars outrank its text, and still reports its risk words", () => {
    expect(scorer.score('Très bon pain', { rating: 1 })).toMatchObject({ label: 'negative', decidedBy: 'rating', score: -1 });
    expect(scorer.score('Nul', { rating: 5 })).toMatchObject({ label: 'positive', score: 1 });
    expect(scorer.score('Bien mais on a trouvé un cheveu', { rating: 3 })).toMatchObject({ label: 'neutral', risk: ['cheveu'] });
  });

  it('takes a brand’s own words, risk words and ignored words', () => {
    const brand = createScorer({ words: { 'brioche des lumières': 0, 'pas assez de brioches': -2, cramoisi: -2 }, risk: ['listériose'], ignore: ['rat'] });
    expect(brand.score('Pas assez de brioches ce soir').label).toBe('negative');
    expect(brand.score('Suspicion de listériose').risk).toEqual(['listeriose']);
    expect(brand.score('Le rat de bibliothèque du quartier').risk).toEqual([]);
    expect(createScorer().score('Le rat de bibliothèque').risk).toEqual(['rat']);
  });

  it('drops URLs and @handles, keeps a hashtag’s word', () => {
    const result = scorer.score('@marie.dupont regarde https://example.org/nul #delicieux');
    expect(result.hits.map((h) => h.word)).toEqual(['delicieux']);
  });
});

describe('cadence sentiment', () => {
  it('prints each text’s label, score, risk words and deciding words', async () => {
    const r = await runCli(['sentiment', "Le pain n'est pas bon.", 'Hygiène douteuse, un cafard 🤢'], REPO_ROOT, {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("negative −0.36  Le pain n'est pas bon.");
    expect(r.stdout).toContain('bon (negated) −1.50');
    expect(r.stdout).toMatch(/risk: hygiene, cafard/);
  });

  it('reads one text per line from standard input and prints JSON', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/cadence.js'), 'sentiment', '--format', 'json'], { input: 'Super accueil 😍\n\nVous êtes ouverts dimanche ?\n', encoding: 'utf8', cwd: REPO_ROOT });
    expect(result.status, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as { text: string; label: string; words: { word: string }[] }[];
    expect(rows.map((r) => [r.text, r.label])).toEqual([
      ['Super accueil 😍', 'positive'],
      ['Vous êtes ouverts dimanche ?', 'neutral'],
    ]);
    expect(rows[0]!.words.map((w) => w.word)).toEqual(['😍', 'Super']);
  });

  it('refuses a bad rating and an empty input with a usage error', async () => {
    expect((await runCli(['sentiment', '--rating', '6', 'x'], REPO_ROOT, {})).code).toBe(2);
    const empty = await runCli(['sentiment'], REPO_ROOT, {});
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining('no text to score')]);
  });
});
