import { describe, expect, it } from 'vitest';
import { maxPerDay, minGap, outsideSlots } from '../../../src/core/rules/cadence.ts';
import { channelEnabled } from '../../../src/core/rules/channel-enabled.ts';
import { duplicateId } from '../../../src/core/rules/duplicate-id.ts';
import { duplicateText } from '../../../src/core/rules/duplicate-text.ts';
import { pillarKnown } from '../../../src/core/rules/pillar-known.ts';
import { pillarMix } from '../../../src/core/rules/pillar-mix.ts';
import { publishTimeExists, publishTimePast } from '../../../src/core/rules/publish-time.ts';
import { variantChannel } from '../../../src/core/rules/variant-channel.ts';
import { bannedTerms } from '../../../src/core/rules/voice-banned-terms.ts';
import { hashtagVoice } from '../../../src/core/rules/voice-hashtags.ts';
import { basicPost, editorialLine } from '../../helpers/brand.ts';
import { lintPosts } from '../../helpers/lint.ts';

const rulesOf = (d: { rule: string }[]) => d.map((x) => x.rule);

describe('channel/not-enabled', () => {
  it('flags a channel missing from the editorial line, at its index in channels', () => {
    const d = lintPosts({ 'content/posts/a.mdx': basicPost({ channels: ['mastodon', 'threads'] }) }, { rules: [channelEnabled] });
    expect(d).toEqual([expect.objectContaining({ rule: 'channel/not-enabled', channel: 'threads', line: 6, message: expect.stringContaining('not in the editorial line') })]);
  });
  it('flags a disabled channel', () => {
    const line = editorialLine();
    (line.channels as Record<string, unknown>).x = { enabled: false };
    const d = lintPosts({ 'content/posts/a.mdx': basicPost({ channels: ['x'] }) }, { rules: [channelEnabled], line });
    expect(d[0]?.message).toContain('disabled');
  });
  it('passes enabled channels', () => {
    expect(lintPosts({ 'content/posts/a.mdx': basicPost({ channels: ['mastodon', 'bluesky'] }) }, { rules: [channelEnabled] })).toEqual([]);
  });
});

describe('variant/unused', () => {
  it('warns about a variant for a channel the post does not go to', () => {
    const d = lintPosts({ 'content/posts/a.mdx': basicPost({ variants: { x: { text: 'court' } } }) }, { rules: [variantChannel] });
    expect(d).toEqual([expect.objectContaining({ rule: 'variant/unused', severity: 'warning', channel: 'x' })]);
  });
});

describe('pillar/unknown', () => {
  it('suggests the closest pillar', () => {
    const d = lintPosts({ 'content/posts/a.mdx': basicPost({ pillar: 'produit' }) }, { rules: [pillarKnown] });
    expect(d[0]).toMatchObject({ rule: 'pillar/unknown', severity: 'error', message: expect.stringContaining('did you mean `produits`') });
  });
  it('warns when a post has no pillar', () => {
    const d = lintPosts({ 'content/posts/a.mdx': basicPost({ pillar: undefined }) }, { rules: [pillarKnown] });
    expect(d[0]).toMatchObject({ severity: 'warning' });
  });
});

describe('date/dst and date/past', () => {
  it('refuses 02:30 on the spring-forward and fall-back nights in the brand time zone', () => {
    const d = lintPosts(
      {
        'content/posts/spring.mdx': basicPost({ publishAt: '2027-03-28T02:30' }),
        'content/posts/fall.mdx': basicPost({ publishAt: '2026-10-25T02:30' }),
        'content/posts/variant.mdx': basicPost({ variants: { mastodon: { publishAt: '2027-03-28T02:15' } } }),
      },
      { rules: [publishTimeExists] },
    );
    expect(d.map((x) => [x.file, x.rule])).toEqual([
      ['content/posts/fall.mdx', 'date/dst'],
      ['content/posts/spring.mdx', 'date/dst'],
      ['content/posts/variant.mdx', 'date/dst'],
    ]);
    expect(d.find((x) => x.file.includes('variant'))?.line).toBe(10);
  });
  it('warns about a ready post whose time has passed, not about drafts', () => {
    const d = lintPosts(
      { 'content/posts/late.mdx': basicPost({ publishAt: '2026-11-20T09:00' }), 'content/posts/draft.mdx': basicPost({ publishAt: '2026-11-20T09:00', status: 'draft' }) },
      { rules: [publishTimePast] },
    );
    expect(d).toEqual([expect.objectContaining({ file: 'content/posts/late.mdx', rule: 'date/past', severity: 'warning', message: expect.stringContaining('next run') })]);
  });
});

describe('voice rules', () => {
  it('finds banned terms whatever their case and accents, in every public text', () => {
    const d = lintPosts(
      { 'content/posts/a.mdx': basicPost({ text: 'Des croissants PAS CHÈR du tout', thread: [{ text: 'Un esprit low-cost ? Non : low cost jamais.' }] }) },
      { rules: [bannedTerms] },
    );
    expect(d.map((x) => x.message)).toEqual([expect.stringContaining('« pas cher »'), expect.stringContaining('« low cost »')]);
  });
  it('does not match inside other words', () => {
    const line = editorialLine({ voice: { bannedTerms: ['top'] } });
    expect(lintPosts({ 'content/posts/a.mdx': basicPost({ text: 'Une toppeuse et un stop.' }) }, { rules: [bannedTerms], line })).toEqual([]);
  });
  it('limits hashtags and refuses forbidden ones', () => {
    const d = lintPosts({ 'content/posts/a.mdx': basicPost({ text: 'Pain #levain #bio #lyon #croixrousse #Promo' }) }, { rules: [hashtagVoice] });
    expect(d.map((x) => x.message)).toEqual([expect.stringContaining('5 hashtags'), expect.stringContaining('forbidden by the editorial line: #Promo')]);
  });
  it('asks for required hashtags as a warning', () => {
    const line = editorialLine({ voice: { requiredHashtags: ['#BoulangerieTest'] } });
    const d = lintPosts({ 'content/posts/a.mdx': basicPost() }, { rules: [hashtagVoice], line });
    expect(d).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('#BoulangerieTest') })]);
  });
});

describe('collection rules', () => {
  it('post/duplicate-id: two files with one id', () => {
    const d = lintPosts({ 'content/posts/a.mdx': basicPost({ id: 'pain' }), 'content/posts/b.mdx': basicPost({ id: 'pain', publishAt: '2026-12-08T09:00', text: 'autre' }) }, { rules: [duplicateId] });
    expect(d.map((x) => x.file)).toEqual(['content/posts/a.mdx', 'content/posts/b.mdx']);
  });
  it('text/duplicate: the same text on a channel, ignoring case and spacing, but not across channels', () => {
    const d = lintPosts(
      {
        'content/posts/a.mdx': basicPost(),
        'content/posts/b.mdx': basicPost({ publishAt: '2026-12-09T09:00', text: '  notre nouveau pain au levain  sort du four ce matin.' }),
        'content/posts/c.mdx': basicPost({ publishAt: '2026-12-10T09:00', channels: ['bluesky'] }),
      },
      { rules: [duplicateText] },
    );
    expect(d).toEqual([expect.objectContaining({ file: 'content/posts/b.mdx', channel: 'mastodon' })]);
  });
  it('cadence/max-per-day counts days in the brand time zone', () => {
    const posts = {
      'content/posts/a.mdx': basicPost({ channels: ['instagram'], publishAt: '2026-12-07T09:00', text: 'a' }),
      // 23:30 UTC on the 6th is 00:30 on the 7th in Paris: same day as a.
      'content/posts/b.mdx': basicPost({ channels: ['instagram'], publishAt: '2026-12-06T23:30Z', text: 'b' }),
      'content/posts/c.mdx': basicPost({ channels: ['instagram'], publishAt: '2026-12-08T09:00', text: 'c' }),
    };
    const d = lintPosts(posts, { rules: [maxPerDay] });
    expect(d).toEqual([expect.objectContaining({ file: 'content/posts/a.mdx', rule: 'cadence/max-per-day', message: expect.stringContaining('2 instagram posts on 2026-12-07') })]);
  });
  it('cadence/min-gap flags the later of two close posts', () => {
    const d = lintPosts(
      { 'content/posts/a.mdx': basicPost({ publishAt: '2026-12-07T09:00' }), 'content/posts/b.mdx': basicPost({ publishAt: '2026-12-07T10:00', text: 'b' }) },
      { rules: [minGap] },
    );
    expect(d).toEqual([expect.objectContaining({ file: 'content/posts/b.mdx', message: expect.stringContaining('only 60 min') })]);
  });
  it('cadence/slot warns outside the weekday slots, ignores drafts', () => {
    const d = lintPosts(
      {
        'content/posts/ok.mdx': basicPost({ publishAt: '2026-12-07T18:00' }),
        'content/posts/off.mdx': basicPost({ publishAt: '2026-12-12T18:00', text: 'samedi' }),
        'content/posts/draft.mdx': basicPost({ publishAt: '2026-12-12T19:00', text: 'brouillon', status: 'draft' }),
      },
      { rules: [outsideSlots] },
    );
    expect(d).toEqual([expect.objectContaining({ file: 'content/posts/off.mdx', severity: 'warning', message: 'sat 18:00 is not a mastodon slot (sat: 10:00)' })]);
  });
  it('pillar/mix warns when a pillar exceeds its max share in the window', () => {
    const posts: Record<string, Record<string, unknown>> = {};
    for (let i = 1; i <= 8; i++) {
      posts[`content/posts/p${i}.mdx`] = basicPost({ channels: ['bluesky'], publishAt: `2026-12-${String(i).padStart(2, '0')}T09:00`, text: `texte ${i}`, pillar: i <= 2 ? 'coulisses' : 'produits' });
    }
    const d = lintPosts(posts, { rules: [pillarMix] });
    expect(d.length).toBeGreaterThan(0);
    expect(d.every((x) => x.message.includes('produits'))).toBe(true);
    expect(d[0]?.message).toMatch(/reaches \d+% of the \d+ posts in the 28 days/);
  });
});
