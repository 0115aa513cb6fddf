/**
 * The components an article body may use, as MDX tags (`<Callout type="tip" title="…">…</Callout>`).
 * Posts cannot import anything (code from a pull request must never run in the build), so the blog
 * provides this fixed set; lint rejects any other capitalised tag, and the site turns each into HTML
 * around its Markdown children.
 */
import { escapeHtml } from './text.ts';

export interface ComponentAttribute {
  description: string;
  /** Allowed values; any string when absent. */
  values?: readonly string[];
  default?: string;
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
  for (const attribute of attributes) {
    const spec = component.attributes[attribute.name];
    if (!spec) {
      problems.push({ message: `<${name}> has no attribute \`${attribute.name}\` (it takes ${Object.keys(component.attributes).map((a) => `\`${a}\``).join(', ')})` });
    } else if (attribute.value === undefined) {
      problems.push({ message: `<${name} ${attribute.name}> needs a value in quotes` });
    } else if (spec.values && !spec.values.includes(attribute.value)) {
      problems.push({ message: `<${name} ${attribute.name}="${attribute.value}"> must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}` });
    }
  }
  return problems;
}

/** Whether a tag name is a component (capitalised, as in JSX) rather than an HTML element. */
export function isComponentName(name: string): boolean {
  return /^[A-Z]/.test(name);
}
