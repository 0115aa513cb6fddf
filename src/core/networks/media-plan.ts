/**
 * What a network makes of one media file: what it refuses, and for each refusal whether Cadence fixes
 * it on publish (convert a still image's format or colour space, downscale or recompress a still
 * image) or cannot (animations, videos, aspect ratios: cropping would change the picture).
 * Lint turns fixable issues into notes and the others into errors; adapters apply the fixes.
 */
import type { MediaInfo } from '../model.ts';
import { CONVERTIBLE_STILL_FORMATS, isVideoFormat, type AspectRange, type NetworkLimits } from './limits.ts';

export type ReadableMedia = Extract<MediaInfo, { ok: true }>;

export type MediaKind = 'image' | 'animated' | 'video';

export function mediaKind(info: ReadableMedia): MediaKind {
  if (isVideoFormat(info.format)) return 'video';
  return info.animated ? 'animated' : 'image';
}

/** `convert`/`downscale`: Cadence fixes it on publish; `none`: the author must. */
export type Fix = 'convert' | 'downscale' | 'none';

export type MediaIssue =
  | { kind: 'video-unsupported' }
  | { kind: 'format'; format: string; accepted: readonly string[]; fix: 'convert' | 'none'; convertTo?: string; unverified: boolean }
  | { kind: 'colour-space'; space: string; fix: 'convert' | 'none' }
  | { kind: 'bytes'; bytes: number; max: number; fix: 'downscale' | 'none'; perFile: boolean; unverified: boolean }
  | { kind: 'pixels'; pixels: number; max: number; fix: 'downscale' | 'none' }
  | { kind: 'width-plus-height'; sum: number; max: number; fix: 'downscale' | 'none' }
  | { kind: 'too-wide'; width: number; max: number; fix: 'downscale' | 'none' }
  | { kind: 'too-narrow'; width: number; min: number }
  | { kind: 'aspect'; ratio: number; range: AspectRange };

/** Colour spaces Instagram's sRGB requirement is happy with (sharp names). */
const SRGB_COMPATIBLE = ['srgb', 'b-w'];

export function planMedia(info: ReadableMedia, limits: NetworkLimits): MediaIssue[] {
  const kind = mediaKind(info);
  const issues: MediaIssue[] = [];
  if (kind === 'video') {
    if (!limits.media.video) issues.push({ kind: 'video-unsupported' });
    pushFileBytes(issues, info, limits, 'none');
    return issues; // the edge reads no video dimensions (ffprobe is not required)
  }
  const still = kind === 'image';
  // What the network downloads itself cannot be converted or resized on the way.
  const fixable = still && !limits.media.byPublicUrl;
  const shrink = fixable ? 'downscale' : 'none';
  const image = limits.image;

  if (image.accepted !== 'any' && !image.accepted.includes(info.format)) {
    const convertible = fixable && image.convertTo !== undefined && CONVERTIBLE_STILL_FORMATS.includes(info.format);
    issues.push({
      kind: 'format',
      format: info.format,
      accepted: image.accepted,
      fix: convertible ? 'convert' : 'none',
      ...(convertible ? { convertTo: image.convertTo } : {}),
      unverified: image.acceptedUnverified ?? false,
    });
  }
  if (image.srgb && info.space && !SRGB_COMPATIBLE.includes(info.space)) issues.push({ kind: 'colour-space', space: info.space, fix: fixable ? 'convert' : 'none' });

  const maxBytes = still ? image.maxBytes : (image.maxAnimatedBytes ?? image.maxBytes);
  if (maxBytes !== undefined && info.bytes > maxBytes) {
    issues.push({ kind: 'bytes', bytes: info.bytes, max: maxBytes, fix: shrink, perFile: false, unverified: image.bytesUnverified ?? false });
  } else pushFileBytes(issues, info, limits, shrink);

  const pixels = info.width * info.height;
  if (image.maxPixels !== undefined && pixels > image.maxPixels) issues.push({ kind: 'pixels', pixels, max: image.maxPixels, fix: shrink });
  const sum = info.width + info.height;
  if (image.maxWidthPlusHeight !== undefined && sum > image.maxWidthPlusHeight) {
    issues.push({ kind: 'width-plus-height', sum, max: image.maxWidthPlusHeight, fix: shrink });
  }
  // Instagram and Threads rescale a wide image themselves: only what Cadence sends must fit.
  if (image.maxWidth !== undefined && info.width > image.maxWidth && !limits.media.byPublicUrl) issues.push({ kind: 'too-wide', width: info.width, max: image.maxWidth, fix: shrink });
  if (image.minWidth !== undefined && info.width < image.minWidth) issues.push({ kind: 'too-narrow', width: info.width, min: image.minWidth });

  if (image.aspect && info.height > 0) {
    const ratio = info.width / info.height;
    if (ratio < image.aspect.min || ratio > image.aspect.max) issues.push({ kind: 'aspect', ratio, range: image.aspect });
  }
  return issues;
}

function pushFileBytes(issues: MediaIssue[], info: ReadableMedia, limits: NetworkLimits, fix: 'downscale' | 'none'): void {
  const max = limits.media.maxFileBytes;
  if (max !== undefined && info.bytes > max) issues.push({ kind: 'bytes', bytes: info.bytes, max, fix, perFile: true, unverified: false });
}
