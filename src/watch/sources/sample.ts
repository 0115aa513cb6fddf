/**
 * A source without credentials reads the brand's samples instead of the network (docs/community.md,
 * "Without accounts"): `samples/watch/<source>.jsonl`, one raw mention a line (the shape a network
 * adapter produces), and `samples/watch/rss/<feed>.xml` for feeds, parsed like real ones. Only what was
 * posted by the run's instant is read, so `--at` replays a history; the cursor is that instant.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawMention } from '../../core/watch/mention.ts';
import type { WatchSource } from '../../core/schema/watch.ts';
import { WATCH_SAMPLES_DIR } from '../paths.ts';
import { newest, SourceError, type SourceContext, type SourceResult, type WatchSourceAdapter } from './source.ts';

export function sampleFile(source: WatchSource): string {
  return `${WATCH_SAMPLES_DIR}/${source}.jsonl`;
}

export function sampleFeedFile(feedId: string): string {
  return `${WATCH_SAMPLES_DIR}/rss/${feedId}.xml`;
}

export function readSampleFeed(root: string, feedId: string): string {
  try {
    return readFileSync(path.join(root, sampleFeedFile(feedId)), 'utf8');
  } catch {
    throw new SourceError(`feed \`${feedId}\`: no credentials and no sample (${sampleFeedFile(feedId)})`);
  }
}

export function sampleSource(id: WatchSource): WatchSourceAdapter {
  return {
    id,
    via: 'sample',
    async read(ctx: SourceContext): Promise<SourceResult> {
      let text: string;
      try {
        text = readFileSync(path.join(ctx.root, sampleFile(id)), 'utf8');
      } catch {
        return { mentions: [], cursor: ctx.cursor, notes: [`no credentials and no sample (${sampleFile(id)}): nothing read`] };
      }
      const since = ctx.cursor ? Date.parse(ctx.cursor) : Number.NEGATIVE_INFINITY;
      const mentions: RawMention[] = [];
      text.split('\n').forEach((line, index) => {
        if (!line.trim()) return;
        let mention: RawMention;
        try {
          mention = JSON.parse(line) as RawMention;
        } catch {
          throw new SourceError(`${sampleFile(id)}:${index + 1}: not a JSON line`);
        }
        const at = Date.parse(mention.createdAt);
        if (at > since && at <= ctx.nowMs) mentions.push(mention);
      });
      return { mentions, cursor: newest(mentions.map((m) => new Date(Date.parse(m.createdAt)).toISOString()), ctx.cursor) };
    },
  };
}
