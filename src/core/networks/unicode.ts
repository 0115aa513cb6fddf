/**
 * Unicode measures the networks use: grapheme clusters, code points, UTF-8 bytes.
 *
 * Intl.Segmenter is exact but slow (about 0.4 µs per grapheme), and lint counts every text for several
 * networks. Most characters of a French post always form a grapheme cluster on their own, so only the
 * runs of other characters (emoji, combining marks, other scripts) go through the segmenter.
 */

// Built on first use: constructing it loads ICU data (~15 ms), and texts of simple characters never need it.
let segmenter: Intl.Segmenter | undefined;
const graphemes = { segment: (text: string) => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text) };

const CR = 0x0d;
const LF = 0x0a;

/**
 * Characters that are never Extend, ZWJ, SpacingMark, Prepend, Hangul or Regional_Indicator (UAX #29):
 * Latin up to U+02FF, general punctuation U+2010–U+2027 and U+202F–U+205E (« » ’ … and the narrow
 * no-break space of French typography), currency signs. Between two of them there is always a grapheme
 * boundary, except CR LF. None has Emoji_Presentation. Checked against Intl.Segmenter in the tests.
 */
const COMPLEX_RUN = /[^\u0000-\u02FF\u2010-\u2027\u202F-\u205E\u20A0-\u20C0]+/g;

/**
 * One Extended_Pictographic code point (✨, 🙏) that is not a skin-tone modifier (those are Extend):
 * with simple characters on both sides it neither joins them (GB9, GB11 need Extend or ZWJ) nor is
 * joined, so it is a grapheme by itself.
 */
const LONE_PICTOGRAPH = /^(?!\p{Emoji_Modifier})\p{Extended_Pictographic}$/u;

/** Graphemes of a stretch of simple characters: one per character, CR LF counting once. */
function simpleGraphemes(text: string, start: number, end: number): number {
  let count = end - start;
  for (let i = text.indexOf('\r\n', start); i !== -1 && i + 1 < end; i = text.indexOf('\r\n', i + 2)) count--;
  return count;
}

/**
 * Sums `weigh(grapheme)` over the grapheme clusters of `text`; simple characters weigh 1.
 * Complex runs are segmented with one simple neighbour on each side (the neighbour may join them: a
 * letter and its combining accent, © ZWJ emoji), and neighbouring windows merge.
 */
export function sumGraphemes(text: string, weigh?: (grapheme: string) => number): number {
  const re = COMPLEX_RUN; // shared and stateful (lastIndex): `weigh` must not call back into this function
  re.lastIndex = 0;
  let total = 0;
  let cursor = 0; // everything before it is counted; always a grapheme boundary
  let match = re.exec(text);
  while (match) {
    if (LONE_PICTOGRAPH.test(match[0])) {
      // A lone emoji between simple characters (" ✨ ") is one grapheme: no segmenter needed.
      total += simpleGraphemes(text, cursor, match.index) + (weigh ? weigh(match[0]) : 1);
      cursor = match.index + match[0].length;
      match = re.exec(text);
      continue;
    }
    let windowStart = Math.max(cursor, match.index - 1);
    if (windowStart > cursor && text.charCodeAt(windowStart) === LF && text.charCodeAt(windowStart - 1) === CR) windowStart--;
    let windowEnd = windowEndAfter(text, match.index + match[0].length);
    match = re.exec(text);
    while (match && match.index <= windowEnd) {
      windowEnd = windowEndAfter(text, match.index + match[0].length);
      match = re.exec(text);
    }
    total += simpleGraphemes(text, cursor, windowStart);
    for (const { segment } of graphemes.segment(text.slice(windowStart, windowEnd))) total += weigh ? weigh(segment) : 1;
    cursor = windowEnd;
  }
  return total + simpleGraphemes(text, cursor, text.length);
}

function windowEndAfter(text: string, runEnd: number): number {
  if (runEnd >= text.length) return text.length;
  // Take the next (simple) character, and its LF when it is a CR.
  return text.charCodeAt(runEnd) === CR && text.charCodeAt(runEnd + 1) === LF ? runEnd + 2 : runEnd + 1;
}

export function countGraphemes(text: string): number {
  return sumGraphemes(text);
}

/** UTF-8 length without encoding (a lone surrogate counts as U+FFFD, 3 bytes, as encoders write it). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function countCodePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/**
 * An emoji as Threads counts it: a grapheme shown as emoji, i.e. holding a character with
 * Emoji_Presentation (🎄, flags, skin tones) or the emoji variation selector U+FE0F (❤️, 1️⃣, 🏳️‍⚧️).
 * Every RGI emoji sequence has one of them; ‼ or © without U+FE0F are text and count 1.
 */
const EMOJI_GRAPHEME = /\p{Emoji_Presentation}|\uFE0F/u;

export function isEmojiGrapheme(grapheme: string): boolean {
  return EMOJI_GRAPHEME.test(grapheme);
}

/** Threads' unit: an emoji grapheme weighs its UTF-8 bytes, any other grapheme 1. */
export function threadsWeight(grapheme: string): number {
  return isEmojiGrapheme(grapheme) ? utf8Length(grapheme) : 1;
}

/**
 * The UTF-16 index of the first grapheme that no longer fits once `limit` is reached, summing
 * `weigh` per grapheme; undefined when everything fits. The slow path, for texts already over.
 */
export function graphemeOverflow(text: string, limit: number, weigh: (grapheme: string) => number): number | undefined {
  let total = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    total += weigh(segment);
    if (total > limit) return index;
  }
  return undefined;
}

/** The largest grapheme boundary at or before `index`, so a cut never splits a character. */
export function graphemeBoundaryAtOrBefore(text: string, index: number): number {
  if (index >= text.length) return text.length;
  if (index <= 0) return 0;
  return graphemes.segment(text).containing(index)?.index ?? index;
}

/** The UTF-16 index where the code point number `count` (0-based) starts, or the length. */
export function codePointIndex(text: string, count: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (seen === count) return i;
    seen++;
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return text.length;
}

/** Iterates grapheme clusters with their UTF-16 index (for callers that need each one). */
export function segmentGraphemes(text: string): Iterable<{ segment: string; index: number }> {
  return graphemes.segment(text);
}
