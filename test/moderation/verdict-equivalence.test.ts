/**
 * The speed pass on verdicts (one normalization per reply shared by the rules, one scan for every rule's
 * terms, twitter-text only past a cheap bound on links, hand-written loops for doubled letters and case)
 * must not change a single verdict. Compared with the code as it was (reference/verdicts-before.ts) on
 * the French sample, the table of decide.test.ts, and seeded random obfuscations people use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/metrics/stats.ts';
import { compileCharter, decide, type RepetitionView } from '../../src/core/moderation/decide.ts';
import { countLinks, linkCountBound, normalizeForTerms, shouting } from '../../src/core/moderation/text.ts';
import type { Interaction } from '../../src/core/moderation/types.ts';
import { netiquetteSchema, type Netiquette } from '../../src/core/schema/netiquette.ts';
import { REPO_ROOT } from '../helpers/brand.ts';
import * as before from './reference/verdicts-before.ts';

const sampleCharter = netiquetteSchema.parse(matter(readFileSync(path.join(REPO_ROOT, 'content/netiquette.mdx'), 'utf8')).data);

/** Overlapping terms across rules (the one scan for all must not hide a later rule's term), phrases, accents, leet, links at 0. */
const trickyCharter = netiquetteSchema.parse({
  title: 'Test',
  rules: [
    { id: 'race', label: 'r', match: { terms: ['race', 'con'] }, action: 'flag' },
    { id: 'sale-race', label: 's', match: { terms: ['sale race', 'connard', 'c0nnasse', 'crétin', 'ta gueule'] }, action: 'hide' },
    { id: 'no-link', label: 'l', match: { maxLinks: 0 }, action: 'flag', mode: 'shadow' },
    { id: 'one-link', label: 'l1', match: { maxLinks: 1, terms: ['abruti'] }, action: 'report', category: 'spam' },
    { id: 'cri', label: 'c', match: { shouting: { minLetters: 6, ratio: 0.6 } }, action: 'flag' },
    { id: 'tel', label: 't', match: { patterns: ['(?:\\+33\\s?|0)[1-9](?:[\\s.-]?\\d{2}){4}', '\\bbit\\.ly/\\S+'] }, action: 'hide' },
    { id: 'rep', label: 'p', match: { repetition: { maxRepeats: 1 } }, action: 'hide' },
  ],
});

const charters: [string, Netiquette][] = [
  ['sample', sampleCharter],
  ['tricky', trickyCharter],
];

const sampleTexts = readdirSync(path.join(REPO_ROOT, 'samples/inbox')).flatMap((name) => (JSON.parse(readFileSync(path.join(REPO_ROOT, 'samples/inbox', name), 'utf8')) as { text: string }[]).map((i) => i.text));
const tableTexts = [
  'Quelle belle brioche, bravo à toute l’équipe ! 😍',
  'Espèce de connard, rendez-moi mon argent',
  'Vous êtes des abrutis',
  'Un abrutissement général',
  "c'est l'abruti du quartier",
  'c0nn4rd va',
  'c.o.n.n.a.r.d',
  'c o n n a r d',
  'connnnnard',
  'con\u200bnard',
  'Ta   gueule !',
  'Un enfoiré 🖕 ce boulanger',
  'Promo ici https://a.example https://b.example https://c.example',
  'Voyez boutique(point)fr et promo(dot)com et truc[.]net',
  'Gagnez un iPhone gratuit : https://bit.ly/3xYz',
  'JE SUIS TRÈS EN COLÈRE CONTRE VOUS',
  'Appelez-moi au 06 12 34 56 78 pour la commande',
  'mon mail : marie.dupont@exemple.fr',
  'IBAN FR76 3000 6000 0112 3456 7890 189',
  'On sait ou tu habites…',
  'balance son adresse',
];

const LEET: Record<string, string[]> = { o: ['0'], i: ['1'], e: ['3', '€'], a: ['4', '@'], s: ['5', '$'], t: ['7'] };
const ACCENTS: Record<string, string[]> = { e: ['é', 'è', 'ê', 'É'], a: ['à', 'â'], c: ['ç'], i: ['î', 'ï'], o: ['ô'], u: ['ù', 'û'] };
const INVISIBLES = ['\u200b', '\u00ad', '\u2060', '\ufeff', '\ufe0f', '\u200d', '🤬', '🖕', '❤️', '©'];
const SEPARATORS = [' ', '.', '-', '_', '*', '·', '|', '/', ' . ', '  '];
const WORDS = ['bonjour', 'vous', 'êtes', 'des', 'le', 'pain', 'était', 'rassis', 'à', 'y', 'a', 'l’', "d'", 'merci', 'Combien', '?', '!', ',', '…', '06 12 34 56 78', '2026', '(12)', 'A.B.C', 'x y z', 'ÇA', 'SUFFIT', 'ŒUVRE', 'ß', 'İstanbul', '𝐀𝐁𝐂', '\ud800', 'ﬁ', 'Ǆ'];
const LINKS = ['https://a.example/x', 'http://localhost', 'boutique.fr/promo', 'promo(point)com', 'truc [.] net', 'site(dot)org', 'bit.ly/abc', 'www.exemple.fr', '1.5kg', 'etc.', 'fin.Début', 'a.b.c.d'];

function obfuscate(term: string, random: () => number): string {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  let out = '';
  const spelt = random() < 0.15 ? pick(SEPARATORS) : undefined;
  for (const ch of term) {
    let c = ch;
    const r = random();
    if (r < 0.15 && LEET[c]) c = pick(LEET[c]!);
    else if (r < 0.3 && ACCENTS[c]) c = pick(ACCENTS[c]!);
    else if (r < 0.45) c = c.toUpperCase();
    if (random() < 0.1) c = c.repeat(2 + Math.floor(random() * 3));
    out += c;
    if (random() < 0.06) out += pick(INVISIBLES);
    if (spelt !== undefined && ch !== ' ') out += spelt;
  }
  const prefix = random() < 0.2 ? pick(["l'", 'l’', "d'", 'qu’']) : '';
  const suffix = random() < 0.25 ? pick(['s', 'e', 'es', 'x', 'issement', 'ard', '!', '?', '.']) : '';
  return prefix + out + suffix;
}

function randomText(terms: readonly string[], random: () => number): string {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const parts: string[] = [];
  const n = 1 + Math.floor(random() * 8);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.3 && terms.length) parts.push(obfuscate(pick(terms), random));
    else if (r < 0.45) parts.push(pick(LINKS));
    else if (r < 0.55) parts.push(pick(INVISIBLES));
    else if (r < 0.6) parts.push(String.fromCodePoint(Math.floor(random() * 0x2fff)));
    else parts.push(pick(WORDS));
  }
  const text = parts.join(random() < 0.8 ? ' ' : pick(SEPARATORS));
  return random() < 0.1 ? text.toUpperCase() : text;
}

function reply(text: string): Interaction {
  return { network: 'instagram', id: '1', kind: 'comment', author: { id: 'u1', handle: '@marie' }, text, createdAt: '2026-12-08T19:00:00Z' };
}

function verdictsAgree(charter: Netiquette, texts: readonly string[]): void {
  const now = compileCharter(charter);
  const then = before.compileCharter(charter);
  const repetition: RepetitionView = { earlier: () => [Date.parse('2026-12-08T18:00:00Z')] };
  const differ = texts.filter((text) => {
    const input = { interaction: reply(text), authorKey: 'p_a', textKey: 't', repetition };
    return JSON.stringify(decide(now, input)) !== JSON.stringify(before.decide(then, input));
  });
  expect(differ).toEqual([]);
}

describe('the optimized verdicts are the verdicts as before', () => {
  const allTerms = (charter: Netiquette) => charter.rules.flatMap((r) => r.match.terms ?? []);

  it.each(charters)('on the French sample and the rule table (%s charter)', (_, charter) => {
    verdictsAgree(charter, [...sampleTexts, ...tableTexts]);
  });

  it.each(charters)('on 3,000 random obfuscations (%s charter)', (_, charter) => {
    const random = seededRandom(charter === sampleCharter ? 19 : 20);
    verdictsAgree(charter, Array.from({ length: 3000 }, () => randomText(allTerms(charter), random)));
  });

  it('normalizeForTerms, shouting and countLinks are unchanged, and the link bound is never below the count', () => {
    const random = seededRandom(7);
    const texts = [...sampleTexts, ...tableTexts, ...Array.from({ length: 4000 }, () => randomText(allTerms(sampleCharter), random))];
    const differ = texts.filter((text) => {
      const count = countLinks(text);
      return normalizeForTerms(text) !== before.normalizeForTerms(text) || JSON.stringify(shouting(text)) !== JSON.stringify(before.shouting(text)) || count !== before.countLinks(text) || linkCountBound(text) < count;
    });
    expect(differ).toEqual([]);
  });

  it('every character on its own and inside a word normalizes as before (the ASCII shortcut, doubled letters, case)', () => {
    const differ: string[] = [];
    for (const cp of [...Array(0x3000).keys(), 0xd800, 0xdc00, 0xfe0f, 0xfeff, 0xff21, 0xff41, 0x1d400, 0x1f600, 0x1f595, 0x10400, 0x10428]) {
      const ch = String.fromCodePoint(cp);
      for (const text of [ch, `co${ch}nnard`, `${ch}${ch}`, `a ${ch} b ${ch} c`]) {
        if (normalizeForTerms(text) !== before.normalizeForTerms(text) || JSON.stringify(shouting(text)) !== JSON.stringify(before.shouting(text))) differ.push(`U+${cp.toString(16)} in ${JSON.stringify(text)}`);
      }
    }
    expect(differ).toEqual([]);
  });
});
