import * as z from 'zod';
import { channelIdSchema, dateTimeSchema, slugSchema, urlSchema } from './common.ts';

export const mediaSchema = z.strictObject({
  src: z.string().min(1).describe('Path of the image or video, relative to the post file'),
  alt: z.string().describe('Alternative text read by screen readers; required by accessibility and by Bluesky'),
  focus: z
    .tuple([z.number().min(-1).max(1), z.number().min(-1).max(1)])
    .optional()
    .describe('Focal point (x, y) in -1..1, used when a network crops'),
});

export const threadPartSchema = z.strictObject({
  text: z.string().min(1).describe('Text of this reply in the thread'),
  media: z.array(mediaSchema).optional(),
});

/** What a channel may override: everything social about a post. */
export const variantSchema = z.strictObject({
  text: z.string().min(1).optional().describe('Text for this network instead of the common text'),
  media: z.array(mediaSchema).optional().describe('Media for this network instead of the common media'),
  thread: z.array(threadPartSchema).optional().describe('Thread parts for this network instead of the common thread'),
  firstComment: z.string().min(1).optional().describe('A first comment posted right after (LinkedIn, Facebook, Instagram)'),
  link: urlSchema.optional().describe('Link card URL for this network'),
  spoiler: z.string().min(1).optional().describe('Content warning (Mastodon spoiler_text)'),
  publishAt: dateTimeSchema.optional().describe('A different time for this network'),
});

export const POST_STATUSES = ['draft', 'ready', 'retracted'] as const;

export const postSchema = z.strictObject({
  id: slugSchema.optional().describe('Stable post id; derived from the file path when absent'),
  title: z.string().min(1).describe('Title: the blog article title, and the post name in the calendar'),
  publishAt: dateTimeSchema,
  channels: z.array(channelIdSchema).min(1, 'lists no channel').describe('Networks to publish on'),
  text: z.string().min(1).optional().describe('The social text (required unless every channel has its own variant text)'),
  media: z.array(mediaSchema).optional().describe('Images or videos with their alt text'),
  link: urlSchema.optional().describe('A link shared with the post (link card)'),
  variants: z.partialRecord(channelIdSchema, variantSchema).optional().describe('Per-network overrides'),
  thread: z.array(threadPartSchema).optional().describe('Further parts published as replies, in order'),
  pillar: slugSchema.optional().describe('Content pillar id from the editorial line'),
  campaign: z.string().min(1).optional().describe('Campaign name'),
  crisis: slugSchema.optional().describe('The crisis this holding statement belongs to: it publishes while the crisis pauses the rest'),
  tags: z.array(z.string().min(1)).optional().describe('Blog tags'),
  author: z.string().min(1).optional(),
  description: z.string().min(1).optional().describe('Summary for the blog and link previews'),
  lang: z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'must be a language tag such as fr or fr-FR').optional(),
  experiment: z
    .strictObject({
      id: slugSchema.describe('The experiment, shared by its variants'),
      arm: z.enum(['A', 'B']).optional().describe('Variant posts: which arm this post is (A is the control)'),
      compare: z.tuple([channelIdSchema, channelIdSchema]).optional().describe('The same message on two networks first: A = the first channel, B = the second'),
    })
    .refine((e) => (e.arm === undefined) !== (e.compare === undefined), 'give either `arm` (two variant posts) or `compare` (one post, two networks)')
    .optional()
    .describe('An A/B cross-test this post is part of; the report says how likely B beats A'),
  status: z.enum(POST_STATUSES).default('ready').describe('draft: not to publish; ready: approved once merged; retracted: delete where published'),
});

export type PostFrontmatter = z.output<typeof postSchema>;
export type PostFrontmatterInput = z.input<typeof postSchema>;
export type Media = z.output<typeof mediaSchema>;
export type ThreadPart = z.output<typeof threadPartSchema>;
export type Variant = z.output<typeof variantSchema>;
export type PostStatus = (typeof POST_STATUSES)[number];
