/** The pure core of moderation: verdicts from the sample charter, table-driven, in French. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { compileCharter, decide, type RepetitionView } from '../../src/core/moderation/decide.ts';
import { circuitBreaker, planAction } from '../../src/core/moderation/plan.ts';
import { countLinks, isQuestion, normalizeForTerms, shouting } from '../../src/core/moderation/text.ts';
import type { Interaction, ModerationCaps } from '../../src/core/moderation/types.ts';
import { netiquetteSchema } from '../../src/core/schema/netiquette.ts';
import { REPO_ROOT } from '../helpers/brand.ts';

const charter = netiquetteSchema.parse(matter(readFileSync(path.join(REPO_ROOT, 'content/netiquette.mdx'), 'utf8')).data);
const compiled = compileCharter(charter);
const none: RepetitionView = { earlier: () => [] };

function reply(text: string, extra: Partial<Interaction> = {}): Interaction {
  return { network: 'instagram', id: '1', kind: 'comment', author: { id: 'u1', handle: '@marie' }, text, createdAt: '2026-12-08T19:00:00Z', ...extra };
}
const verdictOf = (text: string, extra: Partial<Interaction> = {}, repetition = none) => decide(compiled, { interaction: reply(text, extra), authorKey: 'p_a', textKey: 't1', repetition });

describe('rules of the sample charter, first match wins', () => {
  it.each([
    // [text, expected rule or null, expected action]
    ['Quelle belle brioche, bravo à toute l’équipe ! 😍', null, 'none'],
    ['Espèce de connard, rendez-moi mon argent', 'insultes', 'hide'],
    ['CONNARD', 'insultes', 'hide'],
    ['Vous êtes des abrutis', 'insultes', 'hide'], // French inflections of a single word
    ['Bande de CONNASSES', 'insultes', 'hide'],
    ['Un abrutissement général', null, 'none'], // a longer word is another word
    ['quel abruti ce livreur', 'insultes', 'hide'],
    ['quel ABRUTI 🤬', 'insultes', 'hide'],
    ["c'est l'abruti du quartier", 'insultes', 'hide'], // elision: l'abruti
    ['quel crétin', 'insultes', 'hide'],
    ['quel cretin', 'insultes', 'hide'], // without the accent
    ['c0nn4rd va', 'insultes', 'hide'], // leetspeak
    ['c.o.n.n.a.r.d', 'insultes', 'hide'], // letters spelt out
    ['c o n n a r d', 'insultes', 'hide'],
    ['connnnnard', 'insultes', 'hide'], // doubled letters
    ['con\u200bnard', 'insultes', 'hide'], // a zero-width space inside
    ['Ta   gueule !', 'insultes', 'hide'], // phrase across several spaces
    ['Un enfoiré 🖕 ce boulanger', 'insultes', 'hide'],
    ['Les abricots étaient crus', null, 'none'], // « abricot » contains no term
    ['Le pain était rassis, vraiment déçue par la qualité ce matin.', null, 'none'], // criticism is never a match
    ['Promo ici https://a.example https://b.example https://c.example', 'spam-liens', 'hide'],
    ['Voyez boutique(point)fr et promo(dot)com et truc[.]net', 'spam-liens', 'hide'],
    ['Gagnez un iPhone gratuit : https://bit.ly/3xYz', 'liens-suspects', 'flag'],
    ['Vous avez gagné une carte cadeau, cliquez', 'liens-suspects', 'flag'],
    ['JE SUIS TRÈS EN COLÈRE CONTRE VOUS', 'majuscules', 'flag'],
    ['OK', null, 'none'], // too short to be shouting
    ['Appelez-moi au 06 12 34 56 78 pour la commande', 'donnees-personnelles', 'hide'],
    ['mon mail : marie.dupont@exemple.fr', 'donnees-personnelles', 'hide'],
    ['IBAN FR76 3000 6000 0112 3456 7890 189', 'donnees-personnelles', 'hide'],
    ['on sait où tu habites', 'harcelement', 'report'],
    ['On sait ou tu habites…', 'harcelement', 'report'],
    ['balance son adresse', 'harcelement', 'report'],
  ])('%s → %s', (text, rule, action) => {
    const v = verdictOf(text);
    expect(v.ruleId ?? null).toBe(rule);
    expect(v.action).toBe(action);
  });

  it('never records the matched words: only the kind and index of what matched', () => {
    expect(verdictOf('quel crétin').match).toEqual({ kind: 'term', index: 3 });
    expect(verdictOf('https://a.example https://b.example https://c.example').match).toEqual({ kind: 'links', count: 3 });
  });
});

describe('who is never moderated', () => {
  it('the brand itself and its team (by handle, any network, or a Mastodon account with its instance)', () => {
    expect(verdictOf('connard', { author: { id: 'b', isBrand: true } })).toMatchObject({ action: 'none', exempt: 'brand' });
    expect(verdictOf('connard', { author: { id: 'c', handle: '@Camille.Lumiere' } })).toMatchObject({ action: 'none', exempt: 'team' });
    expect(verdictOf('connard', { network: 'mastodon', author: { id: 'c', handle: 'camille@piaille.fr' } })).toMatchObject({ exempt: 'team' });
    expect(verdictOf('connard', { network: 'mastodon', author: { id: 'c', handle: 'camille@autre.example' } }).exempt).toBeUndefined();
  });
  it('an allow-listed member is flagged at most, never hidden or reported', () => {
    const v = verdictOf('06 12 34 56 78', { author: { id: 'a', handle: '@lesgourmandsdelacroixrousse' } });
    expect(v).toMatchObject({ action: 'flag', ruleId: 'donnees-personnelles', allowListed: true });
    // On another network than the one listed: no exception.
    expect(verdictOf('06 12 34 56 78', { network: 'facebook', author: { id: 'a', handle: '@lesgourmandsdelacroixrousse' } }).action).toBe('hide');
  });
});

describe('repetition by the same author within the window', () => {
  const earlier = (instants: string[]): RepetitionView => ({ earlier: (author, text) => (author === 'p_a' && text === 't1' ? instants.map(Date.parse) : []) });
  it('the third identical message in 24 h matches, not the second, nor one after the window', () => {
    expect(verdictOf('Venez voir ma page', {}, earlier(['2026-12-08T10:00:00Z'])).ruleId).toBeUndefined();
    expect(verdictOf('Venez voir ma page', {}, earlier(['2026-12-08T10:00:00Z', '2026-12-08T12:00:00Z']))).toMatchObject({ ruleId: 'repetition', action: 'hide', match: { kind: 'repetition', count: 3 } });
    expect(verdictOf('Venez voir ma page', {}, earlier(['2026-12-06T10:00:00Z', '2026-12-06T12:00:00Z'])).ruleId).toBeUndefined();
  });
});

describe('questions (service client)', () => {
  it.each([
    ['Vous êtes ouverts le 25 ?', true],
    ['Bonjour, est-ce que la brioche existe sans fruits à coque', true],
    ['Combien pour 8 parts', true],
    ['@boulangerie vous livrez à Villeurbanne', true],
    ['Bravo pour la bûche !', false],
    ['Merci https://exemple.fr/?a=1', false],
  ])('%s → %s', (text, expected) => expect(isQuestion(text)).toBe(expected));
  it('a question that breaks a hide rule is not one to answer', () => {
    expect(verdictOf('Pourquoi tant de haine, connard ?').question).toBe(false);
    expect(verdictOf('Vous ouvrez à quelle heure ?').question).toBe(true);
  });
});

describe('terms without a letter or a digit', () => {
  it('match nothing: no endless scan, no lone « s » or « e » from their inflections', () => {
    const odd = compileCharter(netiquetteSchema.parse({ title: 'T', rules: [{ id: 'emoji', label: 'e', match: { terms: ['🤬', '  ', '!!'] }, action: 'hide' }] }));
    for (const text of ['hi , ok', 'il y a 3 e et des s', '!! 🤬 !!']) expect(decide(odd, { interaction: reply(text), authorKey: 'p_a', textKey: 't1', repetition: none }).action).toBe('none');
  });
});

describe('text helpers', () => {
  it('normalizes obfuscations on both sides', () => {
    expect(normalizeForTerms('C0NN4RD')).toBe(normalizeForTerms('connard'));
    expect(normalizeForTerms('06 12 34 56 78')).toBe('06 12 34 56 78');
    expect(countLinks('rien ici')).toBe(0);
    expect(shouting('ÇA SUFFIT MAINTENANT')).toMatchObject({ ratio: 1 });
  });
});

describe('what the network allows', () => {
  const caps = (hide: ModerationCaps['hide'], report = false): ModerationCaps => ({ hide, unhide: hide !== 'none', report, reply: true });
  const hide = verdictOf('connard');
  const report = verdictOf('on sait où tu habites');
  it('hide where the network can; otherwise flag, recorded as degraded', () => {
    expect(planAction(hide, reply('x'), caps('any'))).toEqual({ action: 'hide' });
    expect(planAction(hide, reply('x'), caps('none'))).toEqual({ action: 'flag', degradedFrom: 'hide', why: 'network' });
    expect(planAction(hide, reply('x', { nested: true }), caps('top-level'))).toEqual({ action: 'flag', degradedFrom: 'hide', why: 'nested' });
    expect(planAction(hide, reply('x', { rootIsBrand: false }), caps('own-root'))).toMatchObject({ action: 'flag', why: 'not-own-thread' });
    expect(planAction(hide, reply('x', { hidden: true }), caps('any'))).toEqual({ action: 'none' });
  });
  it('report only through an API; shadow rules do nothing', () => {
    expect(planAction(report, reply('x'), caps('any', true))).toEqual({ action: 'report' });
    expect(planAction(report, reply('x'), caps('any', false))).toMatchObject({ action: 'flag', degradedFrom: 'report' });
    expect(planAction({ ...hide, mode: 'shadow' }, reply('x'), caps('any'))).toEqual({ action: 'none', why: 'shadow' });
  });
  it('the circuit breaker trips above the share, only with enough interactions', () => {
    const nine = [...Array(3).fill(hide), ...Array(6).fill(verdictOf('bravo'))];
    expect(circuitBreaker(nine, charter.moderation.circuitBreaker).tripped).toBe(false); // 9 < 10 interactions
    const ten = [...Array(4).fill(hide), ...Array(6).fill(verdictOf('bravo'))];
    expect(circuitBreaker(ten, charter.moderation.circuitBreaker)).toMatchObject({ tripped: true, read: 10, wouldHide: 4 });
    expect(planAction(hide, reply('x'), caps('any'), true)).toEqual({ action: 'flag', degradedFrom: 'hide', why: 'breaker' });
  });
});
