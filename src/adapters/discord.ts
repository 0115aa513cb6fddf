/**
 * Discord through an incoming webhook (`DISCORD_WEBHOOK_URL`, from Channel settings → Integrations →
 * Webhooks → Copy Webhook URL). The webhook's id and token are taken from that URL and the call goes to
 * `<DISCORD_API_URL or https://discord.com/api/v10>/webhooks/{id}/{token}?wait=true`, so the answer is
 * the Message (with its id) rather than a 204.
 *
 * - JSON `{content, allowed_mentions: {parse: []}}` (a post never pings @everyone, a role or a user), or
 *   multipart with `payload_json` + `files[n]` and `attachments: [{id: n, filename, description: alt}]`.
 * - Only the main text is published: Discord has no reply chains (lint warns about a thread).
 * - A content warning becomes a spoiler: the warning, then `||text||`, files named `SPOILER_…`.
 * - No idempotency and no way to list a webhook's messages: an unknown outcome cannot be looked up
 *   (`lookup` answers unknown, and the pair stays unconfirmed for a person to check the channel).
 * - Retraction: `DELETE /webhooks/{id}/{token}/messages/{message_id}`.
 */
import type { Interaction } from '../core/moderation/types.ts';
import type { ModerationAdapter } from './moderation.ts';
import path from 'node:path';
import { publishedText } from '../core/networks/compose.ts';
import { NETWORK_LIMITS, VIDEO_FORMATS } from '../core/networks/limits.ts';
import { redact, type Adapter, type DeleteResult, type LookupResult, type Publication, type PublicationMedia, type PublishFailure, type PublishResult } from './adapter.ts';
import { requestJson, type JsonResponse } from './http/failures.ts';
import { readVideo } from './http/video.ts';
import { prepareImage } from './http/images.ts';

export interface DiscordOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

interface Message {
  id: string;
  channel_id?: string;
  guild_id?: string;
}

export const DISCORD_DEFAULT_API = 'https://discord.com/api/v10';
const LIMITS = NETWORK_LIMITS.discord;

/** The text Discord receives: the link appended, a content warning as a spoiler. */
export function discordContent(publication: Publication): string {
  const text = publishedText(LIMITS, publication.parts[0]?.text, publication.link);
  return publication.spoiler ? `${publication.spoiler}\n||${text}||` : text;
}

export function discordAdapter(env: NodeJS.ProcessEnv, _root: string, options: DiscordOptions = {}): Adapter {
  const webhookUrl = (env.DISCORD_WEBHOOK_URL ?? '').trim();
  const match = /\/webhooks\/(\d+)\/([^/?#]+)/.exec(webhookUrl);
  const id = match?.[1];
  const token = match?.[2];
  const api = (env.DISCORD_API_URL ?? '').trim().replace(/\/+$/, '') || DISCORD_DEFAULT_API;
  const hook = `${api}/webhooks/${id}/${token}`;
  const secrets = [webhookUrl, token];
  const clean = (message: string) => redact(message, secrets);
  let retryAfterBody: number | undefined;
  let where: Promise<{ guild?: string; channel?: string }> | undefined;

  const call = async <T>(method: string, url: string, what: string, body: { json?: unknown; form?: FormData }, signal?: AbortSignal): Promise<JsonResponse<T>> => {
    retryAfterBody = undefined;
    const result = await requestJson<T>(url, {
      method,
      ...(body.json !== undefined ? { json: body.json } : {}),
      ...(body.form ? { body: body.form } : {}),
      ...(signal ? { signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      what,
      describe: (parsed) => {
        const b = parsed as { message?: unknown; code?: unknown; retry_after?: unknown } | undefined;
        if (typeof b?.retry_after === 'number') retryAfterBody = Math.ceil(b.retry_after * 1000);
        return typeof b?.message === 'string' ? `${b.message}${b.code !== undefined ? ` (code ${String(b.code)})` : ''}` : undefined;
      },
    });
    if (result.ok) return result;
    const failure: PublishFailure = { ...result, message: clean(result.message) };
    if (failure.kind === 'rate-limited' && retryAfterBody !== undefined) failure.retryAfterMs = retryAfterBody;
    // A gateway that gave up may have let the message through; Discord has no idempotency to retry under.
    if (method === 'POST' && (failure.status === 502 || failure.status === 504)) failure.kind = 'unknown';
    if (failure.status === 404 && method === 'POST') failure.message += ' (the webhook no longer exists: create a new one and update DISCORD_WEBHOOK_URL)';
    return failure;
  };

  /** The server and channel of the webhook, for message links (one GET per run, only if needed). */
  const location = (message: Message, signal?: AbortSignal) => {
    if (message.guild_id && message.channel_id) return Promise.resolve({ guild: message.guild_id, channel: message.channel_id });
    where ??= call<{ guild_id?: string; channel_id?: string }>('GET', hook, 'GET webhook', {}, signal).then((r) =>
      r.ok ? { ...(r.body?.guild_id ? { guild: r.body.guild_id } : {}), ...((message.channel_id ?? r.body?.channel_id) ? { channel: (message.channel_id ?? r.body?.channel_id)! } : {}) } : {},
    );
    return where;
  };

  const missing = (): PublishFailure | undefined =>
    id && token ? undefined : { ok: false, kind: 'refused', message: 'DISCORD_WEBHOOK_URL is not a webhook URL (https://discord.com/api/webhooks/<id>/<token>)' };

  return {
    name: 'discord',
    channel: 'discord',
    render: (publication) => [discordContent(publication)],

    async publish(publication, signal): Promise<PublishResult> {
      const bad = missing();
      if (bad) return bad;
      const first = publication.parts[0] ?? { text: '', media: [] };
      const payload: Record<string, unknown> = { content: discordContent(publication), allowed_mentions: { parse: [] } };
      let form: FormData | undefined;
      if (first.media.length > 0) {
        form = new FormData();
        const attachments: { id: number; filename: string; description?: string }[] = [];
        for (const [n, media] of first.media.entries()) {
          const file = await readMedia(media);
          if (!file.ok) return file;
          const filename = `${publication.spoiler ? 'SPOILER_' : ''}${file.filename}`;
          attachments.push({ id: n, filename, ...(media.alt ? { description: media.alt.slice(0, 1024) } : {}) });
          form.append(`files[${n}]`, new Blob([file.bytes], { type: file.mime }), filename);
        }
        payload.attachments = attachments;
        form.append('payload_json', JSON.stringify(payload));
      }
      const sent = await call<Message>('POST', `${hook}?wait=true`, 'POST webhook', form ? { form } : { json: payload }, signal);
      if (!sent.ok) return sent;
      if (typeof sent.body?.id !== 'string') return { ok: false, kind: 'unknown', message: 'POST webhook: success without a message id' };
      const at = await location(sent.body, signal);
      const url = at.guild && at.channel ? `https://discord.com/channels/${at.guild}/${at.channel}/${sent.body.id}` : undefined;
      return { ok: true, remoteId: sent.body.id, ...(url ? { url } : {}) };
    },

    async lookup(): Promise<LookupResult> {
      return {
        found: 'unknown',
        message: 'a Discord webhook cannot list its messages: check the channel, then record the message by hand or delete it before the next run publishes again',
      };
    },

    async delete(remote, signal): Promise<DeleteResult> {
      const bad = missing();
      if (bad) return bad;
      for (const messageId of [...(remote.replies ?? []).map((r) => r.remoteId).reverse(), remote.remoteId]) {
        const result = await call<unknown>('DELETE', `${hook}/messages/${encodeURIComponent(messageId)}`, `DELETE webhook message ${messageId}`, {}, signal);
        if (!result.ok && result.status !== 404) return result.kind === 'unknown' ? { ...result, kind: 'transient' } : result;
      }
      return { ok: true };
    },
  };
}

/** A file to attach: images through the shared preparation (10 MiB per file), videos as they are. */
async function readMedia(media: PublicationMedia): Promise<{ ok: true; bytes: Uint8Array; mime: string; filename: string } | PublishFailure> {
  const name = path.basename(media.path.split('?')[0]!);
  const extension = path.extname(name).slice(1).toLowerCase();
  if (VIDEO_FORMATS.includes(extension)) return readVideo(media, LIMITS, 'Discord');
  const prepared = await prepareImage(media, LIMITS);
  if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
  const image = prepared.image;
  const same = image.changes.every((c) => !c.startsWith('convert'));
  const filename = same ? name : `${path.basename(name, path.extname(name))}.${image.format === 'jpeg' ? 'jpg' : image.format}`;
  return { ok: true, bytes: new Uint8Array(image.bytes), mime: image.mime, filename };
}

// ---- Metrics ---------------------------------------------------------------------------------------
// A webhook can read back its own messages (`GET /webhooks/{id}/{token}/messages/{id}`): reactions are
// the only counter (their total as likes). Members: the invite's approximate_member_count
// (`GET /invites/{code}?with_counts=true`, DISCORD_INVITE_CODE); "active members" need a bot with guild
// access, which Cadence does not have.

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { num, type MetricsReader, type ReadOutcome } from './metrics.ts';

export function discordMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const webhookUrl = (env.DISCORD_WEBHOOK_URL ?? '').trim();
  const match = /\/webhooks\/(\d+)\/([^/?#]+)/.exec(webhookUrl);
  const api = (env.DISCORD_API_URL ?? '').trim().replace(/\/+$/, '') || DISCORD_DEFAULT_API;
  const invite = (env.DISCORD_INVITE_CODE ?? '').trim().replace(/^https?:\/\/(discord\.gg|discord\.com\/invite)\//, '');
  const secrets = [webhookUrl, match?.[2]];
  const get = async <T>(url: string, what: string) => {
    const res = await requestJson<T>(url, { what, describe: (b) => (b as { message?: string } | undefined)?.message, ...(options.fetch ? { fetch: options.fetch } : {}) });
    return res.ok ? res : { ...res, message: redact(res.message, secrets) };
  };
  return {
    channel: 'discord',
    name: 'discord',
    provides: ['likes'],
    async readPosts(posts): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      if (!match) return { ok: false, kind: 'refused', message: 'DISCORD_WEBHOOK_URL is not a webhook URL' };
      for (const post of posts) {
        const res = await get<{ id: string; reactions?: { count?: number }[] }>(`${api}/webhooks/${match[1]}/${match[2]}/messages/${encodeURIComponent(post.remoteId)}`, 'GET /webhooks/{id}/{token}/messages/{message.id}');
        if (!res.ok) {
          if (res.status === 404) continue;
          return res;
        }
        found.set(post.remoteId, { likes: (res.body?.reactions ?? []).reduce((sum, r) => sum + (num(r.count) ?? 0), 0) });
      }
      return { ok: true, value: found };
    },
    ...(invite
      ? {
          async readAccount() {
            const res = await get<{ approximate_member_count?: number }>(`${api}/invites/${encodeURIComponent(invite)}?with_counts=true`, 'GET /invites/{code}?with_counts=true');
            if (!res.ok) return res;
            return { ok: true as const, value: { members: num(res.body?.approximate_member_count) } };
          },
        }
      : {}),
  };
}


// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// A webhook can only write: reading replies needs a bot in the server (DISCORD_BOT_TOKEN, with
// READ_MESSAGE_HISTORY and the MESSAGE_CONTENT intent, else `content` comes back empty) and the channel
// (DISCORD_CHANNEL_ID). `GET /channels/{id}/messages?after=` (the newest message read); a reply points at
// a brand post by `message_reference`. Hiding does not exist; deleting or a timeout is a person's decision
// (Discord's own AutoMod is the place for automatic filters): everything is flagged.

interface DiscordMessage {
  id?: string;
  content?: string;
  timestamp?: string;
  author?: { id?: string; username?: string; bot?: boolean };
  webhook_id?: string;
  guild_id?: string;
  message_reference?: { message_id?: string };
}

export function discordModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): ModerationAdapter {
  const api = (env.DISCORD_API_URL ?? '').trim().replace(/\/+$/, '') || DISCORD_DEFAULT_API;
  const token = (env.DISCORD_BOT_TOKEN ?? '').trim();
  const channelId = (env.DISCORD_CHANNEL_ID ?? '').trim();
  const webhookId = /\/webhooks\/(\d+)\//.exec(env.DISCORD_WEBHOOK_URL ?? '')?.[1];
  return {
    name: 'discord',
    channel: 'discord',
    caps: { hide: 'none', unhide: false, report: false, reply: false },
    reportUrl: () => 'https://dis.gd/request',
    async list(query) {
      const own = new Map(query.ownPosts.map((p) => [p.remoteId, p]));
      const r = await requestJson<DiscordMessage[]>(`${api}/channels/${encodeURIComponent(channelId)}/messages?limit=100${query.cursor ? `&after=${encodeURIComponent(query.cursor)}` : ''}`, { headers: { authorization: `Bot ${token}` }, ...(options.fetch ? { fetch: options.fetch } : {}), what: 'GET /channels/{id}/messages' });
      if (!r.ok) return { ...r, message: redact(r.message, [token]) };
      if (!Array.isArray(r.body)) return { ok: false, kind: 'refused', message: 'GET /channels/{id}/messages: malformed answer (not an array)' };
      let cursor = query.cursor;
      const items: Interaction[] = [];
      for (const m of r.body) {
        if (!m.id || !m.timestamp || !m.author?.id) return { ok: false, kind: 'refused', message: 'GET /channels/{id}/messages: malformed message' };
        if (!cursor || BigInt(m.id) > BigInt(cursor)) cursor = m.id;
        const post = m.message_reference?.message_id ? own.get(m.message_reference.message_id) : undefined;
        if (query.sinceMs !== undefined && Date.parse(m.timestamp) < query.sinceMs) continue;
        items.push({
          network: 'discord',
          id: m.id,
          ...(m.guild_id ? { url: `https://discord.com/channels/${m.guild_id}/${channelId}/${m.id}` } : {}),
          kind: post ? 'reply' : 'comment',
          ...(post ? { ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) } } : {}),
          ...(m.message_reference?.message_id ? { parentId: m.message_reference.message_id } : {}),
          author: { id: m.author.id, ...(m.author.username ? { handle: `@${m.author.username}` } : {}), ...(m.webhook_id && m.webhook_id === webhookId ? { isBrand: true } : {}) },
          text: m.content ?? '',
          createdAt: new Date(Date.parse(m.timestamp)).toISOString(),
        });
      }
      items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      return { ok: true, items: items.slice(0, query.limit), ...(cursor ? { cursor } : {}) };
    },
  };
}
