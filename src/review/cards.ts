/**
 * A social card per reviewed post, drawn by the blog's card renderer (src/site/card.ts: satori + sharp,
 * the brand kit), cached in the brand's .cadence/cache/cards and copied next to review.md as
 * cards/<id>.png so the comment and the artifact can point at it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHANNEL_LABELS } from '../core/channels.ts';
import { CACHE_DIR } from '../content/paths.ts';
import { resolveDateTime } from '../core/time.ts';
import { cachedCard, readLogo, type CardInput } from '../site/card.ts';
import type { ReviewRun } from './report.ts';

function dateLabel(epochMs: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(epochMs));
}

/** Renders the cards of every valid, non-deleted post of the review and records their paths in the report. */
export async function renderPostCards(dir: string, run: ReviewRun, root: string): Promise<void> {
  const line = run.line;
  if (!line) return;
  const cardsDir = path.join(dir, 'cards');
  const cacheDir = path.join(root, CACHE_DIR, 'cards');
  const logo = readLogo(root, line.brand.logo);
  for (const post of run.report.posts) {
    const doc = run.docs.get(post.file);
    if (post.status === 'deleted' || !doc || !post.id) continue;
    const resolved = resolveDateTime(doc.data.publishAt, line.brand.timezone);
    const footer = [resolved.ok ? dateLabel(resolved.epochMs, line.brand.locale, line.brand.timezone) : undefined, doc.data.channels.map((c) => CHANNEL_LABELS[c]).join(' · ')]
      .filter(Boolean)
      .join(' — ');
    const input: CardInput = { title: doc.data.title, brandName: line.brand.name, footer, colors: line.brand.colors, logo };
    const { png } = await cachedCard(input, cacheDir);
    mkdirSync(cardsDir, { recursive: true });
    writeFileSync(path.join(cardsDir, `${post.id}.png`), png);
    post.card = `cards/${post.id}.png`;
  }
}
