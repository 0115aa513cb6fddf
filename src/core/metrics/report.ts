/**
 * The monthly (or any period's) report as data: everything `cadence report` prints and the internal site
 * shows, computed once from the dataset and the editorial line. Formats (Markdown, HTML, CSV, JSON, PDF)
 * only lay it out.
 *
 * Period semantics (as Sprout's): content figures are the lifetime readings of the posts *published* in
 * the period; followers and blog visits are the activity *in* the period.
 */
import type { ChannelId } from '../channels.ts';
import type { EditorialLine } from '../schema/index.ts';
import { toZonedIso } from '../time.ts';
import { boostCandidates, experiments, slotAnalysisBetween, topAndFlop, type ExperimentResult, type SlotAnalysis } from './analysis.ts';
import { metricBit, postsBetween, type Basis, type Dataset, type MeasuredPost } from './dataset.ts';
import { blogBetween, engagementSums, evaluateObjective, pillarMix, postsPerWeek, responseTime, utmSource, utmVisits, type CadenceRow, type FirstReplyRecord, type ObjectiveResult, type PillarRow, type ResponseTime } from './kpi.ts';
import { type BlogRow, type MetricName, type MilestoneId, type RunRow } from './model.ts';
import { addDay } from './plan.ts';
import { rowsBetweenDays } from './search.ts';
import { median } from './stats.ts';

export const SLOT_WEEKS = 26;
/** The counters whose absence the report's coverage box names (the rarer ones would only be noise). */
const COVERAGE_METRICS: readonly MetricName[] = ['views', 'reach', 'likes', 'comments', 'reposts', 'shares', 'saves', 'clicks'];

export interface ReportPeriod {
  from: string;
  to: string;
  /** `2026-12` for a month. */
  month?: string;
}

export interface PostRow {
  post: string;
  title: string | undefined;
  channel: ChannelId;
  publishedAt: string;
  url: string | undefined;
  pillar: string | undefined;
  campaign: string | undefined;
  /** The latest reading, as the network gave it (null: the network has no such counter). */
  age: MilestoneId | undefined;
  readAt: string | undefined;
  late: boolean;
  metrics: Record<MetricName, number | null>;
  /** Engagement rate (percent) on the reference reading, its denominator, and lift over the baseline. */
  rate: number | null;
  basis: Basis | undefined;
  lift: number | null;
}

export interface ChannelSummary {
  channel: ChannelId;
  publications: number;
  followersStart: number | null;
  followersEnd: number | null;
  views: number | null;
  reach: number | null;
  interactions: number | null;
  rate: number | null;
  bases: Basis[];
  networkClicks: number | null;
  utmVisits: number;
  perWeek: number;
  perWeekTarget: number | undefined;
  /** Metrics this channel never gave in the period (the network has no such counter, or withheld it). */
  missing: MetricName[];
  lateReadings: number;
}

export interface CampaignRow {
  id: string;
  posts: number;
  publications: number;
  interactions: number;
  views: number | null;
  utmVisits: number;
  medianLift: number | null;
}

export interface RunProblem {
  at: string;
  channel: string;
  error: string;
}

export interface Report {
  version: 1;
  brand: string;
  locale: 'fr' | 'en';
  timeZone: string;
  period: ReportPeriod;
  generatedAt: string;
  objectives: ObjectiveResult[];
  channels: ChannelSummary[];
  cadence: CadenceRow[];
  pillars: PillarRow[];
  campaigns: CampaignRow[];
  slots: SlotAnalysis[];
  top: { post: PostRow; lift: number }[];
  flop: { post: PostRow; lift: number }[];
  boost: { post: PostRow; lift: number; confidence: number }[];
  experiments: (Omit<ExperimentResult, 'arms'> & { arms: { label: 'A' | 'B'; posts: string[]; interactions: number; trials: number; lift: number | null }[] })[];
  responseTime: ResponseTime | null;
  runProblems: RunProblem[];
  /**
   * A row per publication of the period (the CSV's, the JSON's). `buildReport` makes them each time they are
   * read, and keeps none: the site's pages show none of them, a CSV or JSON reads them once.
   */
  readonly posts: readonly PostRow[];
}

export interface ReportInput {
  dataset: Dataset;
  line: EditorialLine;
  period: ReportPeriod;
  /** The instant the report is made (objectives are evaluated at the period's end or now, whichever is first). */
  atMs: number;
  /** First-reply records of the moderation log, when there is one. */
  replies?: readonly FirstReplyRecord[];
}

/** A counter of a reading as the network gave it: null where it has no such counter. */
const counter = (value: number | null | undefined): number | null => (typeof value === 'number' ? value : null);

/** A publication's row; `publishedAt`: its time as `toZonedIso` writes it, when the caller has it already. */
export function postRow(post: MeasuredPost, timeZone: string, publishedAt = toZonedIso(post.publishedMs, timeZone)): PostRow {
  const latest = post.latest;
  // Every metric, in METRIC_NAMES' order (the JSON's); one literal, not a record grown key by key (100,000 rows a year).
  const metrics: Record<MetricName, number | null> = {
    views: counter(latest?.views),
    reach: counter(latest?.reach),
    likes: counter(latest?.likes),
    comments: counter(latest?.comments),
    reposts: counter(latest?.reposts),
    quotes: counter(latest?.quotes),
    shares: counter(latest?.shares),
    saves: counter(latest?.saves),
    clicks: counter(latest?.clicks),
    profileClicks: counter(latest?.profileClicks),
    videoViews: counter(latest?.videoViews),
  };
  return {
    post: post.pub.post,
    title: post.pub.title,
    channel: post.channel,
    publishedAt,
    url: post.pub.url,
    pillar: post.pub.pillar,
    campaign: post.pub.campaign,
    age: latest?.age,
    readAt: latest?.at,
    late: latest?.late === true,
    metrics,
    rate: post.rate !== undefined ? post.rate * 100 : null,
    basis: post.basis,
    lift: post.lift ?? null,
  };
}

function sumOf(posts: readonly MeasuredPost[], metric: MetricName): number | null {
  let total = 0;
  let any = false;
  const bit = metricBit(metric);
  for (const post of posts) {
    // A network that never gave this counter for the post: its readings are not read (nor decoded, when cached).
    if (!(post.givenMetrics & bit)) continue;
    const value = post.reference?.[metric];
    if (typeof value === 'number') {
      total += value;
      any = true;
    }
  }
  return any ? total : null;
}

/**
 * What a channel's row sums of its period's posts, in one pass (each sum in the posts' order, as a pass of
 * its own made it): views, reach and network clicks of their reference readings, interactions, late readings.
 */
function channelSums(posts: readonly MeasuredPost[]): { views: number | null; reach: number | null; clicks: number | null; interactions: number | null; lateReadings: number } {
  let views = 0;
  let reach = 0;
  let clicks = 0;
  let interactions = 0;
  let lateReadings = 0;
  let given = 0;
  for (const post of posts) {
    const reference = post.reference;
    if (reference) {
      if (typeof reference.views === 'number') {
        views += reference.views;
        given |= 1;
      }
      if (typeof reference.reach === 'number') {
        reach += reference.reach;
        given |= 2;
      }
      if (typeof reference.clicks === 'number') {
        clicks += reference.clicks;
        given |= 4;
      }
    }
    if (post.interactions !== null) given |= 8;
    interactions += post.interactions ?? 0;
    lateReadings += post.lateReadings;
  }
  return { views: given & 1 ? views : null, reach: given & 2 ? reach : null, clicks: given & 4 ? clicks : null, interactions: given & 8 ? interactions : null, lateReadings };
}

function missingMetrics(posts: readonly MeasuredPost[]): MetricName[] {
  let mask = 0;
  for (const post of posts) mask |= post.givenMetrics;
  return COVERAGE_METRICS.filter((m) => !(mask & metricBit(m)));
}

export function buildReport(input: ReportInput): Report {
  const { dataset, line, period } = input;
  const tz = line.brand.timezone;
  const inPeriod = postsBetween(dataset.posts, period.from, period.to);
  const endOfPeriod = Date.parse(`${addDay(period.to, 1)}T00:00:00Z`);
  const evaluatedDay = (toZonedIso(Math.min(input.atMs, endOfPeriod - 1), tz)).slice(0, 10);
  const ctx = { line, today: evaluatedDay < period.to ? evaluatedDay : period.to };
  const objectives = line.objectives.map((o) => evaluateObjective(o, dataset, ctx));
  const cadence = postsPerWeek(dataset, line, period.from, period.to);
  const inPeriodByChannel = Map.groupBy(inPeriod, (post) => post.channel);
  const channelIds = [...new Set<ChannelId>([...cadence.map((c) => c.channel), ...inPeriodByChannel.keys()])].sort();
  // The period's tagged visits, picked once from the year's blog rows for every channel and campaign below.
  const periodVisits = taggedVisits(dataset, period);
  // Each source's visits, summed in the rows' order (utmVisits' sum for one source).
  const visitsBySource = new Map<string, number>();
  for (const row of periodVisits) visitsBySource.set(row.src, (visitsBySource.get(row.src) ?? 0) + (row.visits ?? 0));
  const channels: ChannelSummary[] = channelIds.map((channel) => {
    const posts = inPeriodByChannel.get(channel) ?? [];
    const er = engagementSums(posts);
    const sums = channelSums(posts);
    const row = cadence.find((c) => c.channel === channel);
    const start = dataset.followers.on(channel, addDay(period.from, -1)) ?? dataset.followers.from(channel, period.from);
    const end = dataset.followers.on(channel, period.to);
    const followerValue = (r: typeof start) => (r && !Number.isNaN(r.followers) ? r.followers : (r?.members ?? null));
    return {
      channel,
      publications: posts.length,
      followersStart: start && start.d <= period.to ? followerValue(start) : null,
      followersEnd: followerValue(end),
      views: sums.views,
      reach: sums.reach,
      interactions: sums.interactions,
      rate: er.value,
      bases: [...new Set(Object.values(er.bases))],
      networkClicks: sums.clicks,
      utmVisits: visitsBySource.get(utmSource(line, channel)) ?? 0,
      perWeek: row?.average ?? 0,
      perWeekTarget: row?.perWeekTarget,
      missing: posts.length ? missingMetrics(posts) : [],
      lateReadings: sums.lateReadings,
    };
  });
  const campaigns = campaignRowsOf(inPeriod, periodVisits, line, period);
  // Best slots look further back than the month: 26 weeks (a brand account posts 1–3 times a week on a
  // network, and a slot needs 8 posts before it is recommended).
  const slotFrom = addDay(period.to, -SLOT_WEEKS * 7);
  const slots = [...dataset.byChannel.entries()]
    .filter(([channel]) => channel !== 'blog')
    .map(([channel, posts]) => slotAnalysisBetween(channel, posts, slotFrom, period.to, line))
    .filter((s) => s.posts > 0)
    .sort((a, b) => a.channel.localeCompare(b.channel));
  const row = (p: MeasuredPost) => postRow(p, tz);
  const ranked = topAndFlop(inPeriod);
  const tests = experiments(dataset).filter((e) => e.arms.some((a) => a.posts.some((p) => p.day >= period.from && p.day <= period.to)));
  const fromMs = Date.parse(`${period.from}T00:00:00Z`);
  const runProblems: RunProblem[] = [];
  // ~11,000 run rows a year, in time order as the hourly job appends them: the period's found by binary search.
  for (const run of rowsBetweenDays(dataset.runs, runDay, period.from, period.to)) {
    // `at` below the period's first day is a day before it (a prefix sorts first); one slice for its last day.
    if (run.at < period.from || run.at.slice(0, 10) > period.to) continue;
    for (const [channel, outcome] of Object.entries(run.channels)) if (!outcome.ok && outcome.error) runProblems.push({ at: run.at, channel, error: outcome.error });
  }
  const report: Omit<Report, 'posts'> = {
    version: 1,
    brand: line.brand.name,
    locale: line.brand.locale,
    timeZone: tz,
    period,
    generatedAt: new Date(input.atMs).toISOString(),
    objectives,
    channels,
    cadence,
    pillars: pillarMix(inPeriod, line),
    campaigns,
    slots,
    top: ranked.top.map((r) => ({ post: row(r.post), lift: r.lift })),
    flop: ranked.flop.map((r) => ({ post: row(r.post), lift: r.lift })),
    boost: boostCandidates(inPeriod, dataset).map((b) => ({ post: row(b.post), lift: b.lift, confidence: b.confidence })),
    experiments: tests.map((e) => ({ ...e, arms: e.arms.map((a) => ({ label: a.label, posts: a.posts.map((p) => `${p.pub.post}:${p.channel}`), interactions: a.interactions, trials: a.trials, lift: a.lift })) })),
    responseTime: input.replies && input.replies.length ? responseTime(input.replies, fromMs, endOfPeriod) : null,
    runProblems: runProblems.slice(-50),
  };
  return withPostRows(report, inPeriod, tz);
}

/**
 * The report with its `posts` (the last key) made from the period's publications each time they are read.
 * A function of its own: the getter keeps the period's posts alive, not the whole dataset `buildReport` saw.
 */
function withPostRows(report: Omit<Report, 'posts'>, posts: readonly MeasuredPost[], timeZone: string): Report {
  const rows = () => {
    const list: PostRow[] = [];
    eachRow(posts, timeZone, (row) => list.push(row));
    return list;
  };
  const made = Object.defineProperty(report, 'posts', { enumerable: true, get: rows }) as Report;
  postsOfReport.set(made, { posts, timeZone });
  return made;
}
const postsOfReport = new WeakMap<Report, { posts: readonly MeasuredPost[]; timeZone: string }>();

/**
 * A report's post rows handed one at a time to `visit`, none kept: what a CSV reads once, row by row. A
 * month's 8,500 rows made as a list all lived until the last was written, and the GC copied them (a report
 * read from JSON has its rows already: they are its `posts`).
 */
export function forEachPostRow(report: Report, visit: (row: PostRow) => void): void {
  const source = postsOfReport.get(report);
  if (!source) {
    for (const row of report.posts) visit(row);
    return;
  }
  eachRow(source.posts, source.timeZone, visit);
}

/**
 * The rows of publications in publication order: the ones published at the same instant (a post sent to
 * its channels at once: five publications an instant in the benchmark's year) share their time's text.
 */
function eachRow(posts: readonly MeasuredPost[], timeZone: string, visit: (row: PostRow) => void): void {
  let instant = NaN;
  let publishedAt = '';
  for (const post of posts) {
    if (post.publishedMs !== instant) publishedAt = toZonedIso((instant = post.publishedMs), timeZone);
    visit(postRow(post, timeZone, publishedAt));
  }
}

/** The campaigns of the posts published in a period, with their tagged visits in it (the site's campaigns page: the whole history). */
const runDay = (run: RunRow) => run.at.slice(0, 10);

/** The campaigns of the posts published in a period, with their tagged visits in it (the site's campaigns page: the whole history). */
export function campaignRows(dataset: Dataset, line: EditorialLine, period: ReportPeriod): CampaignRow[] {
  return campaignRowsOf(postsBetween(dataset.posts, period.from, period.to), taggedVisits(dataset, period), line, period);
}

type TaggedVisit = Extract<BlogRow, { src: string }>;

/** The tagged visits of a period (the blog's rows with a source), in the rows' order. */
function taggedVisits(dataset: Dataset, period: ReportPeriod): TaggedVisit[] {
  return blogBetween(dataset, period.from, period.to).filter((row): row is TaggedVisit => 'src' in row && row.d >= period.from && row.d <= period.to);
}

function campaignRowsOf(inPeriod: readonly MeasuredPost[], periodVisits: readonly TaggedVisit[], line: EditorialLine, period: ReportPeriod): CampaignRow[] {
  const byCampaign = new Map<string, MeasuredPost[]>();
  for (const post of inPeriod) {
    const id = post.pub.campaign;
    if (!id) continue;
    const list = byCampaign.get(id);
    if (list) list.push(post);
    else byCampaign.set(id, [post]);
  }
  const allSources = new Set((Object.keys(line.channels) as ChannelId[]).map((c) => utmSource(line, c)));
  // Each campaign's tagged visits, grouped once (the whole history's rows, against each of its campaigns).
  const visitsByCampaign = Map.groupBy(
    periodVisits.filter((row): row is TaggedVisit & { campaign: string } => row.campaign !== undefined),
    (row) => row.campaign,
  );
  return [...byCampaign.keys()].sort().map((id) => {
    const posts = byCampaign.get(id)!;
    const lifts = posts.map((p) => p.lift).filter((l): l is number => l !== undefined);
    return {
      id,
      posts: new Set(posts.map((p) => p.pub.post)).size,
      publications: posts.length,
      interactions: posts.reduce((s, p) => s + (p.interactions ?? 0), 0),
      views: sumOf(posts, 'views'),
      utmVisits: utmVisits(visitsByCampaign.get(id) ?? [], allSources, period.from, period.to, id),
      medianLift: lifts.length ? median(lifts) : null,
    };
  });
}

/** The first and last day of a month (`2026-12`). */
export function monthPeriod(month: string): ReportPeriod {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}`, month };
}
