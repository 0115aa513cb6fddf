/** The review of a pull request as data: what `cadence review --format json` prints and the commenter reads. */
import type { ChannelId } from '../core/channels.ts';
import type { Conflict } from '../core/calendar/model.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { PostStatus } from '../core/schema/index.ts';
import type { MixComparison, PostCalendar } from './calendar.ts';
import type { ChangeStatus, ContentChange } from './diff.ts';
import type { ChannelPreview } from './preview.ts';

export const REVIEW_VERSION = 1;

export interface ReviewedPost {
  status: ChangeStatus;
  /** Path on HEAD; for a deletion, the deleted path. */
  file: string;
  previousFile?: string;
  similarity?: number;
  /** Absent when the frontmatter does not validate. */
  id?: string;
  /** The id at the base when a rename changes it. */
  previousId?: string;
  title?: string;
  pillar?: string;
  campaign?: string;
  postStatus?: PostStatus;
  channels: ChannelId[];
  /** Lint diagnostics of this file and the review's own (review/…). */
  diagnostics: Diagnostic[];
  previews: ChannelPreview[];
  calendar?: PostCalendar;
  /** The social card, relative to the report's folder (cards/<id>.png). */
  card?: string;
  /** Channels whose time has passed while the post is unmerged. */
  expired: ChannelId[];
  /** Channels already published (from the ledger), with their URL when known. */
  published: Array<{ channel: ChannelId; url?: string }>;
}

export interface ReviewedDocument {
  status: ChangeStatus;
  file: string;
  diagnostics: Diagnostic[];
}

export interface ReviewReport {
  version: typeof REVIEW_VERSION;
  base: string;
  head: string;
  /** The work tree had uncommitted content changes (a local run). */
  dirty: boolean;
  /** The instant the review was made for (ISO 8601, UTC). */
  at: string;
  brand?: { name: string; timeZone: string; locale: string };
  counts: { error: number; warning: number; note: number };
  posts: ReviewedPost[];
  documents: ReviewedDocument[];
  /** Other files changed under content/ (media…). */
  otherFiles: ContentChange[];
  mix?: MixComparison;
  /** Labels for the pull request: channel:<id>, pillar:<id>. */
  labels: string[];
}

export type { Conflict };
