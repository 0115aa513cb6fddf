/**
 * A year of `data/metrics/` for the metrics benchmark (bench/metrics.ts): N posts published on 10 channels
 * each, read at the five milestones (+1 h, +24 h, +7 d, +28 d, +90 d), the accounts' followers every day,
 * the blog's analytics every day and one run row per hourly run, in the layout `cadence metrics` writes
 * (src/core/metrics/format.ts).
 *
 * Rows are appended hour by hour in the order the hourly runs would have appended them (a publication's
 * descriptor with its first reading; 3 % of readings taken late by a missed run), so the files, and the
 * Git history built by `onWeek`, look like a real brand's. Every publication gets its five readings, the
 * last weeks' later ones dated after the year: 10,000 posts give exactly 500,000 snapshots.
 * Deterministic for a given (posts, seed).
 *
 * A real brand's year also has its past months frozen by the monthly job (metrics.yml, the 8th at 05:43 UTC:
 * `cadence report --month <previous month> --freeze`): `onMonthlyRun` is called at each of those instants
 * with the rows due by then on disk, and `freezeMonth` is what that job does.
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { accountsFile, blogFile, postsFile, runsFile } from '../src/core/metrics/format.ts';
import { buildReport, monthPeriod } from '../src/core/metrics/report.ts';
import { writeFrozenReport } from '../src/metrics/report/freeze.ts';
import { loadReportSources } from '../src/metrics/report/load.ts';
import { MILESTONES, type MetricName } from '../src/core/metrics/model.ts';
import type { ChannelId } from '../src/core/channels.ts';
import { PILLARS, Random } from './generate.ts';

/** Bump when the output changes, so a cached data set is written again. */
export const METRICS_DATA_VERSION = 2;

/** The ten channels every post is measured on: the benchmark brand's eight, Telegram and Discord. */
export const BENCH_CHANNELS: readonly ChannelId[] = ['instagram', 'facebook', 'mastodon', 'bluesky', 'x', 'linkedin', 'threads', 'telegram', 'discord', 'blog'];

export interface MetricsBenchData {
  version: number;
  posts: number;
  seed: number;
  /** First and last publication day (UTC), the report's month and instant, the dashboard's "now". */
  firstDay: string;
  lastDay: string;
  month: string;
  at: string;
  publications: number;
  snapshots: number;
  accountRows: number;
  blogRows: number;
  runRows: number;
  files: number;
  bytes: number;
  /** The months the monthly job froze (data/reports/<month>/), when `onMonthlyRun` froze them. */
  frozenMonths?: string[];
}

export interface WriteOptions {
  posts: number;
  seed: number;
  /** First publication day, UTC (default 2027-01-01); posts spread evenly over 365 days from it. */
  start?: string;
  /** Called after the rows of each week (to a Sunday 00:00 UTC) are on disk, with that instant: a commit point. */
  onWeek?: (untilMs: number) => void;
  /**
   * Called at each monthly job's instant (the 8th at 05:43 UTC) up to the data's `at`, once the hourly runs
   * before it have appended their rows (and no later row is on disk): `freezeMonth` freezes as that job does.
   */
  onMonthlyRun?: (atMs: number) => void;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What each network gives per post (the readers' `provides`), and its final counters as fractions of its audience. */
const MODEL: Record<string, { reach?: number; views?: number; rates: Partial<Record<MetricName, number>>; halfLifeH: number; audience: number; growth: number; api?: string }> = {
  instagram: { reach: 0.34, views: 1.55, rates: { likes: 0.031, comments: 0.0035, shares: 0.0025, saves: 0.004 }, halfLifeH: 14, audience: 12_400, growth: 9, api: 'graph-v25.0' },
  facebook: { reach: 0.26, views: 1.3, rates: { likes: 0.024, comments: 0.004, shares: 0.003, clicks: 0.014 }, halfLifeH: 6, audience: 6_800, growth: 3, api: 'graph-v25.0' },
  mastodon: { rates: { likes: 0.052, reposts: 0.021, comments: 0.006, quotes: 0.001 }, halfLifeH: 3, audience: 2_100, growth: 1.2 },
  bluesky: { rates: { likes: 0.06, reposts: 0.018, comments: 0.007, quotes: 0.002 }, halfLifeH: 4, audience: 3_300, growth: 2.5 },
  x: { views: 1.1, rates: { likes: 0.011, reposts: 0.0015, comments: 0.001, quotes: 0.0003, saves: 0.0008, clicks: 0.004, profileClicks: 0.002 }, halfLifeH: 1.5, audience: 4_100, growth: -0.2, api: 'x-v2' },
  linkedin: { reach: 0.55, views: 0.85, rates: { likes: 0.022, comments: 0.003, shares: 0.002, clicks: 0.011 }, halfLifeH: 24, audience: 1_900, growth: 1, api: 'rest-202511' },
  threads: { views: 1.2, rates: { likes: 0.04, comments: 0.008, reposts: 0.004, quotes: 0.001, shares: 0.002 }, halfLifeH: 5, audience: 2_600, growth: 2.2 },
  // The Telegram bot has no per-post counters: its readings are rows that say so (as collect.ts writes them).
  telegram: { rates: {}, halfLifeH: 1, audience: 900, growth: 0.6 },
  discord: { rates: { likes: 0.12 }, halfLifeH: 10, audience: 640, growth: 0.4 },
  blog: { views: 0.05, rates: {}, halfLifeH: 48, audience: 9_000, growth: 0, api: 'plausible-v2' },
};
const SLOTS = ['08:30', '10:00', '12:30', '15:00', '18:00', '20:30'];
const SLOT_EFFECT: Record<string, number> = { '08:30': 0.8, '10:00': 1.1, '12:30': 1, '15:00': 0.9, '18:00': 1.35, '20:30': 1.15 };
const TOPICS = ['Le lot du moment', 'Recette de la semaine', 'Au comptoir ce samedi', 'Visite chez le producteur', 'Profil de torréfaction', 'Atelier méthodes douces', 'Emballages consignés', 'Dégustation à l’aveugle', 'Cold brew maison', 'Nouvelle origine'];

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Writes `data/metrics/` under `root` (replacing it) and returns what it holds. */
export function writeMetricsData(root: string, options: WriteOptions): MetricsBenchData {
  const rnd = new Random(options.seed * 7919 + 17);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
  const startMs = Date.parse(`${options.start ?? '2027-01-01'}T00:00:00Z`);
  const endMs = startMs + 365 * DAY;
  // The monthly report's run (metrics.yml: the 8th) after the last month of publications: the data's "now".
  const atMs = endMs + 7 * DAY + 6 * HOUR;
  const monthlyRuns: number[] = [];
  const first = new Date(startMs);
  for (let k = 1; options.onMonthlyRun; k++) {
    const runMs = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k, 8, 5, 43);
    if (runMs > atMs) break;
    monthlyRuns.push(runMs);
  }
  rmSync(path.join(root, 'data/metrics'), { recursive: true, force: true });

  // Rows waiting for their hour: hour index → file → lines. Posts come in publication order and every
  // row is dated at or after its post's publication, so an hour is complete once a post is published after it.
  const pending = new Map<number, Map<string, string[]>>();
  const counts = { publications: 0, snapshots: 0, accountRows: 0, blogRows: 0, runRows: 0, bytes: 0 };
  const files = new Set<string>();
  let flushedHour = Math.floor(startMs / HOUR) - 1;
  const add = (atMs: number, file: string, row: object) => {
    const hour = Math.floor(atMs / HOUR);
    if (hour <= flushedHour) throw new Error(`bench/metrics-data.ts: a row for ${iso(atMs)} after that hour was written`);
    let byFile = pending.get(hour);
    if (!byFile) pending.set(hour, (byFile = new Map()));
    let lines = byFile.get(file);
    if (!lines) byFile.set(file, (lines = []));
    lines.push(JSON.stringify(row));
  };
  const audience = (channel: string, ms: number) => Math.round(MODEL[channel]!.audience + MODEL[channel]!.growth * ((ms - startMs) / DAY));

  let nextWeekMs = startMs + ((7 - new Date(startMs).getUTCDay()) % 7 || 7) * DAY;
  const flushUntil = (hourExclusive: number) => {
    for (let hour = flushedHour + 1; hour < hourExclusive; hour++) {
      const atMs = hour * HOUR + 17 * 60_000;
      // The first run of each day (02:17 UTC) also reads the accounts and yesterday's blog analytics.
      if (hour % 24 === 2 && atMs >= startMs && atMs < endMs + 91 * DAY) dailyRows(atMs);
      const byFile = pending.get(hour);
      pending.delete(hour);
      const perChannel: Record<string, { ok: true; snapshots?: number }> = {};
      if (byFile) {
        for (const [file, lines] of byFile) {
          const text = `${lines.join('\n')}\n`;
          const absolute = path.join(root, file);
          if (!files.has(file)) mkdirSync(path.dirname(absolute), { recursive: true });
          files.add(file);
          appendFileSync(absolute, text);
          counts.bytes += Buffer.byteLength(text);
          if (file.includes('/posts/')) {
            const channel = path.basename(file, '.jsonl');
            perChannel[channel] = { ok: true, snapshots: (perChannel[channel]?.snapshots ?? 0) + lines.filter((l) => l.includes('"age":')).length };
          }
        }
      }
      if (atMs >= startMs && atMs < endMs + 91 * DAY) {
        for (const channel of BENCH_CHANNELS) perChannel[channel] ??= { ok: true };
        const text = `${JSON.stringify({ run: `${iso(atMs).replace(/[-:]/g, '').slice(0, 15)}-${(hour % 4096).toString(16).padStart(3, '0')}`, at: iso(atMs), channels: perChannel })}\n`;
        const file = runsFile(iso(atMs));
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        files.add(file);
        appendFileSync(path.join(root, file), text);
        counts.bytes += Buffer.byteLength(text);
        counts.runRows++;
      }
      flushedHour = hour;
      const hourEnd = (hour + 1) * HOUR;
      // The monthly job runs after this hour's run (:17): it sees the rows appended so far.
      while (monthlyRuns.length && monthlyRuns[0]! < hourEnd) options.onMonthlyRun!(monthlyRuns.shift()!);
      if (hourEnd >= nextWeekMs) {
        options.onWeek?.(nextWeekMs);
        nextWeekMs += 7 * DAY;
      }
    }
  };

  // Blog articles recently published, for the analytics' page and UTM rows.
  const recent: { post: string; pubMs: number; campaign?: string }[] = [];
  const dailyRows = (atMs: number) => {
    const day = iso(atMs).slice(0, 10);
    const yesterday = iso(atMs - DAY).slice(0, 10);
    for (const channel of BENCH_CHANNELS) {
      if (channel === 'blog') continue;
      const row = { ch: channel, d: day, at: iso(atMs), [channel === 'discord' ? 'members' : 'followers']: audience(channel, atMs) };
      add(atMs, accountsFile(channel, day), row);
      counts.accountRows++;
    }
    const dayStart = Date.parse(`${yesterday}T00:00:00Z`);
    while (recent.length && recent[0]!.pubMs < dayStart - 10 * DAY) recent.shift();
    add(atMs, blogFile(yesterday), { d: yesterday, path: '/', visitors: Math.round(300 * Math.exp(0.2 * normal())), pageviews: Math.round(420 * Math.exp(0.2 * normal())) });
    counts.blogRows++;
    for (const article of recent) {
      if (article.pubMs >= dayStart + DAY) continue;
      const age = (dayStart + DAY / 2 - article.pubMs) / DAY;
      const visitors = Math.round(60 * Math.exp(-Math.max(0, age) / 2.5) * Math.exp(0.3 * normal()));
      if (visitors <= 0) continue;
      add(atMs, blogFile(yesterday), { d: yesterday, path: `/blog/${article.post}/`, visitors, pageviews: Math.round(visitors * 1.3) });
      counts.blogRows++;
      // Social visits tagged by publishing: a few sources per article, its first days.
      if (age > 3) continue;
      for (const source of BENCH_CHANNELS) {
        if (source === 'blog' || rnd.next() > 0.25) continue;
        const visits = Math.max(1, Math.round(visitors * 0.08 * Math.exp(0.5 * normal())));
        add(atMs, blogFile(yesterday), { d: yesterday, src: source, ...(article.campaign ? { campaign: article.campaign } : {}), content: article.post, visits, visitors: Math.max(1, Math.round(visits * 0.9)) });
        counts.blogRows++;
      }
    }
  };

  const spacing = (365 * DAY) / options.posts;
  for (let serial = 1; serial <= options.posts; serial++) {
    // The day's posts spread over its slots in order (the rows' hours never go back).
    const offsetMs = (serial - 1) * spacing;
    const slotDayMs = startMs + Math.floor(offsetMs / DAY) * DAY;
    const slot = SLOTS[Math.floor(((offsetMs % DAY) / DAY) * SLOTS.length)]!;
    const [hh, mm] = slot.split(':').map(Number) as [number, number];
    const baseMs = slotDayMs + (hh - 1) * HOUR + mm * 60_000; // Europe/Paris in winter, near enough
    flushUntil(Math.floor(baseMs / HOUR));
    const day = iso(baseMs).slice(0, 10);
    const title = `${TOPICS[serial % TOPICS.length]} n° ${serial}`;
    const post = `${day}-${slug(title)}`;
    const pillar = PILLARS[rnd.int(0, PILLARS.length - 1)]!;
    const monthIndex = Number(day.slice(5, 7));
    const campaign = rnd.chance(0.15) ? `campagne-${day.slice(0, 7)}-${1 + (serial % 2)}` : undefined;
    // A/B cross-tests: one post in 250 compares two networks first; pairs of variant posts on Instagram.
    const compare = serial % 250 === 0 ? (['instagram', 'facebook'] as const) : undefined;
    const variant = serial % 400 < 2 && serial > 2 ? { id: `visuel-${monthIndex}-${Math.floor(serial / 400)}`, arm: serial % 400 === 0 ? 'A' : 'B' } : undefined;
    const effect = (SLOT_EFFECT[slot] ?? 1) * (1 + (PILLARS.indexOf(pillar) - 2) * 0.06);
    for (const channel of BENCH_CHANNELS) {
      const pubMs = baseMs + rnd.int(1, 9) * 60_000;
      const model = MODEL[channel]!;
      const rid = channel === 'mastodon' ? String(113_000_000_000_000_000 + pubMs) : `${channel}-${pubMs.toString(36)}-${serial}`;
      const url = channel === 'blog' ? `https://brulerie-saint-michel.example/blog/${post}/` : channel === 'telegram' || channel === 'discord' ? undefined : `https://${channel}.example/${rid}`;
      const exp = compare && (channel === compare[0] || channel === compare[1]) ? { exp: `premier-reseau-${serial}`, arm: channel === compare[0] ? 'A' : 'B' } : variant && channel === 'instagram' ? { exp: variant.id, arm: variant.arm } : undefined;
      const descriptor = { post, ch: channel, rid, ...(url ? { url } : {}), pub: new Date(pubMs).toISOString(), title, pillar: pillar.id, ...(campaign ? { campaign } : {}), ...(exp ?? {}) };
      const file = postsFile(new Date(pubMs).toISOString(), channel);
      counts.publications++;
      if (channel === 'blog') recent.push({ post, pubMs, ...(campaign ? { campaign } : {}) });
      // Final counters of this publication.
      const size = audience(channel, pubMs);
      const noise = Math.exp(0.25 * normal()) * (variant?.arm === 'B' && channel === 'instagram' ? 1.2 : 1);
      const reach = model.reach ? model.reach * size * noise : undefined;
      const views = model.views ? (reach ?? size) * model.views * noise : undefined;
      const base = reach ?? views ?? size;
      const finals: [MetricName, number][] = [];
      if (reach !== undefined) finals.push(['reach', reach]);
      if (views !== undefined) finals.push(['views', views]);
      for (const [metric, rate] of Object.entries(model.rates) as [MetricName, number][]) finals.push([metric, base * rate * effect * Math.exp(0.3 * normal())]);
      const share = (h: number) => 1 - Math.exp((-h * Math.LN2) / model.halfLifeH) * 0.97 - 0.03 * Math.exp(-h / 400);
      let first = true;
      for (const m of MILESTONES) {
        const late = rnd.chance(0.03);
        const delayH = late ? 6 + rnd.next() * 30 : rnd.next();
        const ageH = Math.round((m.hours + delayH) * 10) / 10;
        const atMs = pubMs + ageH * HOUR;
        if (first) add(atMs, file, descriptor);
        first = false;
        const counters = Object.fromEntries(finals.map(([metric, value]) => [metric, Math.round(value * share(ageH))]));
        add(atMs, file, { post, ch: channel, age: m.id, at: iso(Math.floor(atMs / 60_000) * 60_000), ageH, ...(ageH > m.lateAfterHours ? { late: true } : {}), ...counters, ...(model.api ? { api: model.api } : {}) });
        counts.snapshots++;
      }
    }
  }
  flushUntil(Math.floor((endMs + 100 * DAY) / HOUR));
  const lastDay = iso(endMs - DAY).slice(0, 10);
  return {
    version: METRICS_DATA_VERSION,
    posts: options.posts,
    seed: options.seed,
    firstDay: iso(startMs).slice(0, 10),
    lastDay,
    month: lastDay.slice(0, 7),
    at: iso(atMs),
    ...counts,
    files: files.size,
  };
}

/**
 * What the monthly job does at `atMs` (metrics.yml: `cadence report --month <the previous month, UTC> --freeze`,
 * src/cli/commands/report.ts) on the rows on disk: the month's report written in data/reports/<month>/ with
 * the same functions (the commit left out: the benchmark's brand is no repository). Returns the month.
 */
export function freezeMonth(root: string, atMs: number): string {
  const d = new Date(atMs);
  const month = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const sources = loadReportSources(root);
  writeFrozenReport(root, month, buildReport({ dataset: sources.dataset, line: sources.line, period: monthPeriod(month), atMs, replies: sources.replies }));
  return month;
}
