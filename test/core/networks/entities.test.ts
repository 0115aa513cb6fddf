import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/generate.ts';
import {
  distinctLinks,
  extractBlueskyMentionCandidates,
  extractHashtagCandidates,
  extractHashtags,
  extractMastodonMentions,
  extractMentionCandidates,
  extractMentions,
  extractUrls,
  isBlueskyHandle,
  mayHoldUrl,
} from '../../../src/core/networks/entities.ts';

const values = (entities: { value: string }[]) => entities.map((e) => e.value);

describe('hashtags', () => {
  const text = 'Ce soir #FêteDesLumières à #Lyon, #2026 et #Saint-Étienne! Mail: a#b';

  it('finds every #word a reader would see, digits-only ones included', () => {
    expect(values(extractHashtagCandidates(text))).toEqual(['FêteDesLumières', 'Lyon', '2026', 'Saint']);
  });

  it('follows X (twitter-text): a tag needs a letter', () => {
    expect(values(extractHashtags('x', text))).toEqual(['FêteDesLumières', 'Lyon', 'Saint']);
  });

  it('follows Bluesky: a tag runs to the next space, trailing punctuation dropped', () => {
    expect(values(extractHashtags('bluesky', text))).toEqual(['FêteDesLumières', 'Lyon', 'Saint-Étienne']);
    expect(values(extractHashtags('bluesky', '#2026 #12h30'))).toEqual(['12h30']);
  });

  it('reports UTF-16 indices into the text', () => {
    const [tag] = extractHashtags('mastodon', 'Vive #Lyon');
    expect(tag).toEqual({ value: 'Lyon', start: 5, end: 10 });
    expect('Vive #Lyon'.slice(tag!.start, tag!.end)).toBe('#Lyon');
  });
});

describe('mentions', () => {
  it('follows Mastodon: @user and @user@domain, not e-mail addresses', () => {
    const text = 'Avec @alice, @bob@piaille.fr et contact@fournil.fr — @noël@example.com';
    expect(values(extractMastodonMentions(text))).toEqual(['alice', 'bob@piaille.fr']);
    expect(values(extractMentions('mastodon', text))).toEqual(['alice', 'bob@piaille.fr']);
  });

  it('follows Bluesky: only handles that are domains become mentions', () => {
    const text = 'Merci @alice.bsky.social et @bob !';
    expect(values(extractBlueskyMentionCandidates(text))).toEqual(['alice.bsky.social', 'bob']);
    expect(values(extractMentions('bluesky', text))).toEqual(['alice.bsky.social']);
    expect(isBlueskyHandle('fournil.test')).toBe(true);
    expect(isBlueskyHandle('bob')).toBe(false);
  });

  it('follows X: usernames of 1–15 characters', () => {
    expect(values(extractMentions('x', 'Bravo @ville_de_lyon et @un_nom_bien_trop_long'))).toEqual(['ville_de_lyon']);
  });

  it('finds generic @names for the other networks', () => {
    expect(values(extractMentionCandidates('@fournil, @Équipe_Pentes et hello@fournil.fr'))).toEqual(['fournil', 'Équipe_Pentes']);
    expect(values(extractMentions('instagram', '@a @b @c'))).toEqual(['a', 'b', 'c']);
  });
});

describe('URLs', () => {
  it('finds http(s) URLs, and bare domains only when asked', () => {
    const text = 'Programme : https://fournil.fr/lumieres et lyon.fr.';
    expect(values(extractUrls(text, { requireProtocol: true }))).toEqual(['https://fournil.fr/lumieres']);
    expect(values(extractUrls(text, { requireProtocol: false }))).toEqual(['https://fournil.fr/lumieres', 'lyon.fr']);
  });

  it('counts distinct links once', () => {
    expect(distinctLinks('https://fournil.fr/a http://fournil.fr/a/ fournil.fr/a https://lyon.fr')).toEqual(['https://fournil.fr/a', 'https://lyon.fr']);
  });
});

describe('the URL pre-check', () => {
  // mayHoldUrl lets lint skip twitter-text: it must never say "no URL" where twitter-text finds one.
  it('never hides a URL twitter-text finds', async () => {
    const twitter = (await import('twitter-text')).default;
    const pieces = ['a', 'é', 'Z', '0', '.', '. ', ' .', ' ', '\u00a0', '\u202f', '/', ':', '//', '-', '_', 'www', 'https://', 'http://', 'fr', 'com', 'co', 'рф', 'xn--caf-dma', '。', '．', '?q=1', '#tag', '@moi', '\n', '…', '(', ')', '👍'];
    const random = mulberry32(7);
    let withUrls = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 14) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const found = twitter.extractUrls(text).length > 0 || twitter.extractUrls(text, { extractUrlsWithoutProtocol: false }).length > 0;
      if (found) withUrls++;
      if (!mayHoldUrl(text)) expect({ text, found }).toEqual({ text, found: false });
    }
    expect(withUrls).toBeGreaterThan(50);
  });

  it('lets ordinary French sentences through without twitter-text, and not links', () => {
    expect(mayHoldUrl('Le nouveau lot est arrivé. Venez goûter ! À demain.')).toBe(false);
    expect(mayHoldUrl('Tout est sur exemple.fr')).toBe(true);
    expect(values(extractUrls('Voir https://exemple.fr/a. Merci.', { requireProtocol: true }))).toEqual(['https://exemple.fr/a']);
  });
});
