import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMediaInfo } from '../../src/content/media.ts';

let dir: string;
const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#c8553d' } });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-media-'));
  writeFileSync(path.join(dir, 'photo.jpg'), await solid(1080, 1350).jpeg().toBuffer());
  writeFileSync(path.join(dir, 'logo.png'), await solid(400, 200).png().toBuffer());
  writeFileSync(path.join(dir, 'photo.avif'), await solid(64, 64).avif().toBuffer());
  writeFileSync(path.join(dir, 'anim.gif'), twoFrameGif());
  writeFileSync(path.join(dir, 'broken.jpg'), 'not an image at all');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1×1 GIF89a with two frames (black, then white), written byte by byte. */
function twoFrameGif(): Buffer {
  const frame = (pixelData: number) => [0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x02, 0x02, pixelData, 0x01, 0x00];
  return Buffer.from([
    ...Buffer.from('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
    0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00,
    ...frame(0x44), ...frame(0x4c), 0x3b,
  ]);
}

describe('readMediaInfo (real sharp)', () => {
  it('reads format, pixels and bytes', async () => {
    expect(await readMediaInfo(dir, 'photo.jpg')).toMatchObject({ ok: true, format: 'jpeg', width: 1080, height: 1350, animated: false, space: 'srgb' });
    expect(await readMediaInfo(dir, 'logo.png')).toMatchObject({ ok: true, format: 'png', width: 400, height: 200 });
  });
  it('tells AVIF from HEIC, which sharp both call heif', async () => {
    expect(await readMediaInfo(dir, 'photo.avif')).toMatchObject({ ok: true, format: 'avif' });
  });
  it('reports an animated GIF with the size of one frame', async () => {
    expect(await readMediaInfo(dir, 'anim.gif')).toMatchObject({ ok: true, format: 'gif', width: 1, height: 1, animated: true });
  });
  it('says what is wrong with a missing or unreadable file', async () => {
    expect(await readMediaInfo(dir, 'nope.jpg')).toEqual({ ok: false, problem: 'missing', reason: 'nope.jpg does not exist' });
    expect(await readMediaInfo(dir, 'broken.jpg')).toMatchObject({ ok: false, problem: 'unreadable', reason: expect.stringContaining('broken.jpg cannot be read as an image') });
  });
});
