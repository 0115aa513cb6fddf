/**
 * UTM tags on the brand's own links, added when a publication is built for a network (never in the
 * post file): utm_source=<channel>, utm_medium=social, utm_campaign=<post campaign>, utm_content=<post id>,
 * so the blog's analytics count social visits per channel, campaign and post (the `clicks` objectives).
 *
 * Only links to the brand's hosts (brand.siteUrl's and `utm.domains`, with their subdomains) are tagged;
 * a link that already has a utm_ parameter is left as written. The ledger's content hash and idempotency
 * key are computed on the post as written, not on the tagged text: turning tagging on never makes a
 * published post look edited, and a retry of the same content keeps its key. Pure.
 */
import type { ChannelId } from './channels.ts';
import type { EditorialLine } from './schema/index.ts';

export interface UtmContext {
  line: Pick<EditorialLine, 'utm' | 'brand'>;
  channel: ChannelId;
  postId: string;
  campaign: string | undefined;
}

/**
 * The tagging of one publication: none without the line's `utm` block, nor on the blog (the brand's own
 * site). Publishing tags with it, and lint and the review preview count the texts with it, so a text that
 * fits as written but not once tagged (Bluesky, Threads, Telegram captions) is caught before it is due.
 */
export function utmContext(line: Pick<EditorialLine, 'utm' | 'brand'> | undefined, channel: ChannelId, postId: string, campaign: string | undefined): UtmContext | undefined {
  return line?.utm && channel !== 'blog' ? { line, channel, postId, campaign } : undefined;
}

/** A publication's text and link as sent: the brand's links tagged (unchanged without a context). */
export function taggedContent(text: string, link: string | undefined, ctx: UtmContext | undefined): { text: string; link: string | undefined } {
  if (!ctx) return { text, link };
  return { text: tagText(text, ctx), link: link === undefined ? undefined : tagUrl(link, ctx) };
}

function hosts(ctx: UtmContext): string[] {
  const own = ctx.line.utm?.domains ?? [];
  let site: string[] = [];
  try {
    site = [new URL(ctx.line.brand.siteUrl).hostname];
  } catch {
    site = [];
  }
  return [...site, ...own].map((h) => h.toLowerCase().replace(/^www\./, ''));
}

/** The URL with the tags, or unchanged when it is not the brand's, already tagged, or tagging is off. */
export function tagUrl(url: string, ctx: UtmContext): string {
  const utm = ctx.line.utm;
  if (!utm || utm.exclude.includes(ctx.channel)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  if (!hosts(ctx).some((h) => host === h || host.endsWith(`.${h}`))) return url;
  if ([...parsed.searchParams.keys()].some((k) => k.startsWith('utm_'))) return url;
  const params: [string, string][] = [
    ['utm_source', utm.sources?.[ctx.channel] ?? ctx.channel],
    ['utm_medium', utm.medium],
  ];
  const campaign = ctx.campaign ?? utm.campaign;
  if (campaign) params.push(['utm_campaign', campaign]);
  if (utm.content === 'post') params.push(['utm_content', ctx.postId]);
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const hash = parsed.hash;
  const base = hash ? url.slice(0, url.length - hash.length) : url;
  return `${base}${base.includes('?') ? '&' : '?'}${query}${hash}`;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"«»“”]+[^\s<>"«»“”.,;:!?'’)\]]/gi;

/** Every brand link of a text tagged. */
export function tagText(text: string, ctx: UtmContext): string {
  if (!ctx.line.utm) return text;
  return text.replace(URL_IN_TEXT, (url) => tagUrl(url, ctx));
}
