/** Reads a brand repository for the sites, with the same parser and zod schemas as the CLI. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CalendarPost } from '../core/calendar/model.ts';
import { channelContent, mediaPath, postIdFromPath } from '../core/post.ts';
import { editorialLineSchema, netiquetteSchema, postSchema, type EditorialLine, type Netiquette, type PostFrontmatter } from '../core/schema/index.ts';
import { resolveDateTime } from '../core/time.ts';
import { validateWith } from '../core/validate.ts';
import { parseFrontmatter } from '../content/frontmatter.ts';
import { EDITORIAL_LINE_FILE, NETIQUETTE_FILE } from '../content/paths.ts';
import { fileStamp } from '../content/documents.ts';
import { outsideRepository } from '../content/media.ts';
import { listPostFiles, readDocument } from '../content/repository.ts';

function readFrontmatterData(root: string, file: string): unknown {
  const parsed = parseFrontmatter(readFileSync(path.join(root, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  return parsed.data;
}

export function loadEditorialLine(root: string): EditorialLine {
  const result = validateWith(editorialLineSchema, readFrontmatterData(root, EDITORIAL_LINE_FILE));
  if (!result.ok) throw new Error(`${EDITORIAL_LINE_FILE} is not valid: run \`cadence lint ${EDITORIAL_LINE_FILE}\``);
  return result.value;
}

export function loadNetiquette(root: string): Netiquette | undefined {
  let data: unknown;
  try {
    data = readFrontmatterData(root, NETIQUETTE_FILE);
  } catch {
    return undefined;
  }
  const result = validateWith(netiquetteSchema, data);
  return result.ok ? result.value : undefined;
}

/** A valid post with what its file holds: the raw frontmatter (for Astro's own schema) and the body. */
export interface LoadedPost extends CalendarPost {
  raw: Record<string, unknown>;
  body: string;
  bodyLine: number;
}

// One parse per file and process while the file is unchanged: a blog build reads the posts for the
// embargo, the loader, the cards and the public-file check, and a dev server again on every change.
// Kept on globalThis because Astro loads astro.config.mjs and the content config through separate
// module graphs, each with its own instance of this module.
const PARSED_FILES = Symbol.for('cadence.site.parsedFiles');
const parsedFiles: Map<string, { stamp: string; post: LoadedPost | undefined }> = ((globalThis as Record<symbol, unknown>)[PARSED_FILES] ??= new Map()) as never;

function loadPost(root: string, file: string): LoadedPost | undefined {
  const absolute = path.join(root, file);
  const stat = fileStamp(absolute);
  const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : '';
  const known = parsedFiles.get(absolute);
  if (known && known.stamp === stamp) return known.post;
  let post: LoadedPost | undefined;
  const doc = readDocument(root, file);
  if (doc.ok) {
    const result = validateWith(postSchema, doc.data);
    if (result.ok) post = { id: result.value.id ?? postIdFromPath(file), file, data: result.value, raw: doc.data as Record<string, unknown>, body: doc.body, bodyLine: doc.bodyLine };
  }
  parsedFiles.set(absolute, { stamp, post });
  return post;
}

/** Every valid post of the repository (invalid ones are lint's business, not the sites'). */
export function loadPosts(root: string): LoadedPost[] {
  const posts: LoadedPost[] = [];
  for (const file of listPostFiles(root)) {
    const post = loadPost(root, file);
    if (post) posts.push(post);
  }
  return posts;
}

/** When a post's blog article goes public, or undefined when it never does (not on the blog, unresolvable time). */
export function articlePublishMs(data: PostFrontmatter, line: EditorialLine): number | undefined {
  if (!data.channels.includes('blog')) return undefined;
  const resolved = resolveDateTime(channelContent(data, 'blog').publishAt, line.brand.timezone);
  return resolved.ok ? resolved.epochMs : undefined;
}

/** The embargo: an article is public when it is ready, on the blog, and its blog time has passed at build time. */
export function isPublicArticle(data: PostFrontmatter, line: EditorialLine, atMs: number): boolean {
  if (data.status !== 'ready') return false;
  const at = articlePublishMs(data, line);
  return at !== undefined && at <= atMs;
}

/** The articles the public blog may contain at `atMs`. */
export function publicArticles(root: string, line: EditorialLine, atMs: number): LoadedPost[] {
  return loadPosts(root).filter((p) => isPublicArticle(p.data, line, atMs));
}

/**
 * Files under public/ that the public site must not contain yet: referenced by posts, but by no
 * channel whose time has come. Networks that download media themselves (Instagram, Threads, Slack) fetch
 * them from the deployed site, so they become public when their post comes due, never before.
 */
export function embargoedPublicFiles(root: string, line: EditorialLine, atMs: number): string[] {
  const referenced = new Set<string>();
  const allowed = new Set<string>();
  for (const post of loadPosts(root)) {
    for (const channel of post.data.channels) {
      const content = channelContent(post.data, channel);
      const files = [...content.media, ...content.thread.flatMap((part) => part.media ?? [])]
        .map((m) => mediaPath(post.file, m.src))
        .filter((file) => file.startsWith('public/'));
      if (files.length === 0) continue;
      const at = resolveDateTime(content.publishAt, line.brand.timezone);
      const out = post.data.status === 'ready' && at.ok && at.epochMs <= atMs;
      for (const file of files) (out ? allowed : referenced).add(file);
    }
  }
  return [...referenced].filter((file) => !allowed.has(file)).sort();
}

/**
 * Symbolic links under `public/` that lead outside the repository (both sites copy `public/` as it is):
 * `public/x.jpg → ~/.ssh/id_rsa` would be published. The sites refuse to build with any.
 */
export function publicLinksOutside(root: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        const outside = outsideRepository(root, child);
        if (outside) found.push(`${child} → ${outside}`);
      } else if (entry.isDirectory()) walk(child);
    }
  };
  walk('public');
  return found;
}

/** Stops a site build whose `public/` links out of the repository, naming each link. */
export function assertPublicInside(root: string): void {
  const links = publicLinksOutside(root);
  if (links.length > 0) throw new Error(`public/ has symbolic links that lead outside the repository, which the sites would publish: ${links.join(', ')}. Copy the files into the repository instead.`);
}
