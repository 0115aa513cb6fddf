import { describe, expect, it } from 'vitest';
import { countText } from '../../../src/core/networks/count.ts';
import { effectiveLimits } from '../../../src/core/networks/limits.ts';

const FAMILY = '👩‍👩‍👧‍👦'; // 7 code points, 11 UTF-16 units, 25 UTF-8 bytes, 1 grapheme
const TRANS_FLAG = '🏳️‍⚧️';

describe('X (twitter-text v3, networks.md §2 [verified])', () => {
  const x = (text: string) => countText('x', text).length;

  it('counts the verified vectors: "hello"=5, family emoji=2, "日本語"=6, any URL=23', () => {
    expect(x('hello')).toBe(5);
    expect(x(FAMILY)).toBe(2);
    expect(x('日本語')).toBe(6);
    expect(x('https://example.com')).toBe(23);
    expect(x('https://fournil.fr/fete-des-lumieres-2026?utm_source=x&utm_medium=social')).toBe(23);
    expect(x('fournil.fr')).toBe(23); // X also shortens URLs without a scheme
    expect(x('fournil.example')).toBe(15); // not a known TLD: not a URL, counted as written
  });

  it('agrees with twitter-text conformance (WeightedTweetsWithDiscountedEmojiCounterTest)', () => {
    expect(x('Hi http://test.co')).toBe(26);
    expect(x('https://www.twitter.com/aloha '.repeat(10))).toBe(240);
    expect(x('H🐱☺👨‍👩‍👧‍👦')).toBe(7);
    expect(x('😷👾😡🔥💩')).toBe(10);
    expect(x('🙋🏽👨‍🎤')).toBe(4);
    expect(x('1⃣')).toBe(2);
    expect(x('Unicode 9.0 emoji: 🤠; 💃; 💃🏾')).toBe(29);
    expect(x('randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com')).toBe(68); // 64-char label: no URL
  });

  it('normalises to NFC first: a decomposed accent counts once', () => {
    expect(x('A\u0301B')).toBe(2);
    expect(x('e\u0301te\u0301')).toBe(3); // « été » typed with combining accents
  });

  it('weighs French typography as twitter-text does', () => {
    expect(x('« Bonjour ! »')).toBe(13); // « » and U+202F-free text: all in 0–4351
    expect(x('l’équipe')).toBe(8); // U+2019 is in 8208–8223
    expect(x('…')).toBe(2); // U+2026 is outside the light ranges
  });

  it('inherits twitter-text 3.1.0’s emoji data, which predates Unicode 13 sequences', () => {
    expect(x('🏳️‍🌈')).toBe(2);
    // 🏳️‍⚧️ is not an emoji to twemoji-parser 2019: its code points are weighed one by one.
    expect(x(TRANS_FLAG)).toBe(7);
  });

  it('finds where 280 is crossed, in the text as written', () => {
    expect(countText('x', 'a'.repeat(280))).toEqual({ length: 280, limit: 280, unit: 'weighted' });
    expect(countText('x', 'a'.repeat(281))).toEqual({ length: 281, limit: 280, unit: 'weighted', overflowIndex: 280 });
    // 270 letters then a URL: the URL does not fit, the cut is before it.
    const withUrl = `${'a'.repeat(270)} https://fournil.fr`;
    expect(countText('x', withUrl)).toMatchObject({ length: 294, overflowIndex: 271 });
    // Decomposed accents before the cut: the index maps back to the original (longer) text.
    const decomposed = 'e\u0301'.repeat(279) + 'zz';
    expect(countText('x', decomposed)).toMatchObject({ length: 281, overflowIndex: 279 * 2 + 1 });
    // Emoji are never split.
    expect(countText('x', 'a'.repeat(279) + FAMILY)).toMatchObject({ length: 281, overflowIndex: 279 });
  });

  it('uses the brand’s URL length and limit', () => {
    const limits = effectiveLimits('x', { charactersPerUrl: 30, maxCharacters: 25 });
    expect(countText('x', 'https://example.com', limits)).toEqual({ length: 30, limit: 25, unit: 'weighted', overflowIndex: 0 });
  });
});

describe('Bluesky (300 graphemes and 3000 bytes)', () => {
  it('takes 300 graphemes and refuses 301 ([verified] against a real PDS)', () => {
    expect(countText('bluesky', 'a'.repeat(300))).toEqual({ length: 300, limit: 300, unit: 'graphemes' });
    expect(countText('bluesky', 'a'.repeat(301))).toEqual({ length: 301, limit: 300, unit: 'graphemes', overflowIndex: 300 });
  });

  it('takes 300 emoji = 1200 bytes', () => {
    expect(countText('bluesky', '😀'.repeat(300))).toEqual({ length: 300, limit: 300, unit: 'graphemes' });
  });

  it('reports bytes when only the byte limit is crossed', () => {
    expect(countText('bluesky', FAMILY.repeat(120))).toMatchObject({ length: 120, unit: 'graphemes' }); // 3000 bytes exactly
    expect(countText('bluesky', FAMILY.repeat(121))).toEqual({ length: 3025, limit: 3000, unit: 'bytes', overflowIndex: 120 * FAMILY.length });
  });

  it('reports the limit crossed first when both are', () => {
    // 150 families (3750 bytes, crossed at the 121st) then 200 letters (350 graphemes, crossed at the 301st).
    expect(countText('bluesky', FAMILY.repeat(150) + 'a'.repeat(200))).toMatchObject({ unit: 'bytes', overflowIndex: 120 * FAMILY.length });
  });
});

describe('Mastodon (mastodon status_length_validator_spec, limit 500)', () => {
  const mastodon = (text: string, spoiler?: string) => countText('mastodon', text, undefined, spoiler ? { spoiler } : {});
  const over = (text: string, spoiler?: string) => mastodon(text, spoiler).length > 500;
  const link = `http://${'b'.repeat(30)}.com/example`;

  it('adds an error when the content warning, the text, or both together are over', () => {
    expect(over('', 'a'.repeat(520))).toBe(true);
    expect(over('a'.repeat(520))).toBe(true);
    expect(over('b'.repeat(251), 'a'.repeat(250))).toBe(true);
    expect(over('b'.repeat(250), 'a'.repeat(250))).toBe(false);
  });

  it('counts an auto-linkable URL as 23, not a glued or overly long one', () => {
    expect(mastodon(`${'a'.repeat(476)} ${link}`).length).toBe(500);
    expect(over(`${'a'.repeat(476)}${link}`)).toBe(true);
    expect(over(`http://example.com/valid?${'#foo?'.repeat(1000)}`)).toBe(true);
    expect(mastodon('fournil.example/fete').length).toBe(20); // no scheme: counted as written
  });

  it('counts only the front part of remote usernames, unless the domain is overly long', () => {
    expect(mastodon(`${'a'.repeat(475)} @alice@${'b'.repeat(30)}.com`).length).toBe(482);
    expect(over(`@alice@${'b'.repeat(500)}.com`)).toBe(true);
    expect(mastodon('Merci @boulangerie@piaille.fr !').length).toBe('Merci @boulangerie !'.length);
    expect(mastodon('@noël@example.com').length).toBe('@noël@example.com'.length); // not a mention: é-like accent after @no
  });

  it('counts multi-byte and ZWJ emoji as one character', () => {
    expect(over('✨'.repeat(500))).toBe(false);
    expect(over(TRANS_FLAG.repeat(500))).toBe(false);
    expect(over(TRANS_FLAG.repeat(501))).toBe(true);
  });

  it('cuts before a URL rather than inside it, and after the content warning', () => {
    const text = `${'a'.repeat(490)} ${link}`;
    expect(mastodon(text)).toMatchObject({ length: 514, overflowIndex: 491 });
    expect(mastodon('b'.repeat(100), 'a'.repeat(450))).toMatchObject({ length: 550, overflowIndex: 50 });
    expect(mastodon('b'.repeat(10), 'a'.repeat(600))).toMatchObject({ overflowIndex: 0 });
  });

  it('uses the instance’s characters_reserved_per_url', () => {
    const limits = effectiveLimits('mastodon', { charactersPerUrl: 10, maxCharacters: 1000 });
    expect(countText('mastodon', `Voir ${link}`, limits)).toEqual({ length: 15, limit: 1000, unit: 'graphemes' });
  });
});

describe('Threads (emoji count their UTF-8 bytes)', () => {
  const threads = (text: string) => countText('threads', text).length;

  it('counts an emoji as its bytes and anything else as 1', () => {
    expect(threads('Bonjour 🎄')).toBe(8 + 4);
    expect(threads('❤️')).toBe(6); // U+2764 U+FE0F
    expect(threads(FAMILY)).toBe(25);
    expect(threads('🇫🇷')).toBe(8);
    expect(threads('© ‼ é')).toBe(5); // text-style symbols are not emoji
    expect(threads('«\u202Fà bientôt\u202F»')).toBe(13);
  });

  it('crosses 500 at the emoji that does not fit', () => {
    expect(countText('threads', `${'a'.repeat(496)}🎄`)).toEqual({ length: 500, limit: 500, unit: 'emoji-bytes' });
    expect(countText('threads', `${'a'.repeat(497)}🎄`)).toEqual({ length: 501, limit: 500, unit: 'emoji-bytes', overflowIndex: 497 });
  });
});

describe('Telegram (code points; caption 1024 with media)', () => {
  it('counts code points', () => {
    expect(countText('telegram', '😀é').length).toBe(2);
    expect(countText('telegram', FAMILY).length).toBe(7);
    expect(countText('telegram', '😀'.repeat(4096))).toEqual({ length: 4096, limit: 4096, unit: 'code points' });
    expect(countText('telegram', '😀'.repeat(4097))).toMatchObject({ length: 4097, overflowIndex: 8192 });
  });

  it('uses the caption limit when media go with the text', () => {
    expect(countText('telegram', 'a'.repeat(1025), undefined, { withMedia: true })).toMatchObject({ length: 1025, limit: 1024, overflowIndex: 1024 });
    expect(countText('telegram', 'a'.repeat(1025)).limit).toBe(4096);
  });
});

describe('UTF-16 networks (LinkedIn, Facebook, Instagram, Discord, Slack)', () => {
  it('counts JavaScript length and never cuts inside a character', () => {
    expect(countText('linkedin', '😀é').length).toBe(3);
    expect(countText('instagram', 'a'.repeat(2200)).length).toBe(2200);
    expect(countText('discord', `${'a'.repeat(1999)}😀`)).toEqual({ length: 2001, limit: 2000, unit: 'UTF-16 units', overflowIndex: 1999 });
    expect(countText('slack', 'a'.repeat(3001), undefined, { withMedia: true })).toMatchObject({ limit: 3000, overflowIndex: 3000 });
    expect(countText('facebook', 'a'.repeat(63_207)).limit).toBe(63_206);
  });
});
