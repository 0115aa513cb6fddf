/**
 * Networks that download media themselves from a public URL (Instagram, Threads, Slack) rather than
 * receive the file: only an `https://` address or a file under `public/` (served at the site root by
 * the blog deploy, unchanged) has such a URL. Images next to posts have none (the blog renames them),
 * and Cadence cannot convert or resize what the network downloads.
 */
import type { ChannelId } from '../channels.ts';
import type { PostDoc } from '../model.ts';
import { channelContent, mediaPath } from '../post.ts';
import { NETWORK_LIMITS } from './limits.ts';

export type PublicMediaUrl = { ok: true; url: string; onSite: boolean } | { ok: false; message: string };

/** The public URL of a medium given by its repository path (or its https:// address). */
export function publicMediaUrl(mediaPath: string, siteUrl: string | undefined, network: string): PublicMediaUrl {
  if (/^https:\/\//.test(mediaPath)) return { ok: true, url: mediaPath, onSite: false };
  if (mediaPath.startsWith('public/')) {
    if (!siteUrl) return { ok: false, message: `${mediaPath}: brand.siteUrl is needed to give ${network} the image's public URL` };
    const relative = mediaPath.slice('public/'.length).split('/').map(encodeURIComponent).join('/');
    return { ok: true, url: `${siteUrl.replace(/\/+$/, '')}/${relative}`, onSite: true };
  }
  return {
    ok: false,
    message: `${mediaPath}: ${network} downloads images from a public URL, and files next to the posts have none (the blog renames them); put the file under public/ (served at the site root) or write its https:// URL`,
  };
}

/** Whether a channel of a post gets an image from the brand's site: the site must be deployed for it. */
export function usesSiteMedia(post: Pick<PostDoc, 'file' | 'data'>, channel: ChannelId): boolean {
  if (channel === 'blog' || !NETWORK_LIMITS[channel].media.byPublicUrl) return false;
  const content = channelContent(post.data, channel);
  return [...content.media, ...content.thread.flatMap((part) => part.media ?? [])].some((m) => mediaPath(post.file, m.src).startsWith('public/'));
}
