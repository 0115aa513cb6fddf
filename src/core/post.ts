import type { ChannelId } from './channels.ts';
import type { FieldPath } from './diagnostics.ts';
import type { Media, PostFrontmatter, ThreadPart } from './schema/index.ts';

/** What one channel publishes for a post, with where each piece is written (for diagnostics). */
export interface ChannelContent {
  channel: ChannelId;
  text: string | undefined;
  textPath: FieldPath;
  media: readonly Media[];
  mediaPath: FieldPath;
  thread: readonly ThreadPart[];
  threadPath: FieldPath;
  firstComment: string | undefined;
  link: string | undefined;
  spoiler: string | undefined;
  publishAt: string;
  publishAtPath: FieldPath;
}

/** Merges a channel's variant over the common fields: the text, media and thread that channel gets. */
export function channelContent(data: PostFrontmatter, channel: ChannelId): ChannelContent {
  const variant = data.variants?.[channel];
  const pick = <K extends 'text' | 'media' | 'thread' | 'publishAt'>(key: K) =>
    variant?.[key] !== undefined
      ? { value: variant[key], path: ['variants', channel, key] as FieldPath }
      : { value: data[key], path: [key] as FieldPath };
  const text = pick('text');
  const media = pick('media');
  const thread = pick('thread');
  const publishAt = pick('publishAt');
  return {
    channel,
    text: text.value,
    textPath: text.path,
    media: media.value ?? [],
    mediaPath: media.path,
    thread: thread.value ?? [],
    threadPath: thread.path,
    firstComment: variant?.firstComment,
    link: variant?.link ?? data.link,
    spoiler: variant?.spoiler,
    publishAt: publishAt.value ?? data.publishAt,
    publishAtPath: publishAt.path,
  };
}

/** Derives a stable id from a post path: content/posts/2026/12/fete-des-lumieres.mdx → 2026-12-fete-des-lumieres. */
export function postIdFromPath(file: string): string {
  // Without regular expressions on the common path (a lint run derives 10,000 ids); the definition, and
  // the test's reference: strip through `content/posts/` and `.md(x)`, decompose and drop accents, lowercase,
  // drop a final `/index`, runs of anything but a–z and 0–9 become one `-`, none at either end.
  const start = file.indexOf(POSTS_PREFIX);
  let rel = start === -1 ? file : file.slice(start + POSTS_PREFIX.length);
  if (rel.endsWith('.mdx')) rel = rel.slice(0, -4);
  else if (rel.endsWith('.md')) rel = rel.slice(0, -3);
  const ascii = /^[\x00-\x7f]*$/.test(rel) ? rel : rel.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  let lower = ascii.toLowerCase();
  if (lower.endsWith('/index')) lower = lower.slice(0, -'/index'.length);
  let id = '';
  let runStart = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : -1;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (runStart === -1) runStart = i;
    } else if (runStart !== -1) {
      id += (id === '' ? '' : '-') + lower.slice(runStart, i);
      runStart = -1;
    }
  }
  return id;
}

const POSTS_PREFIX = 'content/posts/';

const resolvedMedia = new Map<string, string>();

/** Resolves a media `src` written in a post to a repository-relative path. */
export function mediaPath(postFile: string, src: string): string {
  const key = `${postFile}\u0000${src}`;
  let resolved = resolvedMedia.get(key);
  if (resolved === undefined) {
    resolved = resolveMediaPath(postFile, src);
    // Bounded: a long-lived process (the sites' dev server) must not grow without end.
    if (resolvedMedia.size > 50_000) resolvedMedia.clear();
    resolvedMedia.set(key, resolved);
  }
  return resolved;
}

function resolveMediaPath(postFile: string, src: string): string {
  if (src.startsWith('/')) return src.slice(1);
  const parts = postFile.split('/').slice(0, -1);
  for (const segment of src.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}
