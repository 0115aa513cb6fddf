import type { FieldPath } from '../diagnostics.ts';
import type { PostDoc } from '../model.ts';
import { channelContent } from '../post.ts';
import type { ChannelId } from '../channels.ts';

export interface PublicText {
  text: string;
  at: FieldPath | { line: number; column: number };
  /** The channels this text goes to. */
  channels: ChannelId[];
  kind: 'title' | 'description' | 'text' | 'thread' | 'first-comment' | 'body';
}

/**
 * Every piece of text a post makes public, once per place it is written (a common text shared by
 * five channels is one entry), so voice rules report each problem once.
 */
export function publicTexts(post: PostDoc): readonly PublicText[] {
  let texts = computed.get(post);
  if (!texts) {
    texts = collectPublicTexts(post);
    computed.set(post, texts);
  }
  return texts;
}

// Several voice rules read the same post in a row.
const computed = new WeakMap<PostDoc, readonly PublicText[]>();

function collectPublicTexts(post: PostDoc): PublicText[] {
  const byPath = new Map<string, PublicText>();
  const add = (text: string | undefined, at: FieldPath, channel: ChannelId, kind: PublicText['kind']) => {
    if (!text) return;
    const key = at.join('\u0000');
    const existing = byPath.get(key);
    if (existing) {
      if (!existing.channels.includes(channel)) existing.channels.push(channel);
    } else byPath.set(key, { text, at, channels: [channel], kind });
  };
  for (const channel of post.data.channels) {
    if (channel === 'blog') continue;
    const content = channelContent(post.data, channel);
    add(content.text, content.textPath, channel, 'text');
    content.thread.forEach((part, i) => add(part.text, [...content.threadPath, i, 'text'], channel, 'thread'));
    add(content.firstComment, ['variants', channel, 'firstComment'], channel, 'first-comment');
  }
  const texts = [...byPath.values()];
  const everywhere = [...post.data.channels];
  texts.unshift({ text: post.data.title, at: ['title'], channels: everywhere, kind: 'title' });
  if (post.data.description) texts.push({ text: post.data.description, at: ['description'], channels: everywhere, kind: 'description' });
  if (post.data.channels.includes('blog') && post.body.trim()) {
    texts.push({ text: post.body, at: { line: post.bodyLine, column: 1 }, channels: ['blog'], kind: 'body' });
  }
  return texts;
}
