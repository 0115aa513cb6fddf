/**
 * One `cadence metrics` run: sync with the remote, find the readings due (milestones after each
 * publication of the ledger, today's account counters, the blog's complete days), read them channel by
 * channel side by side (one failing channel never stops the others), append them to `data/metrics/`,
 * commit and push with the ledger's rebase-and-retry.
 *
 * Exactly once: a reading is due only when none is stored under its key (post, channel, milestone), so a
 * re-run takes nothing twice. Two runs at once append to the same files: the metrics files merge with
 * Git's union driver (set for the job's own clone in .git/info/attributes), and after such a merge the
 * run drops its own lines whose key the other run stored first, before its push.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BlogAnalytics, MetricsReader, PostRef } from '../adapters/metrics.ts';
import { normalise } from '../adapters/metrics.ts';
import { redact } from '../adapters/adapter.ts';
import { CHANNEL_IDS, type ChannelId } from '../core/channels.ts';
import { localDay } from '../core/calendar/model.ts';
import { accountsFile, blogFile, dropRepeatedLines, lineKey, METRICS_DIR, month, pairId, postsFile, runsFile } from '../core/metrics/format.ts';
import type { AccountRow, BlogRow, MilestoneId, PublicationRow, RunRow, SnapshotRow } from '../core/metrics/model.ts';
import { addDay, readingsDue, type DueReading, type MeasuredPublication } from '../core/metrics/plan.ts';
import type { PostDoc } from '../core/model.ts';
import { loadLedger } from '../publish/store.ts';
import { loadBrandContent } from '../publish/content.ts';
import { commitAndPush, openLedgerRepo, syncWithRemote, type LedgerRepo } from '../publish/git.ts';
import { secretValues } from '../publish/run.ts';
import { selectReader, type MetricsFactory } from './readers.ts';
import { appendRows, loadMetrics } from './store.ts';

export interface ChannelOutcome {
  channel: ChannelId;
  via?: 'network' | 'outbox';
  reader?: string;
  readings: number;
  late: number;
  /** Milestones superseded by a later one (a late run). */
  missed: number;
  /** Publications the network no longer has (deleted there). */
  notFound: number;
  accountDays: number;
  followers?: number | null;
  members?: number | null;
  error?: string;
  /** Metrics the network refused (retired, or invalid for the object): stored as null, reported. */
  refused?: string[];
  /** Why this channel's posts cannot be measured (webhooks, bots). */
  limits?: string;
}

export interface MetricsRunReport {
  run: string;
  atMs: number;
  dryRun: boolean;
  channels: ChannelOutcome[];
  blogDays: number;
  blogError?: string;
  files: string[];
  pushed: boolean;
  gitError?: string;
  problems: string[];
  /** Files of data/metrics/ an earlier run wrote and never committed (it died): committed by this one. */
  recovered: string[];
  /** Readings that would be taken (dry run). */
  planned: { post: string; channel: ChannelId; milestone: MilestoneId; late: boolean }[];
}

export interface MetricsOptions {
  root: string;
  nowMs: number;
  clock?: () => number;
  dryRun?: boolean;
  channels?: ReadonlySet<ChannelId>;
  env: NodeJS.ProcessEnv;
  factories?: Partial<Record<ChannelId, MetricsFactory>>;
  /** Fault injection for tests (CADENCE_FAULT=after-read): die once the readings are in the working tree, before they are committed. */
  fault?: MetricsFault;
}

export type MetricsFault = 'after-read';

/** Days of account history a reader that keeps some may fill in one run. */
const MAX_BACKFILL_DAYS = 366;

export function metricsFailed(report: MetricsRunReport): boolean {
  return report.gitError !== undefined || report.blogError !== undefined || report.channels.some((c) => c.error !== undefined);
}

export async function metricsRun(options: MetricsOptions): Promise<MetricsRunReport> {
  const { root, nowMs } = options;
  const clock = options.clock ?? Date.now;
  const run = `${new Date(clock()).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const dryRun = options.dryRun ?? false;
  const repo = await openLedgerRepo(root);
  const report: MetricsRunReport = { run, atMs: nowMs, dryRun, channels: [], blogDays: 0, files: [], pushed: false, problems: [], recovered: [], planned: [] };
  if (!dryRun && repo.isRepo) {
    await unionMergeForMetrics(repo);
    try {
      // A run that died after writing its readings and before committing them left them in this working
      // copy: committed here first, they go through the rebase like any commit (union-merged with what the
      // remote has), count as taken below (never read twice), and are pushed with this run's readings.
      report.recovered = await uncommittedMetrics(repo);
      if (report.recovered.length) await commitLocally(repo, report.recovered, 'cadence: metrics an interrupted run had written, not committed');
      await syncWithRemote(repo);
    } catch (error) {
      report.gitError = `nothing read: ${(error as Error).message}`;
      return report;
    }
    // Another run may have stored some of the same readings meanwhile: the first stored stays.
    if (report.recovered.length) dropOthersDuplicates(root, report.recovered);
  }
  const content = loadBrandContent(root);
  const line = content.line;
  const tz = content.timeZone;
  const today = localDay(nowMs, tz);
  const { ledger, problems } = loadLedger(root);
  report.problems.push(...problems);

  // Publications younger than the last milestone's window are the only ones a run can still read.
  const horizon = nowMs - 96 * 86_400_000;
  const publications: MeasuredPublication[] = [];
  for (const record of ledger.values()) {
    const published = record.published;
    if (!published || (record.state !== 'published' && record.state !== 'retracted')) continue;
    const publishedMs = Date.parse(published.at);
    if (Number.isNaN(publishedMs) || publishedMs < horizon || publishedMs > nowMs) continue;
    if (options.channels && !options.channels.has(record.channel)) continue;
    publications.push({ post: record.postId, channel: record.channel, remoteId: published.remoteId, ...(published.url ? { url: published.url } : {}), publishedMs, retracted: record.state === 'retracted' });
  }
  const stored = loadMetrics(root, { fromMonth: month(new Date(horizon).toISOString()) });
  report.problems.push(...stored.problems);
  const taken = new Map<string, Set<MilestoneId>>();
  for (const snap of stored.snapshots) {
    const id = pairId(snap.post, snap.ch);
    let set = taken.get(id);
    if (!set) taken.set(id, (set = new Set()));
    set.add(snap.age);
  }
  const described = new Set(stored.publications.map((p) => pairId(p.post, p.ch)));
  const due = readingsDue(publications, taken, nowMs);
  report.planned = due.map((d) => ({ post: d.publication.post, channel: d.publication.channel, milestone: d.milestone.id, late: d.late }));

  const lastAccountDay = new Map<ChannelId, string>();
  for (const row of stored.accounts) if ((lastAccountDay.get(row.ch) ?? '') < row.d) lastAccountDay.set(row.ch, row.d);
  const enabled = (Object.keys(line?.channels ?? {}) as ChannelId[]).filter((c) => line?.channels[c]?.enabled !== false);
  const channels = CHANNEL_IDS.filter((c) => (enabled.includes(c) || due.some((d) => d.publication.channel === c)) && (!options.channels || options.channels.has(c)));
  const posts = new Map<string, PostDoc>(content.posts.map((p) => [p.id, p]));
  const secrets = secretValues(options.env);
  const clean = (message: string) => redact(message, [...secrets, options.env.PLAUSIBLE_API_KEY]);
  const selectOptions = { root, env: options.env, siteUrl: content.siteUrl, medium: line?.utm?.medium ?? 'social', ...(options.factories ? { factories: options.factories } : {}) };

  const files = new Set<string>();
  const append = (file: string, rows: readonly object[]) => {
    if (rows.length === 0 || dryRun) return;
    files.add(appendRows(root, file, rows));
  };
  const at = new Date(clock()).toISOString();

  await Promise.all(
    channels.map(async (channel) => {
      const outcome: ChannelOutcome = { channel, readings: 0, late: 0, missed: 0, notFound: 0, accountDays: 0 };
      report.channels.push(outcome);
      const selection = selectReader(channel, selectOptions);
      if (!selection.ok) {
        outcome.error = selection.message;
        return;
      }
      const reader = selection.reader;
      outcome.via = selection.via;
      outcome.reader = reader.name;
      if (reader.limits) outcome.limits = reader.limits;
      const mine = due.filter((d) => d.publication.channel === channel);
      // A network with nothing to read per post (a webhook, a bot) is never "due": it is described once.
      if (!reader.readPosts || reader.provides.length === 0) report.planned = report.planned.filter((p) => p.channel !== channel);
      if (dryRun) return;
      try {
        await readChannelPosts(reader, mine, outcome, { nowMs, at, posts, described, append });
        if (!outcome.error) await readChannelAccount(reader, outcome, { nowMs, at, today, last: lastAccountDay.get(channel), append });
      } catch (error) {
        outcome.error = `${channel}: ${(error as Error).message}`;
      }
      if (outcome.error) outcome.error = clean(outcome.error);
    }),
  );
  report.channels.sort((a, b) => CHANNEL_IDS.indexOf(a.channel) - CHANNEL_IDS.indexOf(b.channel));

  // The blog's audience: complete days only (today is not over), from the day after the last stored one.
  if (!dryRun && (!options.channels || options.channels.has('blog'))) {
    const selection = selectReader('blog', selectOptions);
    const analytics = selection.ok ? (selection.reader as MetricsReader & Partial<BlogAnalytics>) : undefined;
    if (!selection.ok) report.blogError = selection.message;
    else if (analytics?.readDay) {
      const lastBlog = stored.blog.reduce<string | undefined>((max, r) => (max === undefined || r.d > max ? r.d : max), undefined);
      const yesterday = addDay(today, -1);
      const first = lastBlog ? addDay(lastBlog, 1) : addDay(today, selection.via === 'outbox' ? -MAX_BACKFILL_DAYS : -7);
      for (let day = first; day <= yesterday; day = addDay(day, 1)) {
        const res = await analytics.readDay(day);
        if (!res.ok) {
          report.blogError = clean(`blog (${analytics.name}): ${res.message}`);
          break;
        }
        const rows: BlogRow[] = [...res.value.pages.map((p) => ({ d: day, ...p })), ...res.value.utm.map((u) => ({ d: day, ...u }))];
        append(blogFile(day), rows);
        report.blogDays++;
      }
    }
  }

  if (dryRun) return report;
  const runRow: RunRow = {
    run,
    at,
    channels: Object.fromEntries(
      report.channels.map((c) => [c.channel, { ok: c.error === undefined, ...(c.readings ? { snapshots: c.readings } : {}), ...(c.accountDays ? { accounts: c.accountDays } : {}), ...(c.error ? { error: c.error } : {}), ...(c.refused?.length ? { refused: c.refused } : {}) }]),
    ),
  };
  if (report.blogError) runRow.channels.blog = { ok: false, error: report.blogError };
  append(runsFile(at), [runRow]);
  report.files = [...new Set([...files, ...report.recovered])].sort();
  if (options.fault === 'after-read') process.kill(process.pid, 'SIGKILL');
  try {
    const pushed = await commitAndPush(repo, report.files, `cadence: metrics, ${report.channels.reduce((n, c) => n + c.readings, 0)} readings (run ${run})`, {
      onRebased: async () => {
        if (dropOthersDuplicates(root, report.files)) await amend(repo, report.files);
      },
    });
    report.pushed = pushed.pushed;
  } catch (error) {
    report.gitError = `metrics recorded locally but not pushed: ${(error as Error).message}`;
  }
  return report;
}

interface ReadContext {
  nowMs: number;
  at: string;
  posts: Map<string, PostDoc>;
  described: Set<string>;
  append: (file: string, rows: readonly object[]) => void;
}

function descriptor(publication: MeasuredPublication, post: PostDoc | undefined): PublicationRow {
  const exp = post?.data.experiment;
  const arm = exp?.arm ?? (exp?.compare ? (exp.compare[0] === publication.channel ? 'A' : exp.compare[1] === publication.channel ? 'B' : undefined) : undefined);
  return {
    post: publication.post,
    ch: publication.channel,
    rid: publication.remoteId,
    ...(publication.url ? { url: publication.url } : {}),
    pub: new Date(publication.publishedMs).toISOString(),
    ...(post?.data.title ? { title: post.data.title } : {}),
    ...(post?.data.pillar ? { pillar: post.data.pillar } : {}),
    ...(post?.data.campaign ? { campaign: post.data.campaign } : {}),
    ...(exp && arm ? { exp: exp.id, arm } : {}),
  };
}

async function readChannelPosts(reader: MetricsReader, due: readonly DueReading[], outcome: ChannelOutcome, ctx: ReadContext): Promise<void> {
  if (due.length === 0) return;
  if (!reader.readPosts || reader.provides.length === 0) {
    // Nothing to read on this network (a webhook, a bot): the publication is still described, once, and
    // a row per milestone says there was nothing to read (so it is not due again).
    const rows = due.filter((d) => !ctx.described.has(pairId(d.publication.post, d.publication.channel))).map((d) => descriptor(d.publication, ctx.posts.get(d.publication.post)));
    for (const row of rows) {
      ctx.append(postsFile(row.pub, row.ch), [row]);
      ctx.described.add(pairId(row.post, row.ch));
    }
    for (const reading of due) {
      const p = reading.publication;
      ctx.append(postsFile(new Date(p.publishedMs).toISOString(), p.channel), [{ post: p.post, ch: p.channel, age: reading.milestone.id, at: ctx.at, ageH: reading.ageHours, ...(reading.late ? { late: true } : {}) }]);
    }
    return;
  }
  const refs: PostRef[] = due.map((d) => ({ post: d.publication.post, remoteId: d.publication.remoteId, ...(d.publication.url ? { url: d.publication.url } : {}), publishedMs: d.publication.publishedMs }));
  const result = await reader.readPosts(refs, ctx.nowMs);
  if (!result.ok) {
    outcome.error = `${outcome.channel}: ${result.kind}${result.status ? ` ${result.status}` : ''}: ${result.message}${result.kind === 'rate-limited' ? `; nothing stored, the next run reads what is due${result.retryAfterMs ? ` (the network asks to wait ${Math.ceil(result.retryAfterMs / 1000)} s)` : ''}` : ''}`;
    return;
  }
  if (result.refused?.length) {
    outcome.refused = result.refused;
    outcome.error = `${outcome.channel}: the network refused ${result.refused.join(', ')} (retired, or not valid for this kind of post): readings stored without ${result.refused.length === 1 ? 'it' : 'them'}; update Cadence's metric list (docs/metrics.md)`;
  }
  const byFile = new Map<string, object[]>();
  const push = (file: string, row: object) => byFile.set(file, [...(byFile.get(file) ?? []), row]);
  for (const reading of due) {
    const p = reading.publication;
    const counters = result.value.get(p.remoteId);
    if (!counters) {
      outcome.notFound++;
      continue;
    }
    const file = postsFile(new Date(p.publishedMs).toISOString(), p.channel);
    if (!ctx.described.has(pairId(p.post, p.channel))) {
      push(file, descriptor(p, ctx.posts.get(p.post)));
      ctx.described.add(pairId(p.post, p.channel));
    }
    const snapshot: SnapshotRow = {
      post: p.post,
      ch: p.channel,
      age: reading.milestone.id,
      at: ctx.at,
      ageH: reading.ageHours,
      ...(reading.late ? { late: true as const } : {}),
      ...normalise(counters, reader.provides),
      ...(result.api ? { api: result.api } : {}),
    };
    push(file, snapshot);
    outcome.readings++;
    if (reading.late) outcome.late++;
    outcome.missed += reading.missed.length;
  }
  for (const [file, rows] of byFile) ctx.append(file, rows);
}

async function readChannelAccount(reader: MetricsReader, outcome: ChannelOutcome, ctx: { nowMs: number; at: string; today: string; last: string | undefined; append: (file: string, rows: readonly object[]) => void }): Promise<void> {
  if (ctx.last !== undefined && ctx.last >= ctx.today) return;
  const rows: AccountRow[] = [];
  if (reader.readAccountHistory) {
    const from = ctx.last ? addDay(ctx.last, 1) : addDay(ctx.today, -MAX_BACKFILL_DAYS);
    const history = await reader.readAccountHistory(from, addDay(ctx.today, -1));
    if (history.ok) for (const day of history.value) rows.push({ ch: outcome.channel, d: day.d, at: ctx.at, ...day.counters });
  }
  if (reader.readAccount) {
    const now = await reader.readAccount(ctx.nowMs);
    if (!now.ok) {
      outcome.error = `${outcome.channel} (account): ${now.kind}${now.status ? ` ${now.status}` : ''}: ${now.message}`;
    } else if (Object.keys(now.value).length > 0) {
      rows.push({ ch: outcome.channel, d: ctx.today, at: ctx.at, ...now.value });
      outcome.followers = now.value.followers ?? null;
      if (now.value.members !== undefined) outcome.members = now.value.members;
    }
  }
  const byFile = new Map<string, AccountRow[]>();
  for (const row of rows) byFile.set(accountsFile(row.ch, row.d), [...(byFile.get(accountsFile(row.ch, row.d)) ?? []), row]);
  for (const [file, list] of byFile) ctx.append(file, list);
  outcome.accountDays = rows.length;
}

/** Files under data/metrics/ changed or added in the working tree and not committed. */
async function uncommittedMetrics(repo: LedgerRepo): Promise<string[]> {
  const status = await repo.git.raw(['status', '--porcelain', '--untracked-files=all', '--', METRICS_DIR]);
  return status
    .split('\n')
    .filter((line) => /^( M|M |MM|\?\?|A |AM)/.test(line))
    .map((line) => line.slice(3).trim())
    .filter((file) => file.endsWith('.jsonl'));
}

/**
 * The job's clone merges `data/metrics/**` with Git's union driver: two runs that appended to the same
 * file keep both sides' lines instead of conflicting. Written to .git/info/attributes (the clone's own,
 * never committed), so a brand's .gitattributes is left alone.
 */
async function unionMergeForMetrics(repo: LedgerRepo): Promise<void> {
  const file = path.resolve(repo.root, (await repo.git.raw(['rev-parse', '--git-path', 'info/attributes'])).trim());
  const wanted = `${METRICS_DIR}/** merge=union`;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '';
  }
  if (text.split('\n').includes(wanted)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${text && !text.endsWith('\n') ? '\n' : ''}${wanted}\n`);
}

/** After a union merge, drops this run's lines whose key another run stored first; true when a file changed. */
function dropOthersDuplicates(root: string, files: readonly string[]): boolean {
  let changed = false;
  for (const file of files) {
    const absolute = path.join(root, file);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch {
      continue;
    }
    const result = dropRepeatedLines(text, lineKey);
    if (result.dropped > 0) {
      writeFileSync(absolute, result.text);
      changed = true;
    }
  }
  return changed;
}

async function commitLocally(repo: LedgerRepo, files: readonly string[], message: string): Promise<void> {
  await repo.git.raw(['add', '-A', '--', ...files]);
  await repo.git.raw(['commit', '--quiet', '--no-verify', '-m', message, '--', ...files]);
}

async function amend(repo: LedgerRepo, files: readonly string[]): Promise<void> {
  await repo.git.raw(['add', '--', ...files]);
  await repo.git.raw(['commit', '--quiet', '--amend', '--no-edit', '--no-verify', '--', ...files]);
}
