/**
 * What each network accepts, as /work/shared/networks.md §1–2 states it (mid-2026). Lint checks posts
 * against this table and the publishing adapters read it too, so it also says what Cadence fixes on
 * publish (format conversion, downscaling) and what it cannot fix (aspect ratio, animations).
 *
 * Where a network publishes its limits at run time (Mastodon `/api/v2/instance`, …) these numbers are
 * the defaults; a brand states its instance's numbers in the editorial line (`channels.<id>.limits`),
 * which `effectiveLimits` applies.
 */
import type { ChannelId } from '../channels.ts';
import type { LimitOverrides } from '../schema/index.ts';

export type SocialChannelId = Exclude<ChannelId, 'blog'>;

/**
 * How a network measures a text:
 * - `x-weighted`: twitter-text v3 weighted length (NFC; most scripts weigh 2, Latin 1; emoji 2; URL 23);
 * - `bluesky`: extended grapheme clusters AND UTF-8 bytes, two limits;
 * - `graphemes`: grapheme clusters (Mastodon, with its URL and mention rewriting when configured);
 * - `threads-emoji-bytes`: per grapheme, its UTF-8 byte length if it is an emoji, else 1;
 * - `codepoints`: Unicode code points (Telegram, TDLib's utf8_length);
 * - `utf16`: JavaScript `length`, where a network does not say (safe: never less than code points).
 */
export type CountingMode = 'x-weighted' | 'bluesky' | 'graphemes' | 'threads-emoji-bytes' | 'codepoints' | 'utf16';

export interface TextLimits {
  counting: CountingMode;
  maxCharacters: number;
  /** Bluesky's second limit, in UTF-8 bytes. */
  maxBytes?: number;
  /** A lower limit when media go with the text (Telegram caption, Slack section block). */
  maxCharactersWithMedia?: number;
  /** What every URL counts for, whatever its length. Absent: URLs count as written. */
  charactersPerUrl?: number;
  /** Mastodon counts `@user@domain` as `@user`. */
  mentionDomainFree?: boolean;
  /** Mastodon counts `spoiler_text` + text against one limit. */
  countsSpoiler?: boolean;
  /** Threads refuses more distinct links than this (THREADS_API__LINK_LIMIT_EXCEEDED). */
  maxLinks?: number;
  /** Characters that make the network refuse the post. */
  invalidCharacters?: readonly string[];
}

export interface TagLimits {
  /** Hashtags per text above which the network refuses the post (Instagram 30). */
  maxHashtags?: number;
  /** Only this many hashtags become tags; the rest stay plain text (Threads: 1 topic tag). */
  linkedHashtags?: number;
  /** Longest tag, without `#`, in graphemes (Bluesky 64, Threads topic tag 50). */
  maxHashtagLength?: number;
  /** Longest tag in UTF-8 bytes (Bluesky 640). */
  maxHashtagBytes?: number;
  /** X: a `#tag` needs at least one letter (`#2026` is not a hashtag). */
  hashtagNeedsLetter?: boolean;
  /** Mentions per text above which the network refuses the post (Instagram 20). */
  maxMentions?: number;
  /** What a mention must look like to become one: X `@name` (1–15 of [A-Za-z0-9_]), a Bluesky handle (a domain). */
  mentionSyntax?: 'x-username' | 'bluesky-handle';
}

export interface ReplyLimits {
  /** The network can publish the thread parts as a reply chain. */
  replyChains: boolean;
  /** Cadence can post `firstComment` right after the post (comment APIs: LinkedIn, Facebook, Instagram). */
  firstComment: boolean;
}

export interface MediaLimits {
  /** Media per post (per thread part); absent: no documented limit. */
  maxPerPost?: number;
  /** A post needs at least one medium (Instagram). */
  required: boolean;
  /** The network takes video at all. */
  video: boolean;
  /** A video must be the only medium of its post (X, Bluesky, LinkedIn). */
  videoAlone: boolean;
  /** An animated GIF must be the only medium of its post (X: "4 images or 1 GIF or 1 video"). */
  animatedAlone: boolean;
  /** Any one file, video included (Discord 10 MiB). */
  maxFileBytes?: number;
  /** All files of one request together (Discord 25 MiB). */
  maxTotalBytes?: number;
  /**
   * The network downloads media from a public URL itself (Instagram, Threads, Slack): Cadence cannot
   * convert or resize them on the way, and only https:// or public/ files have a URL (public-media.ts).
   */
  byPublicUrl?: boolean;
}

/** An inclusive range of width ÷ height. */
export interface AspectRange {
  min: number;
  max: number;
  /** How the network writes it, for messages. */
  label: string;
}

export interface ImageLimits {
  /** sharp format names the network takes as they are; `any` for Discord files. */
  accepted: readonly string[] | 'any';
  /** Where the facts come only from third parties (networks.md [3rd]): lint warns instead of failing. */
  acceptedUnverified?: boolean;
  /** What Cadence converts a refused still image to on publish. */
  convertTo?: string;
  maxBytes?: number;
  /** Animated images have their own cap (X GIF 15 MB, Telegram animations as files 50 MB). */
  maxAnimatedBytes?: number;
  bytesUnverified?: boolean;
  maxPixels?: number;
  /** Telegram: width + height. */
  maxWidthPlusHeight?: number;
  minWidth?: number;
  maxWidth?: number;
  aspect?: AspectRange;
  /** Instagram wants sRGB; Cadence converts other colour spaces on publish. */
  srgb?: boolean;
}

export interface AltLimits {
  /** `required`: the field must be sent (it may be ""); `none`: the network has nowhere to put it. */
  field: 'required' | 'optional' | 'none';
  /** In code points (Ruby `length`, JSON Schema `maxLength`). Absent: not documented. */
  maxLength?: number;
}

/**
 * Where a post's `link` goes: appended to the text (the network makes a card from a URL in the text),
 * a separate API field (no cost in characters), or nowhere (Instagram links are not clickable).
 */
export type LinkPlacement = 'text' | 'field' | 'none';

export interface NetworkLimits {
  text: TextLimits;
  /** `text` limits stated only by third parties (networks.md [3rd]): lint warns instead of failing. */
  textUnverified?: boolean;
  tags: TagLimits;
  replies: ReplyLimits;
  media: MediaLimits;
  image: ImageLimits;
  alt: AltLimits;
  link: LinkPlacement;
}

const MB = 1_000_000;
const MiB = 1_048_576;

/**
 * Still-image formats Cadence re-encodes with sharp on publish when a network refuses them.
 * Not `heif`: sharp reports AVIF and HEIC both as `heif`, and prebuilt sharp cannot decode HEIC (HEVC).
 * Not `svg`: rasterising needs a size and a background the author should choose.
 * Animated images are never converted: a still format would drop the animation.
 */
export const CONVERTIBLE_STILL_FORMATS: readonly string[] = ['jpeg', 'png', 'webp', 'avif', 'tiff', 'gif'];

/** Containers the media edge reports for videos (src/content/media.ts): sharp reads no video. */
export const VIDEO_FORMATS: readonly string[] = ['mp4', 'mov', 'webm', 'm4v'];

export const NETWORK_LIMITS: Readonly<Record<SocialChannelId, NetworkLimits>> = {
  x: {
    // 280 weighted, twitter-text v3, URL = 23. X Premium allows longer posts [3rd]; Cadence assumes a standard account.
    // U+FFFE, U+FEFF and U+FFFF make a post invalid (twitter-text hasInvalidCharacters).
    text: { counting: 'x-weighted', maxCharacters: 280, charactersPerUrl: 23, invalidCharacters: ['\uFFFE', '\uFEFF', '\uFFFF'] },
    tags: { hashtagNeedsLetter: true, mentionSyntax: 'x-username' },
    replies: { replyChains: true, firstComment: false }, // reply.in_reply_to_tweet_id
    media: { maxPerPost: 4, required: false, video: true, videoAlone: true, animatedAlone: true }, // 4 images or 1 GIF or 1 video
    image: { accepted: ['jpeg', 'png', 'gif', 'webp'], convertTo: 'jpeg', maxBytes: 5 * MB, maxAnimatedBytes: 15 * MB },
    alt: { field: 'optional', maxLength: 1000 }, // CreateMediaMetadataMetadataAltText maxLength 1000
    link: 'text', // no link field: the card comes from a URL in the text
  },
  bluesky: {
    text: { counting: 'bluesky', maxCharacters: 300, maxBytes: 3000 }, // lexicon maxGraphemes 300 / maxLength 3000
    tags: { maxHashtagLength: 64, maxHashtagBytes: 640, mentionSyntax: 'bluesky-handle' }, // #tag facet ≤64 graph / 640 bytes
    replies: { replyChains: true, firstComment: false }, // reply{root,parent}
    // embed.images ≤4 or 1 video; embed.gallery (≤20) is too new to rely on.
    media: { maxPerPost: 4, required: false, video: true, videoAlone: true, animatedAlone: false },
    // The lexicon takes any image/* blob ≤2,000,000 B; the app renders the common web formats, so Cadence converts the rest.
    image: { accepted: ['jpeg', 'png', 'gif', 'webp'], convertTo: 'jpeg', maxBytes: 2_000_000 },
    alt: { field: 'required', maxLength: 2000 }, // alt is a required field (may be ""); social-app MAX_ALT_TEXT 2000
    link: 'field', // embed.external card
  },
  mastodon: {
    // configuration.statuses: max_characters 500, characters_reserved_per_url 23; spoiler_text counts too.
    text: { counting: 'graphemes', maxCharacters: 500, charactersPerUrl: 23, mentionDomainFree: true, countsSpoiler: true },
    tags: {},
    replies: { replyChains: true, firstComment: false }, // in_reply_to_id
    media: { maxPerPost: 4, required: false, video: true, videoAlone: false, animatedAlone: false }, // max_media_attachments 4
    // supported_mime_types (jpeg png gif webp heic avif …); image_size_limit 16 MiB; image_matrix_limit 33,177,600 px.
    image: { accepted: ['jpeg', 'png', 'gif', 'webp', 'heif', 'avif'], convertTo: 'jpeg', maxBytes: 16 * MiB, maxPixels: 33_177_600 },
    alt: { field: 'optional', maxLength: 1500 }, // description_limit
    link: 'text', // the card comes from the first URL of the text
  },
  linkedin: {
    text: { counting: 'utf16', maxCharacters: 3000 }, // counting not specified: utf16 is the safe reading
    tags: {},
    replies: { replyChains: false, firstComment: true }, // comments are a separate API
    media: { maxPerPost: 20, required: false, video: true, videoAlone: true, animatedAlone: false }, // 1 image, MultiImage 2–20, or 1 video/doc
    image: { accepted: ['jpeg', 'png', 'gif'], convertTo: 'jpeg', maxPixels: 36_152_319 }, // < 36,152,320 px
    alt: { field: 'optional' }, // altText, limit not documented
    link: 'text', // plain URLs are auto-linked
  },
  facebook: {
    text: { counting: 'utf16', maxCharacters: 63_206 },
    textUnverified: true, // 63,206 [3rd]
    tags: {},
    replies: { replyChains: false, firstComment: true },
    media: { required: false, video: true, videoAlone: false, animatedAlone: false }, // attached_media, no documented maximum
    // JPEG BMP PNG GIF TIFF, ~4 MB [3rd] (sharp has no BMP reader, so BMP files never reach this check).
    image: { accepted: ['jpeg', 'png', 'gif', 'tiff'], acceptedUnverified: true, convertTo: 'jpeg', maxBytes: 4 * MB, bytesUnverified: true },
    alt: { field: 'optional' }, // alt_text_custom [unverified]
    link: 'field', // `link` parameter
  },
  instagram: {
    text: { counting: 'utf16', maxCharacters: 2200 },
    tags: { maxHashtags: 30, maxMentions: 20 },
    replies: { replyChains: false, firstComment: true },
    media: { maxPerPost: 10, required: true, video: true, videoAlone: false, animatedAlone: false, byPublicUrl: true }, // 1, or a carousel of 2–10
    image: {
      accepted: ['jpeg'], // JPEG only
      convertTo: 'jpeg',
      maxBytes: 8 * MB,
      minWidth: 320, // 320–1440, rescaled by Instagram
      maxWidth: 1440,
      aspect: { min: 0.8, max: 1.91, label: '4:5 (0.8) to 1.91:1' },
      srgb: true,
    },
    alt: { field: 'optional' }, // alt_text, images only
    link: 'none', // links in captions are not clickable
  },
  threads: {
    text: { counting: 'threads-emoji-bytes', maxCharacters: 500, maxLinks: 5 },
    tags: { linkedHashtags: 1, maxHashtagLength: 50 }, // 1 topic tag, 1–50 chars, no `.` or `&`
    replies: { replyChains: true, firstComment: false }, // reply_to_id
    media: { maxPerPost: 20, required: false, video: true, videoAlone: false, animatedAlone: false, byPublicUrl: true }, // 1, or a carousel of 2–20
    image: {
      accepted: ['jpeg', 'png'],
      convertTo: 'jpeg',
      maxBytes: 8 * MB,
      minWidth: 320,
      maxWidth: 1440,
      aspect: { min: 1 / 10, max: 10, label: 'at most 10:1 either way' },
    },
    alt: { field: 'optional', maxLength: 1000 },
    link: 'field', // link_attachment
  },
  discord: {
    text: { counting: 'utf16', maxCharacters: 2000 }, // content maxLength 2000
    tags: {},
    replies: { replyChains: false, firstComment: false }, // thread_id is a forum thread, not a reply chain
    // Any file type, 10 MiB per file, 25 MiB per request.
    media: { maxPerPost: 10, required: false, video: true, videoAlone: false, animatedAlone: false, maxFileBytes: 10 * MiB, maxTotalBytes: 25 * MiB },
    image: { accepted: 'any' },
    alt: { field: 'optional', maxLength: 1024 }, // attachment description
    link: 'text',
  },
  telegram: {
    // 1–4096 code points after entity parsing; a caption (text sent with media) 0–1024.
    text: { counting: 'codepoints', maxCharacters: 4096, maxCharactersWithMedia: 1024 },
    tags: {},
    replies: { replyChains: true, firstComment: false }, // reply_parameters.message_id
    media: { maxPerPost: 10, required: false, video: true, videoAlone: false, animatedAlone: false }, // media group 2–10
    // sendPhoto: ≤10 MB, w+h ≤10000, ratio ≤20. GIFs go as animations, "other files" ≤50 MB.
    image: {
      accepted: ['jpeg', 'png', 'webp', 'gif'],
      convertTo: 'jpeg',
      maxBytes: 10 * MB,
      maxAnimatedBytes: 50 * MB,
      maxWidthPlusHeight: 10_000,
      aspect: { min: 1 / 20, max: 20, label: 'at most 20:1 either way' },
    },
    alt: { field: 'none' },
    link: 'text',
  },
  slack: {
    // `text` is truncated above 40,000; with images the text goes in a section block (≤3000) next to image blocks.
    text: { counting: 'utf16', maxCharacters: 40_000, maxCharactersWithMedia: 3000 },
    tags: {},
    replies: { replyChains: false, firstComment: false }, // the webhook answers only `ok`: no ts to reply to
    // Images only, by URL, one image block each: 50 blocks minus the text's section block.
    media: { maxPerPost: 49, required: false, video: false, videoAlone: false, animatedAlone: false, byPublicUrl: true },
    image: { accepted: ['jpeg', 'png', 'gif'], convertTo: 'jpeg' }, // image block formats (Slack Block Kit docs)
    alt: { field: 'optional', maxLength: 2000 }, // image alt_text ≤2000
    link: 'text',
  },
};

/**
 * The limits for one channel of a brand: the table's defaults with the editorial line's overrides
 * (`channels.<id>.limits`). `charactersPerUrl` only applies to networks that shorten URLs at all.
 */
export function effectiveLimits(channel: SocialChannelId, overrides?: LimitOverrides): NetworkLimits {
  const base = NETWORK_LIMITS[channel];
  if (!overrides) return base;
  const text: TextLimits = { ...base.text };
  if (overrides.maxCharacters !== undefined) text.maxCharacters = overrides.maxCharacters;
  if (overrides.charactersPerUrl !== undefined && base.text.charactersPerUrl !== undefined) {
    text.charactersPerUrl = overrides.charactersPerUrl;
  }
  const media: MediaLimits = { ...base.media };
  if (overrides.maxMedia !== undefined) media.maxPerPost = overrides.maxMedia;
  const image: ImageLimits = { ...base.image };
  if (overrides.maxImageBytes !== undefined) {
    image.maxBytes = overrides.maxImageBytes;
    delete image.bytesUnverified; // the brand states its own number
  }
  const alt: AltLimits = { ...base.alt };
  if (overrides.maxAltText !== undefined) alt.maxLength = overrides.maxAltText;
  const limits: NetworkLimits = { ...base, text, media, image, alt };
  // An explicit character limit is the brand's word, no longer a third-party guess.
  if (overrides.maxCharacters !== undefined) delete limits.textUnverified;
  return limits;
}

/** The text limit that applies to one text: the caption limit when media go with it. */
export function textLimit(limits: NetworkLimits, withMedia: boolean): number {
  return withMedia && limits.text.maxCharactersWithMedia !== undefined ? limits.text.maxCharactersWithMedia : limits.text.maxCharacters;
}

export function isVideoFormat(format: string): boolean {
  return VIDEO_FORMATS.includes(format);
}
