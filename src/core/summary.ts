import type { ChannelId } from './channels.ts';
import type { FieldPath } from './diagnostics.ts';
import type { PostDoc } from './model.ts';
import { channelContent } from './post.ts';
import type { EditorialLine, PostStatus } from './schema/index.ts';
import { hashText, normalizeForComparison } from './text.ts';
import { resolveDateTime } from './time.ts';

/** When and what one channel of a post publishes, reduced to what cross-post rules compare. */
export interface ChannelSlot {
  channel: ChannelId;
  /** Undefined when the time cannot be resolved (reported by another rule). */
  publishAtMs: number | undefined;
  publishAtPath: FieldPath;
  /** Hash of the normalized text, to find the same text twice on a channel. */
  textKey: string | undefined;
  textPath: FieldPath;
}

/** The JSON-safe summary of a post that collection rules work on (and the lint cache stores). */
export interface PostSummary {
  file: string;
  id: string;
  title: string;
  status: PostStatus;
  pillar: string | undefined;
  slots: ChannelSlot[];
}

export function summarizePost(post: PostDoc, line: EditorialLine | undefined): PostSummary {
  const timeZone = line?.brand.timezone ?? 'Europe/Paris';
  // Channels usually share the common text: normalize and hash each distinct text once.
  const keys = new Map<string, string>();
  const keyOf = (text: string) => {
    let key = keys.get(text);
    if (key === undefined) {
      key = hashText(normalizeForComparison(text));
      keys.set(text, key);
    }
    return key;
  };
  const slots = post.data.channels.map((channel): ChannelSlot => {
    const content = channelContent(post.data, channel);
    const resolved = resolveDateTime(content.publishAt, timeZone);
    const text = channel === 'blog' ? undefined : content.text;
    return {
      channel,
      publishAtMs: resolved.ok ? resolved.epochMs : undefined,
      publishAtPath: content.publishAtPath,
      textKey: text === undefined ? undefined : keyOf(text),
      textPath: content.textPath,
    };
  });
  return { file: post.file, id: post.id, title: post.data.title, status: post.data.status, pillar: post.data.pillar, slots };
}

/** Summaries in path order, as the posts are listed (some messages list posts in that order). */
export function byFile(a: PostSummary, b: PostSummary): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}
