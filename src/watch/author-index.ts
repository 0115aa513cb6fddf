/**
 * The spike rule's input, read through a compact index of the stored mentions (src/core/watch/author-index.ts)
 * kept in .cadence/cache/: a quiet run reads 28 days of short lines instead of parsing every mention's JSON.
 *
 * It is a cache, never committed and never the truth: a day's part is used only while its mention file is
 * the one it was built from (same size and modification time; after a fresh checkout, the same content
 * hash), and is rebuilt from the JSON otherwise. A missing, stale or damaged cache costs time, never a
 * wrong count; a hand edit of a mention file (a label corrected, a line removed) is seen at once.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { indexLines, parseIndexLines } from '../core/watch/author-index.ts';
import { parseMention, type StoredMention } from '../core/watch/mention.ts';
import type { SpikeEvent } from '../core/watch/spike.ts';
import { writeAtomically } from '../content/cache.ts';
import { CACHE_DIR } from '../content/paths.ts';
import { mentionDays, mentionFile } from './store.ts';

export const AUTHOR_INDEX_FILE = `${CACHE_DIR}/watch-authors.tsv`;
const HEADER = 'cadence watch author index 1';

interface Section {
  size: number;
  mtimeMs: number;
  hash: string;
  /** Unreadable lines of the mention file, as `file:line`. */
  problems: string[];
  /** The index lines (a slice of the cache file's text, or freshly built). */
  body: string;
}

export interface SpikeEvents {
  events: SpikeEvent[];
  problems: string[];
}

/** The spike events of the stored mentions of the days from `fromDay` to `toDay` (inclusive). */
export function loadSpikeEvents(root: string, fromDay: string, toDay: string): SpikeEvents {
  const cacheFile = path.join(root, AUTHOR_INDEX_FILE);
  const cached = readSections(cacheFile);
  const kept = new Map<string, Section>();
  const events: SpikeEvent[] = [];
  const problems: string[] = [];
  let changed = false;
  for (const day of mentionDays(root)) {
    const known = cached.get(day);
    if (day < fromDay || day > toDay) {
      if (known) kept.set(day, known);
      continue;
    }
    const file = path.join(root, mentionFile(day));
    const stat = statSync(file);
    let section = known && known.size === stat.size && known.mtimeMs === stat.mtimeMs ? known : undefined;
    if (!section) {
      const bytes = readFileSync(file);
      const hash = createHash('sha1').update(bytes).digest('hex');
      section = known && known.size === stat.size && known.hash === hash ? { ...known, mtimeMs: stat.mtimeMs } : build(day, bytes.toString('utf8'), stat.size, stat.mtimeMs, hash);
      changed = true;
    }
    kept.set(day, section);
    parseIndexLines(section.body, 0, section.body.length, events);
    problems.push(...section.problems);
  }
  if (changed || kept.size !== cached.size) writeAtomically(cacheFile, serialize(kept));
  return { events, problems };
}

function build(day: string, text: string, size: number, mtimeMs: number, hash: string): Section {
  const mentions: StoredMention[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line) return;
    const mention = parseMention(line);
    if (mention) mentions.push(mention);
    else problems.push(`${mentionFile(day)}:${i + 1}`);
  });
  return { size, mtimeMs, hash, problems, body: indexLines(mentions) };
}

/** `@day TAB size TAB mtime TAB hash TAB body length TAB problems`, then the body; anything odd: no cache. */
function readSections(file: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return sections;
  }
  if (!text.startsWith(`${HEADER}\n`)) return sections;
  let at = HEADER.length + 1;
  while (at < text.length) {
    const eol = text.indexOf('\n', at);
    const fields = eol === -1 ? [] : text.slice(at, eol).split('\t');
    const [day, size, mtimeMs, hash, length, problems] = fields;
    const bodyLength = Number(length);
    if (fields.length !== 6 || !day?.startsWith('@') || !Number.isInteger(bodyLength) || eol + 1 + bodyLength > text.length) return new Map();
    const body = text.slice(eol + 1, eol + 1 + bodyLength);
    if (body.length > 0 && !body.endsWith('\n')) return new Map();
    sections.set(day.slice(1), { size: Number(size), mtimeMs: Number(mtimeMs), hash: hash!, problems: problems ? problems.split(',') : [], body });
    at = eol + 1 + bodyLength;
  }
  return sections;
}

function serialize(sections: ReadonlyMap<string, Section>): string {
  let text = `${HEADER}\n`;
  for (const [day, s] of [...sections].sort(([a], [b]) => a.localeCompare(b))) {
    text += `@${day}\t${s.size}\t${s.mtimeMs}\t${s.hash}\t${s.body.length}\t${s.problems.join(',')}\n${s.body}`;
  }
  return text;
}
