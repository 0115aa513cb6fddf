/**
 * The blog's Content-Security-Policy, the last line of defence behind lint and the sanitizer: no script
 * at all (the blog ships none), styles from the site itself and the hashes Astro computes for its inline
 * ones, style attributes for code colours and table alignment (the sanitizer limits them to harmless
 * properties), frames from the embed players only, no form, no <base>. Astro writes it into each page as
 * a <meta http-equiv> (static hosting sets no headers), from `security.csp` in the blog's config.
 */
import { createHash } from 'node:crypto';
import { EMBED_ORIGINS } from '../core/embeds.ts';

export interface BlogPolicyOptions {
  /** Script origins a feature of the blog needs (a comments widget, say), allowed by name. */
  scriptOrigins?: readonly string[];
  /** Frame origins beyond the embed players. */
  frameOrigins?: readonly string[];
}

export function blogContentSecurityPolicy(options: BlogPolicyOptions = {}) {
  return {
    algorithm: 'SHA-256' as const,
    directives: [
      "default-src 'none'",
      "img-src 'self' data: https:",
      "font-src 'self'",
      "media-src 'self' https:",
      "manifest-src 'self'",
      `frame-src ${[...EMBED_ORIGINS, ...(options.frameOrigins ?? [])].join(' ')}`,
      "base-uri 'none'",
      "form-action 'none'",
    ] as `${string}-${string}`[],
    // No origin at all unless a feature names one: the blog ships no script of its own.
    scriptDirective: { resources: options.scriptOrigins?.length ? [...options.scriptOrigins] : ["'none'"] },
    styleDirective: { resources: [{ resource: "'self'", kind: 'element' as const }, { resource: "'unsafe-inline'", kind: 'attribute' as const }] },
  };
}

/** The CSP hash of an inline <style> Astro does not process (`is:inline`), for `Astro.csp.insertStyleHash`. */
export function styleHash(css: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(css).digest('base64')}`;
}
