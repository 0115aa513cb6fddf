/** Small wording helpers shared by the network rules' messages. */

const MB = 1_000_000;
const MiB = 1_048_576;

/** A limit as the network writes it: "16 MiB", "5 MB", "2,500,000 bytes". */
export function formatLimitBytes(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % MB === 0) return `${bytes / MB} MB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** A file size, rounded: "7.2 MB". */
export function formatSize(bytes: number): string {
  return bytes >= 100_000 ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}

export function formatMegapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} Mpx`;
}

/** "PNG", "JPEG", for messages. */
export function formatName(format: string): string {
  return format.toUpperCase();
}

export function listFormats(formats: readonly string[]): string {
  return formats.map(formatName).join(', ');
}

const TAIL_LENGTH = 32;
const WHITESPACE = /\s+/g;
const STARTS_WITH_LOW_SURROGATE = /^[\uDC00-\uDFFF]/;

/**
 * The last words that still fit before `index`, on one line: `…à partir de 18 h 30` (the place a
 * network would cut, for the author to find it).
 */
export function lastWordsBefore(text: string, index: number): string {
  const before = text.slice(0, index).replace(WHITESPACE, ' ').trimEnd();
  if (before.length <= TAIL_LENGTH) return before;
  let tail = before.slice(-TAIL_LENGTH);
  const space = tail.indexOf(' ');
  if (space > 0 && space < TAIL_LENGTH - 8) tail = tail.slice(space + 1);
  else if (STARTS_WITH_LOW_SURROGATE.test(tail)) tail = tail.slice(1); // never start in the middle of a character
  return `…${tail}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
