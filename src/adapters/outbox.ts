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

// ---- Metrics ---------------------------------------------------------------------------------------
// Without credentials, a channel's metrics come from the brand's seeded history in
// `samples/metrics/network/<channel>.jsonl` (the sample brand ships one), as publishing goes to the outbox:
// the whole reporting pipeline runs with no account. Rows there are what the "network" would answer:
//   {"post":"<post id>","ages":[1,24,168,672,2160],"likes":[3,18,25,26,26],"views":[…]}   a post's counters by age (hours)
//   {"d":"2026-12-01","followers":2950}                                                   the account, per day
// and `blog.jsonl` holds the blog analytics' daily rows. A channel without history there reads nothing.

import type { AccountCounters, BlogAnalytics, MetricsReader, ReadOutcome } from './metrics.ts';
import { METRIC_NAMES, type Counters as MetricCounters, type MetricName } from '../core/metrics/model.ts';
import type { BlogRow } from '../core/metrics/format.ts';

export const SAMPLE_METRICS_DIR = 'samples/metrics/network';

interface SampleCurve {
  post: string;
  ages: number[];
  [metric: string]: unknown;
}

function readJsonLines(file: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The counter at `hours` of age along a sampled curve (linear between samples, from 0 before the first). */
export function valueAtAge(ages: readonly number[], values: readonly (number | null)[], hours: number): number | null {
  if (values.every((v) => v === null)) return null;
  if (hours <= ages[0]!) return Math.round(((values[0] ?? 0) * Math.max(0, hours)) / ages[0]!);
  for (let i = 1; i < ages.length; i++) {
    if (hours <= ages[i]!) {
      const a = values[i - 1] ?? 0;
      const b = values[i] ?? a;
      return Math.round(a + ((b - a) * (hours - ages[i - 1]!)) / (ages[i]! - ages[i - 1]!));
    }
  }
  return values.at(-1) ?? null;
}

export function outboxMetrics(root: string, channel: ChannelId): MetricsReader & Partial<BlogAnalytics> {
  const file = path.join(root, SAMPLE_METRICS_DIR, `${channel === 'blog' ? 'blog-posts' : channel}.jsonl`);
  let loaded: { curves: Map<string, SampleCurve>; days: Map<string, AccountCounters>; provides: MetricName[] } | undefined;
  const load = () => {
    if (loaded) return loaded;
    const curves = new Map<string, SampleCurve>();
    const days = new Map<string, AccountCounters>();
    const provides = new Set<MetricName>();
    for (const row of readJsonLines(file)) {
      if (typeof row.post === 'string' && Array.isArray(row.ages)) {
        curves.set(row.post, row as SampleCurve);
        for (const m of METRIC_NAMES) if (Array.isArray(row[m])) provides.add(m);
      } else if (typeof row.d === 'string') days.set(row.d, { ...(typeof row.followers === 'number' ? { followers: row.followers } : {}), ...(typeof row.members === 'number' ? { members: row.members } : {}) });
    }
    return (loaded = { curves, days, provides: METRIC_NAMES.filter((m) => provides.has(m)) });
  };
  const blogRows = () => readJsonLines(path.join(root, SAMPLE_METRICS_DIR, 'blog.jsonl')) as unknown as BlogRow[];
  const reader: MetricsReader & Partial<BlogAnalytics> = {
    channel,
    name: 'outbox',
    get provides() {
      return load().provides;
    },
    async readPosts(posts, nowMs): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      for (const post of posts) {
        const curve = load().curves.get(post.post);
        if (!curve) continue;
        const hours = (nowMs - post.publishedMs) / 3_600_000;
        const counters: MetricCounters = {};
        for (const m of METRIC_NAMES) if (Array.isArray(curve[m])) counters[m] = valueAtAge(curve.ages, curve[m] as (number | null)[], hours);
        found.set(post.remoteId, counters);
      }
      return { ok: true, value: found, api: 'outbox' };
    },
    async readAccount(nowMs) {
      const day = new Date(nowMs).toISOString().slice(0, 10);
      const known = [...load().days.keys()].filter((d) => d <= day).sort().at(-1);
      return { ok: true, value: known ? load().days.get(known)! : {} };
    },
    async readAccountHistory(fromDay, toDay) {
      const days = [...load().days.entries()].filter(([d]) => d >= fromDay && d <= toDay).sort(([a], [b]) => a.localeCompare(b));
      return { ok: true, value: days.map(([d, counters]) => ({ d, counters })) };
    },
  };
  if (channel === 'blog') {
    reader.readDay = async (day) => {
      const rows = blogRows().filter((r) => r.d === day);
      return {
        ok: true,
        api: 'outbox',
        value: {
          pages: rows.filter((r): r is Extract<BlogRow, { path: string }> => 'path' in r).map(({ path: p, visitors, pageviews }) => ({ path: p, visitors, pageviews })),
          utm: rows.filter((r): r is Extract<BlogRow, { src: string }> => 'src' in r).map(({ d: _d, ...rest }) => rest),
        },
      };
    };
  }
  return reader;
}
