/** The images an article body shows (`![alt](src)`), which the blog build must find. */
import { mediaPath } from './post.ts';

export interface BodyImage {
  src: string;
  /** 1-based, relative to the body. */
  line: number;
  column: number;
}

const IMAGE = /!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Markdown images of a body, outside fenced code. */
export function bodyImages(body: string): BodyImage[] {
  if (!body.includes('![')) return [];
  const images: BodyImage[] = [];
  let fence: string | undefined;
  body.split('\n').forEach((text, index) => {
    const opening = FENCE.exec(text);
    if (opening) {
      if (!fence) fence = opening[1]![0]!.repeat(3);
      else if (text.trim().startsWith(fence)) fence = undefined;
      return;
    }
    if (fence || !text.includes('![')) return;
    for (const match of text.matchAll(IMAGE)) images.push({ src: match[1]!, line: index + 1, column: match.index + 1 });
  });
  return images;
}

/**
 * The repository file of a body image: relative to the post, or under public/ when it starts with `/`
 * (Astro serves public/ at the site root). Undefined for remote and inline images.
 */
export function bodyImagePath(postFile: string, src: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return undefined;
  const clean = decodeURI(src.replace(/[?#].*$/, ''));
  return clean.startsWith('/') ? `public${clean}` : mediaPath(postFile, clean);
}
