import { describe, expect, it } from 'vitest';
import { NETWORK_LIMITS } from '../../../src/core/networks/limits.ts';
import { planMedia, type ReadableMedia } from '../../../src/core/networks/media-plan.ts';

const still = (format: string, width: number, height: number, bytes = 500_000, space = 'srgb'): ReadableMedia => ({
  ok: true, format, width, height, bytes, animated: false, space,
});
const gif = (width: number, height: number, bytes: number): ReadableMedia => ({ ok: true, format: 'gif', width, height, bytes, animated: true });
const kinds = (media: ReadableMedia, channel: keyof typeof NETWORK_LIMITS) => planMedia(media, NETWORK_LIMITS[channel]).map((i) => `${i.kind}:${'fix' in i ? i.fix : '-'}`);

describe('planMedia', () => {
  it('accepts a JPEG Instagram can take as it is', () => {
    expect(planMedia(still('jpeg', 1080, 1350), NETWORK_LIMITS.instagram)).toEqual([]);
  });

  it('converts a still image for networks that receive the file, never what a network downloads itself', () => {
    expect(planMedia(still('tiff', 1080, 1080), NETWORK_LIMITS.mastodon)).toEqual([
      { kind: 'format', format: 'tiff', accepted: NETWORK_LIMITS.mastodon.image.accepted, fix: 'convert', convertTo: 'jpeg', unverified: false },
    ]);
    // Instagram fetches the image from its public URL: Cadence cannot convert it on the way.
    expect(planMedia(still('png', 1080, 1080), NETWORK_LIMITS.instagram)).toEqual([{ kind: 'format', format: 'png', accepted: ['jpeg'], fix: 'none', unverified: false }]);
    expect(kinds(gif(1080, 1080, 1_000_000), 'instagram')).toEqual(['format:none']);
    expect(kinds(still('heif', 1080, 1080), 'x')).toEqual(['format:none']);
    expect(kinds(still('svg', 1080, 1080), 'bluesky')).toEqual(['format:none']);
  });

  it('asks for sRGB on Instagram, which downloads the file as it is', () => {
    expect(kinds(still('jpeg', 1080, 1080, 500_000, 'cmyk'), 'instagram')).toEqual(['colour-space:none']);
    expect(kinds(still('jpeg', 1080, 1080, 500_000, 'cmyk'), 'x')).toEqual([]);
  });

  it('downscales heavy still images; cannot shrink an animation', () => {
    expect(kinds(still('jpeg', 3000, 2000, 2_500_000), 'bluesky')).toEqual(['bytes:downscale']);
    expect(kinds(gif(480, 270, 6_000_000), 'x')).toEqual([]); // GIFs have 15 MB on X
    expect(kinds(gif(480, 270, 16_000_000), 'x')).toEqual(['bytes:none']);
  });

  it('checks pixels, width + height and widths', () => {
    expect(kinds(still('jpeg', 6000, 6000), 'mastodon')).toEqual(['pixels:downscale']);
    expect(kinds(still('jpeg', 8000, 2500), 'telegram')).toEqual(['width-plus-height:downscale']);
    // Threads and Instagram rescale a wide image themselves.
    expect(kinds(still('jpeg', 2000, 2000), 'threads')).toEqual([]);
    expect(kinds(still('jpeg', 300, 300), 'instagram')).toEqual(['too-narrow:-']);
  });

  it('never fixes an aspect ratio', () => {
    expect(kinds(still('jpeg', 1080, 1920), 'instagram')).toEqual(['aspect:-']);
    expect(kinds(still('jpeg', 2100, 100), 'telegram')).toEqual(['aspect:-']);
    expect(kinds(still('jpeg', 4000, 300), 'threads')).toEqual(['aspect:-']);
  });

  it('refuses video on Slack and large files on Discord', () => {
    const mp4: ReadableMedia = { ok: true, format: 'mp4', width: 0, height: 0, bytes: 30_000_000, animated: true };
    expect(kinds(mp4, 'slack')).toEqual(['video-unsupported:-']);
    expect(kinds(mp4, 'discord')).toEqual(['bytes:none']);
    expect(kinds(still('png', 4000, 3000, 12_000_000), 'discord')).toEqual(['bytes:downscale']);
    expect(kinds(mp4, 'mastodon')).toEqual([]);
  });

  it('marks third-party limits as unverified (Facebook)', () => {
    const [issue] = planMedia(gif(400, 400, 5_000_000), NETWORK_LIMITS.facebook);
    expect(issue).toMatchObject({ kind: 'bytes', fix: 'none', unverified: true });
  });
});
