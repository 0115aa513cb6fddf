import { readOptionalDocument } from '../../content/documents.ts';
import { EDITORIAL_LINE_FILE } from '../../content/paths.ts';
import { editorialLineSchema } from '../../core/schema/index.ts';
import { validateWith } from '../../core/validate.ts';

/**
 * The brand's site URL (`brand.siteUrl` of the editorial line), read once, for networks that download
 * images from the site (Instagram, Threads, Slack). Undefined when the line cannot be read.
 */
export function siteUrlReader(root: string, given?: string): () => string | undefined {
  let siteUrl: string | undefined | null = given ?? null;
  return () => {
    if (siteUrl === null) {
      const doc = readOptionalDocument(root, EDITORIAL_LINE_FILE);
      const line = doc?.ok ? validateWith(editorialLineSchema, doc.data) : undefined;
      siteUrl = line?.ok ? line.value.brand.siteUrl : undefined;
    }
    return siteUrl;
  };
}
