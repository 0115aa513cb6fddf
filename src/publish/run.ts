/**
 * One publish run: sync with the remote, compute what is due, refuse what lint rejects, claim the pairs
 * in the ledger and push the claims, and only then call the networks; record every outcome and push.
 *
 * Exactly once rests on three things: a pair is claimed (pushed) before any network call; a run only
 * works on pairs whose latest claim is its own after the push; an attempt whose outcome is unknown
 * (timeout, crash, lost response) is looked up by the next run before anything is sent again.
 */
import { randomBytes } from 'node:crypto';
import type { Adapter, PublishFailure } from '../adapters/adapter.ts';
import { redact } from '../adapters/adapter.ts';
import { selectAdapter, type AdapterFactory } from '../adapters/select.ts';
import { secretValues } from '../adapters/credentials.ts';
import type { ChannelId } from '../core/channels.ts';
import { duePlan, publishedPairs, type DuePair, type DuePlan } from '../core/due.ts';
import { pauseFor } from '../core/ledger/pause.ts';
import { attemptTagging, claimEvent, ownedBy } from '../core/ledger/state.ts';
import { pairKey, type LedgerEvent, type PairRecord } from '../core/ledger/types.ts';
import type { PostDoc } from '../core/model.ts';
import { allRules } from '../core/rules/all.ts';
import { lintRepository } from '../content/repository.ts';
import { usesSiteMedia } from '../core/networks/public-media.ts';
import { approvalApiFromEnv, checkApprovals, type ApprovalDecision } from '../github/approval.ts';
import { buildPublication, loadBrandContent, type BrandContent } from './content.ts';
import { commitAndPush, openLedgerRepo, syncWithRemote, type LedgerRepo } from './git.ts';
import { DEFAULT_RETRY, realSleep, withRetries, type RetryPolicy, type Sleep } from './retry.ts';
import { appendEvent, loadLedger, loadPauses, readPair } from './store.ts';
import { currentCrisisId, loadEndedCrises } from '../crisis/store.ts';

export type OutcomeKind =
  | 'published'
  | 'reconciled'
  | 'retracted'
  | 'failed'
  | 'unconfirmed'
  | 'blocked'
  | 'unapproved'
  | 'unavailable'
  | 'held'
  | 'busy'
  | 'would-publish';

export interface Outcome {
  postId: string;
  file: string;
  channel: ChannelId;
  action: DuePair['action'];
  kind: OutcomeKind;
  adapter?: string;
  url?: string;
  message?: string;
}

export interface RunReport {
  atMs: number;
  timeZone: string;
  run: string;
  dryRun: boolean;
  outcomes: Outcome[];
  plan: DuePlan;
  /** Ledger lines that could not be read. */
  ledgerProblems: string[];
  /** Git trouble (push impossible): the run did not call any network after it. */
  gitError?: string;
  /** True when a blog post came due or was retracted: the site needs a deploy. */
  deploySite: boolean;
  /** Whether the ledger reached the remote (false without an upstream or in a dry run). */
  pushed: boolean;
}

export type Fault = 'before-send' | 'after-send';

export interface PublishOptions {
  root: string;
  /** The schedule instant (`--at`). */
  nowMs: number;
  /** The real clock, for leases and event times. */
  clock?: () => number;
  dryRun?: boolean;
  channels?: ReadonlySet<ChannelId>;
  env: NodeJS.ProcessEnv;
  leaseMs?: number;
  retry?: RetryPolicy;
  sleep?: Sleep;
  /** Fault injection for tests (CADENCE_FAULT): die abruptly around the first network call. */
  fault?: Fault;
  factories?: Partial<Record<ChannelId, AdapterFactory>>;
}

/** Long enough for a run to publish everything it claimed; a claim older than this belongs to a dead run. */
export const DEFAULT_LEASE_MS = 15 * 60_000;

const FAILURE_KINDS: ReadonlySet<OutcomeKind> = new Set(['failed', 'unconfirmed', 'blocked', 'unapproved', 'unavailable']);

export function runFailed(report: RunReport): boolean {
  return report.gitError !== undefined || report.outcomes.some((o) => FAILURE_KINDS.has(o.kind));
}

export async function publishRun(options: PublishOptions): Promise<RunReport> {
  const { root } = options;
  const clock = options.clock ?? Date.now;
  const run = `${new Date(clock()).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const dryRun = options.dryRun ?? false;
  const repo = await openLedgerRepo(root);
  if (!dryRun) await syncWithRemote(repo);

  const content = loadBrandContent(root);
  const { ledger, problems } = loadLedger(root);
  const plan = duePlan({
    posts: content.posts,
    ledger,
    pauses: loadPauses(root),
    crisis: currentCrisisId(root),
    endedCrises: loadEndedCrises(root),
    nowMs: options.nowMs,
    clockMs: clock(),
    timeZone: content.timeZone,
    ...(options.channels ? { channels: options.channels } : {}),
  });
  const report: RunReport = { atMs: options.nowMs, timeZone: content.timeZone, run, dryRun, outcomes: [], plan, ledgerProblems: problems, deploySite: false, pushed: false };
  const outcome = (item: DuePair, kind: OutcomeKind, extra: Partial<Outcome> = {}) =>
    report.outcomes.push({ postId: item.postId, file: item.file, channel: item.channel, action: item.action, kind, ...extra });
  for (const item of plan.held) outcome(item, 'held', { message: item.afterCrisis ? item.pause.reason : `paused: ${item.pause.reason}` });
  for (const item of plan.busy) outcome(item, 'busy', { message: `claimed by run ${item.run} until ${item.leaseUntil}` });

  // Never send what lint rejects. Retractions are not linted: taking a post down must always work.
  const blocked = await lintBlocks(root, plan.due.filter((i) => i.action !== 'retract'), options.nowMs, publishedPairs(ledger), content.posts);
  // Proof of approval, when the editorial line asks for it: a post without it is never sent.
  const approvals = await approvalDecisions(root, content.line?.approval?.required ?? 0, plan.due, options.env);
  const posts = new Map<string, PostDoc>(content.posts.map((p) => [p.id, p]));
  const runnable: { item: DuePair; adapter: Adapter }[] = [];
  for (const original of plan.due) {
    let item = original;
    const block = blocked.get(pairKey(item.postId, item.channel));
    if (block && item.action === 'reconcile') item = { ...item, sendIfMissing: false };
    else if (block) {
      outcome(item, 'blocked', { message: block });
      continue;
    }
    const approval = item.action === 'retract' ? undefined : approvals.get(item.file);
    if (approval?.status === 'held') {
      if (item.action !== 'reconcile') {
        outcome(item, 'unapproved', { message: approval.reason });
        continue;
      }
      // An attempt may already be out: look it up, but send nothing new without approval.
      item = { ...item, sendIfMissing: false };
    } else if (approval?.status === 'approved') item = { ...item, approval: approval.proof };
    const selection = selectAdapter(item.channel, { root, env: options.env, siteUrl: content.siteUrl, ...(options.factories ? { factories: options.factories } : {}) });
    if (!selection.ok) {
      outcome(item, 'unavailable', { message: selection.message });
      continue;
    }
    runnable.push({ item, adapter: selection.adapter });
  }

  if (dryRun) {
    for (const { item, adapter } of runnable) outcome(item, 'would-publish', { adapter: adapter.name });
    return report;
  }
  if (runnable.length === 0) return report;

  // Claim, push, and keep only what is ours once the remote has spoken.
  const claimFiles: string[] = [];
  const claimable: typeof runnable = [];
  for (const entry of runnable) {
    const { item } = entry;
    const pair = ledger.get(pairKey(item.postId, item.channel));
    // An attempt keeps the tags it was first sent with; a new attempt takes the line's current ones.
    const tagged = item.action === 'reconcile' ? attemptTagging(pair, item.lookupKey ?? item.key) : undefined;
    const claim = claimEvent(pair, {
      run,
      nowMs: clock(),
      leaseMs,
      action: item.action,
      contentHash: item.contentHash,
      key: item.key,
      ...(item.approval ? { approval: item.approval } : {}),
      utm: tagged !== undefined ? tagged : (content.line?.utm ?? null),
    });
    if (!claim.ok) {
      outcome(item, 'busy', { message: claim.reason });
      continue;
    }
    claimFiles.push(appendEvent(root, item.postId, item.channel, claim.event));
    claimable.push(entry);
  }
  try {
    const pushed = await commitAndPush(repo, claimFiles, `cadence: claim ${claimable.length} publication${claimable.length === 1 ? '' : 's'} (run ${run})`);
    report.pushed = pushed.pushed;
  } catch (error) {
    report.gitError = `claims not pushed, nothing was sent: ${(error as Error).message}`;
    return report;
  }

  const pauses = loadPauses(root); // the rebase may have brought a pause in
  const mine: typeof runnable = [];
  const releaseFiles: string[] = [];
  for (const entry of claimable) {
    const { item } = entry;
    const record = readPair(root, item.postId, item.channel);
    if (!ownedBy(record, run)) {
      outcome(item, 'busy', { message: `claimed by run ${record?.claim?.run ?? 'another run'}` });
      continue;
    }
    const pause = item.action === 'retract' ? undefined : pauseFor(pauses, item.channel, posts.get(item.postId)?.data, currentCrisisId(root));
    if (pause) {
      releaseFiles.push(appendEvent(root, item.postId, item.channel, { type: 'released', at: iso(clock()), run, reason: `paused: ${pause.reason}` }));
      outcome(item, 'held', { message: `paused: ${pause.reason}` });
      continue;
    }
    mine.push(entry);
  }

  if (options.fault === 'before-send' && mine.length > 0) process.kill(process.pid, 'SIGKILL');

  // One failing channel never blocks the others: channels run side by side, each in publish order.
  const byChannel = Map.groupBy(mine, (entry) => entry.item.channel);
  const outcomeFiles: string[] = [...releaseFiles];
  const context: ExecuteContext = { root, run, clock, leaseMs, retry: options.retry ?? DEFAULT_RETRY, sleep: options.sleep ?? realSleep, fault: options.fault, env: options.env, line: content.line };
  await Promise.all(
    [...byChannel.values()].map(async (entries) => {
      for (const { item, adapter } of entries) {
        const post = posts.get(item.postId);
        const record = readPair(root, item.postId, item.channel);
        const result = await execute(context, item, adapter, post, record);
        outcomeFiles.push(appendEvent(root, item.postId, item.channel, result.event));
        outcome(item, result.kind, { adapter: adapter.name, ...(result.url ? { url: result.url } : {}), ...(result.message ? { message: result.message } : {}) });
        if (item.channel === 'blog' && (result.kind === 'published' || result.kind === 'retracted')) report.deploySite = true;
        // Instagram, Threads and Slack fetch images from the site, which shows them only once due: deploy it.
        if (item.action !== 'retract' && post && usesSiteMedia(post, item.channel)) report.deploySite = true;
      }
    }),
  );

  try {
    const pushed = await commitAndPush(repo, [...new Set(outcomeFiles)], `cadence: record ${mine.length} publication${mine.length === 1 ? '' : 's'} (run ${run})`);
    report.pushed = pushed.pushed;
  } catch (error) {
    report.gitError = `outcomes recorded locally but not pushed (the next run will look them up): ${(error as Error).message}`;
  }
  return report;
}

interface ExecuteContext {
  root: string;
  run: string;
  clock: () => number;
  leaseMs: number;
  retry: RetryPolicy;
  sleep: Sleep;
  fault: Fault | undefined;
  env: NodeJS.ProcessEnv;
  /** The editorial line, for the UTM tags of the brand's links. */
  line: BrandContent['line'];
}

interface Executed {
  event: LedgerEvent;
  kind: OutcomeKind;
  url?: string;
  message?: string;
}

/**
 * A run starts a network call only while a third of its claim is left. Every call is bounded (30 s
 * request timeouts), so none can still be in flight when the claim expires and another run takes the
 * pair over; what is too late is released for the next run, never sent.
 */
function startsInTime(ctx: ExecuteContext, record: PairRecord | undefined): () => boolean {
  const leaseUntil = record?.claim?.run === ctx.run ? Date.parse(record.claim.leaseUntil) : Number.NEGATIVE_INFINITY;
  return () => ctx.clock() < leaseUntil - ctx.leaseMs / 3;
}

async function execute(ctx: ExecuteContext, item: DuePair, adapter: Adapter, post: PostDoc | undefined, record: PairRecord | undefined): Promise<Executed> {
  const base = { at: iso(ctx.clock()), run: ctx.run };
  const secrets = secretValues(ctx.env);
  const clean = (message: string) => redact(message, secrets);
  const inTime = startsInTime(ctx, record);
  if (!inTime()) {
    const reason = "not sent: this run's claim was close to expiring (a slow run); the next run takes it";
    return { event: { ...base, type: 'released', reason }, kind: 'held', message: reason };
  }

  if (item.action === 'retract') {
    const published = record?.published;
    if (!published) return { event: { ...base, type: 'released', reason: 'nothing published to retract' }, kind: 'retracted', message: 'nothing to delete' };
    let result;
    try {
      result = await adapter.delete({ remoteId: published.remoteId, ...(published.replies ? { replies: published.replies } : {}) });
    } catch (error) {
      result = { ok: false as const, kind: 'unknown' as const, message: (error as Error).message };
    }
    if (result.ok) return { event: { ...base, type: 'retracted', adapter: adapter.name, deleted: true }, kind: 'retracted', ...(published.url ? { url: published.url } : {}) };
    if ('unsupported' in result) {
      const note = clean(result.message);
      return { event: { ...base, type: 'retracted', adapter: adapter.name, deleted: false, note }, kind: 'retracted', message: `not deleted: ${note}; remove it by hand`, ...(published.url ? { url: published.url } : {}) };
    }
    // Still published: release the claim so the next run tries the deletion again.
    return { event: { ...base, type: 'released', reason: `delete failed: ${clean(result.message)}` }, kind: 'failed', message: `delete failed: ${clean(result.message)}` };
  }

  if (!post) return { event: { ...base, type: 'released', reason: 'post no longer in the repository' }, kind: 'failed', message: 'post no longer in the repository' };
  // The tags of this claim (the attempt's: see ClaimedEvent.utm), else the line's current block.
  const claimed = record?.claim?.run === ctx.run ? record.claim.utm : undefined;
  const line = ctx.line && claimed !== undefined ? { ...ctx.line, utm: claimed ?? undefined } : ctx.line;
  const publication = buildPublication(ctx.root, post, item.channel, item.key, item.contentHash, line);

  if (item.action === 'reconcile') {
    const lookupKey = item.lookupKey ?? item.key;
    let found;
    try {
      found = await adapter.lookup(publication, lookupKey);
    } catch (error) {
      found = { found: 'unknown' as const, message: (error as Error).message };
    }
    if (found.found === true) {
      return {
        event: { ...base, type: 'published', adapter: adapter.name, remoteId: found.remoteId, ...(found.url ? { url: found.url } : {}), ...(found.replies ? { replies: found.replies } : {}), contentHash: record?.claim?.contentHash ?? item.contentHash, key: lookupKey, reconciled: true },
        kind: 'reconciled',
        ...(found.url ? { url: found.url } : {}),
      };
    }
    if (found.found === 'unknown') {
      const message = `look-up failed, still unconfirmed: ${clean(found.message)}`;
      return { event: { ...base, type: 'unconfirmed', adapter: adapter.name, error: message, key: lookupKey }, kind: 'unconfirmed', message };
    }
    if (!item.sendIfMissing) {
      const message = 'not found on the network; not resent (the post is no longer ready, due or lint-clean)';
      return { event: { ...base, type: 'failed', adapter: adapter.name, error: message, retryable: true }, kind: 'failed', message };
    }
  }

  const { result, calls } = await withRetries(() => adapter.publish(publication), ctx.retry, ctx.sleep, inTime);
  if (result.ok) {
    if (ctx.fault === 'after-send') process.kill(process.pid, 'SIGKILL');
    return {
      event: { ...base, at: iso(ctx.clock()), type: 'published', adapter: adapter.name, remoteId: result.remoteId, ...(result.url ? { url: result.url } : {}), ...(result.replies ? { replies: result.replies } : {}), contentHash: item.contentHash, key: item.key, ...(item.approval ? { approval: item.approval } : {}) },
      kind: 'published',
      ...(result.url ? { url: result.url } : {}),
    };
  }
  const message = `${describeFailure(result, clean)}${calls > 1 ? ` (after ${calls} calls)` : ''}`;
  if (result.kind === 'unknown') return { event: { ...base, at: iso(ctx.clock()), type: 'unconfirmed', adapter: adapter.name, error: message, key: item.key }, kind: 'unconfirmed', message };
  return {
    event: { ...base, at: iso(ctx.clock()), type: 'failed', adapter: adapter.name, error: message, retryable: result.kind !== 'refused', ...(result.status ? { status: result.status } : {}) },
    kind: 'failed',
    message,
  };
}

function describeFailure(failure: PublishFailure, clean: (s: string) => string): string {
  const status = failure.status ? `${failure.status} ` : '';
  return `${failure.kind}: ${status}${clean(failure.message)}`;
}

export { secretValues };

/** Lint errors that stop a pair: an error on a channel stops that channel, an error on no channel stops the post. */
async function lintBlocks(root: string, items: readonly DuePair[], nowMs: number, published: ReadonlySet<string>, knownPosts: readonly PostDoc[]): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  if (items.length === 0) return blocks;
  const files = [...new Set(items.map((i) => i.file))];
  const run = await lintRepository({ root, targets: files, rules: allRules, nowMs, published, knownPosts });
  for (const item of items) {
    const errors = run.diagnostics.filter((d) => d.file === item.file && d.severity === 'error' && (d.channel === undefined || d.channel === item.channel));
    if (errors.length === 0) continue;
    const first = errors[0]!;
    blocks.set(pairKey(item.postId, item.channel), `lint: ${first.message} (${first.rule}, line ${first.line})${errors.length > 1 ? ` and ${errors.length - 1} more` : ''}`);
  }
  return blocks;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Approval decisions per post file, when the editorial line requires approvals: without a token or a
 * repository to ask, every due post is held (fail closed), never published unchecked.
 */
async function approvalDecisions(root: string, required: number, due: readonly DuePair[], env: NodeJS.ProcessEnv): Promise<Map<string, ApprovalDecision>> {
  const files = [...new Set(due.filter((i) => i.action !== 'retract').map((i) => i.file))];
  if (required <= 0 || files.length === 0) return new Map();
  const api = approvalApiFromEnv(env);
  if (!api.ok) return new Map(files.map((file) => [file, { status: 'held', reason: api.reason }]));
  return checkApprovals({ root, api: api.api, repo: api.repo, required, files, branch: env.GITHUB_REF_NAME || 'main' });
}
