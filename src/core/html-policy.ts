/**
 * What HTML an article may hold, as one allowlist that lint checks (with the file, line and column of
 * each problem) and the site's sanitizer enforces (src/site/sanitize.ts), so that what lint accepts renders
 * as written and what a hostile pull request slips past lint still cannot run on the brand's domain.
 *
 * Pull requests from forks are untrusted, and a reviewer reading a rendered preview does not see a
 * script. GitHub sanitizes what it renders with an allowlist; Hugo drops raw HTML altogether. Cadence keeps
 * the HTML a writer legitimately uses (abbreviations, details, keys, figures…) and nothing that can run
 * code, load another page into ours, or send a reader's data elsewhere.
 */

/** Elements that can run code, embed another document, submit data or change how the page loads: why each is refused. */
export const DANGEROUS_ELEMENTS: Readonly<Record<string, string>> = {
  script: 'runs code in every reader’s browser',
  noscript: 'is markup for when scripts are off, and can hide content from the review',
  iframe: 'embeds another site into the blog (for a video or a map, use the blog’s <Embed> component)',
  frame: 'embeds another document',
  frameset: 'embeds other documents',
  object: 'embeds a plug-in or another document',
  embed: 'embeds a plug-in or another document',
  applet: 'embeds a plug-in',
  portal: 'embeds another site',
  form: 'sends what readers type to another address',
  input: 'is a form control, which collects what readers type',
  button: 'is a form control',
  select: 'is a form control',
  option: 'is a form control',
  textarea: 'is a form control, which collects what readers type',
  fieldset: 'is a form control',
  style: 'restyles the whole page: it can hide or disguise content and load remote resources',
  link: 'loads stylesheets, scripts or other pages',
  meta: 'can redirect readers or change how the page is read',
  base: 'changes where every link of the page points',
  svg: 'can hold scripts and event handlers (use an image file: `![alt](./image.svg)`)',
  math: 'can hold scripts and links the sanitizer would not see',
  template: 'holds markup the sanitizer would not see',
  dialog: 'can cover the page with content readers did not ask for',
  title: 'changes the page’s title',
};

const GLOBAL_ATTRIBUTES = ['title', 'lang', 'dir', 'class'] as const;

/**
 * Harmless elements a writer may use in an article (beyond what Markdown writes itself), with the
 * attributes each takes besides the global ones (`title`, `lang`, `dir`, `class`).
 */
export const ALLOWED_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  // Text
  p: [], br: [], hr: [], span: [], div: [], strong: [], b: [], em: [], i: [], u: [], s: [], del: ['cite', 'datetime'], ins: ['cite', 'datetime'],
  mark: [], small: [], sub: [], sup: [], abbr: [], dfn: [], kbd: [], samp: [], var: [], code: [], pre: [], q: ['cite'], cite: [], time: ['datetime'],
  blockquote: ['cite'], wbr: [], ruby: [], rt: [], rp: [], bdi: [], bdo: [],
  h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  // Lists and tables
  ul: [], ol: ['start', 'reversed', 'type'], li: ['value'], dl: [], dt: [], dd: [],
  table: [], caption: [], thead: [], tbody: [], tfoot: [], tr: [], th: ['scope', 'colspan', 'rowspan', 'align'], td: ['colspan', 'rowspan', 'align'], colgroup: ['span'], col: ['span'],
  // Structure
  details: ['open'], summary: [], figure: [], figcaption: [], aside: [], section: [], article: [], header: [], footer: [], nav: [], address: [],
  // Links and images
  a: ['href', 'hreflang', 'rel'], img: ['src', 'alt', 'width', 'height', 'loading', 'decoding'],
};

/** Attributes that hold a URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);

/** Schemes a link may use; anything without a scheme (a path, `#anchor`, `?query`) is a link on the site itself. */
export const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const;
/** Schemes an image may use; `data:` only for images (an image cannot run a script, an SVG in <img> included). */
export const IMAGE_SCHEMES = ['http', 'https'] as const;

export interface HtmlProblem {
  /** The element or attribute at fault, as the writer wrote it. */
  subject: string;
  message: string;
  /** The problem is the URL an attribute holds (reported with links and images rather than with elements). */
  url?: boolean;
}

/** Checks one raw HTML element (lowercase name, attributes with their decoded string values, or undefined for a bare attribute). */
export function checkHtmlElement(name: string, attributes: readonly { name: string; value: string | undefined }[]): HtmlProblem[] {
  const tag = name.toLowerCase();
  const dangerous = DANGEROUS_ELEMENTS[tag];
  if (dangerous) return [{ subject: `<${name}>`, message: `<${name}> is not allowed: it ${dangerous}` }];
  const allowed = ALLOWED_ELEMENTS[tag];
  if (!allowed) {
    return [{ subject: `<${name}>`, message: `<${name}> is not HTML the blog keeps (it would be removed from the page); use Markdown or one of: ${Object.keys(ALLOWED_ELEMENTS).filter((t) => !/^h[1-6]$/.test(t)).map((t) => `<${t}>`).join(' ')}` }];
  }
  const problems: HtmlProblem[] = [];
  for (const attribute of attributes) {
    const key = attribute.name.toLowerCase();
    if (key.startsWith('on')) {
      problems.push({ subject: attribute.name, message: `\`${attribute.name}\` on <${name}> is an event handler: it runs code in every reader’s browser` });
    } else if (key === 'style') {
      problems.push({ subject: attribute.name, message: `\`style\` on <${name}> is not allowed: inline styles can disguise content or load remote resources (the blog’s stylesheet and components style articles)` });
    } else if (!(GLOBAL_ATTRIBUTES as readonly string[]).includes(key) && !allowed.includes(key)) {
      problems.push({ subject: attribute.name, message: `\`${attribute.name}\` is not an attribute the blog keeps on <${name}> (it takes ${[...allowed, ...GLOBAL_ATTRIBUTES].map((a) => `\`${a}\``).join(', ')})` });
    } else if (URL_ATTRIBUTES.has(key) && attribute.value !== undefined) {
      const problem = urlProblem(attribute.value, tag === 'img' ? 'image' : 'link');
      if (problem) problems.push({ subject: attribute.name, message: `\`${attribute.name}\` on <${name}>: ${problem}`, url: true });
    }
  }
  return problems;
}

/**
 * Why a URL (already decoded from entities, as a browser would) must not be used, or undefined when it
 * is safe. Browsers ignore ASCII tabs and line breaks inside a URL and spaces or control characters
 * around it, and schemes are case-insensitive: `JaVa\tScRiPt:` is `javascript:`.
 */
export function urlProblem(url: string, kind: 'link' | 'image'): string | undefined {
  // eslint-disable-next-line no-control-regex
  const normalized = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(normalized)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // Protocol-relative `//host/…` loads from another site with whatever scheme the page has: fine for a link or image.
    return undefined;
  }
  if (scheme === 'javascript' || scheme === 'vbscript') return `\`${scheme}:\` URLs run code when followed`;
  if (scheme === 'data') {
    if (kind === 'image' && /^data:image\/(?:png|jpeg|gif|webp|avif)[;,]/i.test(normalized)) return undefined;
    return kind === 'image' ? '`data:` URLs are allowed for PNG, JPEG, GIF, WebP and AVIF images only' : '`data:` URLs can hold a whole page or a script: link to a file or a page instead';
  }
  const allowed: readonly string[] = kind === 'image' ? [...IMAGE_SCHEMES] : [...LINK_SCHEMES];
  if (!allowed.includes(scheme)) return `\`${scheme}:\` is not a scheme the blog links to (allowed: ${allowed.map((s) => `${s}:`).join(', ')}, or a path on the site)`;
  return undefined;
}
