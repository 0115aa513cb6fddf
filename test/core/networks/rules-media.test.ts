import { describe, expect, it } from 'vitest';
import { networkRules } from '../../../src/core/rules/network-rules.ts';
import { mediaAltLength } from '../../../src/core/rules/network/media-alt-length.ts';
import { mediaAltMissing } from '../../../src/core/rules/network/media-alt-missing.ts';
import { mediaAspect } from '../../../src/core/rules/network/media-aspect.ts';
import { mediaCount } from '../../../src/core/rules/network/media-count.ts';
import { mediaDimensions } from '../../../src/core/rules/network/media-dimensions.ts';
import { mediaFormat } from '../../../src/core/rules/network/media-format.ts';
import { mediaMissing } from '../../../src/core/rules/network/media-missing.ts';
import { mediaSize } from '../../../src/core/rules/network/media-size.ts';
import { mediaUnreadable } from '../../../src/core/rules/network/media-unreadable.ts';
import { animatedGif, image, makeContext, makePost, photo, run, video } from './fixtures.ts';

const text = 'La brioche des Lumières est de retour ✨';

describe('media/missing and media/unreadable', () => {
  it('names the missing file once, wherever it is used', () => {
    const post = makePost({ channels: ['x', 'mastodon'], text, media: [photo('images/absente.jpg')] });
    const ctx = makeContext({ 'images/absente.jpg': { ok: false, problem: 'missing', reason: 'does not exist' } });
    expect(run(mediaMissing, post, ctx)).toEqual([
      {
        at: ['media', 0, 'src'],
        channel: undefined,
        severity: 'error',
        message: 'content/posts/2026/12/images/absente.jpg does not exist (`images/absente.jpg` is read relative to the post)',
      },
    ]);
    expect(run(mediaUnreadable, post, ctx)).toEqual([]);
  });

  it('reports an unreadable file with the edge’s reason, in a variant with its channel', () => {
    const post = makePost({ channels: ['instagram'], text, variants: { instagram: { media: [photo('images/casse.jpg')] } } });
    const reason = 'content/posts/2026/12/images/casse.jpg cannot be read as an image (corrupt header)';
    const ctx = makeContext({ 'images/casse.jpg': { ok: false, problem: 'unreadable', reason } });
    expect(run(mediaUnreadable, post, ctx)).toEqual([{ at: ['variants', 'instagram', 'media', 0, 'src'], channel: 'instagram', severity: 'error', message: reason }]);
    expect(run(mediaMissing, post, ctx)).toEqual([]);
  });
});

describe('media/alt-missing and media/alt-length', () => {
  it('requires alt text on every image, thread parts included', () => {
    const post = makePost({ channels: ['bluesky'], text, media: [photo('images/a.jpg', ' ')], thread: [{ text: 'Suite', media: [photo('images/b.jpg', '')] }] });
    expect(run(mediaAltMissing, post).map((f) => f.at)).toEqual([
      ['media', 0, 'alt'],
      ['thread', 0, 'media', 0, 'alt'],
    ]);
    expect(run(mediaAltMissing, makePost({ channels: ['bluesky'], text, media: [photo()] }))).toEqual([]);
  });

  it('checks alt length per network (X 1000, Mastodon 1500), with the editorial line’s override', () => {
    const post = makePost({ channels: ['x', 'mastodon', 'linkedin'], text, media: [photo('images/a.jpg', 'é'.repeat(1200))] });
    expect(run(mediaAltLength, post).map((f) => [f.channel, f.message])).toEqual([
      ['x', 'alt text of content/posts/2026/12/images/a.jpg has 1200 characters; X takes at most 1000'],
    ]);
    const ctx = makeContext({}, { x: {}, mastodon: { limits: { maxAltText: 1000 } }, linkedin: {} });
    expect(run(mediaAltLength, post, ctx).map((f) => f.channel)).toEqual(['x', 'mastodon']);
  });
});

describe('media/count', () => {
  const jpegs = (n: number) => Array.from({ length: n }, (_, i) => photo(`images/p${i}.jpg`));
  const ctxFor = (n: number, extra: Record<string, ReturnType<typeof image>> = {}) =>
    makeContext({ ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`images/p${i}.jpg`, image('jpeg', 1080, 1080)])), ...extra });

  it('counts media per post against each network (X 4, Instagram carousel 10, LinkedIn 20)', () => {
    const post = makePost({ channels: ['x', 'instagram', 'linkedin', 'facebook'], text, media: jpegs(11) });
    expect(run(mediaCount, post, ctxFor(11)).map((f) => [f.channel, f.message])).toEqual([
      ['x', '11 media in the post; X takes at most 4 per post'],
      ['instagram', '11 media in the post; Instagram takes at most 10 per post'],
    ]);
  });

  it('keeps a GIF or a video alone on X', () => {
    const post = makePost({ channels: ['x', 'mastodon'], text, media: [photo('images/p0.jpg'), photo('images/anim.gif'), photo('images/clip.mp4')] });
    const ctx = ctxFor(1, { 'images/anim.gif': animatedGif(480, 270, 2_000_000), 'images/clip.mp4': video() });
    expect(run(mediaCount, post, ctx).map((f) => [f.channel, f.message.split(':')[0]])).toEqual([['x', 'X publishes a video alone']]);
  });

  it('follows the brand’s maxMedia and counts thread parts separately', () => {
    const post = makePost({ channels: ['mastodon'], text, media: jpegs(4), thread: [{ text: 'Suite', media: jpegs(5) }] });
    expect(run(mediaCount, post, ctxFor(5)).map((f) => f.at)).toEqual([['thread', 0, 'media']]);
    expect(run(mediaCount, post, makeContext({}, { mastodon: { limits: { maxMedia: 8 } } }))).toEqual([]);
  });
});

describe('media/format', () => {
  it('notes that Cadence converts a TIFF for Mastodon; fails a PNG and an animated GIF on Instagram, which downloads them as they are', () => {
    const post = makePost({ channels: ['instagram', 'mastodon'], text, media: [photo('images/carte.png'), photo('images/anim.gif'), photo('images/scan.tiff')] });
    const ctx = makeContext({ 'images/carte.png': image('png', 1080, 1080), 'images/anim.gif': animatedGif(1080, 1080, 3_000_000), 'images/scan.tiff': image('tiff', 1080, 1080) });
    expect(run(mediaFormat, post, ctx).map((f) => [f.channel, f.severity, f.at])).toEqual([
      ['instagram', 'error', ['media', 0, 'src']],
      ['instagram', 'error', ['media', 1, 'src']],
      ['instagram', 'error', ['media', 2, 'src']],
      ['mastodon', 'note', ['media', 2, 'src']],
    ]);
    const [png, gif, , tiff] = run(mediaFormat, post, ctx);
    expect(png!.message).toContain('Instagram downloads the file from its public URL as it is, so Cadence cannot convert it; export it as JPEG');
    expect(gif!.message).toContain('converting it would drop the animation');
    expect(tiff!.message).toContain('Cadence converts this TIFF to JPEG on publish (content/posts/2026/12/images/scan.tiff)');
  });

  it('fails what Cadence cannot convert, and a video on Slack', () => {
    const post = makePost({ channels: ['x', 'slack'], text, media: [photo('images/iphone.heic')] });
    const ctx = makeContext({ 'images/iphone.heic': image('heif', 4032, 3024) });
    expect(run(mediaFormat, post, ctx).map((f) => [f.channel, f.severity])).toEqual([
      ['x', 'error'],
      ['slack', 'error'],
    ]);
    const clip = makePost({ channels: ['slack'], text, media: [photo('images/clip.mp4')] });
    expect(run(mediaFormat, clip, makeContext({ 'images/clip.mp4': video() }))[0]!.message).toContain('Slack takes only images');
  });

  it('asks for an sRGB export of a CMYK image on Instagram, which downloads it as it is', () => {
    const post = makePost({ channels: ['instagram'], text, media: [photo('images/print.jpg')] });
    const findings = run(mediaFormat, post, makeContext({ 'images/print.jpg': image('jpeg', 1080, 1080, 500_000, { space: 'cmyk' }) }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ at: ['media', 0, 'src'], channel: 'instagram', message: expect.stringContaining('export it in sRGB (it is cmyk)') });
    expect(findings[0]!.severity).toBe('error');
  });
});

describe('media/size', () => {
  it('notes a heavy still image (Cadence recompresses) and fails a heavy GIF', () => {
    const post = makePost({ channels: ['bluesky', 'x'], text, media: [photo('images/grande.jpg')] });
    const heavy = makeContext({ 'images/grande.jpg': image('jpeg', 4000, 3000, 3_400_000) });
    expect(run(mediaSize, post, heavy)).toEqual([
      {
        at: ['media', 0, 'src'],
        channel: 'bluesky',
        severity: 'note',
        message: 'content/posts/2026/12/images/grande.jpg is 3.4 MB, over Bluesky\'s 2 MB: Cadence downscales and recompresses it on publish',
      },
    ]);
    const gifPost = makePost({ channels: ['x'], text, media: [photo('images/anim.gif')] });
    const findings = run(mediaSize, gifPost, makeContext({ 'images/anim.gif': animatedGif(480, 270, 16_000_000) }));
    expect(findings).toEqual([{ at: ['media', 0, 'src'], channel: 'x', severity: 'error', message: expect.stringContaining('over X\'s 15 MB: Cadence cannot shrink this animated GIF') }]);
  });

  it('checks a Discord message’s files together (25 MiB)', () => {
    const post = makePost({ channels: ['discord'], text, media: [photo('images/c1.mp4'), photo('images/c2.mp4'), photo('images/c3.mp4')] });
    const ctx = makeContext({ 'images/c1.mp4': video(9_000_000), 'images/c2.mp4': video(9_000_000), 'images/c3.mp4': video(9_000_000) });
    expect(run(mediaSize, post, ctx)).toEqual([
      { at: ['media'], channel: 'discord', severity: 'error', message: expect.stringContaining('weigh 27.0 MB together, over Discord\'s 25 MiB per message') },
    ]);
  });
});

describe('media/dimensions', () => {
  it('notes downscaling for Mastodon’s pixel cap and Telegram’s width + height, warns about narrow images', () => {
    const post = makePost({ channels: ['mastodon', 'telegram', 'instagram'], text, media: [photo('images/panorama.jpg'), photo('images/vignette.jpg')] });
    const ctx = makeContext({ 'images/panorama.jpg': image('jpeg', 9000, 4000), 'images/vignette.jpg': image('jpeg', 200, 200) });
    expect(run(mediaDimensions, post, ctx).map((f) => `${f.channel} ${f.severity} ${(f.at as readonly (string | number)[]).join('.')}: ${f.message.split(': ')[1] ?? f.message}`)).toEqual([
      'mastodon note media.0.src: Cadence downscales it on publish',
      'telegram note media.0.src: Cadence downscales it on publish',
      'instagram warning media.1.src: it will be upscaled and look blurry; use a larger image',
    ]);
  });
});

describe('media/aspect', () => {
  it('fails a portrait 9:16 image on Instagram, never cropping it', () => {
    const post = makePost({ channels: ['instagram', 'x'], text, media: [photo('images/story.jpg')] });
    const findings = run(mediaAspect, post, makeContext({ 'images/story.jpg': image('jpeg', 1080, 1920) }));
    expect(findings).toEqual([
      {
        at: ['media', 0, 'src'],
        channel: 'instagram',
        severity: 'error',
        message: 'content/posts/2026/12/images/story.jpg is 1080×1920 (ratio 0.56); Instagram takes 4:5 (0.8) to 1.91:1: crop it yourself, choosing what to keep (Cadence does not crop)',
      },
    ]);
  });
});

describe('networkRules', () => {
  it('lists every network rule once, with unique ids', () => {
    const ids = networkRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['text/length', 'text/missing', 'thread/unsupported', 'media/aspect', 'media/format']));
    expect(networkRules.every((r) => r.scope === 'post')).toBe(true);
  });

  it('says nothing about a post every network takes', () => {
    const post = makePost({
      channels: ['x', 'bluesky', 'mastodon', 'linkedin', 'facebook', 'instagram', 'threads', 'discord', 'telegram', 'slack', 'blog'],
      text: '« La brioche des Lumières » est de retour au fournil ✨ #Lyon',
      // Under public/: Instagram, Threads and Slack download it from the site.
      media: [photo('/public/images/brioche.jpg')],
    });
    const channels = Object.fromEntries(post.data.channels.map((c) => [c, {}]));
    const ctx = { ...makeContext({}, channels), media: new Map([['public/images/brioche.jpg', image('jpeg', 1080, 1350, 900_000)]]) };
    expect(networkRules.flatMap((rule) => run(rule, post, ctx))).toEqual([]);
  });
});
