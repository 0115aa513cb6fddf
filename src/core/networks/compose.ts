/**
 * The text a network actually receives, where it differs from what the author wrote. Lint counts
 * this text and the adapters send it, so both agree on what "too long" means.
 */
import type { NetworkLimits } from './limits.ts';

/** Between the text and a link appended to it. */
export const LINK_SEPARATOR = '\n\n';

/**
 * On networks whose link card comes from a URL in the text (X, Mastodon, LinkedIn, Discord, Telegram,
 * Slack), a post's `link` is appended to its main text unless the text already contains it.
 */
export function publishedText(limits: NetworkLimits, text: string | undefined, link: string | undefined): string {
  const body = text ?? '';
  if (limits.link !== 'text' || !link || body.includes(link)) return body;
  return body.trim() === '' ? link : `${body}${LINK_SEPARATOR}${link}`;
}

/** Whether publishedText adds the link (for messages: "including the link appended to the text"). */
export function appendsLink(limits: NetworkLimits, text: string | undefined, link: string | undefined): boolean {
  return limits.link === 'text' && !!link && !(text ?? '').includes(link);
}
