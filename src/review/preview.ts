/**
 * What each network will show for a post: the exact text it receives (publishedText), counted the way
 * it counts (countText), where it would be cut, the link card, the thread parts in order, the media with
 * their alt text, and when it goes out in the brand's zone and in UTC. Pure: media facts are passed in.
 */
import { CHANNEL_LABELS, type ChannelId } from '../core/channels.ts';
import type { MediaInfo, PostDoc } from '../core/model.ts';
import { appendsLink, publishedText } from '../core/networks/compose.ts';
import { countText, describeCounting } from '../core/networks/count.ts';
import { taggedContent, utmContext } from '../core/utm.ts';
import { effectiveLimits, type LinkPlacement, type SocialChannelId } from '../core/networks/limits.ts';
import { channelContent, mediaPath } from '../core/post.ts';
import type { EditorialLine, Media } from '../core/schema/index.ts';
import { resolveDateTime, toZonedIso } from '../core/time.ts';

export interface TextPreview {
  /** The text exactly as the network receives it. */
  text: string;
  length: number;
  limit: number;
  unit: string;
  /** How the network counts, in words. */
  counting: string;
  /** When over the limit: the UTF-16 index where the network would cut (the text before it fits). */
  cutAt?: number;
}

export interface MediaPreview {
  src: string;
  /** Repository-relative path, or the URL for remote media. */
  path: string;
  alt: string;
  format?: string;
  width?: number;
  height?: number;
  bytes?: number;
  animated?: boolean;
  /** Why the file could not be read, when it could not. */
  problem?: string;
}

export interface PartPreview {
  text: TextPreview;
  media: MediaPreview[];
}

export type SlotState = 'scheduled' | 'expired' | 'published' | 'draft' | 'retracted' | 'unresolved';

export interface ChannelPreview {
  channel: ChannelId;
  label: string;
  /** The publish time in the brand's zone (ISO with offset) and in UTC; absent when it does not resolve. */
  publishAt: { written: string; local?: string; utc?: string; timeZone: string; problem?: string };
  state: SlotState;
  /** The first post, then each reply of the thread, in order. Empty for the blog. */
  parts: PartPreview[];
  /** The network publishes the thread parts as replies. */
  threadSupported: boolean;
  link?: { url: string; placement: LinkPlacement; appended: boolean };
  spoiler?: string;
  firstComment?: string;
  /** Blog channel: the article. */
  article?: { title: string; description?: string; url?: string; words: number };
}

export interface PreviewContext {
  line: EditorialLine | undefined;
  nowMs: number;
  /** Media facts keyed by repository-relative path. */
  media: ReadonlyMap<string, MediaInfo>;
  /** `postId:channel` pairs already published (the ledger). */
  published: ReadonlySet<string>;
}

export function previewPost(post: PostDoc, ctx: PreviewContext): ChannelPreview[] {
  return post.data.channels.map((channel) => previewChannel(post, channel, ctx));
}

function mediaPreview(post: PostDoc, media: readonly Media[] | undefined, ctx: PreviewContext): MediaPreview[] {
  return (media ?? []).map((m) => {
    const remote = /^https?:\/\//.test(m.src);
    const repoPath = remote ? m.src : mediaPath(post.file, m.src);
    const info = ctx.media.get(repoPath);
    const base: MediaPreview = { src: m.src, path: repoPath, alt: m.alt };
    if (!info) return base;
    if (!info.ok) return { ...base, problem: info.reason };
    return { ...base, format: info.format, width: info.width, height: info.height, bytes: info.bytes, animated: info.animated };
  });
}

function slotState(post: PostDoc, channel: ChannelId, atMs: number | undefined, ctx: PreviewContext): SlotState {
  if (post.data.status === 'retracted') return 'retracted';
  if (ctx.published.has(`${post.id}:${channel}`)) return 'published';
  if (post.data.status === 'draft') return 'draft';
  if (atMs === undefined) return 'unresolved';
  return atMs <= ctx.nowMs ? 'expired' : 'scheduled';
}

export function previewChannel(post: PostDoc, channel: ChannelId, ctx: PreviewContext): ChannelPreview {
  const content = channelContent(post.data, channel);
  const timeZone = ctx.line?.brand.timezone ?? 'Europe/Paris';
  const resolved = resolveDateTime(content.publishAt, timeZone);
  const publishAt = resolved.ok
    ? { written: content.publishAt, local: toZonedIso(resolved.epochMs, timeZone), utc: new Date(resolved.epochMs).toISOString().replace('.000Z', 'Z'), timeZone }
    : { written: content.publishAt, timeZone, problem: resolved.reason };
  const state = slotState(post, channel, resolved.ok ? resolved.epochMs : undefined, ctx);
  const base = { channel, label: CHANNEL_LABELS[channel], publishAt, state };

  if (channel === 'blog') {
    const siteUrl = ctx.line?.brand.siteUrl?.replace(/\/+$/, '');
    const words = post.body.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    return {
      ...base,
      parts: [],
      threadSupported: false,
      article: { title: post.data.title, ...(post.data.description ? { description: post.data.description } : {}), ...(siteUrl ? { url: `${siteUrl}/blog/${post.id}/` } : {}), words },
    };
  }

  const social = channel as SocialChannelId;
  const limits = effectiveLimits(social, ctx.line?.channels[channel]?.limits);
  const count = (text: string, withMedia: boolean, spoiler?: string): TextPreview => {
    const c = countText(social, text, limits, { withMedia, ...(spoiler !== undefined ? { spoiler } : {}) });
    return { text, length: c.length, limit: c.limit, unit: c.unit, counting: describeCounting(limits, c), ...(c.overflowIndex !== undefined ? { cutAt: c.overflowIndex } : {}) };
  };
  // The texts as sent: the brand's links with the UTM tags publishing adds (src/core/utm.ts).
  const utm = utmContext(ctx.line, channel, post.id, post.data.campaign);
  const first = taggedContent(content.text ?? '', content.link, utm);
  const firstText = publishedText(limits, first.text, first.link);
  const parts: PartPreview[] = [
    { text: count(firstText, content.media.length > 0, content.spoiler), media: mediaPreview(post, content.media, ctx) },
    ...content.thread.map((part) => ({ text: count(taggedContent(part.text, undefined, utm).text, (part.media?.length ?? 0) > 0), media: mediaPreview(post, part.media, ctx) })),
  ];
  return {
    ...base,
    parts,
    threadSupported: limits.replies.replyChains,
    ...(first.link ? { link: { url: first.link, placement: limits.link, appended: appendsLink(limits, first.text, first.link) } } : {}),
    ...(content.spoiler ? { spoiler: content.spoiler } : {}),
    ...(content.firstComment ? { firstComment: content.firstComment } : {}),
  };
}
