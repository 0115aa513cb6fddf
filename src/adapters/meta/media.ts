import { publicMediaUrl } from '../../core/networks/public-media.ts';
/**
 * Instagram and Threads take no image bytes: Meta downloads ("cURLs") each image from a public URL at
 * the time of the call. Cadence can only hand them a URL that already serves the right file:
 *
 * - an `https://` medium, as written in the post;
 * - a file under the brand's `public/` folder, at `<brand.siteUrl>/<path without public/>`: the blog
 *   deploy copies `public/` to the site root as it is (the same rule as Slack);
 * - a file next to the posts has no stable public URL (the blog publishes it through Astro's image
 *   pipeline under a hashed name), so it is refused.
 *
 * Since Meta fetches the file itself, Cadence cannot convert it on the way as the other adapters do
 * (planMedia's fixes: format, colour space, downscale). The file is read (from disk, or downloaded) and
 * checked: one that would need a fix is refused with the fix to make (commit a converted copy under
 * `public/`). A `public/` file is then checked online (HEAD): not there yet (the site deploys after the
 * push that added it) is transient, so a later run publishes it once the deploy is done.
 */
import path from 'node:path';
import type { NetworkLimits } from '../../core/networks/limits.ts';
import { VIDEO_FORMATS } from '../../core/networks/limits.ts';
import type { PublicationMedia, PublishFailure } from '../adapter.ts';
import { prepareImage } from '../http/images.ts';

const FIX_HINTS: Record<string, string> = {
  jpeg: 'JPEG',
};

/**
 * The URL Meta will download for `media`, once the file is known to need no change for `limits` and,
 * for a file of the site, to be online.
 */
export async function publicImage(
  media: PublicationMedia,
  limits: NetworkLimits,
  network: string,
  siteUrl: string | undefined,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<{ ok: true; url: string } | PublishFailure> {
  const extension = path.extname(media.path.split('?')[0]!).slice(1).toLowerCase();
  if (VIDEO_FORMATS.includes(extension)) return { ok: false, kind: 'refused', message: `${media.path}: videos are not published to ${network} yet` };
  const where = publicMediaUrl(media.path, siteUrl, network);
  if (!where.ok) return { ok: false, kind: 'refused', message: where.message };
  // What a conversion would involve, to tell the author exactly what to export (Meta downloads the file
  // as it is, so nothing is converted here). Meta rescales an image wider than 1440 px itself.
  const asIfSent = { ...limits, media: { ...limits.media, byPublicUrl: false }, image: { ...limits.image, maxWidth: undefined } };
  const prepared = await prepareImage(media, asIfSent, fetchImpl);
  if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
  if (prepared.image.changes.length > 0) {
    const accepted = limits.image.accepted === 'any' ? 'any format' : limits.image.accepted.map((f) => FIX_HINTS[f] ?? f.toUpperCase()).join(' or ');
    return {
      ok: false,
      kind: 'refused',
      message:
        `${media.path}: ${network} downloads the image itself from ${where.url}, so Cadence cannot fix it on the way (${prepared.image.changes.join(', ')}); ` +
        `commit a copy that needs no change under public/ (${accepted}${limits.image.srgb ? ', sRGB' : ''}${limits.image.maxBytes ? `, at most ${Math.floor(limits.image.maxBytes / 1_000_000)} MB` : ''}) and use it in the post`,
    };
  }
  if (where.onSite) {
    // Meta fetches it in a moment: make sure the deploy has put it online, or wait for a later run.
    let status: number;
    try {
      const response = await fetchImpl(where.url, { method: 'HEAD', signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(15_000)]) : AbortSignal.timeout(15_000) });
      status = response.status;
    } catch (error) {
      return { ok: false, kind: 'transient', message: `${media.path}: ${where.url} cannot be reached (${(error as Error).message}); ${network} needs it online` };
    }
    if (status >= 400 && status !== 405) {
      return { ok: false, kind: 'transient', message: `${media.path}: ${where.url} answers ${status}; ${network} needs it online (is the site deployed since the image was added? a later run tries again)` };
    }
  }
  return { ok: true, url: where.url };
}
