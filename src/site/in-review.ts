/**
 * Posts in review, for the internal calendar: what the open pull requests of the brand repository propose
 * (src/github/open-pulls.ts), read during the calendar build when a token is present.
 *
 * - GITHUB_TOKEN (or GH_TOKEN) and CADENCE_GITHUB_REPOSITORY or GITHUB_REPOSITORY (`owner/name`) set: the
 *   API (GITHUB_API_URL, default api.github.com) is read once per build (cached in the process).
 * - No token: nothing is fetched and nothing fails; the calendar says "in review: not checked (no token)".
 * - Any API or network error (or a request slower than 15 s): the build goes on without it; the calendar
 *   says "in review: unavailable (reason)". A build does not wait: no retries, no rate-limit waits (the
 *   next build reads again), so the request budget (MAX_REQUESTS) counts every request sent.
 *
 * Titles, logins and frontmatter may come from forks: they are data, rendered as escaped text by Astro.
 */
import { createGitHubClient, describeGitHubError, parseRepo } from '../github/octokit.ts';
import { MAX_FILES, MAX_PULLS, openPullPosts, type OpenPull, type OpenPullOptions, type OpenPullPosts, type PostChange, type Truncation } from '../github/open-pulls.ts';
import { buildSlots, EMPTY_LEDGER, type CalendarContext, type CalendarPost, type Slot, type Unresolved } from '../core/calendar/model.ts';

export type InReviewStatus =
  | { state: 'not-checked'; reason: 'no token' | 'no repository' }
  | { state: 'unavailable'; reason: string }
  | { state: 'checked'; repository: string };

export interface InReview {
  status: InReviewStatus;
  data: OpenPullPosts;
}

export const NO_PULLS: OpenPullPosts = { checked: 0, pulls: [], posts: [], truncated: [] };

export const REQUEST_TIMEOUT_MS = 15_000;

function timedFetch(ms: number): typeof fetch {
  // globalThis.fetch is looked up at each call, so test interceptors installed later still apply.
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    return globalThis.fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

function describeError(error: unknown, token: string): string {
  const timedOut = [error, (error as { cause?: unknown } | null)?.cause].some((e) => (e as { name?: string } | null)?.name === 'TimeoutError');
  const reason = timedOut ? `no answer from the GitHub API within ${REQUEST_TIMEOUT_MS / 1000} s` : describeGitHubError(error);
  return reason.split(token).join('***').replace(/\s+/g, ' ').slice(0, 300);
}

/** Reads the open pull requests now (no cache). Never throws. */
export async function fetchInReview(env: NodeJS.ProcessEnv = process.env, options: OpenPullOptions & { timeoutMs?: number } = {}): Promise<InReview> {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) return { status: { state: 'not-checked', reason: 'no token' }, data: NO_PULLS };
  const slug = env.CADENCE_GITHUB_REPOSITORY || env.GITHUB_REPOSITORY;
  const repo = parseRepo(slug);
  if (!repo) return { status: slug ? { state: 'unavailable', reason: `"${slug.slice(0, 100)}" is not owner/name` } : { state: 'not-checked', reason: 'no repository' }, data: NO_PULLS };
  const client = createGitHubClient({ token, baseUrl: env.GITHUB_API_URL, fetch: timedFetch(options.timeoutMs ?? REQUEST_TIMEOUT_MS), retries: 0, maxRateLimitWait: 0 });
  const base = reviewBase(env);
  try {
    const data = await openPullPosts(client, repo, { maxPulls: options.maxPulls ?? MAX_PULLS, maxFiles: options.maxFiles ?? MAX_FILES, ...(options.maxRequests ? { maxRequests: options.maxRequests } : {}), base, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
    return { status: { state: 'checked', repository: `${repo.owner}/${repo.name}${base ? ` (${base})` : ''}` }, data };
  } catch (error) {
    return { status: { state: 'unavailable', reason: describeError(error, token) }, data: NO_PULLS };
  }
}

/**
 * The branch whose pull requests count: CADENCE_REVIEW_BASE, else the branch a GitHub runner builds
 * (a pull request into a release branch does not change main's calendar); every branch otherwise.
 */
export function reviewBase(env: NodeJS.ProcessEnv): string | undefined {
  return env.CADENCE_REVIEW_BASE || (env.GITHUB_REF_TYPE === 'branch' ? env.GITHUB_REF_NAME : undefined) || undefined;
}

const CACHE = Symbol.for('cadence.site.inReview');

/** What the calendar build calls: the open pull requests, read once per process (one build, or one dev server). */
export function loadInReview(env: NodeJS.ProcessEnv = process.env): Promise<InReview> {
  const store = ((globalThis as Record<symbol, unknown>)[CACHE] ??= new Map<string, Promise<InReview>>()) as Map<string, Promise<InReview>>;
  const key = [env.GITHUB_API_URL ?? '', env.CADENCE_GITHUB_REPOSITORY || env.GITHUB_REPOSITORY || '', reviewBase(env) ?? '', env.GITHUB_TOKEN || env.GH_TOKEN ? 'token' : ''].join('\u0000');
  let pending = store.get(key);
  if (!pending) {
    pending = fetchInReview(env);
    store.set(key, pending);
  }
  return pending;
}

/** How an entry relates to one pull request. */
export type ReviewLabel = 'new' | 'proposed' | 'changed' | 'removed';

export interface EntryReview {
  pull: OpenPull;
  label: ReviewLabel;
}

interface Mark {
  pull: OpenPull;
  change: PostChange;
}

export interface CalendarWithReview {
  /** Slots of the posts of the branch built, those changed by a pull request marked in review (checks run on these). */
  slots: Slot[];
  /** Slots only pull requests propose: new posts, and changed posts at their proposed time (in review). */
  proposed: Slot[];
  unresolved: Unresolved[];
  /** Ids of the posts in review (on the branch and proposed). */
  inReview: Set<string>;
  /** The pull requests an entry (post id and time) is in review in. */
  review(entry: { postId: string; atMs: number }): EntryReview[];
}

/**
 * The calendar's slots with the open pull requests applied: posts on the branch that a pull request changes,
 * moves or removes are in review on their own entry; what a pull request proposes (a new post, a new time)
 * is added in review, unless the branch has that very slot already.
 */
export function calendarWithReview(posts: readonly CalendarPost[], data: OpenPullPosts, ctx: CalendarContext): CalendarWithReview {
  const byFile = new Map(posts.map((p) => [p.file, p]));
  const pulls = new Map(data.pulls.map((p) => [p.number, p]));
  const inReview = new Set(ctx.inReview ?? []);
  const marks = new Map<string, Mark[]>();
  const mark = (id: string, m: Mark) => {
    const list = marks.get(id) ?? [];
    if (!list.some((x) => x.pull.number === m.pull.number)) list.push(m);
    marks.set(id, list);
  };
  const proposals: Array<{ post: CalendarPost; mark: Mark; baseId: string }> = [];
  for (const entry of data.posts) {
    const pull = pulls.get(entry.pull);
    if (!pull) continue;
    const current = byFile.get(entry.previousFile ?? entry.file);
    if (current) {
      inReview.add(current.id);
      mark(current.id, { pull, change: entry.change });
    }
    if (entry.proposed) {
      inReview.add(entry.proposed.id);
      if (entry.proposed.id !== current?.id) mark(entry.proposed.id, { pull, change: entry.change });
      proposals.push({ post: entry.proposed, mark: { pull, change: current ? entry.change : 'added' }, baseId: current?.id ?? entry.proposed.id });
    }
  }

  const own = buildSlots(posts, { ...ctx, inReview });
  const key = (s: { postId: string; atMs: number }) => `${s.postId}@${s.atMs}`;
  const seen = new Set(own.slots.map((s) => `${key(s)}\u0000${s.channel}`));
  const proposedAt = new Map<string, Mark[]>();
  const proposed: Slot[] = [];
  const unresolved = [...own.unresolved];
  for (const { post, mark: m, baseId } of proposals) {
    // As it would be once merged: no ledger entry yet for a proposal, and in review whatever its status says (but retracted).
    const built = buildSlots([post], { ...ctx, ledger: EMPTY_LEDGER, inReview: new Set([post.id]) });
    unresolved.push(...built.unresolved.filter((u) => !unresolved.some((x) => x.postId === u.postId && x.channel === u.channel)));
    for (const slot of built.slots) {
      // A renamed post whose id changes is the same post: its unchanged slots are not proposals.
      const k = `${baseId}@${slot.atMs}\u0000${slot.channel}`;
      const at = proposedAt.get(key(slot)) ?? [];
      if (!at.some((x) => x.pull.number === m.pull.number)) at.push(m);
      proposedAt.set(key(slot), at);
      if (seen.has(k)) continue;
      seen.add(k);
      proposed.push(slot);
    }
  }
  proposed.sort((a, b) => a.atMs - b.atMs || a.postId.localeCompare(b.postId) || a.channel.localeCompare(b.channel));
  const ownKeys = new Set(own.slots.map(key));

  return {
    slots: own.slots,
    proposed,
    unresolved,
    inReview,
    review(entry) {
      const result: EntryReview[] = [];
      const onBranch = ownKeys.has(key(entry));
      const at = onBranch ? [] : (proposedAt.get(key(entry)) ?? []);
      for (const m of at) result.push({ pull: m.pull, label: m.change === 'added' ? 'new' : 'proposed' });
      if (onBranch) for (const m of marks.get(entry.postId) ?? []) result.push({ pull: m.pull, label: m.change === 'removed' ? 'removed' : 'changed' });
      return result.sort((a, b) => a.pull.number - b.pull.number);
    },
  };
}

/** UI strings of the in-review parts of the calendar. */
const fr = {
  heading: 'En relecture (pull requests ouvertes)',
  notChecked: (why: 'no token' | 'no repository') => `en relecture : non vérifié (${why === 'no token' ? 'pas de jeton GitHub' : 'dépôt inconnu : définir GITHUB_REPOSITORY'})`,
  unavailable: (reason: string) => `en relecture : indisponible (${reason})`,
  checked: (checked: number, changing: number, repository: string) => `en relecture : ${checked} pull request(s) ouverte(s) de ${repository} vérifiée(s), ${changing} modifie(nt) des publications`,
  tooManyPulls: (max: number) => `plus de ${max} pull requests ouvertes : seules les ${max} modifiées le plus récemment ont été vérifiées`,
  tooManyFiles: (pull: number, max: number) => `#${pull} modifie plus de ${max} fichiers : seuls les ${max} premiers ont été vérifiés`,
  tooManyRequests: (skipped: number, max: number) => `${skipped} publication(s) proposée(s) non lue(s) : au plus ${max} requêtes à l’API GitHub par construction`,
  labels: { new: 'nouvelle publication', proposed: 'date proposée', changed: 'modification proposée', removed: 'suppression proposée' } as Record<ReviewLabel, string>,
  changes: { added: 'ajout', modified: 'modification', renamed: 'déplacement', removed: 'suppression' } as Record<PostChange, string>,
  by: 'par',
  draft: 'brouillon',
  fork: 'fork',
  notPlaced: 'pas dans le calendrier',
};

const en: typeof fr = {
  heading: 'In review (open pull requests)',
  notChecked: (why) => `in review: not checked (${why === 'no token' ? 'no token' : 'no repository: set GITHUB_REPOSITORY'})`,
  unavailable: (reason) => `in review: unavailable (${reason})`,
  checked: (checked, changing, repository) => `in review: ${checked} open pull request(s) of ${repository} checked, ${changing} changing posts`,
  tooManyPulls: (max) => `more than ${max} open pull requests: only the ${max} most recently updated were checked`,
  tooManyFiles: (pull, max) => `#${pull} changes more than ${max} files: only the first ${max} were checked`,
  tooManyRequests: (skipped, max) => `${skipped} proposed post(s) not read: at most ${max} GitHub API requests per build`,
  labels: { new: 'new post', proposed: 'proposed date', changed: 'changes proposed', removed: 'removal proposed' },
  changes: { added: 'added', modified: 'modified', renamed: 'moved', removed: 'removed' },
  by: 'by',
  draft: 'draft',
  fork: 'fork',
  notPlaced: 'not on the calendar',
};

export type ReviewStrings = typeof fr;

export function reviewStrings(locale: string | undefined): ReviewStrings {
  return locale === 'en' ? en : fr;
}

/** The one-line state of the in-review check, then what the bounds left out. */
export function reviewNotes(review: InReview, rs: ReviewStrings): string[] {
  const { status, data } = review;
  if (status.state === 'not-checked') return [rs.notChecked(status.reason)];
  if (status.state === 'unavailable') return [rs.unavailable(status.reason)];
  const bound = (t: Truncation) => (t.kind === 'pulls' ? rs.tooManyPulls(t.max) : t.kind === 'files' ? rs.tooManyFiles(t.pull, t.max) : rs.tooManyRequests(t.skipped, t.max));
  return [rs.checked(data.checked, data.pulls.length, status.repository), ...data.truncated.map(bound)];
}
