/**
 * `cadence review`: reads what a pull request changes under content/, lints those files, previews each
 * post per network, places it in the calendar, renders its social card, and returns it all as data.
 * The I/O edge of the review; previews, calendar and rendering are pure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelId } from '../core/channels.ts';
import { compareDiagnostics, countBySeverity, type Diagnostic } from '../core/diagnostics.ts';
import { publishedPairs } from '../core/due.ts';
import { pairKey, type Ledger } from '../core/ledger/types.ts';
import { validateDocuments } from '../core/lint.ts';
import type { MediaInfo, PostDoc } from '../core/model.ts';
import { channelContent, postIdFromPath } from '../core/post.ts';
import { allRules } from '../core/rules/all.ts';
import type { EditorialLine } from '../core/schema/index.ts';
import { summarizePost, type PostSummary } from '../core/summary.ts';
import { resolveDateTime, toZonedIso } from '../core/time.ts';
import { readMediaInfo } from '../content/media.ts';
import { collectSummaries, lintRepository, referencedMedia, toDocument } from '../content/repository.ts';
import { loadLedger } from '../publish/store.ts';
import { reviewCalendar } from './calendar.ts';
import { contentChangesSince, fileAt, type ContentChange } from './diff.ts';
import { previewPost } from './preview.ts';
import { REVIEW_VERSION, type ReviewedDocument, type ReviewedPost, type ReviewReport } from './types.ts';

export interface ReviewOptions {
  root: string;
  /** The ref the pull request targets (a branch, tag or SHA). */
  base: string;
  nowMs: number;
  /** Use and update the lint cache (default true). */
  cache?: boolean;
}

export interface ReviewRun {
  report: ReviewReport;
  /** The valid posts reviewed, by file (for the cards). */
  docs: Map<string, PostDoc>;
  line: EditorialLine | undefined;
  /** Files that could not be read at all. */
  unreadable: string[];
}

/** A post as it was at the base commit (for deleted and renamed posts, and the mix before the merge). */
function parseBase(file: string, source: string | undefined): PostDoc | undefined {
  if (source === undefined) return undefined;
  return validateDocuments({ posts: [toDocument(file, source)] }).posts[0];
}

function publishedOf(ledger: Ledger, id: string, channels: readonly ChannelId[]): Array<{ channel: ChannelId; url?: string }> {
  const out: Array<{ channel: ChannelId; url?: string }> = [];
  for (const channel of channels) {
    const record = ledger.get(pairKey(id, channel));
    if (record?.published && record.state !== 'retracted') out.push({ channel, ...(record.published.url ? { url: record.published.url } : {}) });
  }
  return out;
}

function labelsOf(posts: readonly ReviewedPost[]): string[] {
  const labels = new Set<string>();
  for (const post of posts) {
    if (post.status === 'deleted') continue;
    for (const channel of post.channels) labels.add(`channel:${channel}`);
    if (post.pillar) labels.add(`pillar:${post.pillar}`);
  }
  return [...labels].sort();
}

export async function buildReview(options: ReviewOptions): Promise<ReviewRun> {
  const { root, nowMs } = options;
  const diff = await contentChangesSince(root, options.base);
  const { ledger } = loadLedger(root);
  const published = publishedPairs(ledger);

  const present = diff.posts.filter((c) => c.status !== 'deleted');
  const documents = diff.documents.filter((c) => c.status !== 'deleted');
  const targets = [...present.map((c) => c.file), ...documents.map((c) => c.file)];
  const run = await lintRepository({ root, rules: allRules, nowMs, cache: options.cache ?? true, published, targets });
  const line = run.line;
  const timeZone = line?.brand.timezone ?? 'Europe/Paris';
  const docs = new Map(run.posts.map((p) => [p.file, p]));

  // Base versions of what changed, for renames (the id), deletions (what goes) and the mix before.
  const baseDocs = new Map<string, PostDoc>();
  await Promise.all(
    diff.posts
      .filter((c) => c.status !== 'added')
      .map(async (c) => {
        const file = c.previousFile ?? c.file;
        const doc = parseBase(file, await fileAt(root, diff.base, file));
        if (doc) baseDocs.set(c.file, doc);
      }),
  );

  // Media facts of the changed posts (headers only).
  const media = new Map<string, MediaInfo>();
  await Promise.all(
    [...new Set([...docs.values()].flatMap(referencedMedia))].map(async (file) => {
      media.set(file, await readMediaInfo(root, file));
    }),
  );

  const posts: ReviewedPost[] = diff.posts.map((change) => reviewPost(change, { docs, baseDocs, run: run.diagnostics, ledger, published, media, line, nowMs, timeZone }));

  let mix: ReviewReport['mix'];
  // The calendar after the merge, and before it (the base versions in place of the changed posts).
  if (line) {
    const after = await collectSummaries(root, line);
    const changedFiles = new Set(diff.posts.map((c) => c.file));
    const before: PostSummary[] = after.filter((s) => !changedFiles.has(s.file));
    for (const doc of baseDocs.values()) before.push(summarizePost(doc, line));
    const changed = new Set(posts.filter((p) => p.status !== 'deleted' && p.id).map((p) => p.id!));
    const calendar = reviewCalendar({ line, nowMs, after, before, changed, published });
    for (const post of posts) {
      const entry = post.id && post.status !== 'deleted' ? calendar.posts.get(post.id) : undefined;
      if (entry) post.calendar = entry;
    }
    mix = calendar.mix;
  }

  const reviewedDocuments: ReviewedDocument[] = diff.documents.map((c) => ({ status: c.status, file: c.file, diagnostics: run.diagnostics.filter((d) => d.file === c.file) }));
  const all = [...posts.flatMap((p) => p.diagnostics), ...reviewedDocuments.flatMap((d) => d.diagnostics)];
  const report: ReviewReport = {
    version: REVIEW_VERSION,
    base: diff.base,
    head: diff.head,
    dirty: diff.dirty,
    at: new Date(nowMs).toISOString(),
    ...(line ? { brand: { name: line.brand.name, timeZone: line.brand.timezone, locale: line.brand.locale } } : {}),
    counts: countBySeverity(all),
    posts,
    documents: reviewedDocuments,
    otherFiles: diff.other,
    ...(mix ? { mix } : {}),
    labels: labelsOf(posts),
  };
  return { report, docs, line, unreadable: run.unreadable };
}

interface PostContext {
  docs: Map<string, PostDoc>;
  baseDocs: Map<string, PostDoc>;
  run: readonly Diagnostic[];
  ledger: Ledger;
  published: ReadonlySet<string>;
  media: ReadonlyMap<string, MediaInfo>;
  line: EditorialLine | undefined;
  nowMs: number;
  timeZone: string;
}

function reviewPost(change: ContentChange, ctx: PostContext): ReviewedPost {
  const base = { status: change.status, file: change.file, ...(change.previousFile ? { previousFile: change.previousFile, similarity: change.similarity ?? 100 } : {}) };
  if (change.status === 'deleted') {
    const old = ctx.baseDocs.get(change.file);
    const id = old?.id ?? postIdFromPath(change.file);
    const channels = old?.data.channels ?? [];
    const published = publishedOf(ctx.ledger, id, channels);
    const diagnostics: Diagnostic[] = [];
    if (published.length > 0) {
      diagnostics.push({
        file: change.file,
        line: 1,
        column: 1,
        rule: 'review/deleted-published',
        severity: 'warning',
        message: `deleting the file does not take the post down: it is already published on ${published.map((p) => p.channel).join(', ')}; to remove it from the networks, keep the file with \`status: retracted\``,
      });
    }
    return { ...base, id, ...(old ? { title: old.data.title, postStatus: old.data.status, ...(old.data.pillar ? { pillar: old.data.pillar } : {}) } : {}), channels, diagnostics, previews: [], expired: [], published };
  }

  const lint = ctx.run.filter((d) => d.file === change.file);
  const doc = ctx.docs.get(change.file);
  if (!doc) return { ...base, channels: [], diagnostics: lint, previews: [], expired: [], published: [] };

  const previews = previewPost(doc, { line: ctx.line, nowMs: ctx.nowMs, media: ctx.media, published: ctx.published });
  const diagnostics: Diagnostic[] = [];
  const expired = previews.filter((p) => p.state === 'expired').map((p) => p.channel);
  if (expired.length > 0) {
    // One finding per publishAt as written (common or per variant), where it is written.
    const byPath = new Map<string, { channels: ChannelId[]; path: readonly (string | number)[]; at: string }>();
    for (const channel of expired) {
      const content = channelContent(doc.data, channel);
      const key = content.publishAtPath.join('.');
      const entry = byPath.get(key) ?? { channels: [], path: content.publishAtPath, at: content.publishAt };
      entry.channels.push(channel);
      byPath.set(key, entry);
    }
    for (const entry of byPath.values()) {
      const resolved = resolveDateTime(entry.at, ctx.timeZone);
      const when = resolved.ok ? toZonedIso(resolved.epochMs, ctx.timeZone) : entry.at;
      const position = doc.locate(entry.path);
      diagnostics.push({
        file: change.file,
        line: position.line,
        column: position.column,
        rule: 'review/expired',
        severity: 'error',
        message: `expired: reschedule. \`publishAt\` ${when} has passed while the post is still unmerged; merged as it is, it would go out on ${entry.channels.join(', ')} at the next publishing run`,
      });
    }
  }

  const published = publishedOf(ctx.ledger, doc.id, doc.data.channels);
  const old = ctx.baseDocs.get(change.file);
  const previousId = change.status === 'renamed' && old && old.id !== doc.id ? old.id : undefined;
  if (previousId) {
    const before = publishedOf(ctx.ledger, previousId, old!.data.channels);
    const position = doc.locate([], true);
    diagnostics.push({
      file: change.file,
      line: position.line,
      column: position.column,
      rule: 'review/renamed-id',
      severity: before.length > 0 ? 'error' : 'note',
      message:
        before.length > 0
          ? `the rename changes the post id from ${previousId} to ${doc.id}, and ${previousId} is already published on ${before.map((p) => p.channel).join(', ')}: merged as it is, it would be published again; add \`id: ${previousId}\` to the frontmatter`
          : `the rename changes the post id from ${previousId} to ${doc.id} (nothing was published under the old id)`,
    });
  } else if (change.status !== 'added' && published.length > 0) {
    diagnostics.push({
      file: change.file,
      line: 1,
      column: 1,
      rule: 'review/published-edit',
      severity: 'note',
      message: `already published on ${published.map((p) => p.channel).join(', ')}: the change updates the file, the blog and the calendar, never the network posts (they are not reposted)`,
    });
  }

  // `date/past` says the same as review/expired, less precisely: keep the review's.
  const merged = [...(expired.length > 0 ? lint.filter((d) => d.rule !== 'date/past') : lint), ...diagnostics].sort(compareDiagnostics);
  return {
    ...base,
    id: doc.id,
    ...(previousId ? { previousId } : {}),
    title: doc.data.title,
    ...(doc.data.pillar ? { pillar: doc.data.pillar } : {}),
    ...(doc.data.campaign ? { campaign: doc.data.campaign } : {}),
    postStatus: doc.data.status,
    channels: [...doc.data.channels],
    diagnostics: merged,
    previews,
    expired,
    published,
  };
}

/** Writes review.json and review.md into `dir` (the cards are written first, see cards.ts). */
export function writeReviewFiles(dir: string, report: ReviewReport, markdown: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'review.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, 'review.md'), markdown);
}
