/**
 * One watch run: read each source since its cursor (side by side; one failing source never stops the
 * others), score and pseudonymise the mentions, store what Git may keep, move each cursor only once its
 * mentions are written, apply retention, commit and push; then run the spike rule and open, update or
 * resolve the incident (docs/watch.md).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { duePlan } from '../core/due.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { isValidTimeZone } from '../core/time.ts';
import { readJson, writeAtomically } from '../content/cache.ts';
import { codeKey } from '../content/code-identity.ts';
import { readOptionalText } from '../content/documents.ts';
import { readEditorialLine } from '../content/line-memo.ts';
import { CACHE_DIR, EDITORIAL_LINE_FILE } from '../content/paths.ts';
import { createScorer } from '../core/sentiment/index.ts';
import { pseudonymOf } from '../core/pseudonym.ts';
import { localDay } from '../core/calendar/model.ts';
import type { AlertMention, DuePost, LevelSuggestion } from '../core/watch/alert.ts';
import { enabledSources } from '../core/watch/config-findings.ts';
import { decideIncident, recordAfter, type IncidentRecord } from '../core/watch/incident.ts';
import { mentionMatcher } from '../core/watch/match.ts';
import { spikeEvent } from '../core/watch/author-index.ts';
import { authorMarks, isItemUrl, mentionId, namesAuthor, reachBucket, storedUrl, type RawMention, type StoredMention } from '../core/watch/mention.ts';
import { detectSpike, type SpikeSettings, type SpikeVerdict } from '../core/watch/spike.ts';
import type { WatchConfig, WatchSource } from '../core/schema/watch.ts';
import { loadPseudonymKey } from '../community/pseudonym-key.ts';
import type { GitHubClient } from '../github/octokit.ts';
import type { loadBrandContent } from '../publish/content.ts';
import { commitAndPush, openLedgerRepo, syncWithRemote } from '../publish/git.ts';
import { loadLedger, loadPauses } from '../publish/store.ts';
import { loadWatchConfig } from './config.ts';
import { currentCrisisId } from '../crisis/store.ts';
import { selectSource } from './sources/select.ts';
import { SourceError, type SourceResult } from './sources/source.ts';
import { loadSpikeEvents } from './author-index.ts';
import { appendMentions, applyRetention, loadMentions, readCursor, readIncidents, readPolls, readState, sameCursor, updateDaily, writeCursor, writeIncident, writePolls, writeState, type SourceCursor } from './store.ts';

const DAY = 86_400_000;

export interface SourceReport {
  source: WatchSource;
  via: 'network' | 'sample' | 'none';
  read: number;
  stored: number;
  skipped?: string;
  error?: string;
  notes: string[];
}

export interface WatchReport {
  atMs: number;
  /** The brand's time zone (days of the mention files). */
  timeZone: string;
  dryRun: boolean;
  sources: SourceReport[];
  stored: number;
  /** Mentions read but older than the retention (`retention.mentions`): not kept. */
  expired: number;
  verdict: SpikeVerdict;
  incident?: { action: string; id: string; messages: string[]; failed: boolean };
  pushed: boolean;
  gitError?: string;
  problems: string[];
}

export interface WatchOptions {
  root: string;
  nowMs: number;
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  /** The real clock, for `seenAt` and the records (tests pin it). */
  clock?: () => number;
  fetch?: typeof fetch;
  github?: GitHubClient;
  /** The suggested crisis level for a verdict (from content/crisis.mdx). */
  suggest?: (verdict: SpikeVerdict, root: string) => LevelSuggestion | undefined;
}

export function spikeSettings(config: WatchConfig): SpikeSettings {
  const s = config.spike;
  return {
    windowMs: s.window,
    baselineDays: s.baselineDays,
    guardMs: s.guard,
    alpha: s.alpha,
    watchAlpha: s.watchAlpha,
    severeAlpha: s.severeAlpha,
    minAuthors: s.minAuthors,
    watchMinAuthors: s.watchMinAuthors,
    severeMinAuthors: s.severeMinAuthors,
    minRatio: s.minRatio,
    minNegativeShare: s.minNegativeShare,
    lambdaFloor: s.lambdaFloor,
    coldStartDays: s.coldStartDays,
    riskAuthors: s.riskAuthors,
    riskWindowMs: s.riskWindow,
  };
}

export async function watchRun(options: WatchOptions): Promise<WatchReport> {
  const { root, nowMs, env } = options;
  const clock = options.clock ?? Date.now;
  const dryRun = options.dryRun ?? false;
  const repo = await openLedgerRepo(root);
  if (!dryRun) await syncWithRemote(repo);
  const config = loadWatchConfig(root);
  const timeZone = brandTimeZone(root);
  // Before anything is read: on a runner without the key, authors could not be recognised.
  const key = loadPseudonymKey(root, env);
  const scorer = createScorer(config.sentiment);
  const match = mentionMatcher(config);
  const seenAt = new Date(clock()).toISOString();

  // 1. Read every enabled source side by side.
  const enabled = enabledSources(config);
  const polls = readPolls(root);
  const reads = await Promise.all(enabled.map((id) => readSource(id, config, options, nowMs, polls[id])));

  // 2. Score, pseudonymise, drop excluded mentions and those already stored.
  // An id that names its author (a Mastodon status URI: …/users/<name>/statuses/…) is kept as a keyed pseudonym.
  // Remembered per mention: the sources' report below counts the same ids again.
  const ids = new Map<RawMention, string>();
  const storedId = (raw: RawMention) => {
    let id = ids.get(raw);
    if (id === undefined) ids.set(raw, (id = mentionId(raw.network, namesAuthor(raw.nativeId, authorMarks(raw)) ? pseudonymOf(key, raw.network, raw.nativeId) : raw.nativeId)));
    return id;
  };
  const fresh = new Map<string, { stored: StoredMention; raw: RawMention }>();
  for (const { result } of reads) {
    for (const raw of result?.mentions ?? []) {
      const matched = match(raw.text, raw.query);
      if (matched.excluded) continue;
      const scored = scorer.score(raw.text, { lang: raw.lang, rating: raw.rating });
      const stored: StoredMention = {
        id: storedId(raw),
        network: raw.network,
        url: storedUrl(raw.url, authorMarks(raw)),
        createdAt: raw.createdAt,
        seenAt,
        kind: raw.kind,
        author: pseudonymOf(key, raw.network, raw.authorId),
        reach: reachBucket(raw.reach),
        lang: scored.lang,
        label: scored.label,
        score: scored.score,
        risk: scored.risk,
        ...(raw.rating !== undefined ? { rating: raw.rating } : {}),
        ...(matched.query ? { query: matched.query } : {}),
        ...(matched.competitor ? { competitor: matched.competitor } : {}),
        alerting: matched.alerting,
      };
      if (!fresh.has(stored.id)) fresh.set(stored.id, { stored, raw });
    }
  }
  // Older than the retention: retention would delete them at once (a first run's backlog, an old feed item).
  const keepFromDay = localDay(nowMs - config.retention.mentions, timeZone);
  let expired = 0;
  const byDay = new Map<string, StoredMention[]>();
  for (const { stored } of fresh.values()) {
    const day = localDay(Date.parse(stored.createdAt), timeZone);
    if (day < keepFromDay) expired++;
    else (byDay.get(day) ?? byDay.set(day, []).get(day)!).push(stored);
  }
  const problems: string[] = [];
  // Already stored: same id, or the same URL (a status seen through two instances).
  for (const [day, list] of byDay) {
    const known = loadMentions(root, day, day);
    problems.push(...known.problems);
    const ids = new Set(known.mentions.map((m) => m.id));
    const urls = new Set(known.mentions.map((m) => m.url).filter(isItemUrl));
    const seen = new Set<string>();
    const kept = list.filter((m) => !ids.has(m.id) && (!isItemUrl(m.url) || (!urls.has(m.url) && !seen.has(m.url) && seen.add(m.url))));
    if (kept.length) byDay.set(day, kept);
    else byDay.delete(day);
  }
  const newMentions = [...byDay.values()].flat();
  const newIds = new Set(newMentions.map((m) => m.id));
  const sourceReports: SourceReport[] = reads.map(({ report, result }) => {
    const ids = new Set((result?.mentions ?? []).map(storedId));
    return { ...report, read: ids.size, stored: [...ids].filter((id) => newIds.has(id)).length };
  });

  // 3. Store, then the cursors (only of sources read without error), retention, state; commit.
  // A cursor is committed only when its position (or X's read budget) moved: a run that found nothing
  // new commits nothing. When a source was read goes to the local polls file for its `every` throttle.
  const state = readState(root);
  const files: string[] = [];
  let removed: string[] = [];
  if (!dryRun) {
    files.push(...appendMentions(root, byDay));
    if (byDay.size) files.push(updateDaily(root, byDay.keys()));
    const readAt = new Date(nowMs).toISOString();
    for (const { report, result, cursor } of reads) {
      if (!result || report.error) continue;
      polls[report.source] = readAt;
      const next: SourceCursor = { ...cursor, ...(result.cursor !== undefined ? { cursor: result.cursor } : {}), lastReadAt: readAt };
      if (result.reads) next.reads = addReads(cursor.reads, result.reads, nowMs);
      if (!sameCursor(next, cursor)) files.push(writeCursor(root, report.source, next));
    }
    writePolls(root, polls);
    removed = applyRetention(root, keepFromDay);
    files.push(...removed);
    if (!state) {
      // The history starts at the oldest mention the first run found (a backlog is a baseline).
      const oldest = newMentions.reduce((min, m) => Math.min(min, Date.parse(m.createdAt)), nowMs);
      files.push(writeState(root, { startedAt: new Date(Math.min(oldest, nowMs)).toISOString() }));
    }
  }
  const report: WatchReport = { atMs: nowMs, timeZone, dryRun, sources: sourceReports, stored: newMentions.length, expired, verdict: undefined as never, pushed: false, problems };
  if (files.length) {
    try {
      const what = newMentions.length > 0 || removed.length === 0 ? `${newMentions.length} new mention${newMentions.length === 1 ? '' : 's'}` : `retention, ${removed.length} day${removed.length === 1 ? '' : 's'} of mentions deleted`;
      const pushed = await commitAndPush(repo, [...new Set(files)], `cadence: watch ${what}`);
      report.pushed = pushed.pushed;
    } catch (error) {
      report.gitError = `mentions stored locally but not pushed: ${(error as Error).message}`;
    }
  }

  // 4. The spike rule on what is stored (and, in a dry run, what would be), through the author index.
  const settings = spikeSettings(config);
  const span = settings.baselineDays * DAY + settings.guardMs + settings.windowMs + DAY;
  const recent = loadSpikeEvents(root, localDay(nowMs - span, timeZone), localDay(nowMs, timeZone));
  problems.push(...recent.problems);
  const events = dryRun ? [...recent.events, ...newMentions.filter((m) => m.alerting).map(spikeEvent)] : recent.events;
  const incidents = readIncidents(root);
  const historyStart = state ? Date.parse(state.startedAt) : Math.min(nowMs, ...newMentions.map((m) => Date.parse(m.createdAt)));
  const verdict = detectSpike({
    events: events.filter((e) => e.atMs <= nowMs),
    nowMs,
    settings,
    historyStartMs: historyStart,
    pastAlerts: incidents.map((i) => ({ fromMs: i.fromMs, toMs: i.toMs })),
  });
  report.verdict = verdict;

  // 5. The incident. The record is committed and pushed after every step; a claim (before a call to
  // GitHub) must reach Git, or the call is not made.
  const save = async (r: IncidentRecord) => {
    const file = writeIncident(root, r);
    try {
      await commitAndPush(repo, [file], `cadence: watch incident ${r.id}${r.issue ? ` (#${r.issue.number})` : ''}`);
    } catch (error) {
      report.gitError = `incident record not pushed: ${(error as Error).message}`;
    }
  };
  const claim = async (r: IncidentRecord) => {
    const file = writeIncident(root, r);
    try {
      await commitAndPush(repo, [file], `cadence: watch incident ${r.id} (claim)`);
    } catch (error) {
      const { ClaimError } = await import('./deliver.ts');
      throw new ClaimError(`the incident record could not be pushed before posting: ${(error as Error).message}`);
    }
  };
  // First, a comment the last run claimed but did not record: on the issue or not (settlePendingComment).
  let last = incidents.at(-1);
  const settledMessages: string[] = [];
  if (last?.pendingComment && !dryRun) {
    const { settlePendingComment } = await import('./deliver.ts');
    const settled = await settlePendingComment(last, { env, ...(options.github ? { github: options.github } : {}) });
    if ('unknown' in settled) {
      report.incident = { action: 'none', id: last.id, messages: [`${settled.unknown}: nothing posted this time`], failed: true };
      return report;
    }
    last = settled.record;
    await save(last);
    settledMessages.push(settled.message);
  }
  const decision = decideIncident(verdict, last, nowMs, { cooldownMs: config.spike.cooldown, resolveAfterMs: config.spike.resolveAfter, updateEveryMs: config.spike.updateEvery });
  if (decision.action === 'none' || dryRun) {
    if (decision.action !== 'none') report.incident = { action: decision.action, id: decision.action === 'open' ? incidentId(nowMs, timeZone) : decision.incident.id, messages: ['dry run: no issue, no comment, no message'], failed: false };
    else if (last && settledMessages.length) report.incident = { action: 'none', id: last.id, messages: settledMessages, failed: false };
    return report;
  }
  const id = decision.action === 'open' ? incidentId(nowMs, timeZone) : decision.incident.id;
  const record = recordAfter(decision, verdict, nowMs, id)!;
  const texts = new Map([...fresh.values()].map(({ stored, raw }) => [stored.id, raw]));
  const riskFrom = nowMs - settings.riskWindowMs;
  // The alert shows the window's mentions (and the risk window's risky ones): only their days are parsed.
  const shown = loadMentions(root, localDay(Math.min(verdict.window.fromMs, riskFrom), timeZone), localDay(nowMs, timeZone)).mentions;
  const windowMentions: AlertMention[] = shown
    .filter((m) => m.alerting && Date.parse(m.createdAt) <= nowMs)
    .filter((m) => Date.parse(m.createdAt) >= Math.min(verdict.window.fromMs, m.risk.length ? riskFrom : verdict.window.fromMs))
    .map((m) => {
      const raw = texts.get(m.id);
      return { stored: m, text: raw?.text, handle: raw?.handle, link: raw?.url };
    });
  const suggestion = options.suggest?.(verdict, root);
  const input = { incidentId: id, verdict, mentions: windowMentions, timeZone, suggestion, duePosts: duePostsWithin(root, (await import('../publish/content.ts')).loadBrandContent(root), nowMs, 48 * 3_600_000), watchPage: env.CADENCE_INTERNAL_URL ? `${env.CADENCE_INTERNAL_URL.replace(/\/$/, '')}/veille/` : undefined };
  // Loaded only when there is an incident to deliver: octokit is most of a quiet run's start-up otherwise.
  const { deliverIncident } = await import('./deliver.ts');
  const delivered = await deliverIncident(decision, record, input, { root, env, config, ...(options.github ? { github: options.github } : {}), ...(options.fetch ? { fetch: options.fetch } : {}), claim });
  await save(delivered.record);
  report.incident = { action: decision.action, id, messages: [...settledMessages, ...delivered.messages], failed: delivered.failed };
  return report;
}

interface SourceRead {
  report: Omit<SourceReport, 'stored'>;
  result: SourceResult | undefined;
  cursor: SourceCursor;
}

async function readSource(id: WatchSource, config: WatchConfig, options: WatchOptions, nowMs: number, polledAt: string | undefined): Promise<SourceRead> {
  const cursor = readCursor(options.root, id);
  const every = (config.sources[id] as { every: number }).every;
  // The later of the committed read and this machine's last read (a read that found nothing commits nothing).
  const times = [cursor.lastReadAt, polledAt].map((t) => (t ? Date.parse(t) : NaN)).filter((t) => Number.isFinite(t) && t <= nowMs);
  const lastMs = times.length ? Math.max(...times) : undefined;
  if (lastMs !== undefined && nowMs >= lastMs && nowMs - lastMs < every) {
    return { report: { source: id, via: 'none', read: 0, skipped: `read ${Math.round((nowMs - lastMs) / 60_000)} min ago (every ${Math.round(every / 60_000)} min)`, notes: [] }, result: undefined, cursor };
  }
  const selection = selectSource(id, { config, env: options.env, root: options.root, ...(options.fetch ? { fetch: options.fetch } : {}) });
  if (!selection.ok) return { report: { source: id, via: 'none', read: 0, error: selection.message, notes: [] }, result: undefined, cursor };
  const { adapter } = selection;
  const month = new Date(nowMs).toISOString().slice(0, 7);
  const readsLeft = id === 'x' ? (config.sources.x?.maxReadsPerMonth ?? 0) - (cursor.reads?.month === month ? cursor.reads.count : 0) : undefined;
  try {
    const result = await adapter.read({ config, cursor: cursor.cursor, nowMs, env: options.env, root: options.root, ...(options.fetch ? { fetch: options.fetch } : {}), ...(readsLeft !== undefined ? { readsLeft } : {}) });
    return { report: { source: id, via: adapter.via, read: result.mentions.length, notes: result.notes ?? [] }, result, cursor };
  } catch (error) {
    const message = error instanceof SourceError ? error.message : `unexpected error: ${(error as Error).message}`;
    return { report: { source: id, via: adapter.via, read: 0, error: message, notes: [] }, result: undefined, cursor };
  }
}

function addReads(previous: SourceCursor['reads'], reads: number, nowMs: number): { month: string; count: number } {
  const month = new Date(nowMs).toISOString().slice(0, 7);
  return { month, count: (previous?.month === month ? previous.count : 0) + reads };
}

function incidentId(nowMs: number, timeZone: string): string {
  return `veille-${localDay(nowMs, timeZone).replace(/-/g, '')}-${randomBytes(2).toString('hex')}`;
}

/** Ready posts whose time comes within `withinMs` (paused ones marked): what would go out meanwhile. */
export function duePostsWithin(root: string, brand: { posts: ReturnType<typeof loadBrandContent>['posts']; timeZone: string; line: EditorialLine | undefined }, nowMs: number, withinMs: number): DuePost[] {
  const plan = duePlan({ posts: brand.posts, ledger: loadLedger(root).ledger, pauses: loadPauses(root), crisis: currentCrisisId(root), nowMs: nowMs + withinMs, timeZone: brand.timeZone });
  const titles = new Map(brand.posts.map((p) => [p.id, p.data.title]));
  const rows = [...plan.due.map((p) => ({ ...p, paused: false })), ...plan.held.map((p) => ({ ...p, paused: true }))];
  return rows
    .filter((p) => p.action === 'publish' && p.publishAtMs !== undefined && p.publishAtMs > nowMs)
    .map((p) => ({ postId: p.postId, channel: p.channel, publishAtMs: p.publishAtMs!, title: titles.get(p.postId) ?? p.postId, paused: p.paused }))
    .sort((a, b) => a.publishAtMs - b.publishAtMs || a.channel.localeCompare(b.channel));
}

/**
 * The brand's time zone, from the editorial line without validating every field (and without reading the
 * posts): a run with nothing new must cost about what `cadence due` costs. Remembered by the line's text
 * (and the code): parsing the line's YAML is a tenth of a quiet run, and the workflow runs no lint first.
 */
export function brandTimeZone(root: string): string {
  const text = readOptionalText(root, EDITORIAL_LINE_FILE);
  const key = codeKey(text);
  const memoFile = path.join(root, CACHE_DIR, 'watch-zone.json');
  const memo = readJson<{ key?: string; zone?: unknown }>(memoFile);
  if (memo?.key === key && typeof memo.zone === 'string') return memo.zone;
  const zone = zoneFromLine(root);
  if (text !== '') writeAtomically(memoFile, JSON.stringify({ key, zone }));
  return zone;
}

function zoneFromLine(root: string): string {
  const input = readEditorialLine(root, { report: false, memo: true });
  if (input.known) return input.known.brand.timezone;
  const zone = input.doc?.ok ? (input.doc.data as { brand?: { timezone?: unknown } }).brand?.timezone : undefined;
  return typeof zone === 'string' && isValidTimeZone(zone) ? zone : 'Europe/Paris';
}
