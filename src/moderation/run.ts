/**
 * One moderation run (`cadence moderate`): read the new interactions of every enabled channel, decide a
 * verdict for each in the pure core, then act exactly once, as publishing does:
 *
 * 1. read (no lock): each channel's state and what its adapter returns since the cursor;
 * 2. decide: verdicts, the circuit breaker over the whole run, plans within each network's caps,
 *    questions waiting for a reply and first replies;
 * 3. claim: a lease on each channel with work and a `claimed` event per action, committed and pushed
 *    BEFORE any call (a run that cannot push acts on nothing);
 * 4. own: after the push, a run works only on channels whose lease is its own;
 * 5. act: channel by channel side by side (one failing network never stops the others), recording
 *    `acted`, `failed` or `unconfirmed`; an action whose outcome is unknown is read back from the
 *    network (or the queue) by the next run before anything is retried;
 * 6. record: outcomes, cursor, repetition state, pending questions; lease released; pushed.
 * A rerun finds nothing new: interactions are decided once (cursor, and ids already in the log).
 */
import { randomBytes } from 'node:crypto';
import type { PublishFailure, PublishResult } from '../adapters/adapter.ts';
import { redact } from '../adapters/adapter.ts';
import type { ActionResult, InteractionRef, ModerationAdapter, OwnPost } from '../adapters/moderation.ts';
import { selectModeration, type ModerationFactory } from '../adapters/moderation-select.ts';
import '../adapters/moderation-networks.ts';
import { CHANNEL_IDS, type ChannelId } from '../core/channels.ts';
import { boundedForPatterns, compileCharter, decide, type CompiledCharter } from '../core/moderation/decide.ts';
import { actionKey, type ActedEvent, type ChannelState, type ModerationActionKind, type ModerationEvent, type OpenClaim } from '../core/moderation/log.ts';
import { circuitBreaker, planAction, type BreakerResult } from '../core/moderation/plan.ts';
import type { Interaction, Plan, Verdict } from '../core/moderation/types.ts';
import { pseudonymOf } from '../core/pseudonym.ts';
import { normalizeForComparison } from '../core/text.ts';
import { loadPseudonymKey } from '../community/pseudonym-key.ts';
import { commitAndPush, openLedgerRepo, syncWithRemote } from '../publish/git.ts';
import { DEFAULT_RETRY, realSleep, withRetries, type RetryPolicy, type Sleep } from '../publish/retry.ts';
import { secretValues } from '../adapters/credentials.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { LEDGER_DIR } from '../core/ledger/format.ts';
import { loadModerationContent } from './content.ts';
import type { ModerationQueue, QueueItem } from './queue.ts';
import { appendEvents, pruneLog, readEvents, readState, writeState } from './store.ts';
import { patternBudget, PATTERN_BUDGET_MS, type PatternOverrun } from './pattern-budget.ts';

export type Fault = 'before-act' | 'after-act';

export interface ModerateOptions {
  root: string;
  /** The run's instant (`--at`): question ages, what the local inbox shows. */
  nowMs: number;
  /** The real clock, for leases and event times. */
  clock?: () => number;
  dryRun?: boolean;
  channels?: ReadonlySet<ChannelId>;
  /** Read from this instant instead of each channel's cursor (`--since`). */
  sinceMs?: number;
  env: NodeJS.ProcessEnv;
  queue: ModerationQueue;
  leaseMs?: number;
  retry?: RetryPolicy;
  sleep?: Sleep;
  fault?: Fault;
  /** Items read per channel and run. */
  limit?: number;
  /** Time a pattern not proven linear may take on one reply (tests shorten it). */
  patternBudgetMs?: number;
  factories?: Partial<Record<ChannelId, ModerationFactory>>;
}

export type ItemResult = 'none' | 'hidden' | 'reported' | 'flagged' | 'shadow' | 'failed' | 'unconfirmed' | 'busy' | 'would-hide' | 'would-report' | 'would-flag';

export interface ItemReport {
  interaction: string;
  url?: string;
  verdict: Verdict['action'];
  rule?: string;
  plan: Plan['action'];
  degradedFrom?: 'hide' | 'report';
  why?: string;
  result: ItemResult;
  queue?: string;
  message?: string;
  question?: boolean;
  exempt?: 'brand' | 'team';
}

export interface ChannelReport {
  channel: ChannelId;
  via?: 'network' | 'inbox';
  adapter?: string;
  status: 'ok' | 'failed' | 'unavailable' | 'busy' | 'skipped';
  message?: string;
  read: number;
  items: ItemReport[];
  /** Questions that got their first reply from the brand in this run, with the delay in seconds. */
  firstReplies: { interaction: string; seconds: number }[];
  /** Questions past the response-time target, sent to the queue in this run. */
  toAnswer: string[];
  /** Actions of earlier runs settled now (read back after an unknown outcome, or retried). */
  settled: { key: string; result: string }[];
  /** Actions that failed in this run (also recorded in the log). */
  errors: string[];
}

export interface ModerateReport {
  run: string;
  atMs: number;
  timeZone: string;
  dryRun: boolean;
  queue: 'github' | 'local';
  channels: ChannelReport[];
  breaker: BreakerResult & { limit: number };
  pushed: boolean;
  gitError?: string;
  logProblems: string[];
  /** Patterns that ran past their time budget on some reply (those replies went to a person). */
  patternOverruns: PatternOverrun[];
}

export const DEFAULT_MODERATION_LEASE_MS = 15 * 60_000;
export const DEFAULT_LIMIT = 10_000;
const ATTEMPTS_PER_ACTION = 3;

export function moderationFailed(report: ModerateReport): boolean {
  return report.gitError !== undefined || report.breaker.tripped || report.patternOverruns.length > 0 || report.channels.some((c) => c.status === 'failed' || c.status === 'unavailable' || c.errors.length > 0 || c.items.some((i) => i.result === 'failed' || i.result === 'unconfirmed'));
}

/** An action to carry out on a channel, claimed before it is done. */
interface Job {
  key: string;
  action: ModerationActionKind;
  item: InteractionRef;
  claim: OpenClaim;
  queueItem?: QueueItem;
  /** Filled when done. */
  report?: ItemReport;
}

interface ChannelWork {
  channel: ChannelId;
  adapter: ModerationAdapter;
  via: 'network' | 'inbox';
  state: ChannelState;
  items: Interaction[];
  cursor?: string;
  cursorChanged: boolean;
  events: ModerationEvent[];
  jobs: Job[];
  report: ChannelReport;
  /** Interaction → its item report. */
  byInteraction: Map<string, ItemReport>;
  /** Queue items of questions the brand has now answered. */
  answered: string[];
}

function emptyReport(channel: ChannelId): ChannelReport {
  return { channel, status: 'ok', read: 0, items: [], firstReplies: [], toAnswer: [], settled: [], errors: [] };
}

const iso = (ms: number) => new Date(ms).toISOString();

function matchLabel(verdict: Verdict): string | undefined {
  const m = verdict.match;
  if (!m) return undefined;
  return m.index !== undefined ? `${m.kind}:${m.index}` : m.count !== undefined ? `${m.kind}:${m.count}` : m.kind;
}

export async function moderateRun(options: ModerateOptions): Promise<ModerateReport> {
  const { root, env } = options;
  const clock = options.clock ?? Date.now;
  const run = `${iso(clock()).replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const dryRun = options.dryRun ?? false;
  const leaseMs = options.leaseMs ?? DEFAULT_MODERATION_LEASE_MS;
  // The charter first (an invalid one stops everything), then the key (on a runner without it, stop
  // before reading anything), then Git.
  const content = loadModerationContent(root);
  const key = loadPseudonymKey(root, env);
  const repo = await openLedgerRepo(root);
  if (!dryRun) await syncWithRemote(repo);

  // Patterns not proven linear run under a time budget: a reply they overrun on goes to a person.
  const budget = patternBudget(options.patternBudgetMs ?? PATTERN_BUDGET_MS);
  const compiled = compileCharter(content.charter, { patternTest: budget.patternTest });
  const settings = content.charter.moderation;
  const wanted = content.channels.filter((c) => !options.channels || options.channels.has(c));
  const ownPosts = ownPostsByChannel(root, options.nowMs - settings.lookbackDays * 86_400_000, wanted);
  const report: ModerateReport = {
    run,
    atMs: options.nowMs,
    timeZone: content.timeZone,
    dryRun,
    queue: options.queue.kind,
    channels: [],
    breaker: { tripped: false, read: 0, wouldHide: 0, share: 0, limit: settings.circuitBreaker.maxHideShare },
    pushed: false,
    logProblems: [],
    patternOverruns: [],
  };
  const secrets = secretValues(env);
  const clean = (message: string) => redact(message, [...secrets, env.GITHUB_TOKEN, env.DISCORD_BOT_TOKEN]);

  // ---- 1. Read ----------------------------------------------------------------------------------
  const works: ChannelWork[] = [];
  await Promise.all(
    wanted.map(async (channel) => {
      const channelReport = emptyReport(channel);
      report.channels.push(channelReport);
      const selection = await selectModeration(channel, { root, env, ...(options.factories ? { factories: options.factories } : {}) });
      if (!selection.ok) {
        channelReport.status = selection.skip ? 'skipped' : 'unavailable';
        channelReport.message = clean(selection.message);
        return;
      }
      channelReport.via = selection.via;
      channelReport.adapter = selection.adapter.name;
      const state = readState(root, channel);
      if (state.lease && state.lease.run !== run && Date.parse(state.lease.until) > clock()) {
        channelReport.status = 'busy';
        channelReport.message = `run ${state.lease.run} works on it until ${state.lease.until}`;
        return;
      }
      const since = options.sinceMs ?? (state.cursor ? undefined : options.nowMs - settings.lookbackDays * 86_400_000);
      let listed;
      try {
        listed = await selection.adapter.list({ ...(state.cursor && options.sinceMs === undefined ? { cursor: state.cursor } : {}), ...(since !== undefined ? { sinceMs: since } : {}), ownPosts: ownPosts.get(channel) ?? [], nowMs: options.nowMs, limit: options.limit ?? DEFAULT_LIMIT });
      } catch (error) {
        listed = { ok: false as const, kind: 'unknown' as const, message: (error as Error).message };
      }
      if (!listed.ok) {
        channelReport.status = 'failed';
        channelReport.message = `cannot read replies: ${clean(describe(listed))}; nothing was changed for ${channel}`;
        return;
      }
      let items = listed.items;
      if (items.length > 0) {
        // Ids already decided (a --since rerun, a network that lists per post): never decided twice.
        const fromMonth = iso(options.nowMs - (settings.lookbackDays + 31) * 86_400_000).slice(0, 7);
        const { events, problems } = readEvents(root, { channel, fromMonth });
        report.logProblems.push(...problems);
        const decided = new Set(events.filter((e) => e.type === 'decided').map((e) => (e as { interaction: string }).interaction));
        items = items.filter((i) => !decided.has(i.id));
      }
      channelReport.read = items.length;
      works.push({
        channel,
        adapter: selection.adapter,
        via: selection.via,
        state,
        items,
        ...(listed.cursor !== undefined ? { cursor: listed.cursor } : {}),
        cursorChanged: listed.cursor !== undefined && listed.cursor !== state.cursor,
        events: [],
        jobs: [],
        report: channelReport,
        byInteraction: new Map(),
        answered: [],
      });
    }),
  );
  report.channels.sort((a, b) => wanted.indexOf(a.channel) - wanted.indexOf(b.channel));

  // ---- 2. Decide (pure) -------------------------------------------------------------------------
  const decisions: { work: ChannelWork; item: Interaction; verdict: Verdict; authorKey: string }[] = [];
  // An HMAC costs tens of microseconds: once per author and per text of the run.
  const keyed = new Map<string, string>();
  const pseudonym = (network: string, id: string) => {
    const k = `${network}\0${id}`;
    let p = keyed.get(k);
    if (p === undefined) keyed.set(k, (p = pseudonymOf(key, network, id)));
    return p;
  };
  // Without a repetition rule, no text is keyed or remembered (the state would keep none of it).
  const tracksRepetition = compiled.repetitionWindowMs > 0;
  budget.prepare(works.flatMap((work) => work.items.map((item) => boundedForPatterns(item.text))));
  for (const work of works) {
    // Oldest first (repetition counts what came before); each instant parsed once, not at every comparison.
    const byTime = work.items.map((item) => ({ item, ms: Date.parse(item.createdAt) })).sort((a, b) => a.ms - b.ms);
    for (const { item, ms: createdMs } of byTime) {
      const authorKey = pseudonym(work.channel, item.author.id);
      const textKey = tracksRepetition ? pseudonym(`${work.channel}#text`, normalizeForComparison(item.text)) : '';
      const verdict = decide(compiled, { interaction: item, authorKey, textKey, repetition: { earlier: (a, t) => (work.state.repetition[a] ?? []).filter(([k]) => k === t).map(([, at]) => at) } });
      // Remember it for the next messages (of this run and of later runs).
      if (!verdict.exempt && tracksRepetition) (work.state.repetition[authorKey] ??= []).push([textKey, createdMs]);
      decisions.push({ work, item, verdict, authorKey });
    }
  }
  report.patternOverruns = budget.overruns().map((o) => ({ ...o, rules: content.charter.rules.filter((r) => r.match.patterns?.includes(o.source)).map((r) => r.id) }));
  const breaker = circuitBreaker(decisions.filter((d) => !d.verdict.exempt).map((d) => d.verdict), settings.circuitBreaker);
  report.breaker = { ...breaker, limit: settings.circuitBreaker.maxHideShare };

  const now = iso(clock());
  // One lease end for the claims of this run (formatting an instant costs microseconds, 10,000 times).
  const claimLeaseUntil = iso(clock() + leaseMs);
  if (breaker.tripped) for (const work of works) work.events.push({ type: 'breaker', at: now, run, channel: work.channel, read: breaker.read, wouldHide: breaker.wouldHide, share: Number(breaker.share.toFixed(3)), limit: settings.circuitBreaker.maxHideShare });
  // To-answer queue items of questions read in this run (their text is at hand), by `<channel>\0<id>`.
  const pendingItems = new Map<string, QueueItem>();
  for (const { work, item, verdict, authorKey } of decisions) {
    const plan = planAction(verdict, item, work.adapter.caps, breaker.tripped);
    const rule = verdict.ruleId ? content.charter.rules.find((r) => r.id === verdict.ruleId) : undefined;
    const base = { at: now, run, channel: work.channel, interaction: item.id };
    const matched = matchLabel(verdict);
    work.events.push({
      type: 'decided',
      ...base,
      ...(item.ownPost ? { post: item.ownPost.postId } : {}),
      kind: item.kind,
      author: authorKey,
      createdAt: item.createdAt,
      verdict: verdict.action,
      ...(verdict.ruleId ? { rule: verdict.ruleId } : {}),
      ...(matched ? { match: matched } : {}),
      ...(verdict.mode === 'shadow' && verdict.action !== 'none' ? { mode: 'shadow' as const } : {}),
      ...(verdict.exempt ? { exempt: verdict.exempt } : {}),
      ...(verdict.allowListed ? { allowListed: true as const } : {}),
      ...(verdict.question && !verdict.exempt ? { question: true as const } : {}),
      plan: plan.action,
      ...(plan.degradedFrom ? { degradedFrom: plan.degradedFrom } : {}),
      ...(plan.why ? { why: plan.why } : {}),
    });
    const itemReport: ItemReport = {
      interaction: item.id,
      ...(item.url ? { url: item.url } : {}),
      verdict: verdict.action,
      ...(verdict.ruleId ? { rule: verdict.ruleId } : {}),
      plan: plan.action,
      ...(plan.degradedFrom ? { degradedFrom: plan.degradedFrom } : {}),
      ...(plan.why ? { why: plan.why } : {}),
      result: plan.why === 'shadow' ? 'shadow' : 'none',
      ...(verdict.question && !verdict.exempt ? { question: true } : {}),
      ...(verdict.exempt ? { exempt: verdict.exempt } : {}),
      ...(verdict.match?.kind === 'pattern-budget' ? { message: 'pattern over its time budget: a person decides' } : {}),
    };
    work.report.items.push(itemReport);
    work.byInteraction.set(item.id, itemReport);

    const claimBase = { interaction: item.id, run, leaseUntil: claimLeaseUntil, by: 'cadence', ...(item.ownPost ? { post: item.ownPost.postId } : {}), ...(verdict.ruleId ? { rule: verdict.ruleId } : {}) };
    const queueItem = (kind: 'flag' | 'to-answer', extra: Partial<QueueItem> = {}): QueueItem => ({
      key: '',
      kind,
      channel: work.channel,
      interaction: item.id,
      ...(item.ownPost ? { post: item.ownPost.postId } : {}),
      ...(item.url ? { url: item.url } : {}),
      excerpt: item.text,
      author: item.author.handle ?? item.author.displayName ?? item.author.id,
      ...(verdict.ruleId ? { rule: verdict.ruleId } : {}),
      ...(rule ? { ruleLabel: rule.label } : {}),
      ...(plan.degradedFrom ? { degradedFrom: plan.degradedFrom } : {}),
      ...(plan.why ? { why: plan.why } : verdict.match?.kind === 'pattern-budget' ? { why: 'pattern-budget' } : {}),
      createdAt: item.createdAt,
      ...extra,
    });
    if (plan.action === 'hide' || plan.action === 'report') {
      const k = actionKey(work.channel, item.id, plan.action);
      work.jobs.push({ key: k, action: plan.action, item, claim: { key: k, action: plan.action, ...claimBase } });
    }
    if (plan.action !== 'none') {
      // Every automatic hide or report is also put before a person, who can /restore it.
      const k = actionKey(work.channel, item.id, 'flag');
      const reportUrl = plan.degradedFrom === 'report' ? work.adapter.reportUrl(item) : undefined;
      const q = queueItem('flag', { key: k, ...(reportUrl ? { reportUrl } : {}), ...(plan.action === 'hide' ? { hidden: true } : {}) });
      work.jobs.push({ key: k, action: 'flag', item, claim: { key: k, action: 'flag', ...claimBase, ...(plan.degradedFrom ? { degradedFrom: plan.degradedFrom } : {}), ...(plan.why ? { why: plan.why } : {}) }, queueItem: q });
    }
    // Questions wait for the brand's reply; the brand's (or team's) replies settle them.
    if (verdict.question && !verdict.exempt) work.state.pending[item.id] = { askedAt: item.createdAt, ...(item.ownPost ? { post: item.ownPost.postId } : {}), author: authorKey };
    if (verdict.exempt && item.parentId && work.state.pending[item.parentId]) {
      const question = work.state.pending[item.parentId]!;
      const seconds = Math.max(0, Math.round((Date.parse(item.createdAt) - Date.parse(question.askedAt)) / 1000));
      work.events.push({ type: 'first-reply', ...base, interaction: item.parentId, ...(question.post ? { post: question.post } : {}), author: question.author, askedAt: question.askedAt, repliedAt: item.createdAt, seconds, by: verdict.exempt, reply: item.id });
      work.report.firstReplies.push({ interaction: item.parentId, seconds });
      // Its to-answer item, if it was queued, is closed once the record is pushed.
      if (question.queued) work.answered.push(question.queued);
      delete work.state.pending[item.parentId];
    }
    if (verdict.question && !verdict.exempt) pendingItems.set(`${work.channel}\0${item.id}`, queueItem('to-answer', { askedAt: item.createdAt }));
  }

  // Questions past the response-time target go to the queue, once.
  for (const work of works) {
    for (const [id, question] of Object.entries(work.state.pending)) {
      if (question.queued || options.nowMs - Date.parse(question.askedAt) < settings.answerWithinHours * 3_600_000) continue;
      const k = actionKey(work.channel, id, 'to-answer');
      if (work.state.open[k]) continue;
      const known = pendingItems.get(`${work.channel}\0${id}`);
      const ref: InteractionRef = { id, network: work.channel };
      const item: QueueItem = known ?? { key: k, kind: 'to-answer', channel: work.channel, interaction: id, ...(question.post ? { post: question.post } : {}), excerpt: '(texte sur le réseau)', askedAt: question.askedAt, createdAt: question.askedAt };
      work.jobs.push({ key: k, action: 'to-answer', item: ref, claim: { key: k, action: 'to-answer', interaction: id, run, leaseUntil: claimLeaseUntil, by: 'cadence', ...(question.post ? { post: question.post } : {}) }, queueItem: { ...item, key: k } });
      work.report.toAnswer.push(id);
    }
  }

  // Earlier runs' claims: an expired lease means an unknown outcome (read back), a failure is retried.
  const settle: { work: ChannelWork; claim: OpenClaim; previous: OpenClaim }[] = [];
  for (const work of works) {
    for (const claim of Object.values(work.state.open)) {
      if (claim.run === run || Date.parse(claim.leaseUntil) > clock()) continue;
      settle.push({ work, claim: { ...claim, run, leaseUntil: iso(clock() + leaseMs) }, previous: claim });
    }
  }

  if (dryRun) {
    for (const work of works) for (const job of work.jobs) markWould(work, job);
    return report;
  }

  // ---- 3. Claim -----------------------------------------------------------------------------------
  const active = works.filter((w) => w.events.length > 0 || w.jobs.length > 0 || w.cursorChanged || settle.some((s) => s.work === w));
  if (active.length === 0) return report;
  const claimFiles: string[] = [];
  for (const work of active) {
    work.state.lease = { run, until: iso(clock() + leaseMs) };
    work.state.repetition = recentRepetition(work.state.repetition, options.nowMs, compiled.repetitionWindowMs);
    const claims: ModerationEvent[] = [];
    for (const job of work.jobs) {
      work.state.open[job.key] = job.claim;
      claims.push({ type: 'claimed', at: now, run, channel: work.channel, interaction: job.claim.interaction, key: job.key, action: job.action, leaseUntil: job.claim.leaseUntil, by: job.claim.by });
    }
    for (const s of settle.filter((x) => x.work === work)) {
      work.state.open[s.claim.key] = s.claim;
      claims.push({ type: 'claimed', at: now, run, channel: work.channel, interaction: s.claim.interaction, key: s.claim.key, action: s.claim.action, leaseUntil: s.claim.leaseUntil, by: s.claim.by });
    }
    // Decisions go with the claims: if this run dies now, the next one knows what was decided.
    claimFiles.push(...appendEvents(root, work.channel, [...work.events.filter((e) => e.type === 'decided' || e.type === 'breaker'), ...claims]), writeState(root, work.channel, work.state));
  }
  try {
    const pushed = await commitAndPush(repo, [...new Set(claimFiles)], `cadence: moderation claims on ${active.map((w) => w.channel).join(', ')} (run ${run})`);
    report.pushed = pushed.pushed;
  } catch (error) {
    report.gitError = `claims not pushed, nothing was done on the networks: ${clean((error as Error).message)}`;
    return report;
  }

  // ---- 4. Own -------------------------------------------------------------------------------------
  const mine = active.filter((work) => {
    const state = readState(root, work.channel);
    if (state.lease?.run === run) return true;
    work.report.status = 'busy';
    work.report.message = `another run (${state.lease?.run ?? 'unknown'}) took ${work.channel} first; it will be moderated by the next run`;
    for (const item of work.report.items) item.result = 'busy';
    return false;
  });

  if (options.fault === 'before-act' && mine.some((w) => w.jobs.length > 0)) process.kill(process.pid, 'SIGKILL');

  // ---- 5. Act ---------------------------------------------------------------------------------------
  const context: ActContext = { run, clock, queue: options.queue, retry: options.retry ?? DEFAULT_RETRY, sleep: options.sleep ?? realSleep, fault: options.fault, clean, charter: compiled };
  const outcomeFiles: string[] = [];
  await Promise.all(
    mine.map(async (work) => {
      const outcomes: ModerationEvent[] = work.events.filter((e) => e.type !== 'decided' && e.type !== 'breaker');
      for (const s of settle.filter((x) => x.work === work)) {
        const event = await settleClaim(context, work, s.claim, s.previous);
        outcomes.push(event);
        work.report.settled.push({ key: s.claim.key, result: event.type === 'acted' ? `${event.action}${event.reconciled ? ' (read back)' : ''}` : event.type });
      }
      // Hide before flag: the queue item then says the reply is already hidden.
      for (const job of work.jobs) outcomes.push(await perform(context, work, job));
      outcomeFiles.push(...appendEvents(root, work.channel, outcomes), writeState(root, work.channel, finalState(work, options.nowMs, compiled.repetitionWindowMs)));
    }),
  );
  outcomeFiles.push(...pruneLog(root, settings.retentionDays, options.nowMs));

  // ---- 6. Record ----------------------------------------------------------------------------------
  try {
    const pushed = await commitAndPush(repo, [...new Set(outcomeFiles)], `cadence: moderation of ${mine.map((w) => w.channel).join(', ') || 'nothing'} (run ${run})`);
    report.pushed = pushed.pushed;
  } catch (error) {
    report.gitError = `outcomes recorded locally but not pushed (the next run reads unknown outcomes back): ${clean((error as Error).message)}`;
    return report;
  }
  // Answered questions leave the queue (best effort: closing again later is harmless, an open one is visible).
  for (const work of mine) for (const ref of work.answered) await options.queue.close(ref, 'Répondu sur le réseau : question close.').catch(() => undefined);
  return report;
}

function markWould(work: ChannelWork, job: Job): void {
  const item = work.byInteraction.get(job.claim.interaction);
  if (!item) return;
  if (job.action === 'hide') item.result = 'would-hide';
  else if (job.action === 'report') item.result = 'would-report';
  else if (job.action === 'flag' && item.result === 'none') item.result = 'would-flag';
}

/** The state a run leaves: its lease released, the new cursor, repetition counters only within the widest window. */
function finalState(work: ChannelWork, nowMs: number, windowMs: number): ChannelState {
  const { lease: _lease, ...rest } = work.state;
  return { ...rest, ...(work.cursor !== undefined ? { cursor: work.cursor } : {}), repetition: recentRepetition(work.state.repetition, nowMs, windowMs) };
}

/** Repetition counters within the widest window of the charter's rules (none without a repetition rule), the last 50 per author. */
function recentRepetition(all: ChannelState['repetition'], nowMs: number, windowMs: number): ChannelState['repetition'] {
  const repetition: ChannelState['repetition'] = {};
  if (windowMs <= 0) return repetition;
  for (const [author, list] of Object.entries(all)) {
    const kept = list.filter(([, at]) => nowMs - at <= windowMs);
    if (kept.length) repetition[author] = kept.slice(-50);
  }
  return repetition;
}

interface ActContext {
  run: string;
  clock: () => number;
  queue: ModerationQueue;
  retry: RetryPolicy;
  sleep: Sleep;
  fault: Fault | undefined;
  clean: (message: string) => string;
  charter: CompiledCharter;
}

function describe(failure: PublishFailure): string {
  return `${failure.kind}${failure.status ? ` ${failure.status}` : ''}: ${failure.message}`;
}

/** An adapter or queue call with the runner's retries (429 and 5xx; never an unknown outcome blindly). */
async function call(ctx: ActContext, send: () => Promise<ActionResult | { ok: true; ref: string; url?: string }>): Promise<{ ok: true; remoteId?: string; ref?: string } | PublishFailure> {
  const outcome = await withRetries(async () => {
    const result = await send();
    return result.ok ? ({ ok: true, remoteId: 'ref' in result ? result.ref : (result.remoteId ?? '') } as PublishResult) : result;
  }, { ...ctx.retry, attempts: Math.min(ctx.retry.attempts, ATTEMPTS_PER_ACTION) }, ctx.sleep);
  return outcome.result.ok ? { ok: true, remoteId: outcome.result.remoteId } : outcome.result;
}

async function perform(ctx: ActContext, work: ChannelWork, job: Job): Promise<ModerationEvent> {
  const base = { run: ctx.run, channel: work.channel, interaction: job.claim.interaction, key: job.key, action: job.action };
  const itemReport = work.byInteraction.get(job.claim.interaction);
  let result: Awaited<ReturnType<typeof call>>;
  const adapter = work.adapter;
  if (job.action === 'hide' || job.action === 'unhide') {
    result = adapter.setHidden ? await call(ctx, () => adapter.setHidden!(job.item, job.action === 'hide')) : { ok: false, kind: 'refused', message: `${adapter.name} cannot hide` };
  } else if (job.action === 'report') {
    const rule = ctx.charter.charter.rules.find((r) => r.id === job.claim.rule);
    result = adapter.report ? await call(ctx, () => adapter.report!(job.item, { category: rule?.category ?? 'other', comment: `${rule?.label ?? 'Charter'} (netiquette)` })) : { ok: false, kind: 'refused', message: `${adapter.name} cannot report` };
  } else {
    const item = job.queueItem!;
    if (job.action === 'flag' && item.hidden && itemReport && itemReport.result !== 'hidden') item.hidden = false;
    result = await call(ctx, () => ctx.queue.open(item));
  }
  const at = new Date(ctx.clock()).toISOString();
  delete work.state.open[job.key];
  if (result.ok) {
    // Fault injection (tests): die between the call and its record.
    if (ctx.fault === 'after-act') process.kill(process.pid, 'SIGKILL');
    if (itemReport && job.action !== 'to-answer') {
      if (job.action === 'hide') itemReport.result = 'hidden';
      else if (job.action === 'report') itemReport.result = 'reported';
      else if (itemReport.result === 'none') itemReport.result = 'flagged';
      if (job.action === 'flag' && result.remoteId) itemReport.queue = result.remoteId;
    }
    if (job.action === 'to-answer' && work.state.pending[job.claim.interaction]) work.state.pending[job.claim.interaction]!.queued = result.remoteId ?? 'yes';
    const event: ActedEvent = { type: 'acted', at, ...base, by: job.claim.by, ...(job.claim.rule ? { rule: job.claim.rule } : {}), ...(job.claim.degradedFrom ? { degradedFrom: job.claim.degradedFrom } : {}), ...(job.claim.why ? { why: job.claim.why } : {}), ...(job.queueItem?.reportUrl ? { reportUrl: job.queueItem.reportUrl } : {}), ...(job.queueItem && result.remoteId ? { queue: result.remoteId } : {}) };
    return event;
  }
  const message = ctx.clean(describe(result));
  work.report.errors.push(`${job.action} ${job.claim.interaction}: ${message}`);
  if (itemReport) {
    itemReport.result = result.kind === 'unknown' ? 'unconfirmed' : 'failed';
    itemReport.message = message;
  }
  if (result.kind === 'unknown') {
    // Kept open with an expired lease: the next run reads the outcome back before anything else.
    work.state.open[job.key] = { ...job.claim, leaseUntil: at };
    return { type: 'unconfirmed', at, ...base, error: message };
  }
  if (result.kind !== 'refused') work.state.open[job.key] = { ...job.claim, leaseUntil: at }; // retried next run
  return { type: 'failed', at, ...base, error: message, retryable: result.kind !== 'refused' };
}

/** An earlier run's claim: read back what happened before doing anything again. */
async function settleClaim(ctx: ActContext, work: ChannelWork, claim: OpenClaim, previous: OpenClaim): Promise<ModerationEvent> {
  const at = new Date(ctx.clock()).toISOString();
  const base = { at, run: ctx.run, channel: work.channel, interaction: claim.interaction, key: claim.key, action: claim.action };
  const ref: InteractionRef = { id: claim.interaction, network: work.channel, ...(claim.post ? { ownPost: { postId: claim.post, remoteId: '' } } : {}) };
  delete work.state.open[claim.key];
  const done = (extra: Partial<ActedEvent> = {}): ModerationEvent => ({ type: 'acted', ...base, by: claim.by, reconciled: true, ...(claim.rule ? { rule: claim.rule } : {}), ...(claim.degradedFrom ? { degradedFrom: claim.degradedFrom } : {}), ...extra });
  const again = async (): Promise<ModerationEvent> => {
    const job: Job = { key: claim.key, action: claim.action, item: ref, claim };
    if (claim.action === 'flag' || claim.action === 'to-answer') {
      job.queueItem = { key: claim.key, kind: claim.action === 'flag' ? 'flag' : 'to-answer', channel: work.channel, interaction: claim.interaction, ...(claim.post ? { post: claim.post } : {}), excerpt: '(texte sur le réseau : voir le lien)', ...(claim.rule ? { rule: claim.rule, ruleLabel: ctx.charter.charter.rules.find((r) => r.id === claim.rule)?.label ?? claim.rule } : {}), ...(claim.degradedFrom ? { degradedFrom: claim.degradedFrom } : {}), createdAt: previous.leaseUntil };
    }
    return perform(ctx, work, job);
  };
  if (claim.action === 'flag' || claim.action === 'to-answer') {
    const found = await ctx.queue.find(claim.key, Date.parse(previous.leaseUntil) - 60 * 60_000);
    if (found.found === true) return done({ queue: found.ref });
    if (found.found === 'unknown') {
      work.state.open[claim.key] = previous;
      return { type: 'unconfirmed', ...base, error: ctx.clean(found.message) };
    }
    return again();
  }
  if (claim.action === 'report') {
    // No network lets a report be read back: a person checks rather than a second report.
    const flagKey = actionKey(work.channel, claim.interaction, 'flag');
    return perform(ctx, work, { key: `${flagKey}:unconfirmed-report`, action: 'flag', item: ref, claim: { ...claim, key: `${flagKey}:unconfirmed-report`, action: 'flag', degradedFrom: 'report', why: 'unknown' }, queueItem: { key: `${flagKey}:unconfirmed-report`, kind: 'flag', channel: work.channel, interaction: claim.interaction, excerpt: '(texte sur le réseau : voir le lien)', degradedFrom: 'report', why: 'unknown', ...(work.adapter.reportUrl(ref) ? { reportUrl: work.adapter.reportUrl(ref)! } : {}), createdAt: previous.leaseUntil } });
  }
  if (claim.action === 'hide' || claim.action === 'unhide') {
    const state = work.adapter.state ? await work.adapter.state(ref).catch((error: Error) => ({ known: false as const, message: error.message })) : { known: false as const, message: `${work.adapter.name} cannot read a reply back` };
    if (state.known && state.hidden === (claim.action === 'hide')) return done();
    if (state.known && !state.exists) return { type: 'released', at, run: ctx.run, channel: work.channel, interaction: claim.interaction, key: claim.key, reason: 'the reply no longer exists' };
    if (!state.known) {
      work.state.open[claim.key] = previous;
      return { type: 'unconfirmed', ...base, error: ctx.clean(`read-back failed: ${state.message}`) };
    }
    return again();
  }
  return again();
}

/**
 * Own posts per channel: what the ledger says was published, within the look-back (by the time of the
 * `published` event). The ledger's folder is listed once; of each post, only the files of the channels
 * moderated are read (listing the post's folder first when there are several, so that a post never
 * published on a channel costs no failed open), and of each file only its last `published` line is
 * parsed: a brand's ledger has a file per (post, channel) since its first day.
 */
export function ownPostsByChannel(root: string, sinceMs: number, channels: readonly ChannelId[] = CHANNEL_IDS): Map<ChannelId, OwnPost[]> {
  const out = new Map<ChannelId, OwnPost[]>();
  const ledger = `${root}/${LEDGER_DIR}/`;
  let posts: string[];
  try {
    posts = readdirSync(ledger);
  } catch {
    return out;
  }
  const files = channels.map((channel) => ({ channel, name: `${channel}.jsonl` }));
  for (const postId of posts) {
    let present = files;
    if (files.length > 1) {
      try {
        const names = new Set(readdirSync(ledger + postId));
        present = files.filter((f) => names.has(f.name));
      } catch {
        continue;
      }
    }
    for (const { channel, name } of present) {
      let text: string;
      try {
        text = readFileSync(`${ledger}${postId}/${name}`, 'utf8');
      } catch {
        continue;
      }
      const event = lastPublished(text);
      if (!event || Date.parse(event.at) < sinceMs) continue;
      const list = out.get(channel) ?? [];
      list.push({ postId, remoteId: event.remoteId, ...(event.url ? { url: event.url } : {}), publishedAt: event.at });
      out.set(channel, list);
    }
  }
  return out;
}

/** The pair's state is its last outcome: published, unless retracted after; an unreadable line (`cadence due` reports it) counts as nothing. */
function lastPublished(text: string): { at: string; remoteId: string; url?: string } | undefined {
  const lines = text.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.includes('"type":"retracted"')) return undefined;
    if (!line.includes('"type":"published"')) continue;
    try {
      const event = JSON.parse(line) as { at?: string; remoteId?: string; url?: string };
      return typeof event.remoteId === 'string' && typeof event.at === 'string' ? { at: event.at, remoteId: event.remoteId, ...(event.url ? { url: event.url } : {}) } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
