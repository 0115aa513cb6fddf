import type { ChannelId } from './channels.ts';
import type { FieldPath } from './diagnostics.ts';
import type { EditorialLine, Netiquette, PostFrontmatter } from './schema/index.ts';

export interface Position {
  line: number;
  column: number;
}

/** Maps a field path of a document's frontmatter to a line and column of its file. */
export type Locator = (path: FieldPath, atKey?: boolean) => Position;

/** A post whose frontmatter passed the schema. Rules receive these. */
export interface PostDoc {
  /** Repository-relative, forward slashes: content/posts/2026/12/fete-des-lumieres.mdx */
  file: string;
  /** Stable id: `id` from frontmatter, or derived from the path. */
  id: string;
  data: PostFrontmatter;
  /** The MDX body (the blog article when `blog` is a channel). */
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
  locate: Locator;
}

/** What the media edge found about one file referenced by a post. */
export type MediaInfo =
  | {
      ok: true;
      format: string; // sharp's format: jpeg, png, webp, gif, avif, heif, tiff, svg…
      width: number;
      height: number;
      bytes: number;
      animated: boolean;
      /** Colour space as sharp reports it (srgb, cmyk, b-w…). */
      space?: string;
    }
  | { ok: false; problem: 'missing' | 'unreadable' | 'outside'; reason: string };

export interface LintContext {
  /** The validated editorial line, when it exists and is valid. */
  line?: EditorialLine;
  netiquette?: Netiquette;
  /** The instant lint runs at (injected; `--at`). */
  nowMs: number;
  /** Media facts, keyed by repository-relative path of the media file. */
  media: ReadonlyMap<string, MediaInfo>;
  /** Files whose diagnostics are wanted; cross-post rules still see every post. Undefined: all. */
  targets?: ReadonlySet<string>;
  /** `postId:channel` pairs already published (from the ledger), so a passed time is not news for them. */
  published?: ReadonlySet<string>;
}

export type { ChannelId };
