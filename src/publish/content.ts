/** Reads the posts and the editorial line a publish run needs, through the same parsing as lint. */
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { validateDocuments } from '../core/lint.ts';
import type { PostDoc } from '../core/model.ts';
import { channelContent, mediaPath } from '../core/post.ts';
import type { EditorialLine, Media } from '../core/schema/index.ts';
import { EDITORIAL_LINE_FILE } from '../content/paths.ts';
import { outsideRepository } from '../content/media.ts';
import { listPostFiles, readDocument } from '../content/repository.ts';
import type { Publication, PublicationMedia } from '../adapters/adapter.ts';
import { tagText, tagUrl, utmContext } from '../core/utm.ts';

export interface BrandContent {
  posts: PostDoc[];
  line: EditorialLine | undefined;
  timeZone: string;
  siteUrl: string | undefined;
  /** Post files whose frontmatter is invalid: they cannot be due (lint reports them). */
  invalidFiles: string[];
}

export function loadBrandContent(root: string): BrandContent {
  const files = listPostFiles(root);
  const docs = files.map((file) => readDocument(root, file));
  const lineDoc = readDocument(root, EDITORIAL_LINE_FILE);
  const validated = validateDocuments({ posts: docs, editorialLine: lineDoc.ok ? lineDoc : undefined });
  const valid = new Set(validated.posts.map((p) => p.file));
  return {
    posts: validated.posts,
    line: validated.line,
    timeZone: validated.line?.brand.timezone ?? 'Europe/Paris',
    siteUrl: validated.line?.brand.siteUrl,
    invalidFiles: files.filter((f) => !valid.has(f)),
  };
}

function toMedia(root: string, postFile: string, media: readonly Media[] | undefined): PublicationMedia[] {
  return (media ?? []).map((m) => {
    const remote = /^https?:\/\//.test(m.src);
    const repoPath = remote ? m.src : mediaPath(postFile, m.src);
    // A file outside the repository is never read (lint blocks the post: media/outside-repository); without
    // a path on disk, the adapter refuses it rather than send it.
    const local = !remote && !outsideRepository(root, repoPath);
    return { path: repoPath, ...(local ? { absolutePath: path.join(root, repoPath) } : {}), alt: m.alt, ...(m.focus ? { focus: m.focus } : {}) };
  });
}

/**
 * What one channel of a post publishes, with media resolved to files, and the brand's links tagged with
 * UTM parameters when the editorial line has a `utm` block (src/core/utm.ts; the key and content hash
 * stay those of the post as written).
 */
export function buildPublication(root: string, post: PostDoc, channel: ChannelId, key: string, contentHash: string, line?: Pick<EditorialLine, 'utm' | 'brand'>): Publication {
  const c = channelContent(post.data, channel);
  const utm = utmContext(line, channel, post.id, post.data.campaign);
  const tag = (text: string) => (utm ? tagText(text, utm) : text);
  const first = { text: channel === 'blog' ? post.data.title : tag(c.text ?? ''), media: toMedia(root, post.file, c.media) };
  const replies = channel === 'blog' ? [] : c.thread.map((part) => ({ text: tag(part.text), media: toMedia(root, post.file, part.media) }));
  return {
    postId: post.id,
    channel,
    file: post.file,
    title: post.data.title,
    parts: [first, ...replies],
    ...(c.firstComment ? { firstComment: tag(c.firstComment) } : {}),
    ...(c.link ? { link: utm ? tagUrl(c.link, utm) : c.link } : {}),
    ...(c.spoiler ? { spoiler: c.spoiler } : {}),
    ...(post.data.lang ? { lang: post.data.lang } : {}),
    ...(channel === 'blog' ? { body: post.body } : {}),
    contentHash,
    key,
  };
}
