/**
 * Hashtags, mentions and URLs as each network recognises them in a text. Indices are UTF-16 offsets
 * into the text, end exclusive. Every pattern is compiled once, here.
 */
import type TwitterText from 'twitter-text';
import { lazyModule } from '../lazy.ts';

const twitter = lazyModule<typeof TwitterText>('twitter-text');
import type { SocialChannelId } from './limits.ts';

export interface Entity {
  /** Without the `#` or `@`, or the whole URL. */
  value: string;
  start: number;
  end: number;
}

// ---- URLs ---------------------------------------------------------------------------------------

/**
 * Whether twitter-text could find a URL: every domain it accepts has a dot between two characters that
 * are not spaces (name, then top-level domain). Most posts have none, and skipping twitter-text spares
 * loading it and compiling its URL pattern (~40 ms) in a one-file lint. Checked against twitter-text in the tests.
 */
export function mayHoldUrl(text: string): boolean {
  return DOTTED.test(text);
}
const DOTTED = /[^\s]\.[^\s]/;

/**
 * URLs as twitter-text finds them. With `requireProtocol` only http(s):// URLs count: that is what
 * Mastodon shortens (`extract_url_without_protocol: false`); X also shortens bare domains.
 */
export function extractUrls(text: string, options: { requireProtocol: boolean }): Entity[] {
  if (!mayHoldUrl(text) || (options.requireProtocol && !text.includes('://'))) return [];
  return twitter()
    .extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: !options.requireProtocol })
    .map((url) => ({ value: url.url, start: url.indices[0], end: url.indices[1] }));
}

/** Distinct links of a text, compared without case and trailing slash. */
export function distinctLinks(text: string): string[] {
  const seen = new Map<string, string>();
  for (const url of extractUrls(text, { requireProtocol: false })) {
    const key = url.value.toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
    if (!seen.has(key)) seen.set(key, url.value);
  }
  return [...seen.values()];
}

// ---- Hashtags -----------------------------------------------------------------------------------

/** Any `#word` a reader would take for a hashtag, digits-only ones included (`#2026`). */
const HASHTAG_CANDIDATE = /(?<![\p{L}\p{N}\p{M}_&/#＃])[#＃]([\p{L}\p{M}\p{N}_]+)/gu;

/**
 * Bluesky's TAG_REGEX (atproto packages/api/src/rich-text/util.ts): `#` after a space or at the start,
 * then anything up to a space, with at least one character that is not a digit or punctuation;
 * trailing punctuation is dropped.
 */
const BLUESKY_TAG =
  /(^|\s)[#＃]((?!\uFE0F)[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20E2]*[^\d\s\p{P}\u00AD\u2060\u200A\u200B\u200C\u200D\u20E2]+[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20E2]*)?/gu;
const TRAILING_PUNCTUATION = /\p{P}+$/u;

const LETTER = /\p{L}/u;

/** X and Mastodon make a hashtag only of a `#word` with a letter: `#2026` stays text. */
export function hasLetter(tag: string): boolean {
  return LETTER.test(tag);
}

/** Every `#word` of a text, whether or not a given network will make it a tag. */
export function extractHashtagCandidates(text: string): Entity[] {
  if (!text.includes('#') && !text.includes('＃')) return [];
  return [...text.matchAll(HASHTAG_CANDIDATE)].map((m) => ({ value: m[1]!, start: m.index, end: m.index + m[0].length }));
}

/** The hashtags a network makes of a text, in order. */
export function extractHashtags(channel: SocialChannelId, text: string): Entity[] {
  if (!text.includes('#') && !text.includes('＃')) return [];
  if (channel === 'x') {
    return twitter()
      .extractHashtagsWithIndices(text)
      .map((tag) => ({ value: tag.hashtag, start: tag.indices[0], end: tag.indices[1] }));
  }
  if (channel === 'bluesky') {
    const tags: Entity[] = [];
    for (const m of text.matchAll(BLUESKY_TAG)) {
      const tag = m[2]?.trim().replace(TRAILING_PUNCTUATION, '');
      if (!tag) continue;
      const start = m.index + m[1]!.length;
      tags.push({ value: tag, start, end: start + 1 + tag.length });
    }
    return tags;
  }
  // Mastodon and the others: a hashtag needs a letter (Mastodon's HASHTAG_RE does too).
  return extractHashtagCandidates(text).filter((tag) => hasLetter(tag.value));
}

// ---- Mentions -----------------------------------------------------------------------------------

const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}'; // Ruby's [[:word:]]

/**
 * Mastodon's Account::MENTION_RE: `@user` or `@user@domain`, not after `=`, `/` or a word character.
 * Extractor drops a match followed by another `@`, a Latin accent or `://` (`@noël@…` is not `@no`),
 * and one whose domain is longer than 253 (a real domain cannot be).
 */
const MASTODON_MENTION = new RegExp(
  `(?<![=/${WORD}])@(([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[${WORD}]+(?:[.-]+[${WORD}]+)*)?)`,
  'giu',
);
const MASTODON_END_MENTION = /^(?:[@＠]|[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF]|:\/\/)/;
const MAX_DOMAIN_LENGTH = 253;

/** Mentions as Mastodon's Extractor finds them; `value` is `user` or `user@domain`. */
export function extractMastodonMentions(text: string): Entity[] {
  if (!text.includes('@')) return [];
  const mentions: Entity[] = [];
  for (const m of text.matchAll(MASTODON_MENTION)) {
    const end = m.index + m[0].length;
    if (MASTODON_END_MENTION.test(text.slice(end, end + 3))) continue;
    const domain = m[1]!.split('@')[1];
    if (domain !== undefined && domain.length > MAX_DOMAIN_LENGTH) continue;
    mentions.push({ value: m[1]!, start: m.index, end });
  }
  return mentions;
}

/** Bluesky's MENTION_REGEX: `@` after a space, `(` or the start, then handle characters. */
const BLUESKY_MENTION = /(^|\s|\()@([a-zA-Z0-9.-]+)\b/g;
/** A handle is a domain name: labels and a TLD of letters (`.test` in development). */
const BLUESKY_HANDLE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/;

/** Every `@word` Bluesky's detector looks at, handle or not (see isBlueskyHandle). */
export function extractBlueskyMentionCandidates(text: string): Entity[] {
  if (!text.includes('@')) return [];
  return [...text.matchAll(BLUESKY_MENTION)].map((m) => {
    const start = m.index + m[1]!.length;
    return { value: m[2]!, start, end: start + 1 + m[2]!.length };
  });
}

export function isBlueskyHandle(value: string): boolean {
  return BLUESKY_HANDLE.test(value);
}

/** A generic mention: `@` not inside a word or an e-mail address, then a name and maybe `@domain`. */
const GENERIC_MENTION = /(?<![\p{L}\p{N}\p{M}_.+\-@＠/=])[@＠]([\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?(?:@[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+)?)/gu;

/** X's username syntax: 1–15 of [A-Za-z0-9_]. */
const X_USERNAME = /^[A-Za-z0-9_]{1,15}$/;

export function isXUsername(value: string): boolean {
  return X_USERNAME.test(value);
}

/** Every `@name` a reader would take for a mention (`contact@brand.fr` is not one). */
export function extractMentionCandidates(text: string): Entity[] {
  if (!text.includes('@') && !text.includes('＠')) return [];
  return [...text.matchAll(GENERIC_MENTION)].map((m) => ({ value: m[1]!, start: m.index, end: m.index + m[0].length }));
}

/** The mentions a network makes of a text. */
export function extractMentions(channel: SocialChannelId, text: string): Entity[] {
  switch (channel) {
    case 'mastodon':
      return extractMastodonMentions(text);
    case 'bluesky':
      return extractBlueskyMentionCandidates(text).filter((m) => isBlueskyHandle(m.value));
    case 'x':
      if (!text.includes('@') && !text.includes('＠')) return [];
      return twitter()
        .extractMentionsWithIndices(text)
        .filter((m) => isXUsername(m.screenName))
        .map((m) => ({ value: m.screenName, start: m.indices[0], end: m.indices[1] }));
    default:
      return extractMentionCandidates(text);
  }
}
