/**
 * Mastodon: the account's mentions (notifications of type mention, since the last id) and hashtag
 * timelines on the home instance and the instances listed in watch.mdx (public). Mastodon cannot search
 * other people's posts by arbitrary words (research note §1.2), so hashtags it is. A status seen on two
 * instances is one mention: its id is the status URI. The cursor holds the last id per endpoint (ids
 * differ between instances); an endpoint that failed keeps its old id.
 * MASTODON_TOKEN, MASTODON_API_URL.
 */
import { htmlToText } from '../../core/networks/html-text.ts';
import type { RawMention } from '../../core/watch/mention.ts';
import { apiBase, getJson, SourceError, type SourceContext, type SourceResult, type WatchSourceAdapter } from './source.ts';

interface Status {
  id: string;
  uri: string;
  url?: string | null;
  created_at: string;
  content: string;
  language?: string | null;
  in_reply_to_id?: string | null;
  account: { id: string; acct: string; url?: string; followers_count?: number };
  reblog?: Status | null;
  favourites_count?: number;
  reblogs_count?: number;
}

export function mastodonSource(): WatchSourceAdapter {
  return {
    id: 'mastodon',
    via: 'network',
    async read(ctx: SourceContext): Promise<SourceResult> {
      const home = apiBase(ctx.env, 'MASTODON_API_URL', '');
      if (!home) throw new SourceError('MASTODON_API_URL is not set: it is the instance of the brand account');
      const settings = ctx.config.sources.mastodon!;
      const cursors = parseCursors(ctx.cursor);
      const next: Record<string, string> = { ...cursors };
      const mentions: RawMention[] = [];
      const errors: string[] = [];
      const auth = { authorization: `Bearer ${ctx.env.MASTODON_TOKEN!.trim()}` };
      const endpoints: { key: string; url: string; headers: Record<string, string>; notifications: boolean }[] = [];
      if (settings.mentions) endpoints.push({ key: `${home}#mentions`, url: `${home}/api/v1/notifications?types[]=mention&limit=40`, headers: auth, notifications: true });
      const instances = [home, ...settings.instances.map((i) => i.replace(/\/+$/, ''))];
      for (const instance of [...new Set(instances)]) {
        for (const tag of settings.hashtags) {
          endpoints.push({ key: `${instance}#${tag}`, url: `${instance}/api/v1/timelines/tag/${encodeURIComponent(tag)}?limit=40`, headers: instance === home ? auth : {}, notifications: false });
        }
      }
      for (const endpoint of endpoints) {
        try {
          const since = cursors[endpoint.key];
          // min_id: the page right after the last one read, oldest first, so an interrupted read resumes.
          const url = since ? `${endpoint.url}&min_id=${encodeURIComponent(since)}` : endpoint.url;
          const { body } = await getJson<unknown[]>(url, { headers: endpoint.headers, what: `Mastodon GET ${new URL(endpoint.url).host}${new URL(endpoint.url).pathname}`, ...(ctx.fetch ? { fetch: ctx.fetch } : {}) });
          if (!Array.isArray(body)) throw new SourceError(`Mastodon ${endpoint.key}: the answer is not a list`);
          let last = since;
          for (const item of body) {
            const entry = item as { id: string; status?: Status } & Status;
            const status = endpoint.notifications ? entry.status : entry;
            last = maxId(last, entry.id);
            if (!status) continue;
            const original = status.reblog ?? status;
            if (Date.parse(original.created_at) > ctx.nowMs) continue;
            mentions.push({
              network: 'mastodon',
              nativeId: original.uri,
              url: original.url ?? original.uri,
              createdAt: new Date(Date.parse(original.created_at)).toISOString(),
              authorId: original.account.url ?? original.account.acct,
              handle: original.account.acct,
              text: htmlToText(original.content),
              ...(original.language ? { lang: original.language } : {}),
              kind: original.in_reply_to_id ? 'reply' : 'post',
              reach: original.account.followers_count ?? (original.favourites_count ?? 0) + (original.reblogs_count ?? 0),
            });
          }
          if (last) next[endpoint.key] = last;
        } catch (error) {
          if (!(error instanceof SourceError)) throw error;
          errors.push(error.message);
        }
      }
      if (errors.length === endpoints.length && errors.length > 0) throw new SourceError(errors.join('; '));
      return { mentions, cursor: Object.keys(next).length ? JSON.stringify(next) : ctx.cursor, ...(errors.length ? { notes: errors } : {}) };
    },
  };
}

function parseCursors(cursor: string | undefined): Record<string, string> {
  if (!cursor) return {};
  try {
    const value = JSON.parse(cursor) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Mastodon ids are decimal strings that sort by length, then by value. */
function maxId(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  return a.length !== b.length ? (a.length > b.length ? a : b) : a > b ? a : b;
}
