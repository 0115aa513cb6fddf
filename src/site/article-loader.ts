/**
 * The blog's content loader: the public articles, rendered through Astro's Markdown path.
 *
 * Astro's glob loader compiles every .mdx file into a JavaScript module that the build bundles and
 * runs; for 10,000 articles that is most of a build's time and memory. Posts cannot hold code
 * (lint: mdx/no-esm, mdx/no-expression), so their MDX is Markdown plus the blog's components:
 * src/core/article-markdown.ts rewrites it as Markdown, and the loader context's `renderMarkdown`
 * renders it with the site's Markdown settings (heading ids, images through Astro's pipeline), once:
 * an entry whose post has not changed keeps its rendered HTML from the previous build (in the data store
 * when the body has images, else in a pack beside it: src/site/article-html.ts).
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Loader } from 'astro/loaders';
import { articleMarkdown } from '../core/article-markdown.ts';
import { outsideRepository } from '../content/media.ts';
import { referencedMedia } from '../content/media-store.ts';
import type { PostDoc } from '../core/model.ts';
import { ArticleHtmlWriter } from './article-html.ts';
import { needsSanitizing, sanitizeArticleHtml } from './sanitize.ts';
import type { LoadedPost } from './content.ts';

// Part of every digest: a new version re-renders entries cached by an older loader (3: sanitized bodies; 4: only those with the author's own HTML).
const LOADER_VERSION = '4';

// The loader context's store has this method (Astro's glob loader calls it) though its type does not say so.
type AssetImportingStore = { addAssetImports?(assets: string[], filePath: string): void };

export interface ArticleLoaderOptions {
  /** The brand repository. */
  root: string;
  /** The articles to load, already parsed and validated (the embargo has chosen them). */
  articles: readonly LoadedPost[];
}

export function articleLoader({ root, articles }: ArticleLoaderOptions): Loader {
  return {
    name: 'cadence-articles',
    load: async ({ store, parseData, generateDigest, renderMarkdown, config }) => {
      const projectRoot = fileURLToPath(config.root);
      const loaded = new Set<string>();
      const bodies = new ArticleHtmlWriter();
      for (const article of articles) {
        const absolute = path.join(root, article.file);
        const filePath = path.relative(projectRoot, absolute).split(path.sep).join('/');
        // Astro would read these files and copy them into the site: a link out of the repository stops the build.
        for (const media of referencedMedia(article as unknown as PostDoc)) {
          const outside = outsideRepository(root, media);
          if (outside) throw new Error(`${article.file}: ${media} leads outside the repository (to ${outside}); the blog never copies it (run \`cadence lint\`)`);
        }
        const digest = generateDigest({ version: LOADER_VERSION, data: article.raw, body: article.body });
        loaded.add(article.id);
        const existing = store.get(article.id);
        if (existing?.digest === digest && existing.filePath === filePath && (existing.rendered || bodies.keep(digest))) {
          // Unchanged: keep last build's entry, and re-declare its images as Astro's glob loader does. Astro
          // rewrites the site's .astro/content-assets.mjs only when images are declared, and that file is
          // shared by every build of the site: left alone, it could be another brand's.
          if (existing.assetImports?.length) (store as AssetImportingStore).addAssetImports?.(existing.assetImports, filePath);
          continue;
        }
        const data = await parseData({ id: article.id, data: article.raw, filePath: absolute });
        const markdown = articleMarkdown(article.body);
        if (!markdown.ok) {
          const [problem] = markdown.problems;
          throw new Error(`${article.file}:${article.bodyLine + problem!.position.line - 1}:${problem!.position.column}: ${problem!.message} (run \`cadence lint\`)`);
        }
        // An empty frontmatter first, so that a body opening with a `---` rule is not read as one.
        const rendered = await renderMarkdown(`---\n---\n${markdown.markdown}`, { fileURL: pathToFileURL(absolute) });
        const images = rendered.metadata?.imagePaths ?? [];
        // The author's raw HTML goes through the sanitizer: lint refuses what can run or send data, and this
        // is what keeps a case lint missed off the brand's pages.
        if (needsSanitizing(article.body)) rendered.html = sanitizeArticleHtml(rendered.html, images);
        // No source body in the store (pages use the HTML), and the HTML on disk unless Astro must resolve its images.
        if (images.length === 0) bodies.add(digest, rendered.html);
        store.set({ id: article.id, data, filePath, digest, ...(images.length > 0 ? { rendered } : {}), assetImports: images });
      }
      bodies.save();
      // Articles that left the blog (retracted, drafted again, deleted) leave the data store too.
      for (const id of store.keys()) if (!loaded.has(id)) store.delete(id);
    },
  };
}
