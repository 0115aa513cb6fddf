/**
 * Telegram through a bot (`TELEGRAM_BOT_TOKEN` from @BotFather, `TELEGRAM_CHAT_ID` = `@channelname` or
 * the numeric `-100…` id; the bot must be an administrator of the channel allowed to post). Calls go to
 * `<TELEGRAM_API_URL or https://api.telegram.org>/bot<token>/<method>`.
 *
 * - Text only: `sendMessage`; one medium: `sendPhoto` / `sendAnimation` / `sendVideo` (multipart upload,
 *   the text as caption ≤1024); several: `sendMediaGroup` (`attach://fileN`, caption on the first).
 * - Plain text (no parse_mode): nothing to escape. A content warning is sent first and the text is
 *   hidden behind a `spoiler` entity (offsets in UTF-16 units); media get `has_spoiler`.
 * - Thread parts are replies (`reply_parameters.message_id` = the previous part), about 1 s apart
 *   (Telegram allows about one message per second in a chat).
 * - Errors `{ok:false, error_code, description, parameters.retry_after}`: 429 → rate-limited.
 * - No idempotency and a bot cannot read a channel's history: an unknown outcome cannot be looked up.
 * - Retraction: `deleteMessage` for each message (a media group is several messages).
 */
import type { Interaction } from '../core/moderation/types.ts';
import type { ModerationAdapter } from './moderation.ts';
import path from 'node:path';
import type { RemotePart } from '../core/ledger/types.ts';
import { publishedText } from '../core/networks/compose.ts';
import { NETWORK_LIMITS, VIDEO_FORMATS } from '../core/networks/limits.ts';
import { redact, type Adapter, type DeleteResult, type LookupResult, type Publication, type PublicationMedia, type PublishFailure, type PublishResult } from './adapter.ts';
import { requestJson, type JsonResponse } from './http/failures.ts';
import { readVideo } from './http/video.ts';
import { prepareImage } from './http/images.ts';

export interface TelegramOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface Message {
  message_id: number;
}

type Reply<T> = { ok: true; result: T } | { ok: false; error_code?: number; description?: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

const LIMITS = NETWORK_LIMITS.telegram;
/** Between two parts of a thread: Telegram's ~1 message per second per chat. */
const PACE_MS = 1100;

export interface TelegramText {
  text: string;
  entities?: { type: 'spoiler'; offset: number; length: number }[];
}

/** A part's text (the link appended to the first), behind a spoiler entity when there is a warning. */
export function telegramText(publication: Publication, index: number): TelegramText {
  const part = publication.parts[index]!;
  const text = index === 0 ? publishedText(LIMITS, part.text, publication.link) : part.text;
  if (!publication.spoiler || text === '') return { text };
  const prefix = `${publication.spoiler}\n\n`;
  return { text: `${prefix}${text}`, entities: [{ type: 'spoiler', offset: prefix.length, length: text.length }] };
}

export function telegramAdapter(env: NodeJS.ProcessEnv, _root: string, options: TelegramOptions = {}): Adapter {
  const token = (env.TELEGRAM_BOT_TOKEN ?? '').trim();
  const chat = (env.TELEGRAM_CHAT_ID ?? '').trim();
  const api = (env.TELEGRAM_API_URL ?? '').trim().replace(/\/+$/, '') || 'https://api.telegram.org';
  const secrets = [token, env.TELEGRAM_BOT_TOKEN];
  const clean = (message: string) => redact(message, secrets);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** What this adapter already created for a key, so that the runner's retry resumes a thread. */
  const created = new Map<string, RemotePart>();

  const call = async <T>(method: string, body: { json?: unknown; form?: FormData }, signal?: AbortSignal): Promise<JsonResponse<Reply<T>>> => {
    let retryAfter: number | undefined;
    const result = await requestJson<Reply<T>>(`${api}/bot${token}/${method}`, {
      method: 'POST',
      ...(body.json !== undefined ? { json: body.json } : {}),
      ...(body.form ? { body: body.form } : {}),
      ...(signal ? { signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      what: method,
      describe: (parsed) => {
        const reply = parsed as Reply<T> | undefined;
        if (!reply || reply.ok) return undefined;
        if (typeof reply.parameters?.retry_after === 'number') retryAfter = reply.parameters.retry_after * 1000;
        const migrated = reply.parameters?.migrate_to_chat_id;
        return `${reply.description ?? `error ${reply.error_code}`}${migrated ? ` (the group is now ${migrated}: update TELEGRAM_CHAT_ID)` : ''}`;
      },
    });
    if (result.ok) {
      if (!result.body || result.body.ok !== true) return { ok: false, kind: 'unknown', status: result.status, message: `${method}: answer without ok: true` };
      return result;
    }
    const failure: PublishFailure = { ...result, message: clean(result.message) };
    if (failure.kind === 'rate-limited' && retryAfter !== undefined) failure.retryAfterMs = retryAfter;
    if (method !== 'deleteMessage' && (failure.status === 502 || failure.status === 504)) failure.kind = 'unknown';
    return failure;
  };

  const link = (messageId: number): string | undefined => {
    if (chat.startsWith('@')) return `https://t.me/${chat.slice(1)}/${messageId}`;
    if (/^-100\d+$/.test(chat)) return `https://t.me/c/${chat.slice(4)}/${messageId}`;
    return undefined;
  };

  const missing = (): PublishFailure | undefined => (token && chat ? undefined : { ok: false, kind: 'refused', message: 'TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID are both needed' });

  /** Sends one part; the ids of the messages it made (a media group makes several). */
  const sendPart = async (publication: Publication, index: number, replyTo: number | undefined, signal?: AbortSignal): Promise<{ ok: true; ids: number[] } | PublishFailure> => {
    const part = publication.parts[index]!;
    const { text, entities } = telegramText(publication, index);
    const reply = replyTo !== undefined ? { message_id: replyTo } : undefined;
    if (part.media.length === 0) {
      const sent = await call<Message>('sendMessage', { json: { chat_id: chat, text, ...(entities ? { entities } : {}), ...(reply ? { reply_parameters: reply } : {}) } }, signal);
      if (!sent.ok) return sent;
      const r = sent.body as { result: Message };
      return typeof r.result?.message_id === 'number' ? { ok: true, ids: [r.result.message_id] } : { ok: false, kind: 'unknown', message: 'sendMessage: answer without a message id' };
    }
    const files: { kind: 'photo' | 'animation' | 'video'; bytes: Uint8Array; mime: string; filename: string }[] = [];
    for (const media of part.media) {
      const file = await readMedia(media);
      if (!file.ok) return file;
      files.push(file);
    }
    const form = new FormData();
    form.append('chat_id', chat);
    if (reply) form.append('reply_parameters', JSON.stringify(reply));
    const spoiler = publication.spoiler !== undefined;
    if (files.length === 1) {
      const file = files[0]!;
      const method = file.kind === 'photo' ? 'sendPhoto' : file.kind === 'animation' ? 'sendAnimation' : 'sendVideo';
      form.append(file.kind, new Blob([file.bytes], { type: file.mime }), file.filename);
      if (text) form.append('caption', text);
      if (entities) form.append('caption_entities', JSON.stringify(entities));
      if (spoiler) form.append('has_spoiler', 'true');
      const sent = await call<Message>(method, { form }, signal);
      if (!sent.ok) return sent;
      const r = sent.body as { result: Message };
      return typeof r.result?.message_id === 'number' ? { ok: true, ids: [r.result.message_id] } : { ok: false, kind: 'unknown', message: `${method}: answer without a message id` };
    }
    if (files.some((f) => f.kind === 'animation')) {
      return { ok: false, kind: 'refused', message: 'Telegram cannot put an animated GIF in an album: post it alone (its own thread part)' };
    }
    const media = files.map((file, n) => ({
      type: file.kind,
      media: `attach://file${n}`,
      ...(n === 0 && text ? { caption: text } : {}),
      ...(n === 0 && entities ? { caption_entities: entities } : {}),
      ...(spoiler ? { has_spoiler: true } : {}),
    }));
    form.append('media', JSON.stringify(media));
    files.forEach((file, n) => form.append(`file${n}`, new Blob([file.bytes], { type: file.mime }), file.filename));
    const sent = await call<Message[]>('sendMediaGroup', { form }, signal);
    if (!sent.ok) return sent;
    const r = sent.body as { result: Message[] };
    const ids = Array.isArray(r.result) ? r.result.map((m) => m.message_id).filter((id) => typeof id === 'number') : [];
    return ids.length > 0 ? { ok: true, ids } : { ok: false, kind: 'unknown', message: 'sendMediaGroup: answer without message ids' };
  };

  return {
    name: 'telegram',
    channel: 'telegram',
    render: (publication) => publication.parts.map((_, i) => telegramText(publication, i).text),

    async publish(publication, signal): Promise<PublishResult> {
      const bad = missing();
      if (bad) return bad;
      const parts: RemotePart[] = [];
      for (let index = 0; index < publication.parts.length; index++) {
        const memo = `${publication.key}#${index}`;
        const done = created.get(memo);
        if (done) {
          parts.push(done);
          continue;
        }
        if (parts.length > 0) await sleep(PACE_MS);
        const previous = parts.at(-1);
        const sent = await sendPart(publication, index, previous ? Number(previous.remoteId.split(',')[0]) : undefined, signal);
        if (!sent.ok) {
          if (parts.length === 0) return sent;
          return { ...sent, message: `${sent.message} (part ${index + 1} of ${publication.parts.length}; already sent: ${parts.map((p) => p.url ?? p.remoteId).join(', ')})` };
        }
        // A media group is several messages: all their ids, so that a retraction deletes them all.
        const url = link(sent.ids[0]!);
        const remote: RemotePart = { remoteId: sent.ids.join(','), ...(url ? { url } : {}) };
        created.set(memo, remote);
        parts.push(remote);
      }
      const [first, ...replies] = parts;
      return { ok: true, remoteId: first!.remoteId, ...(first!.url ? { url: first!.url } : {}), ...(replies.length > 0 ? { replies } : {}) };
    },

    async lookup(): Promise<LookupResult> {
      return {
        found: 'unknown',
        message: 'a Telegram bot cannot read the channel history: check the channel, then record the message by hand or delete it before the next run publishes again',
      };
    },

    async delete(remote, signal): Promise<DeleteResult> {
      const bad = missing();
      if (bad) return bad;
      const ids = [...(remote.replies ?? []).map((r) => r.remoteId).reverse(), remote.remoteId].flatMap((id) => id.split(',')).map(Number);
      for (const messageId of ids) {
        const result = await call<boolean>('deleteMessage', { json: { chat_id: chat, message_id: messageId } }, signal);
        if (result.ok) continue;
        if (/message to delete not found/i.test(result.message)) continue;
        if (/message can't be deleted/i.test(result.message)) {
          return { ok: false, unsupported: true, message: `Telegram refuses to delete message ${messageId} (bots cannot delete messages older than 48 hours, or lack the right): ${result.message}` };
        }
        return result.kind === 'unknown' ? { ...result, kind: 'transient' } : result;
      }
      return { ok: true };
    },
  };
}

async function readMedia(media: PublicationMedia): Promise<{ ok: true; kind: 'photo' | 'animation' | 'video'; bytes: Uint8Array; mime: string; filename: string } | PublishFailure> {
  const name = path.basename(media.path.split('?')[0]!);
  const extension = path.extname(name).slice(1).toLowerCase();
  if (VIDEO_FORMATS.includes(extension)) {
    const video = await readVideo(media, LIMITS, 'Telegram');
    return video.ok ? { ...video, kind: 'video' } : video;
  }
  const prepared = await prepareImage(media, LIMITS);
  if (!prepared.ok) return { ok: false, kind: prepared.transient ? 'transient' : 'refused', message: prepared.message };
  const image = prepared.image;
  const converted = image.changes.some((c) => c.startsWith('convert'));
  const filename = converted ? `${path.basename(name, path.extname(name))}.${image.format === 'jpeg' ? 'jpg' : image.format}` : name;
  return { ok: true, kind: image.animated ? 'animation' : 'photo', bytes: new Uint8Array(image.bytes), mime: image.mime, filename };
}

// ---- Metrics ---------------------------------------------------------------------------------------
// A bot cannot read a channel post's views (only MTProto clients can) and sees reactions only as a stream
// of updates: posts are not measured here (their clicks come from UTM visits on the blog). Subscribers:
// `getChatMemberCount`, daily.

import { num, type MetricsReader } from './metrics.ts';

export function telegramMetrics(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): MetricsReader {
  const token = (env.TELEGRAM_BOT_TOKEN ?? '').trim();
  const chat = (env.TELEGRAM_CHAT_ID ?? '').trim();
  const api = (env.TELEGRAM_API_URL ?? '').trim().replace(/\/+$/, '') || 'https://api.telegram.org';
  return {
    channel: 'telegram',
    name: 'telegram',
    provides: [],
    limits: 'telegram-bot',
    async readAccount() {
      const res = await requestJson<Reply<number>>(`${api}/bot${token}/getChatMemberCount`, {
        method: 'POST',
        json: { chat_id: chat },
        what: 'getChatMemberCount',
        describe: (body) => (body as { description?: string } | undefined)?.description,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      if (!res.ok) return { ...res, message: redact(res.message, [token]) };
      const count = res.body?.ok ? num(res.body.result) : null;
      return { ok: true, value: { followers: count, members: count } };
    },
  };
}


// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Comments on channel posts live in the channel's linked discussion group, where the bot must be a member
// (admin, privacy mode off) to see them: `getUpdates` (offset = the last update read + 1; Telegram keeps
// updates 24 h, so a run every 15 min loses nothing; it does not work while a webhook is set). A comment
// answers the automatic forward of a channel post (`reply_to_message.forward_from_message_id`). Telegram
// cannot hide or report; deleting is a person's decision: everything is flagged.

interface TelegramMessage {
  message_id?: number;
  date?: number;
  text?: string;
  caption?: string;
  chat?: { id?: number; username?: string };
  from?: { id?: number; username?: string; first_name?: string; is_bot?: boolean };
  sender_chat?: { id?: number };
  reply_to_message?: { message_id?: number; forward_from_message_id?: number; forward_origin?: { message_id?: number } };
}

export function telegramModeration(env: NodeJS.ProcessEnv, options: { fetch?: typeof fetch } = {}): ModerationAdapter {
  const api = (env.TELEGRAM_API_URL ?? '').trim().replace(/\/+$/, '') || 'https://api.telegram.org';
  const token = (env.TELEGRAM_BOT_TOKEN ?? '').trim();
  return {
    name: 'telegram',
    channel: 'telegram',
    caps: { hide: 'none', unhide: false, report: false, reply: false },
    reportUrl: () => 'https://telegram.org/faq_spam',
    async list(query) {
      const offset = query.cursor ? Number(query.cursor) + 1 : undefined;
      const r = await requestJson<{ ok?: boolean; result?: { update_id?: number; message?: TelegramMessage }[]; description?: string }>(`${api}/bot${token}/getUpdates`, { method: 'POST', json: { ...(offset ? { offset } : {}), limit: 100, timeout: 0, allowed_updates: ['message'] }, ...(options.fetch ? { fetch: options.fetch } : {}), what: 'POST getUpdates' });
      if (!r.ok) return { ...r, message: redact(r.message, [token]) };
      if (!Array.isArray(r.body?.result)) return { ok: false, kind: 'refused', message: 'getUpdates: malformed answer (no result array)' };
      // Channel message id → brand post (the ledger's remote ids are `<message id>` or `<chat>:<id>` lists).
      const own = new Map<number, (typeof query.ownPosts)[number]>();
      for (const p of query.ownPosts) for (const part of p.remoteId.split(',')) own.set(Number(part.split(':').pop()), p);
      let cursor = query.cursor;
      const items: Interaction[] = [];
      for (const update of r.body.result) {
        if (typeof update.update_id !== 'number') return { ok: false, kind: 'refused', message: 'getUpdates: malformed update' };
        cursor = String(Math.max(update.update_id, Number(cursor ?? 0)));
        const m = update.message;
        if (!m?.message_id || !m.date || !m.chat?.id) continue;
        const forwarded = m.reply_to_message?.forward_from_message_id ?? m.reply_to_message?.forward_origin?.message_id;
        const post = forwarded !== undefined ? own.get(forwarded) : undefined;
        if (!post) continue;
        const createdAt = new Date(m.date * 1000).toISOString();
        if (query.sinceMs !== undefined && Date.parse(createdAt) < query.sinceMs) continue;
        items.push({
          network: 'telegram',
          id: `${m.chat.id}:${m.message_id}`,
          ...(m.chat.username ? { url: `https://t.me/${m.chat.username}/${m.message_id}` } : {}),
          kind: 'comment',
          ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) },
          parentId: post.remoteId,
          rootId: post.remoteId,
          rootIsBrand: true,
          author: { id: String(m.from?.id ?? m.sender_chat?.id ?? 'unknown'), ...(m.from?.username ? { handle: `@${m.from.username}` } : {}), ...(m.from?.first_name ? { displayName: m.from.first_name } : {}), ...(m.sender_chat ? { isBrand: true } : {}) },
          text: m.text ?? m.caption ?? '',
          createdAt,
        });
      }
      return { ok: true, items: items.slice(0, query.limit), ...(cursor ? { cursor } : {}) };
    },
  };
}
