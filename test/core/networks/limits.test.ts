import { describe, expect, it } from 'vitest';
import { SOCIAL_CHANNEL_IDS } from '../../../src/core/channels.ts';
import { effectiveLimits, NETWORK_LIMITS, textLimit } from '../../../src/core/networks/limits.ts';

describe('NETWORK_LIMITS', () => {
  it('has every social channel and no blog', () => {
    expect(Object.keys(NETWORK_LIMITS).sort()).toEqual([...SOCIAL_CHANNEL_IDS].sort());
  });

  it('states the networks.md §1 numbers', () => {
    expect(NETWORK_LIMITS.x.text).toMatchObject({ counting: 'x-weighted', maxCharacters: 280, charactersPerUrl: 23 });
    expect(NETWORK_LIMITS.bluesky.text).toMatchObject({ counting: 'bluesky', maxCharacters: 300, maxBytes: 3000 });
    expect(NETWORK_LIMITS.mastodon.text).toMatchObject({ counting: 'graphemes', maxCharacters: 500, charactersPerUrl: 23 });
    expect(NETWORK_LIMITS.threads.text).toMatchObject({ counting: 'threads-emoji-bytes', maxCharacters: 500, maxLinks: 5 });
    expect(NETWORK_LIMITS.telegram.text).toMatchObject({ counting: 'codepoints', maxCharacters: 4096, maxCharactersWithMedia: 1024 });
    expect(NETWORK_LIMITS.instagram.tags).toMatchObject({ maxHashtags: 30, maxMentions: 20 });
    expect(NETWORK_LIMITS.instagram.image).toMatchObject({ accepted: ['jpeg'], maxBytes: 8_000_000, aspect: { min: 0.8, max: 1.91 } });
    expect(NETWORK_LIMITS.mastodon.image).toMatchObject({ maxBytes: 16_777_216, maxPixels: 33_177_600 });
    expect(NETWORK_LIMITS.bluesky.image.maxBytes).toBe(2_000_000);
    const withoutReplies = SOCIAL_CHANNEL_IDS.filter((id) => !NETWORK_LIMITS[id].replies.replyChains).sort();
    expect(withoutReplies).toEqual(['discord', 'facebook', 'instagram', 'linkedin', 'slack']);
  });
});

describe('effectiveLimits', () => {
  it('returns the defaults without overrides', () => {
    expect(effectiveLimits('mastodon')).toBe(NETWORK_LIMITS.mastodon);
  });

  it('applies an instance’s overrides without touching the table', () => {
    const limits = effectiveLimits('mastodon', { maxCharacters: 1000, maxMedia: 8, charactersPerUrl: 30, maxAltText: 4000, maxImageBytes: 8_000_000 });
    expect(limits.text.maxCharacters).toBe(1000);
    expect(limits.text.charactersPerUrl).toBe(30);
    expect(limits.media.maxPerPost).toBe(8);
    expect(limits.alt.maxLength).toBe(4000);
    expect(limits.image.maxBytes).toBe(8_000_000);
    expect(NETWORK_LIMITS.mastodon.text.maxCharacters).toBe(500);
  });

  it('ignores charactersPerUrl where URLs count as written', () => {
    expect(effectiveLimits('linkedin', { charactersPerUrl: 23 }).text.charactersPerUrl).toBeUndefined();
  });

  it('trusts a brand’s own number over a third-party one', () => {
    expect(NETWORK_LIMITS.facebook.textUnverified).toBe(true);
    expect(effectiveLimits('facebook', { maxCharacters: 5000 }).textUnverified).toBeUndefined();
    expect(effectiveLimits('facebook', { maxImageBytes: 10_000_000 }).image.bytesUnverified).toBeUndefined();
  });

  it('gives the caption limit for text with media', () => {
    expect(textLimit(NETWORK_LIMITS.telegram, true)).toBe(1024);
    expect(textLimit(NETWORK_LIMITS.telegram, false)).toBe(4096);
    expect(textLimit(NETWORK_LIMITS.x, true)).toBe(280);
  });
});
