/**
 * The local inbox, the mirror of the outbox: a channel without credentials reads its interactions from
 * `samples/inbox/<channel>.json` (the sample brand's realistic replies, shipped with it) and
 * `.cadence/inbox/<channel>.json` (your own, never committed), and acts in
 * `.cadence/outbox/moderation/<channel>.jsonl` (hidden or not, reports, replies, one line per action). So `npm start` shows moderation with no account.
 *
 * An inbox item: `{id, post, kind, author: {id, handle, name, brand?}, text, at, parent?, nested?}`,
 * where `post` is the id of a sample post: it is returned once that post is published on the channel
 * (the ledger says so) and `at` has come.
 */
import { existsSync, readFileSync, writeSync } from 'node:fs';
import { openAppend, readJsonLines } from '../content/append-log.ts';
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { InputError } from '../core/errors.ts';
import type { Interaction, InteractionKind } from '../core/moderation/types.ts';
import type { ActionResult, InteractionRef, ListResult, ModerationAdapter, StateResult } from './moderation.ts';

export const INBOX_SOURCES = ['samples/inbox', '.cadence/inbox'];
export const INBOX_ACTIONS_DIR = '.cadence/outbox/moderation';

interface InboxItem {
  id: string;
  post?: string;
  kind?: InteractionKind;
  author: { id: string; handle?: string; name?: string; brand?: boolean };
  text: string;
  at: string;
  parent?: string;
  nested?: boolean;
  url?: string;
}

interface InboxState {
  hidden: boolean;
  keys: string[];
  reports: { category: string; at: string }[];
  replies: { key: string; text: string; id: string; at: string }[];
}

const KINDS = new Set(['reply', 'mention', 'quote', 'comment']);

function readItems(root: string, channel: ChannelId): InboxItem[] {
  const items: InboxItem[] = [];
  for (const dir of INBOX_SOURCES) {
    const file = path.join(root, dir, `${channel}.json`);
    if (!existsSync(file)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new InputError(`${dir}/${channel}.json: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new InputError(`${dir}/${channel}.json: expected an array of interactions`);
    parsed.forEach((item: Partial<InboxItem>, i) => {
      if (!item || typeof item.id !== 'string' || typeof item.text !== 'string' || typeof item.at !== 'string' || Number.isNaN(Date.parse(item.at)) || typeof item.author?.id !== 'string' || (item.kind !== undefined && !KINDS.has(item.kind))) {
        throw new InputError(`${dir}/${channel}.json: item ${i + 1} needs id, text, at (ISO instant), author.id and a known kind`);
      }
      items.push(item as InboxItem);
    });
  }
  return items;
}

/** `<ISO instant>|<ids at that instant>`: strictly newer items, or same-instant items not seen. */
function parseCursor(cursor: string | undefined): { ms: number; ids: Set<string> } {
  if (!cursor) return { ms: Number.NEGATIVE_INFINITY, ids: new Set() };
  const [at, ids] = cursor.split('|');
  return { ms: Date.parse(at ?? ''), ids: new Set((ids ?? '').split(',').filter(Boolean)) };
}

export function inboxModeration(root: string, channel: ChannelId): ModerationAdapter {
  // What was done, one line per action in `.cadence/outbox/moderation/<channel>.jsonl` (appended), folded.
  const file = path.join(root, INBOX_ACTIONS_DIR, `${channel}.jsonl`);
  let states: Map<string, InboxState> | undefined;
  let fd: number | undefined;
  const load = () => {
    if (!states) {
      states = new Map();
      for (const entry of readJsonLines<{ id: string; state: InboxState }>(file)) states.set(entry.id, entry.state);
    }
    return states;
  };
  const read = (id: string): InboxState => load().get(id) ?? { hidden: false, keys: [], reports: [], replies: [] };
  const write = (id: string, state: InboxState) => {
    fd ??= openAppend(file);
    writeSync(fd, `${JSON.stringify({ id, state })}\n`);
    load().set(id, state);
  };
  const base = `outbox:${channel}`;
  return {
    name: 'inbox',
    channel,
    // The local inbox can do what the most capable network does, so every path of the run is exercised.
    caps: { hide: 'any', unhide: true, report: true, reply: true },
    reportUrl: (ref) => `${base}/report/${ref.id}`,
    async list(query): Promise<ListResult> {
      const posts = new Map(query.ownPosts.map((p) => [p.postId, p]));
      const cursor = parseCursor(query.cursor);
      const since = query.sinceMs ?? Number.NEGATIVE_INFINITY;
      const byId = new Map<string, InboxItem>();
      const all = readItems(root, channel);
      for (const item of all) byId.set(item.id, item);
      // Each instant parsed once, not at every comparison of the sort.
      const fresh = all
        .map((item) => ({ item, ms: Date.parse(item.at) }))
        .filter(({ item, ms }) => {
          if (ms > query.nowMs || ms < since) return false;
          if (item.post !== undefined && !posts.has(item.post)) return false;
          return ms > cursor.ms || (ms === cursor.ms && !cursor.ids.has(item.id));
        })
        .sort((a, b) => a.ms - b.ms || (a.item.id < b.item.id ? -1 : 1))
        .slice(0, query.limit);
      const items = fresh.map(({ item, ms }): Interaction => {
        const own = item.post !== undefined ? posts.get(item.post) : undefined;
        return {
          network: channel,
          id: item.id,
          url: item.url ?? `${base}/${item.post ?? 'mention'}#${item.id}`,
          kind: item.kind ?? 'reply',
          ...(own ? { ownPost: { postId: own.postId, remoteId: own.remoteId, ...(own.url ? { url: own.url } : {}) } } : {}),
          parentId: item.parent ?? own?.remoteId ?? '',
          ...(own ? { rootId: own.remoteId, rootIsBrand: true } : {}),
          author: { id: item.author.id, ...(item.author.handle ? { handle: item.author.handle } : {}), ...(item.author.name ? { displayName: item.author.name } : {}), ...(item.author.brand ? { isBrand: true } : {}) },
          text: item.text,
          createdAt: new Date(ms).toISOString(),
          nested: item.nested ?? (item.parent !== undefined && byId.has(item.parent)),
          hidden: read(item.id).hidden,
        };
      });
      const last = fresh.at(-1);
      if (!last) return { ok: true, items, ...(query.cursor ? { cursor: query.cursor } : {}) };
      const lastMs = last.ms;
      const sameInstant = fresh.filter((i) => i.ms === lastMs).map((i) => i.item.id);
      const ids = lastMs === cursor.ms ? [...cursor.ids, ...sameInstant] : sameInstant;
      return { ok: true, items, cursor: `${new Date(lastMs).toISOString()}|${ids.join(',')}` };
    },
    async setHidden(ref, hidden): Promise<ActionResult> {
      const state = read(ref.id);
      write(ref.id, { ...state, hidden });
      return { ok: true };
    },
    async report(ref, report): Promise<ActionResult> {
      const state = read(ref.id);
      write(ref.id, { ...state, reports: [...state.reports, { category: report.category, at: new Date().toISOString() }] });
      return { ok: true };
    },
    async reply(ref, text, key): Promise<ActionResult> {
      const state = read(ref.id);
      const existing = state.replies.find((r) => r.key === key);
      if (existing) return { ok: true, remoteId: existing.id };
      const id = `${ref.id}.reply.${state.replies.length + 1}`;
      write(ref.id, { ...state, replies: [...state.replies, { key, text, id, at: new Date().toISOString() }] });
      return { ok: true, remoteId: id };
    },
    async state(ref): Promise<StateResult> {
      const state = read(ref.id);
      return { known: true, exists: true, hidden: state.hidden, ...(state.replies[0] ? { replyId: state.replies.at(-1)!.id } : {}) };
    },
  };
}
