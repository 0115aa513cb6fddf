/**
 * The shape of review.json, with bounds. The commenting workflow reads the file from an artifact a
 * pull request produced, possibly from a fork: it is untrusted data, so it is parsed against this
 * schema (strict objects, known enums, slugs, repository paths, bounded strings and arrays) before
 * anything is rendered, annotated or labelled from it.
 */
import * as z from 'zod';
import { CHANNEL_IDS } from '../core/channels.ts';
import { ENTRY_STATUSES } from '../core/calendar/model.ts';
import { POST_STATUSES } from '../core/schema/index.ts';
import { REVIEW_VERSION, type ReviewReport } from './types.ts';

/** Upper bound of review.json in bytes, checked before parsing. */
export const MAX_REPORT_BYTES = 8 * 1024 * 1024;

const TEXT = 100_000;
const SHORT = 2_000;
const channel = z.enum(CHANNEL_IDS);
const slug = z.string().max(200).regex(/^[a-z0-9][a-z0-9-]*$/);
const sha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/);
const short = z.string().max(SHORT);
const text = z.string().max(TEXT);
const count = z.number().int().nonnegative().max(10_000_000);
/** A repository-relative path under content/: no `..`, no absolute path, no control characters. */
export const repoPathSchema = z
  .string()
  .max(500)
  .regex(/^content\/[^\0-\x1f]+$/)
  .refine((p) => !p.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''), 'must not contain . or .. segments');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const time = z.string().regex(/^\d{2}:\d{2}$/);
const changeStatus = z.enum(['added', 'modified', 'renamed', 'deleted']);

const diagnostic = z.strictObject({
  file: repoPathSchema,
  line: z.number().int().positive().max(1_000_000),
  column: z.number().int().positive().max(1_000_000),
  rule: z.string().max(100).regex(/^[a-z0-9/-]+$/),
  severity: z.enum(['error', 'warning', 'note']),
  message: z.string().max(10_000),
  channel: channel.optional(),
});

const textPreview = z.strictObject({
  text,
  length: count,
  limit: count,
  unit: z.string().max(40),
  counting: short,
  cutAt: count.optional(),
});

const mediaPreview = z.strictObject({
  src: z.string().max(SHORT),
  path: z.string().max(SHORT),
  alt: z.string().max(10_000),
  format: z.string().max(20).optional(),
  width: count.optional(),
  height: count.optional(),
  bytes: z.number().int().nonnegative().optional(),
  animated: z.boolean().optional(),
  problem: short.optional(),
});

const channelPreview = z.strictObject({
  channel,
  label: z.string().max(40),
  publishAt: z.strictObject({ written: z.string().max(100), local: z.string().max(40).optional(), utc: z.string().max(40).optional(), timeZone: z.string().max(100), problem: short.optional() }),
  state: z.enum(['scheduled', 'expired', 'published', 'draft', 'retracted', 'unresolved']),
  parts: z.array(z.strictObject({ text: textPreview, media: z.array(mediaPreview).max(100) })).max(100),
  threadSupported: z.boolean(),
  link: z.strictObject({ url: z.string().max(SHORT), placement: z.enum(['text', 'field', 'none']), appended: z.boolean() }).optional(),
  spoiler: short.optional(),
  firstComment: text.optional(),
  article: z.strictObject({ title: short, description: short.optional(), url: z.string().max(SHORT).optional(), words: count }).optional(),
});

const conflict = z.strictObject({
  kind: z.enum(['max-per-day', 'too-close', 'outside-slots']),
  channel,
  day,
  postIds: z.array(slug).max(100),
  message: short,
});

const post = z.strictObject({
  status: changeStatus,
  file: repoPathSchema,
  previousFile: repoPathSchema.optional(),
  similarity: z.number().min(0).max(100).optional(),
  id: slug.optional(),
  previousId: slug.optional(),
  title: short.optional(),
  pillar: slug.optional(),
  campaign: short.optional(),
  postStatus: z.enum(POST_STATUSES).optional(),
  channels: z.array(channel).max(CHANNEL_IDS.length),
  diagnostics: z.array(diagnostic).max(1000),
  previews: z.array(channelPreview).max(CHANNEL_IDS.length),
  calendar: z
    .strictObject({
      days: z.array(z.strictObject({ channel, day, time, others: z.array(z.strictObject({ postId: slug, title: short, file: repoPathSchema, time, status: z.enum(ENTRY_STATUSES) })).max(100) })).max(50),
      conflicts: z.array(conflict).max(200),
    })
    .optional(),
  card: z.string().regex(/^cards\/[a-z0-9][a-z0-9-]*\.png$/).max(250).optional(),
  expired: z.array(channel).max(CHANNEL_IDS.length),
  published: z.array(z.strictObject({ channel, url: z.string().max(SHORT).optional() })).max(CHANNEL_IDS.length),
});

const change = z.strictObject({ status: changeStatus, file: repoPathSchema, previousFile: repoPathSchema.optional(), similarity: z.number().min(0).max(100).optional() });

export const reviewReportSchema: z.ZodType<ReviewReport> = z.strictObject({
  version: z.literal(REVIEW_VERSION),
  base: sha,
  head: sha,
  dirty: z.boolean(),
  at: z.iso.datetime(),
  brand: z.strictObject({ name: short, timeZone: z.string().max(100), locale: z.string().max(10) }).optional(),
  counts: z.strictObject({ error: count, warning: count, note: count }),
  posts: z.array(post).max(500),
  documents: z.array(z.strictObject({ status: changeStatus, file: repoPathSchema, diagnostics: z.array(diagnostic).max(1000) })).max(2),
  otherFiles: z.array(change).max(2000),
  mix: z
    .strictObject({
      from: day,
      to: day,
      rows: z
        .array(
          z.strictObject({
            pillar: slug,
            label: short,
            target: z.number().min(0).max(100),
            max: z.number().min(0).max(100).optional(),
            before: z.strictObject({ count, share: z.number().min(0).max(100) }),
            after: z.strictObject({ count, share: z.number().min(0).max(100) }),
          }),
        )
        .max(100),
    })
    .optional(),
  labels: z.array(z.string().max(50).regex(/^(?:channel|pillar):[a-z0-9][a-z0-9-]*$/)).max(100),
});

export type ParseResult = { ok: true; report: ReviewReport } | { ok: false; reason: string };

/** Parses review.json from untrusted bytes: size first, then JSON, then the schema. */
export function parseReport(bytes: Uint8Array | string): ParseResult {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > MAX_REPORT_BYTES) return { ok: false, reason: `review.json is ${size} bytes, over the ${MAX_REPORT_BYTES} bytes allowed` };
  let data: unknown;
  try {
    data = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `review.json is not JSON: ${(error as Error).message.slice(0, 200)}` };
  }
  const parsed = reviewReportSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `review.json does not have the expected shape: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`.slice(0, 500) };
  }
  return { ok: true, report: parsed.data };
}
