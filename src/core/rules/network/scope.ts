/**
 * What the network rules walk through: each social channel a post goes to (enabled in the editorial
 * line), with its effective limits, and the texts and media that channel publishes.
 */
import { CHANNEL_LABELS } from '../../channels.ts';
import type { FieldPath } from '../../diagnostics.ts';
import type { LintContext, MediaInfo, PostDoc } from '../../model.ts';
import { effectiveLimits, type NetworkLimits, type SocialChannelId } from '../../networks/limits.ts';
import { channelContent, mediaPath, type ChannelContent } from '../../post.ts';
import type { Media } from '../../schema/index.ts';

export interface ChannelScope {
  channel: SocialChannelId;
  /** "Instagram", for messages. */
  label: string;
  limits: NetworkLimits;
  content: ChannelContent;
}

/**
 * The social channels of a post. A channel the editorial line disables is skipped: channel/not-enabled
 * reports it, and its limits do not matter while it publishes nothing.
 */
export function channelScopes(post: PostDoc, ctx: LintContext): readonly ChannelScope[] {
  // Seventeen rules ask for the same post in a row: compute once per post and context.
  const cached = scopeCache.get(post);
  if (cached?.ctx === ctx) return cached.scopes;
  const scopes = computeScopes(post, ctx);
  scopeCache.set(post, { ctx, scopes });
  return scopes;
}

const scopeCache = new WeakMap<PostDoc, { ctx: LintContext; scopes: readonly ChannelScope[] }>();

function computeScopes(post: PostDoc, ctx: LintContext): ChannelScope[] {
  const scopes: ChannelScope[] = [];
  for (const channel of new Set(post.data.channels)) {
    if (channel === 'blog') continue;
    const settings = ctx.line?.channels[channel];
    if (settings?.enabled === false) continue;
    scopes.push({
      channel,
      label: CHANNEL_LABELS[channel],
      limits: effectiveLimits(channel, settings?.limits),
      content: channelContent(post.data, channel),
    });
  }
  return scopes;
}

/** One text a channel publishes: the post, a reply of the thread, or the first comment. */
export interface TextPiece {
  role: 'text' | 'thread' | 'first-comment';
  text: string;
  path: FieldPath;
  /** Media go out with this text (Telegram captions, Slack blocks). */
  withMedia: boolean;
  /** "thread part 2", for messages. */
  name: string;
}

/**
 * The texts a channel publishes. Thread parts only where the network has reply chains, the first
 * comment only where it has comments: elsewhere they are not published (thread/unsupported says so).
 * No network documents a separate limit for comments, so a first comment is held to the post's.
 */
export function textPieces(scope: ChannelScope): TextPiece[] {
  const { content, limits } = scope;
  const pieces: TextPiece[] = [];
  if (content.text !== undefined) {
    pieces.push({ role: 'text', text: content.text, path: content.textPath, withMedia: content.media.length > 0, name: 'the text' });
  }
  if (limits.replies.replyChains) {
    content.thread.forEach((part, i) =>
      pieces.push({
        role: 'thread',
        text: part.text,
        path: [...content.threadPath, i, 'text'],
        withMedia: (part.media?.length ?? 0) > 0,
        name: `thread part ${i + 1}`,
      }),
    );
  }
  if (limits.replies.firstComment && content.firstComment !== undefined) {
    pieces.push({ role: 'first-comment', text: content.firstComment, path: ['variants', scope.channel, 'firstComment'], withMedia: false, name: 'the first comment' });
  }
  return pieces;
}

/** The media of one published post: the main post's, or one thread part's. */
export interface MediaGroup {
  items: readonly Media[];
  path: FieldPath;
  name: string;
}

export function mediaGroups(scope: ChannelScope): MediaGroup[] {
  const { content, limits } = scope;
  const groups: MediaGroup[] = [{ items: content.media, path: content.mediaPath, name: 'the post' }];
  if (limits.replies.replyChains) {
    content.thread.forEach((part, i) => {
      if (part.media?.length) groups.push({ items: part.media, path: [...content.threadPath, i, 'media'], name: `thread part ${i + 1}` });
    });
  }
  return groups;
}

/** A media file a channel publishes, with what the media edge found about it. */
export interface MediaItem {
  media: Media;
  /** Repository-relative path of the file. */
  file: string;
  /** Path of this entry in the frontmatter. */
  path: FieldPath;
  /** Undefined when the edge did not look at the file. */
  info: MediaInfo | undefined;
  group: MediaGroup;
}

export function mediaItems(post: PostDoc, scope: ChannelScope, ctx: LintContext): readonly MediaItem[] {
  // Five rules ask for the same scope in a row (scopes are cached per post and context, see channelScopes).
  const cached = mediaItemsCache.get(scope);
  if (cached?.ctx === ctx) return cached.items;
  const items = computeMediaItems(post, scope, ctx);
  mediaItemsCache.set(scope, { ctx, items });
  return items;
}

const mediaItemsCache = new WeakMap<ChannelScope, { ctx: LintContext; items: readonly MediaItem[] }>();

function computeMediaItems(post: PostDoc, scope: ChannelScope, ctx: LintContext): MediaItem[] {
  return mediaGroups(scope).flatMap((group) =>
    group.items.map((media, i) => {
      const file = mediaPath(post.file, media.src);
      return { media, file, path: [...group.path, i], info: ctx.media.get(file), group };
    }),
  );
}

/**
 * Every media entry written in a post, once per place it is written (a common image shared by five
 * channels is one entry), for the checks that do not depend on the network: the file exists, is
 * readable, has alt text. Variants of channels the post does not use or that are disabled are left out.
 */
export interface WrittenMedia {
  media: Media;
  file: string;
  path: FieldPath;
  info: MediaInfo | undefined;
  /** Set when the entry belongs to one channel's variant. */
  channel?: SocialChannelId;
}

export function writtenMedia(post: PostDoc, ctx: LintContext): WrittenMedia[] {
  const found: WrittenMedia[] = [];
  const add = (list: readonly Media[] | undefined, path: FieldPath, channel?: SocialChannelId) =>
    list?.forEach((media, i) => {
      const file = mediaPath(post.file, media.src);
      found.push({ media, file, path: [...path, i], info: ctx.media.get(file), ...(channel ? { channel } : {}) });
    });
  const { data } = post;
  add(data.media, ['media']);
  data.thread?.forEach((part, i) => add(part.media, ['thread', i, 'media']));
  for (const scope of channelScopes(post, ctx)) {
    const variant = data.variants?.[scope.channel];
    if (!variant) continue;
    add(variant.media, ['variants', scope.channel, 'media'], scope.channel);
    variant.thread?.forEach((part, i) => add(part.media, ['variants', scope.channel, 'thread', i, 'media'], scope.channel));
  }
  return found;
}
