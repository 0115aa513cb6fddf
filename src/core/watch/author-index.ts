/**
 * The spike rule's compact view of a day of stored mentions: one line per alerting mention with its time,
 * its author's pseudonym and what the rule asks of it (negative, risk words, stars). Derived from the
 * mention files, which stay the only truth: a quiet run reads 28 days of these short lines instead of
 * parsing every mention's JSON (docs/benchmarks.md, "Watch"). Pure.
 *
 *   <createdAt, ms since epoch> TAB <author pseudonym> TAB <flags: n negative, r risk words, 1-5 stars>
 */
import { isNegative, type StoredMention } from './mention.ts';
import type { SpikeEvent } from './spike.ts';

/** What the spike rule counts of a stored mention. */
export function spikeEvent(m: StoredMention): SpikeEvent {
  return { atMs: Date.parse(m.createdAt), author: m.author, negative: isNegative(m), risk: m.risk.length > 0, rating: m.rating };
}

/** The index lines of a day's mentions (only those that count for alerts), each ending with a newline. */
export function indexLines(mentions: readonly StoredMention[]): string {
  let text = '';
  for (const m of mentions) {
    if (!m.alerting) continue;
    const at = Date.parse(m.createdAt);
    if (!Number.isFinite(at) || /[\t\n]/.test(m.author)) continue;
    text += `${at}\t${m.author}\t${isNegative(m) ? 'n' : ''}${m.risk.length > 0 ? 'r' : ''}${m.rating ?? ''}\n`;
  }
  return text;
}

/** The events of index lines from `start` to `end` in `text` (a slice of a larger file, not copied). */
export function parseIndexLines(text: string, start = 0, end = text.length, into: SpikeEvent[] = []): SpikeEvent[] {
  let at = start;
  while (at < end) {
    let eol = text.indexOf('\n', at);
    if (eol === -1 || eol > end) eol = end;
    const tab1 = text.indexOf('\t', at);
    const tab2 = tab1 === -1 ? -1 : text.indexOf('\t', tab1 + 1);
    if (tab2 !== -1 && tab2 < eol) {
      const flags = text.slice(tab2 + 1, eol);
      const digit = /[1-5]/.exec(flags);
      into.push({ atMs: Number(text.slice(at, tab1)), author: text.slice(tab1 + 1, tab2), negative: flags.includes('n'), risk: flags.includes('r'), rating: digit ? Number(digit[0]) : undefined });
    }
    at = eol + 1;
  }
  return into;
}
