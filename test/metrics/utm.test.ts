import { describe, expect, it } from 'vitest';
import { tagText, tagUrl } from '../../src/core/utm.ts';
import { contentHash } from '../../src/core/ledger/hash.ts';
import { buildPublication } from '../../src/publish/content.ts';
import { editorialLineSchema } from '../../src/core/schema/index.ts';
import { postSchema } from '../../src/core/schema/index.ts';
import type { LintContext, PostDoc } from '../../src/core/model.ts';
import { textLength } from '../../src/core/rules/network/text-length.ts';
import { previewChannel } from '../../src/review/preview.ts';
import { makeContext, makePost, photo, run } from '../core/networks/fixtures.ts';

const line = editorialLineSchema.parse({ brand: { name: 'B', siteUrl: 'https://boulangerie.example' }, channels: {}, utm: { domains: ['boutique.example.fr'], sources: { instagram: 'ig' }, exclude: ['slack'] } });
const ctx = (channel: 'mastodon' | 'instagram' | 'slack', campaign?: string) => ({ line, channel, postId: 'galette', campaign });

describe('UTM tags on the brand links', () => {
  it('tags the brand hosts only, per channel and campaign, keeping an existing query and fragment', () => {
    expect(tagUrl('https://boulangerie.example/blog/galette/', ctx('mastodon', 'galette-2027'))).toBe('https://boulangerie.example/blog/galette/?utm_source=mastodon&utm_medium=social&utm_campaign=galette-2027&utm_content=galette');
    expect(tagUrl('https://shop.boutique.example.fr/p?id=3#top', ctx('instagram'))).toBe('https://shop.boutique.example.fr/p?id=3&utm_source=ig&utm_medium=social&utm_content=galette#top');
    expect(tagUrl('https://other.example/x', ctx('mastodon'))).toBe('https://other.example/x');
    expect(tagUrl('https://boulangerie.example/?utm_source=flyer', ctx('mastodon'))).toBe('https://boulangerie.example/?utm_source=flyer');
    expect(tagUrl('https://boulangerie.example/', ctx('slack'))).toBe('https://boulangerie.example/');
    expect(tagText('Commandez : https://boulangerie.example/galette. Merci !', ctx('mastodon'))).toBe('Commandez : https://boulangerie.example/galette?utm_source=mastodon&utm_medium=social&utm_content=galette. Merci !');
  });

  it('changes what is sent, never the content hash nor the idempotency key of the post', () => {
    const data = postSchema.parse({ title: 'Galette', publishAt: '2027-01-06T08:30', channels: ['mastodon'], text: 'Voir https://boulangerie.example/galette', link: 'https://boulangerie.example/commande' });
    const post = { id: 'galette', file: 'content/posts/galette.mdx', data, body: '' } as unknown as PostDoc;
    const before = contentHash(data, '', 'mastodon');
    const tagged = buildPublication('/tmp', post, 'mastodon', 'k', before, line);
    const plain = buildPublication('/tmp', post, 'mastodon', 'k', before);
    expect(tagged.link).toContain('utm_source=mastodon');
    expect(tagged.parts[0]!.text).toContain('galette?utm_source=mastodon');
    expect(plain.link).toBe('https://boulangerie.example/commande');
    expect(contentHash(data, '', 'mastodon')).toBe(before);
    expect(tagged.contentHash).toBe(plain.contentHash);
  });
});

describe('lint counts the texts as sent, tags included', () => {
  // makePost's post is "fete-des-lumieres". A real top-level domain: X and Mastodon count only those as URLs.
  const tagging: LintContext = { ...makeContext(), line: editorialLineSchema.parse({ brand: { name: 'Fournil', siteUrl: 'https://fournil.fr' }, channels: {}, utm: { exclude: ['threads'] } }) };
  const link = 'https://fournil.fr/lumieres';
  const tags = '?utm_source=bluesky&utm_medium=social&utm_campaign=lumieres-2026&utm_content=fete-des-lumieres';

  it('Bluesky counts graphemes of the whole URL: a text that fits as written overflows once tagged, and says why', () => {
    const post = makePost({ channels: ['bluesky', 'x', 'mastodon'], campaign: 'lumieres-2026', text: `${'a'.repeat(230)} ${link}` });
    expect(run(textLength, post)).toEqual([]); // no utm block: as written, 258 graphemes
    const findings = run(textLength, post, tagging);
    // X and Mastodon count every URL as 23: the tags change nothing there.
    expect(findings.map((f) => f.channel)).toEqual(['bluesky']);
    expect(findings[0]!.message).toContain(`Bluesky counts ${258 + tags.length} of 300`);
    expect(findings[0]!.message).toContain('with the UTM tags publishing adds');
  });

  it('Telegram captions and an appended link are counted tagged; excluded channels and other hosts are not tagged', () => {
    const caption = makePost({ channels: ['telegram'], text: `${'é'.repeat(980)} ${link}`, media: [photo()] });
    expect(run(textLength, caption)).toEqual([]); // 1008 of 1024 as written
    const tagged = 1008 + '?utm_source=telegram&utm_medium=social&utm_content=fete-des-lumieres'.length;
    expect(run(textLength, caption, tagging)[0]!.message).toMatch(new RegExp(`^Telegram counts ${tagged} of 1024 for the text .*UTM tags`));
    const threads = makePost({ channels: ['threads'], text: `${'a'.repeat(470)}`, link });
    expect(run(textLength, threads, tagging)).toEqual([]); // threads is excluded from tagging: 470 + 2 + 27
    const foreign = makePost({ channels: ['bluesky'], text: `${'a'.repeat(230)} https://lyon.example/lumieres` });
    expect(run(textLength, foreign, tagging)).toEqual([]);
  });

  it('the review preview shows the tagged text and link, as lint counts them', () => {
    const post = makePost({ channels: ['bluesky'], campaign: 'lumieres-2026', text: `Ce soir : ${link}`, link });
    const preview = previewChannel(post, 'bluesky', { line: tagging.line, nowMs: 0, media: new Map(), published: new Set() });
    expect('parts' in preview && preview.parts[0]!.text.text).toBe(`Ce soir : ${link}${tags}`);
    expect('link' in preview && preview.link?.url).toBe(`${link}${tags}`);
  });
});
