import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NetworkLimits } from '../../core/networks/limits.ts';
import { planMedia } from '../../core/networks/media-plan.ts';
import type { PublicationMedia, PublishFailure } from '../adapter.ts';

const VIDEO_MIME: Record<string, string> = { mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' };

/** A video to upload, read from the repository as it is (Cadence does not transcode) and checked against the network's limits. */
export async function readVideo(media: PublicationMedia, limits: NetworkLimits, network: string): Promise<{ ok: true; bytes: Uint8Array; mime: string; filename: string } | PublishFailure> {
  const filename = path.basename(media.path.split('?')[0]!);
  const extension = path.extname(filename).slice(1).toLowerCase();
  if (!media.absolutePath) return { ok: false, kind: 'refused', message: `${media.path}: videos are uploaded from the repository only` };
  let bytes: Buffer;
  try {
    bytes = await readFile(media.absolutePath);
  } catch (error) {
    return { ok: false, kind: 'refused', message: `${media.path}: ${(error as Error).message}` };
  }
  const issues = planMedia({ ok: true, format: extension, width: 0, height: 0, bytes: bytes.length, animated: true }, limits);
  if (issues.length > 0) return { ok: false, kind: 'refused', message: `${media.path}: ${issues.map((i) => i.kind).join(', ')} (refused by ${network}'s limits)` };
  return { ok: true, bytes: new Uint8Array(bytes), mime: VIDEO_MIME[extension] ?? 'video/mp4', filename };
}
