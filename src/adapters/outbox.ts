/**
 * The local outbox: a channel without credentials "publishes" to `.cadence/outbox/<channel>/<key>.json`,
 * one file per publication, so the whole pipeline runs on sample content without any account. Idempotent
 * by key like Mastodon's Idempotency-Key: publishing the same key twice returns the first result.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import type { Adapter, DeleteResult, LookupResult, Publication, PublishResult } from './adapter.ts';

export const OUTBOX_DIR = '.cadence/outbox';

export interface OutboxEntry {
  key: string;
  postId: string;
  channel: ChannelId;
  file: string;
  title: string;
  contentHash: string;
  parts: Publication['parts'];
  firstComment?: string;
  link?: string;
  spoiler?: string;
  lang?: string;
  body?: string;
  /** Real time the entry was written. */
  sentAt: string;
  deletedAt?: string;
}

export function outboxAdapter(root: string, channel: ChannelId): Adapter {
  const dir = path.join(root, OUTBOX_DIR, channel);
  const fileFor = (key: string) => path.join(dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  const read = (key: string): OutboxEntry | undefined => {
    try {
      return JSON.parse(readFileSync(fileFor(key), 'utf8')) as OutboxEntry;
    } catch {
      return undefined;
    }
  };
  const result = (entry: OutboxEntry) => ({
    remoteId: entry.key,
    url: `outbox:${channel}/${path.basename(fileFor(entry.key))}`,
    ...(entry.parts.length > 1 ? { replies: entry.parts.slice(1).map((_, i) => ({ remoteId: `${entry.key}#${i + 1}` })) } : {}),
  });

  return {
    name: 'outbox',
    channel,
    render: (publication) => publication.parts.map((p) => p.text),
    async publish(publication): Promise<PublishResult> {
      const existing = read(publication.key);
      if (existing && !existing.deletedAt) return { ok: true, ...result(existing) };
      const entry: OutboxEntry = {
        key: publication.key,
        postId: publication.postId,
        channel,
        file: publication.file,
        title: publication.title,
        contentHash: publication.contentHash,
        parts: publication.parts,
        ...(publication.firstComment ? { firstComment: publication.firstComment } : {}),
        ...(publication.link ? { link: publication.link } : {}),
        ...(publication.spoiler ? { spoiler: publication.spoiler } : {}),
        ...(publication.lang ? { lang: publication.lang } : {}),
        ...(publication.body !== undefined ? { body: publication.body } : {}),
        sentAt: new Date().toISOString(),
      };
      mkdirSync(dir, { recursive: true });
      // Write then rename: a crash never leaves half a file that a look-up would take for a publication.
      const target = fileFor(publication.key);
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(entry, null, 2)}\n`);
      renameSync(temp, target);
      return { ok: true, ...result(entry) };
    },
    async lookup(_publication, key): Promise<LookupResult> {
      const entry = read(key);
      return entry && !entry.deletedAt ? { found: true, ...result(entry) } : { found: false };
    },
    async delete(remote): Promise<DeleteResult> {
      const entry = read(remote.remoteId);
      if (!entry) return existsSync(fileFor(remote.remoteId)) ? { ok: false, kind: 'transient', message: 'outbox entry unreadable' } : { ok: true };
      if (!entry.deletedAt) {
        entry.deletedAt = new Date().toISOString();
        writeFileSync(fileFor(remote.remoteId), `${JSON.stringify(entry, null, 2)}\n`);
      }
      return { ok: true };
    },
  };
}
