import sharp from 'sharp';
import { appendEvent } from '../../src/publish/store.ts';
import type { ChannelId } from '../../src/core/channels.ts';
import { editorialLine, tempBrand, type TempBrand } from '../helpers/brand.ts';

/** A brand repository on `main` with one commit, the editorial line extended for review scenarios. */
export function reviewBrand(): TempBrand {
  const brand = tempBrand({
    git: true,
    line: editorialLine({
      brand: { name: 'Boulangerie Test', siteUrl: 'https://boulangerie.example', locale: 'fr', timezone: 'Europe/Paris', colors: { primary: '#c8781e', background: '#fff7ea' } },
      channels: {
        mastodon: { cadence: { maxPerDay: 2, minGapMinutes: 120 }, slots: { weekdays: ['09:00', '18:00'], weekend: ['10:00'] } },
        bluesky: { cadence: { maxPerDay: 3 } },
        x: {},
        instagram: { cadence: { maxPerDay: 1 } },
        linkedin: { cadence: { maxPerDay: 1 } },
        blog: {},
      },
    }),
  });
  return brand;
}

export function commitAll(brand: TempBrand, message: string): void {
  brand.git('add', '-A');
  brand.git('commit', '-q', '-m', message);
}

/** A real JPEG, so the media edge reads format and size. */
export async function writeJpeg(brand: TempBrand, file: string, width = 1200, height = 900): Promise<void> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 30 } } }).jpeg({ quality: 60 }).toBuffer();
  brand.write(file, jpeg);
}

/** Records a publication in the brand's ledger, as a publish run would. */
export function recordPublished(brand: TempBrand, postId: string, channel: ChannelId, url: string): void {
  appendEvent(brand.root, postId, channel, { type: 'published', at: '2026-11-20T10:00:00.000Z', run: 'test-run', adapter: 'outbox', remoteId: `${postId}-${channel}`, url, contentHash: 'h', key: 'k' });
}
