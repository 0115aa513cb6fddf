import { lstatSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { MediaInfo } from '../core/model.ts';

const realFolders = new Map<string, string | undefined>();

function realFolder(folder: string): string | undefined {
  if (!realFolders.has(folder)) {
    try {
      realFolders.set(folder, realpathSync.native(folder));
    } catch {
      realFolders.set(folder, undefined);
    }
  }
  return realFolders.get(folder);
}

/**
 * Where a media path really leads when it leaves the repository (a `../` too many, a symbolic link to a
 * file in someone's home folder, a linked folder), else undefined. Content stays inside the repository:
 * lint refuses the rest, publishing never reads it, the blog never copies it. Folders' real paths are
 * remembered for the run (a brand has a few media folders and thousands of files in them).
 */
export function outsideRepository(root: string, repoPath: string): string | undefined {
  const realRoot = realFolder(path.resolve(root));
  const absolute = path.resolve(root, repoPath);
  const folder = realFolder(path.dirname(absolute));
  if (!realRoot || !folder) return undefined; // missing: media/missing says so
  let real = path.join(folder, path.basename(absolute));
  try {
    if (lstatSync(real).isSymbolicLink()) real = realpathSync.native(real);
  } catch {
    return undefined;
  }
  return real === realRoot || real.startsWith(`${realRoot}${path.sep}`) ? undefined : real;
}

/** Reads what lint needs to know about a media file: format, size in pixels and bytes. Headers only. */
export async function readMediaInfo(root: string, repoPath: string): Promise<MediaInfo> {
  const absolute = path.join(root, repoPath);
  const outside = outsideRepository(root, repoPath);
  if (outside) return { ok: false, problem: 'outside', reason: `${repoPath} leads outside the repository (to ${outside})` };
  let bytes: number;
  try {
    const stats = await stat(absolute);
    if (!stats.isFile()) return { ok: false, problem: 'missing', reason: `${repoPath} is not a file` };
    bytes = stats.size;
  } catch {
    return { ok: false, problem: 'missing', reason: `${repoPath} does not exist` };
  }
  if (/\.(mp4|mov|webm|m4v)$/i.test(repoPath)) {
    // Video metadata needs ffprobe, which Cadence does not require; the container is enough for format rules.
    return { ok: true, format: repoPath.split('.').pop()!.toLowerCase(), width: 0, height: 0, bytes, animated: true };
  }
  try {
    // Loaded when an image is not in the lint cache: most runs never need it.
    const { default: sharp } = await import('sharp');
    const meta = await sharp(absolute, { animated: true }).metadata();
    if (!meta.format || !meta.width || !meta.height) {
      return { ok: false, problem: 'unreadable', reason: `${repoPath} is not an image sharp can read` };
    }
    return {
      ok: true,
      // sharp names both AVIF and HEIC `heif`; networks and conversions treat them differently.
      format: meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format,
      width: meta.autoOrient?.width ?? meta.width,
      // An animated image's height is the sum of its frames; a frame is what people see.
      height: meta.pageHeight ?? meta.autoOrient?.height ?? meta.height,
      bytes,
      animated: (meta.pages ?? 1) > 1,
      ...(meta.space ? { space: meta.space } : {}),
    };
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: `${repoPath} cannot be read as an image (${(error as Error).message.split('\n')[0]})` };
  }
}
