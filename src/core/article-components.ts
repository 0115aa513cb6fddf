/**
 * The components an article body may use, as MDX tags (`<Callout type="tip" title="…">…</Callout>`).
 * Posts cannot import anything (code from a pull request must never run in the build), so the blog
 * provides this fixed set; lint rejects any other capitalised tag, and the site turns each into HTML
 * around its Markdown children.
 */
import { embedSource, EMBED_PROVIDERS } from './embeds.ts';
import { ALLOWED_ELEMENTS, DANGEROUS_ELEMENTS } from './html-policy.ts';
import { escapeHtml } from './text.ts';

export interface ComponentAttribute {
  description: string;
  /** Allowed values; any string when absent. */
  values?: readonly string[];
  default?: string;
  /** The component cannot do without it. */
  required?: boolean;
  /** Why a value is refused, beyond the list of `values`. */
  check?(value: string): string | undefined;
}

export interface ArticleComponent {
  description: string;
  attributes: Readonly<Record<string, ComponentAttribute>>;
  /** The HTML before and after the children, from attribute values already checked. */
  wrap(attributes: Readonly<Record<string, string>>): { open: string; close: string };
}

const CALLOUT_TYPES = ['info', 'tip', 'warning'] as const;

export const ARTICLE_COMPONENTS: Readonly<Record<string, ArticleComponent>> = {
  Callout: {
    description: 'A boxed note beside the text: practical information, a tip or a warning.',
    attributes: {
      type: { description: 'What kind of note it is (sets its colour).', values: CALLOUT_TYPES, default: 'info' },
      title: { description: 'A short heading shown in bold.' },
    },
    wrap: (attributes) => {
      const title = attributes.title ? `<p class="callout-title"><strong>${escapeHtml(attributes.title)}</strong></p>` : '';
      return { open: `<aside class="callout callout-${attributes.type ?? 'info'}">${title}`, close: '</aside>' };
    },
  },
  Embed: {
    description: `A video or a map from ${EMBED_PROVIDERS.map((p) => p.label).join(', ')}, in a privacy-friendly player; any other site is a link.`,
    attributes: {
      src: {
        description: 'The address of the video or map page, as the browser shows it.',
        required: true,
        check: (value) => {
          const source = embedSource(value);
          return source.ok ? undefined : source.message;
        },
      },
      title: { description: 'What it shows, for readers who cannot see it (screen readers announce the frame by it).', required: true },
    },
    wrap: (attributes) => {
      const source = embedSource(attributes.src ?? '');
      // checkComponent refused anything else before wrap is called.
      if (!source.ok) throw new Error(source.message);
      const title = escapeHtml(attributes.title ?? '');
      return {
        open: `<figure class="embed embed-${source.provider.id}"><iframe src="${escapeHtml(source.player)}" title="${title}" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups" allow="fullscreen; picture-in-picture" allowfullscreen></iframe>`,
        close: '</figure>',
      };
    },
  },
};

export interface ComponentProblem {
  message: string;
}

/** Checks a component tag's name and attributes; attribute values are the strings written in the tag. */
export function checkComponent(name: string, attributes: readonly { name: string; value: string | undefined }[]): ComponentProblem[] {
  const component = ARTICLE_COMPONENTS[name];
  if (!component) {
    const known = Object.keys(ARTICLE_COMPONENTS).map((n) => `<${n}>`).join(', ');
    return [{ message: `<${name}> is not a component the blog provides (available: ${known}); posts cannot import their own` }];
  }
  const problems: ComponentProblem[] = [];
  for (const [attribute, spec] of Object.entries(component.attributes)) {
    if (spec.required && !attributes.some((a) => a.name === attribute)) problems.push({ message: `<${name}> needs \`${attribute}\`: ${spec.description[0]!.toLowerCase()}${spec.description.slice(1)}` });
  }
  for (const attribute of attributes) {
    const spec = component.attributes[attribute.name];
    if (!spec) {
      problems.push({ message: `<${name}> has no attribute \`${attribute.name}\` (it takes ${Object.keys(component.attributes).map((a) => `\`${a}\``).join(', ')})` });
    } else if (attribute.value === undefined) {
      problems.push({ message: `<${name} ${attribute.name}> needs a value in quotes` });
    } else if (spec.values && !spec.values.includes(attribute.value)) {
      problems.push({ message: `<${name} ${attribute.name}="${attribute.value}"> must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}` });
    } else {
      const problem = spec.check?.(attribute.value);
      if (problem) problems.push({ message: `<${name} ${attribute.name}>: ${problem}` });
    }
  }
  return problems;
}

/**
 * Whether a tag names a component (capitalised, as in JSX) rather than an HTML element. Browsers read tag
 * names without case, so `<IMG>` or `<Script>` are HTML, checked and sanitized as such; the blog's
 * components never take an HTML element's name.
 */
export function isComponentName(name: string): boolean {
  if (!/^[A-Z]/.test(name)) return false;
  if (ARTICLE_COMPONENTS[name]) return true;
  const lower = name.toLowerCase();
  return DANGEROUS_ELEMENTS[lower] === undefined && ALLOWED_ELEMENTS[lower] === undefined;
}
