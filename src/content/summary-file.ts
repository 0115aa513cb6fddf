import { isAscii } from 'node:buffer';

/**
 * The file the lint cache keeps post summaries in, laid out so that a run decodes only what it uses.
 * A one-file lint in a 10,000-post repository needs the content key of every post but the summaries
 * of a few hundred (those within reach of the file, core/rules/reach.ts); `JSON.parse` of all of them
 * (3 MB) took 50–70 ms and most of the run's garbage collection.
 *
 *   line 1   JSON header: format, version, editorial line key, media facts, size of the index in bytes
 *   index    a line per post: file, content key, id, publish times, text keys, byte range of its summary
 *   data     the summaries as JSON, back to back, each read by its range only when needed
 *
 * The index holds paths, hashes, slugs and numbers: ASCII as a rule, which reads without UTF-8 decoding.
 */
export interface SummaryFileHeader {
  format: typeof FORMAT;
  version: number;
  lineKey: string;
  media: Record<string, unknown>;
  indexBytes: number;
}

/** What the index says of a post, enough to tell whether its summary is needed without decoding it. */
export interface IndexEntry {
  key: string;
  id: string;
  /** Publish times in ms, comma-separated, empty where a channel has none. */
  times: string;
  /** Text keys, comma-separated, empty where a channel has no text. */
  textKeys: string;
  /** Byte range of the summary in the data part; null for a post with no summary (invalid). */
  range: [number, number] | null;
}

export interface SummaryFile {
  header: SummaryFileHeader;
  /** The index part, as text. */
  indexText: string;
  /** Per file, where the rest of its index line starts in indexText (after the file and its tab). */
  index: Map<string, number>;
  data: Buffer;
}

const FORMAT = 'cadence lint summaries';
const NO_SUMMARY = '-';
const TAB = 9;
const NEWLINE = 10;

/** The file's parts, or undefined when it is not one (missing header, wrong sizes): the cache is then rebuilt. */
export function readSummaryFile(buffer: Buffer): SummaryFile | undefined {
  const headerEnd = buffer.indexOf(NEWLINE);
  if (headerEnd === -1) return undefined;
  let header: SummaryFileHeader;
  try {
    header = JSON.parse(buffer.toString('utf8', 0, headerEnd)) as SummaryFileHeader;
  } catch {
    return undefined;
  }
  const indexStart = headerEnd + 1;
  const indexEnd = indexStart + header?.indexBytes;
  if (header?.format !== FORMAT || !Number.isInteger(header.indexBytes) || header.indexBytes < 0 || indexEnd > buffer.length) return undefined;
  const indexBytes = buffer.subarray(indexStart, indexEnd);
  const indexText = isAscii(indexBytes) ? indexBytes.toString('latin1') : indexBytes.toString('utf8');
  const index = new Map<string, number>();
  for (let start = 0; start < indexText.length; ) {
    const end = lineEnd(indexText, start);
    const tab = indexText.indexOf('\t', start);
    // A line without fields is damage: that post is simply not remembered.
    if (tab !== -1 && tab < end) index.set(unescapeField(indexText.slice(start, tab)), tab + 1);
    start = end + 1;
  }
  return { header, indexText, index, data: buffer.subarray(indexEnd) };
}

/** Splits the index line whose rest starts at `at`; undefined when it is damaged. */
export function parseIndexEntry(indexText: string, at: number): IndexEntry | undefined {
  const fields = indexText.slice(at, lineEnd(indexText, at)).split('\t');
  if (fields.length !== 5) return undefined;
  const [key, id, times, textKeys, rangeField] = fields as [string, string, string, string, string];
  const range = parseRange(rangeField);
  return range === undefined ? undefined : { key: unescapeField(key), id: unescapeField(id), times, textKeys, range };
}

/**
 * Whether the index line at `at` has content key `key`, compared in place: a one-file lint asks this
 * of every post. Keys (file-keys.ts) hold no tab, newline or backslash, so they are stored as they are.
 */
export function indexEntryHasKey(indexText: string, at: number, key: string): boolean {
  return indexText.startsWith(key, at) && indexText.charCodeAt(at + key.length) === TAB;
}

/**
 * Whether the post of the index line at `at` may be needed, read off the line without
 * allocating: its id is one of `ids`, a publish time passes `isNear`, or a text key is one of `textKeys`.
 * Ids and text keys are compared escaped, as stored.
 */
export function indexEntryMatches(indexText: string, at: number, ids: readonly string[], isNear: (ms: number) => boolean, textKeys: readonly string[]): boolean {
  // Fields looked for past the end of the line mean a damaged line: decoded, so that its check sees it.
  const end = lineEnd(indexText, at);
  const idStart = indexText.indexOf('\t', at) + 1;
  if (idStart === 0 || idStart > end) return true;
  const idEnd = indexText.indexOf('\t', idStart);
  if (idEnd === -1 || idEnd > end) return true;
  // Index loops, not for…of: this runs 10,000 times in a one-file lint, mostly before V8 optimises it.
  for (let i = 0; i < ids.length; i++) if (idEnd - idStart === ids[i]!.length && indexText.startsWith(ids[i]!, idStart)) return true;
  const timesEnd = indexText.indexOf('\t', idEnd + 1);
  if (timesEnd === -1 || timesEnd > end) return true;
  let value = 0;
  let digits = 0;
  for (let i = idEnd + 1; i <= timesEnd; i++) {
    const c = indexText.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === 44 || c === TAB) {
      if (digits > 0 && isNear(value)) return true;
      value = 0;
      digits = 0;
    } else {
      // Not a plain list of positive integers (a time before 1970?): let the decoded summary decide.
      return true;
    }
  }
  const keysEnd = indexText.indexOf('\t', timesEnd + 1);
  if (keysEnd === -1 || keysEnd > end) return true;
  if (textKeys.length === 0) return false;
  for (let segment = timesEnd + 1; segment <= keysEnd; ) {
    let segmentEnd = indexText.indexOf(',', segment);
    if (segmentEnd === -1 || segmentEnd > keysEnd) segmentEnd = keysEnd;
    for (let i = 0; i < textKeys.length; i++) if (segmentEnd - segment === textKeys[i]!.length && indexText.startsWith(textKeys[i]!, segment)) return true;
    segment = segmentEnd + 1;
  }
  return false;
}

/** The byte range of the summary of the index line at `at` (its last field), without splitting the line. */
export function indexEntryRange(indexText: string, at: number): [number, number] | null | undefined {
  const end = lineEnd(indexText, at);
  const tab = indexText.lastIndexOf('\t', end);
  return tab < at ? undefined : parseRange(indexText.slice(tab + 1, end));
}

/** A range field: `start,length`, or `-` for no summary (null); undefined when it is neither. */
function parseRange(field: string): [number, number] | null | undefined {
  if (field === NO_SUMMARY) return null;
  const comma = field.indexOf(',');
  if (comma === -1) return undefined;
  const start = Number(field.slice(0, comma));
  const length = Number(field.slice(comma + 1));
  return Number.isInteger(start) && Number.isInteger(length) && start >= 0 && length >= 0 ? [start, length] : undefined;
}

/** Where the index line that contains `at` ends (its newline, or the end of the index). */
function lineEnd(indexText: string, at: number): number {
  const end = indexText.indexOf('\n', at);
  return end === -1 ? indexText.length : end;
}

/** The summary JSON of an entry, or undefined when its range lies outside the data. */
export function summaryJson(data: Buffer, range: [number, number]): string | undefined {
  const [start, length] = range;
  return start + length <= data.length ? data.toString('utf8', start, start + length) : undefined;
}

/** Writes a summary file, post by post (no intermediate list: a full lint writes 10,000 entries). */
export class SummaryFileWriter {
  private readonly lines: string[] = [];
  private readonly data: string[] = [];
  private offset = 0;

  /** `json`: the summary's JSON, null for a post with no summary. Times are numbers and text keys hashes (core/summary.ts): only paths and ids need escaping, keys (file-keys.ts) never do. */
  add(file: string, key: string, id: string, times: string, textKeys: string, json: string | null): void {
    let range = NO_SUMMARY;
    if (json !== null) {
      const bytes = Buffer.byteLength(json);
      range = `${this.offset},${bytes}`;
      this.data.push(json);
      this.offset += bytes;
    }
    this.lines.push(`${escapeField(file)}\t${key}\t${escapeField(id)}\t${times}\t${textKeys}\t${range}\n`);
  }

  finish(header: Omit<SummaryFileHeader, 'format' | 'indexBytes'>): Buffer {
    const index = Buffer.from(this.lines.join(''));
    const head = Buffer.from(`${JSON.stringify({ format: FORMAT, ...header, indexBytes: index.length })}\n`);
    return Buffer.concat([head, index, Buffer.from(this.data.join(''))]);
  }
}

// Paths and ids could hold a tab, a newline or a backslash: those three are escaped, as in TSV files.
export function escapeField(value: string): string {
  if (value.indexOf('\t') === -1 && value.indexOf('\n') === -1 && value.indexOf('\\') === -1) return value;
  return value.replace(/[\t\n\\]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\\\'));
}

function unescapeField(value: string): string {
  return value.includes('\\') ? value.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c)) : value;
}
