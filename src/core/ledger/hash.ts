import { createHash } from 'node:crypto';
import type { ChannelId } from '../channels.ts';
import { channelContent } from '../post.ts';
import type { PostFrontmatter } from '../schema/index.ts';

/** JSON with sorted keys and no undefined values: the same content always serializes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What a channel publishes, reduced to what a reader sees: text, media (source and alt), thread,
 * first comment, link, spoiler. The publish time is left out (rescheduling is not an edit). For the
 * blog, the title, description and MDX body. Media are identified by their path, not their bytes.
 */
export function publishedContent(data: PostFrontmatter, body: string, channel: ChannelId): unknown {
  if (channel === 'blog') return { channel, title: data.title, description: data.description, body: body.trim() };
  const c = channelContent(data, channel);
  const media = (list: readonly { src: string; alt: string; focus?: readonly number[] | undefined }[] | undefined) =>
    (list ?? []).map((m) => ({ src: m.src, alt: m.alt, focus: m.focus }));
  return {
    channel,
    text: c.text,
    media: media(c.media),
    thread: c.thread.map((p) => ({ text: p.text, media: media(p.media) })),
    firstComment: c.firstComment,
    link: c.link,
    spoiler: c.spoiler,
  };
}

/** `sha256:` + 16 hex digits of the canonical content: enough to tell an edit, short enough to read. */
export function contentHash(data: PostFrontmatter, body: string, channel: ChannelId): string {
  return `sha256:${createHash('sha256').update(canonicalJson(publishedContent(data, body, channel))).digest('hex').slice(0, 16)}`;
}

/**
 * The idempotency key of a publication: the same post, channel and content always give the same key,
 * so a retry reuses it (Mastodon Idempotency-Key, the outbox file name, a Bluesky rkey seed).
 */
export function idempotencyKey(postId: string, channel: ChannelId, hash: string): string {
  return `${postId}.${channel}.${hash.replace(/^sha256:/, '').slice(0, 12)}`;
}
