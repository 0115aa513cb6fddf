/**
 * The sites' last check on what an article renders to: sanitize-html (a well-kept, allowlist-based
 * sanitizer on htmlparser2) with the allowlist lint checks (src/core/html-policy.ts), plus what Markdown
 * and the blog's components write themselves (heading ids, footnotes, task-list boxes, code colours,
 * table alignment, embeds). A hostile body that slips past lint still cannot run on the brand's domain.
 *
 * Markdown alone cannot write an element that runs code: its links and images are checked by
 * `safeUrlsPlugin` as they are rendered. Raw HTML is what needs the sanitizer, so `needsSanitizing` tells
 * the loaders which bodies to pass through it (a parse of each of 10,000 bodies costs seconds).
 */
import { satteri } from '@astrojs/markdown-satteri';
import sanitizeHtml from 'sanitize-html';
import { ARTICLE_COMPONENTS } from '../core/article-components.ts';
import { EMBED_ORIGINS } from '../core/embeds.ts';
import { ALLOWED_ELEMENTS, LINK_SCHEMES, urlProblem } from '../core/html-policy.ts';

const GLOBAL = ['title', 'lang', 'dir', 'class'];
const COLOUR = /^#[0-9a-f]{3,8}$/i;

/** Attributes Markdown and the components write, on top of what writers may. */
const GENERATED: Record<string, string[]> = {
  h1: ['id'], h2: ['id'], h3: ['id'], h4: ['id'], h5: ['id'], h6: ['id'],
  a: ['id', 'aria-describedby', 'aria-label', 'data-footnote-ref', 'data-footnote-backref'],
  li: ['id'],
  section: ['data-footnotes'],
  pre: ['tabindex', 'data-language', 'style'],
  code: ['style'],
  span: ['style'],
  th: ['style'],
  td: ['style'],
  input: ['type', 'checked', 'disabled'],
  img: ['__ASTRO_IMAGE_'],
  iframe: ['src', 'title', 'loading', 'referrerpolicy', 'sandbox', 'allow', 'allowfullscreen'],
};

const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-presentation allow-popups';
/** What Astro's image marker writes in `__ASTRO_IMAGE_` (anything else would become attributes of the page's <img>). */
const IMAGE_MARKER_KEYS = new Set(['src', 'alt', 'title', 'index', 'inferSize']);

function options(images: ReadonlySet<string>): sanitizeHtml.IOptions {
  const allowedAttributes: Record<string, string[]> = {};
  for (const [tag, own] of Object.entries(ALLOWED_ELEMENTS)) allowedAttributes[tag] = [...GLOBAL, ...own, ...(GENERATED[tag] ?? [])];
  for (const [tag, own] of Object.entries(GENERATED)) allowedAttributes[tag] ??= [...GLOBAL, ...own];
  return {
    allowedTags: [...Object.keys(ALLOWED_ELEMENTS), 'input', 'iframe'],
    allowedAttributes,
    allowedSchemes: [...LINK_SCHEMES],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: true,
    allowedIframeHostnames: EMBED_ORIGINS.map((origin) => new URL(origin).hostname),
    allowIframeRelativeUrls: false,
    // Code colours, table alignment and scrolling: nothing that can load a resource or move content.
    allowedStyles: {
      '*': {
        color: [COLOUR],
        'background-color': [COLOUR],
        'text-align': [/^(?:left|right|center)$/],
        'overflow-x': [/^auto$/],
        'font-style': [/^italic$/],
        'font-weight': [/^bold$/],
        'text-decoration': [/^underline$/],
      },
    },
    disallowedTagsMode: 'discard',
    // Dropped with their content: code, styles, or markup readers were not meant to see.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title', 'svg', 'math', 'object', 'embed', 'applet', 'iframe', 'frame', 'frameset'],
    // Keep attribute names as written: Astro's image marker is `__ASTRO_IMAGE_`, and an allowlist matched
    // without case folding only ever drops more (an `HREF=` is removed, never let through).
    parser: { lowerCaseAttributeNames: false },
    transformTags: {
      '*': (tagName, attribs) => ({ tagName, attribs: withSafeUrls(tagName, attribs) }),
      iframe: (tagName, attribs) => ({ tagName, attribs: { ...attribs, sandbox: EMBED_SANDBOX, referrerpolicy: 'strict-origin-when-cross-origin' } }),
      img: (tagName, attribs) => ({ tagName, attribs: withTrustedImageMarker(withSafeUrls(tagName, attribs), images) }),
    },
    exclusiveFilter: (frame) =>
      (frame.tag === 'input' && !(frame.attribs.type === 'checkbox' && 'disabled' in frame.attribs)) ||
      (frame.tag === 'iframe' && !frame.attribs.src),
  };
}

function withSafeUrls(tagName: string, attribs: Record<string, string>): Record<string, string> {
  const out = { ...attribs };
  for (const name of ['href', 'src', 'cite']) {
    if (out[name] !== undefined && urlProblem(out[name]!, tagName === 'img' ? 'image' : 'link')) delete out[name];
  }
  return out;
}

function withTrustedImageMarker(attribs: Record<string, string>, images: ReadonlySet<string>): Record<string, string> {
  const marker = attribs.__ASTRO_IMAGE_;
  if (marker === undefined) return attribs;
  const { __ASTRO_IMAGE_: _dropped, ...rest } = attribs;
  try {
    const value = JSON.parse(marker) as Record<string, unknown>;
    const trusted = typeof value.src === 'string' && images.has(value.src) && Object.keys(value).every((key) => IMAGE_MARKER_KEYS.has(key));
    return trusted ? attribs : rest;
  } catch {
    return rest;
  }
}

/**
 * Whether an article's body, as its author wrote it, has raw HTML of the author's: a tag, comment,
 * declaration or processing instruction always starts with `<` and a letter, `/`, `!` or `?` (CommonMark
 * 4.6 and 6.6; autolinks match too, which costs a sanitizer pass and nothing else). The blog's component
 * tags are taken out first: their HTML is written by src/core/article-components.ts from checked,
 * escaped attributes. Taking a tag out never hides another: what is removed runs from `<Callout` or
 * `<Embed` to the next `>` with no `<` between, so any other `<` stays in the text and is found.
 */
export function needsSanitizing(body: string): boolean {
  return /<[A-Za-z!?/]/.test(body.replace(COMPONENT_TAG, ''));
}

const COMPONENT_TAG = new RegExp(`</?(?:${Object.keys(ARTICLE_COMPONENTS).join('|')})\\b[^<>]*>`, 'g');

/**
 * The HTML of a rendered body with everything outside the allowlist removed. `images` are the sources
 * Astro's image pipeline collected from the Markdown (`rendered.metadata.localImagePaths` and
 * `remoteImagePaths`): only their markers are kept.
 */
export function sanitizeArticleHtml(html: string, images: Iterable<string> = []): string {
  return sanitizeHtml(html, options(new Set(images)));
}

type HastPlugin = NonNullable<NonNullable<Parameters<typeof satteri>[0]>['hastPlugins']>[number];

/**
 * A hast plugin of the sites' Markdown processor (satteri, Astro's default): a link or image Markdown
 * writes whose URL can run code (`javascript:`, entity-encoded or not) loses it, for every body, sanitized
 * or not. Raw HTML is left to the sanitizer.
 */
export function safeUrlsPlugin(): HastPlugin {
  return {
    name: 'cadence-safe-urls',
    element: {
      filter: ['a', 'img'],
      visit(node, ctx) {
        const { href, src } = node.properties ?? {};
        if (typeof href === 'string' && urlProblem(href, 'link')) ctx.setProperty(node, 'href', null);
        if (typeof src === 'string' && urlProblem(src, 'image')) ctx.setProperty(node, 'src', null);
      },
    },
  };
}

/**
 * The `markdown` settings of both sites: Astro's default processor with the link check, and Prism, which
 * colours code with classes where Shiki writes inline styles a strict Content-Security-Policy would have to allow.
 */
export function safeMarkdown() {
  return { syntaxHighlight: 'prism' as const, processor: satteri({ hastPlugins: [safeUrlsPlugin()] }) };
}
