/**
 * A content file whose body a site shows (the netiquette on the blog, the editorial line on the calendar),
 * loaded as one entry: its frontmatter validated by the collection's schema, its body rendered like an
 * article's (src/site/article-loader.ts) and always through the sanitizer. These files come from pull
 * requests too: compiled as MDX, their HTML, expressions and imports would run in the build or on the page.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader } from 'astro/loaders';
import { articleMarkdown } from '../core/article-markdown.ts';
import { readOptionalDocument } from '../content/documents.ts';
import { sanitizeArticleHtml } from './sanitize.ts';

const LOADER_VERSION = '1';

export function documentLoader({ root, file, id }: { root: string; file: string; id: string }): Loader {
  return {
    name: 'cadence-document',
    load: async ({ store, parseData, generateDigest, renderMarkdown }) => {
      const doc = readOptionalDocument(root, file);
      if (!doc) {
        store.clear();
        return;
      }
      if (!doc.ok) throw new Error(`${file}:${doc.position.line}:${doc.position.column}: ${doc.message} (run \`cadence lint\`)`);
      const digest = generateDigest({ version: LOADER_VERSION, data: doc.data as Record<string, unknown>, body: doc.body });
      if (store.get(id)?.digest === digest) return;
      const absolute = path.join(root, file);
      const data = await parseData({ id, data: doc.data as Record<string, unknown>, filePath: absolute });
      const markdown = articleMarkdown(doc.body);
      if (!markdown.ok) {
        const [problem] = markdown.problems;
        throw new Error(`${file}:${doc.bodyLine + problem!.position.line - 1}:${problem!.position.column}: ${problem!.message} (run \`cadence lint\`)`);
      }
      const rendered = await renderMarkdown(`---\n---\n${markdown.markdown}`, { fileURL: pathToFileURL(absolute) });
      const images = rendered.metadata?.imagePaths ?? [];
      rendered.html = sanitizeArticleHtml(rendered.html, images);
      store.clear();
      store.set({ id, data, filePath: path.relative(root, absolute), digest, rendered, ...(images.length > 0 ? { assetImports: images } : {}) });
    },
  };
}
