/**
 * URLs as a reader (and a network's linkifier) sees them in a text, for adapters that must treat them
 * apart: LinkedIn must not escape inside them, X returns them as t.co links.
 */
import { extractUrls } from '../../core/networks/entities.ts';

const SCHEME_URL = /\bhttps?:\/\/[^\s<>"«»“”]+/gi;
const TRAILING = /[.,;:!?'’»"]$/;

export interface UrlSpan {
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
}

/**
 * Every http(s) URL whatever its TLD (twitter-text only knows the TLDs of its release): up to a space,
 * without trailing punctuation, nor a closing parenthesis or bracket the URL did not open.
 */
export function schemeUrls(text: string): UrlSpan[] {
  const urls: UrlSpan[] = [];
  for (const m of text.matchAll(SCHEME_URL)) {
    let url = m[0];
    for (;;) {
      const count = (c: string) => url.split(c).length - 1;
      if (TRAILING.test(url)) url = url.slice(0, -1);
      else if (url.endsWith(')') && count(')') > count('(')) url = url.slice(0, -1);
      else if (url.endsWith(']') && count(']') > count('[')) url = url.slice(0, -1);
      else break;
    }
    urls.push({ start: m.index, end: m.index + url.length });
  }
  return urls;
}

/** http(s) URLs, then the bare domains twitter-text finds (`boulangerie.fr/galette`), without overlaps, in order. */
export function linkableUrls(text: string): UrlSpan[] {
  const spans = schemeUrls(text);
  for (const url of extractUrls(text, { requireProtocol: false })) {
    if (spans.every((s) => url.end <= s.start || url.start >= s.end)) spans.push({ start: url.start, end: url.end });
  }
  return spans.sort((a, b) => a.start - b.start);
}
