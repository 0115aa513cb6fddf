import { describe, expect, it } from 'vitest';
import { tagText, tagUrl } from '../../src/core/utm.ts';
import { contentHash } from '../../src/core/ledger/hash.ts';
import { buildPublication } from '../../src/publish/content.ts';
import { editorialLineSchema } from '../../src/core/schema/index.ts';
import { postSchema } from '../../src/core/schema/index.ts';
import type { PostDoc } from '../../src/core/model.ts';

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
