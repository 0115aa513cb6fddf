import path from 'node:path';
import type { MediaInfo, PostDoc } from '../core/model.ts';
import { bodyImagePath, bodyImages } from '../core/body-images.ts';
import { channelContent, mediaPath } from '../core/post.ts';
import { fileStamp, type FileStamp } from './documents.ts';
import { outsideRepository, readMediaInfo } from './media.ts';

/** Where media facts are remembered between runs (the lint cache) or between chunks of one run. */
export interface MediaStore {
  media(file: string, stamp: FileStamp): MediaInfo | undefined;
  setMedia(file: string, stamp: FileStamp, info: MediaInfo): void;
}

/** A store for one run without a cache: media facts learnt for one chunk of posts serve the next. */
export class MemoryMediaStore implements MediaStore {
  private readonly known = new Map<string, [FileStamp, MediaInfo]>();

  media(file: string, stamp: FileStamp): MediaInfo | undefined {
    const entry = this.known.get(file);
    return entry && entry[0].mtimeMs === stamp.mtimeMs && entry[0].size === stamp.size ? entry[1] : undefined;
  }

  setMedia(file: string, stamp: FileStamp, info: MediaInfo): void {
    this.known.set(file, [stamp, info]);
  }
}

/** Every local media file a post references, on any channel or thread part. */
export function referencedMedia(post: PostDoc): string[] {
  const data = post.data;
  const sources = new Set<string>();
  for (const m of data.media ?? []) sources.add(m.src);
  for (const channel of data.channels) {
    const content = channelContent(data, channel);
    for (const m of content.media) sources.add(m.src);
    for (const part of content.thread) for (const m of part.media ?? []) sources.add(m.src);
  }
  const files = [...sources].filter((src) => !/^https?:\/\//.test(src)).map((src) => mediaPath(post.file, src));
  // An article's own images (blog/image checks them).
  if (data.channels.includes('blog')) {
    for (const image of bodyImages(post.body)) {
      const file = bodyImagePath(post.file, image.src);
      if (file) files.push(file);
    }
  }
  return files;
}

/** Media facts for these files (see referencedMedia): from the store when unchanged, else read with sharp. */
export async function readMediaFor(root: string, paths: ReadonlySet<string>, store: MediaStore | undefined): Promise<Map<string, MediaInfo>> {
  const media = new Map<string, MediaInfo>();
  await Promise.all(
    [...paths].map(async (file) => {
      const stamp = fileStamp(path.join(root, file));
      // Checked on every run: a file the cache knows may have become a link to somewhere else.
      const cached = stamp && !outsideRepository(root, file) && store?.media(file, stamp);
      if (cached) {
        media.set(file, cached);
        return;
      }
      const info = await readMediaInfo(root, file);
      media.set(file, info);
      if (stamp && info.ok) store?.setMedia(file, stamp, info);
    }),
  );
  return media;
}
