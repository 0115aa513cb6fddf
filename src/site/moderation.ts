/**
 * The moderation page's data, read once per calendar build: the log (data/moderation/log/) and the queue
 * (the open GitHub issues labelled `moderation` when a token and the repository are set, else the local
 * queue). The queue's excerpts are never shown here (the internal site may be shared more widely than the
 * issues): the page shows ids, rules, networks, ages and a link to the item.
 */
import type { ChannelId } from '../core/channels.ts';
import { moderationStats, type ModerationStats } from '../core/moderation/stats.ts';
import { githubClientFromEnv, parseRepo } from '../github/octokit.ts';
import { githubQueue, localQueue, type OpenQueueItem } from '../moderation/queue.ts';
import { readEvents } from '../moderation/store.ts';

export const STATS_WINDOW_DAYS = 30;

export interface QueueRow {
  ref: string;
  kind: 'flag' | 'to-answer';
  network: ChannelId;
  rule?: string;
  /** Since the interaction was written (the response-time target counts from there). */
  ageSeconds: number;
  overdue: boolean;
  href?: string;
}

export interface ModerationPage {
  stats: ModerationStats;
  queue: { source: 'github' | 'local'; rows: QueueRow[]; error?: string };
}

export async function loadModerationPage(root: string, nowMs: number, answerWithinHours: number, env: NodeJS.ProcessEnv = process.env): Promise<ModerationPage> {
  const since = nowMs - STATS_WINDOW_DAYS * 86_400_000;
  const { events } = readEvents(root, { fromMonth: new Date(since).toISOString().slice(0, 7) });
  const stats = moderationStats(events, since);
  const repo = parseRepo(env.CADENCE_GITHUB_REPOSITORY || env.GITHUB_REPOSITORY);
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  const source = token && repo ? 'github' : 'local';
  let items: OpenQueueItem[] = [];
  let error: string | undefined;
  try {
    items = await (source === 'github' ? githubQueue(githubClientFromEnv(env, { retries: 0, throttle: false }), repo!) : localQueue(root)).listOpen();
  } catch (e) {
    error = (e as Error).message.split('\n')[0];
  }
  // The interaction's own time is in the log (the queue item may not have it: GitHub issues carry ids only).
  const writtenAt = new Map<string, number>();
  for (const e of events) if (e.type === 'decided') writtenAt.set(`${e.channel}:${e.interaction}`, Date.parse(e.createdAt));
  const rows = items
    .map((item): QueueRow => {
      const start = writtenAt.get(`${item.channel}:${item.interaction}`) ?? Date.parse(item.askedAt ?? item.createdAt ?? item.openedAt);
      const ageSeconds = Math.max(0, Math.round((nowMs - start) / 1000));
      return { ref: item.ref, kind: item.kind, network: item.channel, ...(item.rule ? { rule: item.rule } : {}), ageSeconds, overdue: ageSeconds > answerWithinHours * 3600, ...(item.htmlUrl ? { href: item.htmlUrl } : {}) };
    })
    .sort((a, b) => b.ageSeconds - a.ageSeconds);
  return { stats, queue: { source, rows, ...(error ? { error } : {}) } };
}
