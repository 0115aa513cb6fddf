import { describe, expect, it } from 'vitest';
import { textHashtags } from '../../../src/core/rules/network/text-hashtags.ts';
import { textInvalidChars } from '../../../src/core/rules/network/text-invalid-chars.ts';
import { textLength } from '../../../src/core/rules/network/text-length.ts';
import { textLinks } from '../../../src/core/rules/network/text-links.ts';
import { textMentions } from '../../../src/core/rules/network/text-mentions.ts';
import { textMissing } from '../../../src/core/rules/network/text-missing.ts';
import { makeContext, makePost, photo, run } from './fixtures.ts';

const PHRASE = 'Ce soir, le fournil illumine la montée de la Grande Côte pour la Fête des Lumières ✨ ';

describe('text/length', () => {
  it('reports X over 280 with the count, the unit and where it would be cut', () => {
    const text = `${PHRASE.repeat(3)}« On vous attend ! » https://fournil.fr/lumieres`;
    const findings = run(textLength, makePost({ channels: ['x', 'mastodon'], text }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ at: ['text'], channel: 'x', severity: 'error' });
    expect(findings[0]!.message).toMatch(/^X counts 302 of 280 for the text \(weighted: .*URLs count 23\); cut after "… Lumières ✨ « On vous attend ! »"$/);
  });

  it('counts each thread part and the Mastodon content warning', () => {
    const post = makePost({
      channels: ['mastodon', 'bluesky'],
      text: 'Le programme de la soirée, en fil 🧵',
      thread: [{ text: 'a'.repeat(320) }, { text: 'b'.repeat(480) }],
      variants: { mastodon: { spoiler: 'Photos de nuit, lumières clignotantes (30 caractères)' } },
    });
    const findings = run(textLength, post);
    expect(findings.map((f) => [f.channel, f.at])).toEqual([
      ['mastodon', ['thread', 1, 'text']],
      ['bluesky', ['thread', 0, 'text']],
      ['bluesky', ['thread', 1, 'text']],
    ]);
    expect(findings[0]!.message).toContain('with the content warning');
  });

  it('counts the link a network gets appended to the text, and the caption limit with media', () => {
    const nearly = 'a'.repeat(270);
    expect(run(textLength, makePost({ channels: ['x'], text: nearly }))).toEqual([]);
    const withLink = run(textLength, makePost({ channels: ['x'], text: nearly, link: 'https://fournil.fr/lumieres' }));
    expect(withLink[0]!.message).toContain('X counts 295 of 280');
    expect(withLink[0]!.message).toContain('with the link appended');
    // Bluesky puts the link in a card: no cost.
    expect(run(textLength, makePost({ channels: ['bluesky'], text: nearly, link: 'https://fournil.fr/lumieres' }))).toEqual([]);
    const caption = makePost({ channels: ['telegram'], text: 'é'.repeat(1100), media: [photo()] });
    expect(run(textLength, caption)[0]!.message).toMatch(/^Telegram counts 1100 of 1024 for the text \(code points; a caption/);
  });

  it('uses the editorial line’s limits and skips disabled channels', () => {
    const post = makePost({ channels: ['mastodon', 'x'], text: 'a'.repeat(700) });
    const ctx = makeContext({}, { mastodon: { limits: { maxCharacters: 1000 } }, x: { enabled: false } });
    expect(run(textLength, post, ctx)).toEqual([]);
    expect(run(textLength, post).map((f) => f.channel)).toEqual(['mastodon', 'x']);
  });

  it('warns instead of failing on a third-party limit (Facebook 63,206)', () => {
    expect(run(textLength, makePost({ channels: ['facebook'], text: 'a'.repeat(63_300) }))[0]!.severity).toBe('warning');
  });
});

describe('text/missing', () => {
  it('reports a channel with neither text nor media', () => {
    const post = makePost({ channels: ['x', 'bluesky'], variants: { x: { text: 'Rendez-vous ce soir !' } } });
    expect(run(textMissing, post)).toEqual([
      { at: ['channels', 1], channel: 'bluesky', severity: 'error', message: expect.stringContaining('nothing to publish on Bluesky') },
    ]);
  });

  it('asks Instagram for media even when there is a text', () => {
    const post = makePost({ channels: ['instagram', 'linkedin'], text: 'Nos brioches de la Fête des Lumières' });
    const findings = run(textMissing, post);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ channel: 'instagram', message: expect.stringContaining('only images and videos') });
    expect(run(textMissing, makePost({ channels: ['instagram'], media: [photo()] }))).toEqual([]);
  });
});

describe('text/hashtags', () => {
  it('refuses more than 30 hashtags on Instagram, in the caption and in the first comment', () => {
    const tags = Array.from({ length: 31 }, (_, i) => `#boulangerie${i}`).join(' ');
    const post = makePost({ channels: ['instagram'], media: [photo()], text: 'Brioches !', variants: { instagram: { firstComment: tags } } });
    expect(run(textHashtags, post)).toEqual([
      { at: ['variants', 'instagram', 'firstComment'], channel: 'instagram', severity: 'error', message: 'the first comment has 31 hashtags; Instagram refuses more than 30' },
    ]);
  });

  it('warns that Threads keeps one topic tag, Bluesky drops long tags, X needs a letter', () => {
    const post = makePost({
      channels: ['threads', 'bluesky', 'x'],
      text: `Ce soir #Lyon #FêteDesLumières #${'Lumière'.repeat(10)} #2026`,
    });
    const messages = run(textHashtags, post).map((f) => `${f.channel} ${f.severity}: ${f.message}`);
    expect(messages).toEqual([
      'threads warning: Threads makes only #Lyon a topic tag; #FêteDesLumières #LumièreLumièreLumièreLumièreLumièreLumièreLumièreLumièreLumièreLumière stay plain text',
      'bluesky warning: #LumièreLumièreLumièreLumièreLumièreLumièreLumièreLumièreLumièreLumière has 70 characters; Bluesky tags have at most 64 characters, so it stays plain text',
      'x warning: #2026 is not a hashtag on X: a hashtag needs a letter',
    ]);
  });
});

describe('text/mentions', () => {
  it('refuses more than 20 mentions on Instagram', () => {
    const mentions = Array.from({ length: 21 }, (_, i) => `@ami${i}`).join(' ');
    const findings = run(textMentions, makePost({ channels: ['instagram', 'linkedin'], media: [photo()], text: `Merci ${mentions}` }));
    expect(findings).toEqual([{ at: ['text'], channel: 'instagram', severity: 'error', message: 'the text has 21 mentions; Instagram refuses more than 20' }]);
  });

  it('warns about names X or Bluesky will not link', () => {
    const post = makePost({ channels: ['x', 'bluesky', 'mastodon'], text: 'Merci @boulangerie@piaille.fr et @fournil_des_pentes_lyon !' });
    expect(run(textMentions, post).map((f) => `${f.channel}: ${f.message.split(':')[0]}`)).toEqual([
      'x: @boulangerie@piaille.fr is not an X username (1–15 letters, digits or _)',
      'x: @fournil_des_pentes_lyon is not an X username (1–15 letters, digits or _)',
      'bluesky: @boulangerie@piaille.fr is not a Bluesky handle (a domain, such as name.bsky.social)',
      'bluesky: @fournil_des_pentes_lyon is not a Bluesky handle (a domain, such as name.bsky.social)',
    ]);
    const handle = makePost({ channels: ['bluesky'], text: 'Avec @fournil.bsky.social et @ville-de-lyon' });
    expect(run(textMentions, handle).map((f) => f.message)).toEqual([
      '@ville-de-lyon is not a Bluesky handle (a domain, such as ville-de-lyon.bsky.social): it will stay plain text',
    ]);
  });
});

describe('text/invalid-chars', () => {
  it('reports U+FEFF in an X text only', () => {
    const post = makePost({ channels: ['x', 'mastodon'], text: '\uFEFFBonjour Lyon !' });
    expect(run(textInvalidChars, post)).toEqual([
      { at: ['text'], channel: 'x', severity: 'error', message: expect.stringContaining('U+FEFF') },
    ]);
  });
});

describe('text/links', () => {
  it('refuses more than 5 distinct links on Threads', () => {
    const links = ['a', 'b', 'c', 'd', 'e', 'f'].map((p) => `https://fournil.fr/${p}`).join(' ');
    const findings = run(textLinks, makePost({ channels: ['threads', 'mastodon'], text: links }));
    expect(findings).toEqual([{ at: ['text'], channel: 'threads', severity: 'error', message: 'the text has 6 distinct links; Threads refuses more than 5' }]);
    expect(run(textLinks, makePost({ channels: ['threads'], text: `${links} https://fournil.fr/a` }))).toHaveLength(1);
  });

  it('warns that a link written for Instagram is not published, but not about a common link', () => {
    const common = makePost({ channels: ['instagram', 'x'], media: [photo()], link: 'https://fournil.fr' });
    expect(run(textLinks, common)).toEqual([]);
    const written = makePost({ channels: ['instagram'], media: [photo()], variants: { instagram: { link: 'https://fournil.fr' } } });
    expect(run(textLinks, written)).toEqual([
      { at: ['variants', 'instagram', 'link'], channel: 'instagram', severity: 'warning', message: expect.stringContaining('no link clickable') },
    ]);
  });
});
