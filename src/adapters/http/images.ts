/**
 * Gets one medium ready for a network: reads it (file or URL), asks planMedia what the network refuses,
 * and applies the fixes Cadence promises on publish (lint reports them as notes): convert a still image's
 * format or colour space, downscale or recompress a still image that is too big. What cannot be fixed
 * (videos where an adapter does not send them, animations too big, aspect ratios) is refused with the
 * reason; lint should have stopped the post before.
 */
import { readFile } from 'node:fs/promises';
import sharp, { type FormatEnum } from 'sharp';
import type { ReadableMedia } from '../../core/networks/media-plan.ts';
import { mediaKind, planMedia, type MediaIssue } from '../../core/networks/media-plan.ts';
import type { NetworkLimits } from '../../core/networks/limits.ts';
import type { PublicationMedia } from '../adapter.ts';

export interface PreparedImage {
  bytes: Buffer;
  /** MIME type of `bytes`. */
  mime: string;
  format: string;
  /** Displayed size (after EXIF orientation), for aspect ratios. */
  width: number;
  height: number;
  animated: boolean;
  /** What was done to the file, for tests and messages (`convert jpeg`, `downscale 0.8`…). */
  changes: string[];
}

export type Prepared = { ok: true; image: PreparedImage } | { ok: false; message: string; transient?: boolean };

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', heif: 'image/heic', tiff: 'image/tiff' };

async function readBytes(media: PublicationMedia, fetchImpl: typeof fetch): Promise<Buffer | { message: string; transient?: boolean }> {
  if (media.absolutePath) {
    try {
      return await readFile(media.absolutePath);
    } catch (error) {
      return { message: `${media.path}: ${(error as Error).message}` };
    }
  }
  if (/^https?:\/\//.test(media.path)) {
    try {
      const response = await fetchImpl(media.path, { signal: AbortSignal.timeout(30_000) });
      if (!response.ok) return { message: `${media.path}: ${response.status} when downloading the image`, transient: response.status >= 500 };
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      return { message: `${media.path}: ${(error as Error).message}`, transient: true };
    }
  }
  return { message: `${media.path}: no file inside the repository to read (see lint's media/outside-repository and media/missing)` };
}

async function describe(bytes: Buffer): Promise<ReadableMedia | undefined> {
  try {
    const meta = await sharp(bytes, { animated: true }).metadata();
    if (!meta.format || !meta.width || !meta.height) return undefined;
    return {
      ok: true,
      format: meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format,
      width: meta.autoOrient?.width ?? meta.width,
      height: meta.pageHeight ?? meta.autoOrient?.height ?? meta.height,
      bytes: bytes.length,
      animated: (meta.pages ?? 1) > 1,
      ...(meta.space ? { space: meta.space } : {}),
    };
  } catch {
    return undefined;
  }
}

function unfixable(issue: MediaIssue): string | undefined {
  switch (issue.kind) {
    case 'video-unsupported':
      return 'the network takes no video';
    case 'aspect':
      return `aspect ratio ${issue.ratio.toFixed(2)} is outside ${issue.range.label}`;
    case 'too-narrow':
      return `${issue.width} px wide, the network wants at least ${issue.min}`;
    case 'format':
      return issue.fix === 'none' ? `format ${issue.format} is not accepted (${issue.accepted.join(', ')})` : undefined;
    default:
      return 'fix' in issue && issue.fix === 'none' ? `${issue.kind} over the limit` : undefined;
  }
}

/** Reads a still image or animation and makes it acceptable to the network described by `limits`. */
export async function prepareImage(media: PublicationMedia, limits: NetworkLimits, fetchImpl: typeof fetch = fetch): Promise<Prepared> {
  const bytes = await readBytes(media, fetchImpl);
  if (!Buffer.isBuffer(bytes)) return { ok: false, ...bytes };
  const info = await describe(bytes);
  if (!info) return { ok: false, message: `${media.path} is not an image Cadence can read` };
  if (mediaKind(info) === 'video') return { ok: false, message: `${media.path}: videos are not published by this adapter yet` };
  const issues = planMedia(info, limits);
  const blocking = issues.map(unfixable).filter((m): m is string => m !== undefined);
  if (blocking.length > 0) return { ok: false, message: `${media.path}: ${blocking.join('; ')}` };
  if (issues.length === 0) return { ok: true, image: { bytes, mime: MIME[info.format] ?? `image/${info.format}`, format: info.format, width: info.width, height: info.height, animated: info.animated, changes: [] } };
  return { ok: true, image: await fix(bytes, info, issues, limits) };
}

async function fix(input: Buffer, info: ReadableMedia, issues: readonly MediaIssue[], limits: NetworkLimits): Promise<PreparedImage> {
  const changes: string[] = [];
  const formatIssue = issues.find((i) => i.kind === 'format');
  const accepted = limits.image.accepted;
  const hasAlpha = (await sharp(input).metadata()).hasAlpha ?? false;
  let format = formatIssue?.convertTo ?? info.format;
  // A PNG (or TIFF…) too heavy recompresses far better as JPEG when nothing is transparent.
  const tooHeavy = issues.some((i) => i.kind === 'bytes');
  if (tooHeavy && !hasAlpha && format !== 'jpeg' && format !== 'webp' && (accepted === 'any' || accepted.includes('jpeg'))) format = 'jpeg';
  if (format !== info.format) changes.push(`convert ${info.format} to ${format}`);

  // Largest scale that satisfies the pixel limits.
  let scale = 1;
  const image = limits.image;
  if (image.maxPixels !== undefined && info.width * info.height > image.maxPixels) scale = Math.min(scale, Math.sqrt(image.maxPixels / (info.width * info.height)) * 0.999);
  if (image.maxWidthPlusHeight !== undefined && info.width + info.height > image.maxWidthPlusHeight) scale = Math.min(scale, image.maxWidthPlusHeight / (info.width + info.height));
  if (image.maxWidth !== undefined && info.width > image.maxWidth) scale = Math.min(scale, image.maxWidth / info.width);
  const maxBytes = Math.min(image.maxBytes ?? Infinity, limits.media.maxFileBytes ?? Infinity);
  const srgb = issues.some((i) => i.kind === 'colour-space');
  if (srgb) changes.push(`colour space ${info.space} to srgb`);

  const encode = async (s: number, quality: number) => {
    let pipeline = sharp(input).rotate(); // applies EXIF orientation, which re-encoding would otherwise lose
    const width = Math.max(1, Math.floor(info.width * s));
    if (s < 1) pipeline = pipeline.resize({ width });
    if (srgb) pipeline = pipeline.toColourspace('srgb');
    if (format === 'jpeg') pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true });
    else if (format === 'webp') pipeline = pipeline.webp({ quality });
    else if (format === 'png') pipeline = pipeline.png({ compressionLevel: 9, palette: quality < 90 });
    else pipeline = pipeline.toFormat(format as keyof FormatEnum);
    const { data, info: out } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, width: out.width, height: out.height };
  };

  // Quality first (invisible at 85), then size, until the file fits.
  const qualities = [90, 85, 78, 70];
  let out = await encode(scale, qualities[0]!);
  for (let q = 1; out.data.length > maxBytes && q < qualities.length; q++) out = await encode(scale, qualities[q]!);
  while (out.data.length > maxBytes && scale > 0.05) {
    scale *= Math.max(0.5, Math.min(0.9, Math.sqrt(maxBytes / out.data.length) * 0.95));
    out = await encode(scale, 80);
  }
  if (scale < 1) changes.push(`downscale to ${out.width}×${out.height}`);
  if (out.data.length !== info.bytes) changes.push(`${info.bytes} → ${out.data.length} bytes`);
  return { bytes: out.data, mime: MIME[format] ?? `image/${format}`, format, width: out.width, height: out.height, animated: false, changes };
}
