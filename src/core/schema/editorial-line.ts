import * as z from 'zod';
import { CHANNEL_IDS, type ChannelId } from '../channels.ts';
import { SLOT_KEYS } from '../slots.ts';
import { isValidTimeZone } from '../time.ts';
import { channelIdSchema, clockTimeSchema, hexColorSchema, slugSchema, urlSchema } from './common.ts';

export const LOCALES = ['fr', 'en'] as const;

/**
 * Built on first use (z.lazy): a one-file lint reads the validated line remembered from an earlier run
 * (src/content/line-memo.ts) and never needs this schema, whose construction is ~30 zod objects of start-up.
 */
function buildEditorialLineSchema() {
  const timeZoneSchema = z
    .string()
    .refine(isValidTimeZone, 'is not an IANA time zone (e.g. Europe/Paris)')
    .describe('IANA time zone in which local times are read');

  const brandSchema = z.strictObject({
    name: z.string().min(1),
    siteUrl: urlSchema.describe('Public URL of the blog (also where networks fetch media from)'),
    locale: z.enum(LOCALES).default('fr').describe('Language of the sites and the default language of posts'),
    timezone: timeZoneSchema.default('Europe/Paris'),
    colors: z
      .strictObject({
        primary: hexColorSchema,
        secondary: hexColorSchema.optional(),
        background: hexColorSchema.optional(),
        text: hexColorSchema.optional(),
      })
      .optional(),
    logo: z.string().min(1).optional().describe('Logo path, relative to the repository root'),
    tagline: z.string().optional(),
  });

  const objectiveSchema = z.strictObject({
    id: slugSchema,
    label: z.string().min(1),
    kpi: z.string().min(1).describe('The metric, e.g. engagement-rate, followers, clicks'),
    target: z.number().describe('Target value of the KPI'),
    unit: z.string().optional().describe('Unit of the target, e.g. %, followers'),
    by: z.iso.date().optional().describe('Deadline (YYYY-MM-DD)'),
    channels: z.array(channelIdSchema).optional(),
    from: z.iso.date().optional().describe('Start of the objective (YYYY-MM-DD), from which its pace is measured; default: the first day with data'),
    baseline: z.number().optional().describe('Value of the KPI at the start, when the data does not go back that far'),
    basis: z
      .enum(['reach', 'views', 'followers'])
      .optional()
      .describe('engagement-rate: the denominator to use (default: reach where the network has it, else views, else followers)'),
  });

  const utmSchema = z
    .strictObject({
      domains: z
        .array(z.string().regex(/^[a-z0-9.-]+$/i, 'must be a host name such as boutique.example.fr'))
        .optional()
        .describe("Hosts whose links get UTM tags (default: the host of brand.siteUrl and its subdomains)"),
      medium: z.string().min(1).default('social').describe('utm_medium'),
      sources: z.partialRecord(channelIdSchema, z.string().min(1)).optional().describe('utm_source per channel (default: the channel id)'),
      campaign: z.string().min(1).optional().describe("utm_campaign of posts without a campaign (default: none)"),
      content: z.enum(['post', 'none']).default('post').describe('utm_content: the post id (ties a visit to a post), or none'),
      exclude: z.array(channelIdSchema).default([]).describe('Channels whose links are left untagged'),
    })
    .describe("UTM tags added at publish time to links to the brand's own sites, so the blog's analytics count social visits per channel and campaign");

  const audienceSchema = z.strictObject({
    id: slugSchema,
    label: z.string().min(1),
    description: z.string().optional(),
    channels: z.array(channelIdSchema).optional(),
  });

  const slotsSchema = z
    .partialRecord(z.enum(SLOT_KEYS), z.array(clockTimeSchema))
    .describe('Posting slots, local times such as 09:30, by weekday (mon..sun) or for `weekdays`, `weekend` or `daily`; a day listed on its own overrides its group');

  /** Per-instance overrides of a network's limits (a Mastodon instance with 1000 characters, say). */
  const limitOverridesSchema = z.strictObject({
    maxCharacters: z.number().int().positive().optional(),
    maxMedia: z.number().int().positive().optional(),
    charactersPerUrl: z.number().int().nonnegative().optional(),
    maxAltText: z.number().int().positive().optional(),
    maxImageBytes: z.number().int().positive().optional(),
  });

  const channelSettingsSchema = z.strictObject({
    enabled: z.boolean().default(true),
    account: z.string().optional().describe('Handle or page the channel publishes as (for people; credentials live in secrets)'),
    instance: urlSchema.optional().describe('Server base URL (Mastodon instance, Bluesky PDS)'),
    cadence: z
      .strictObject({
        maxPerDay: z.number().int().positive().optional(),
        minGapMinutes: z.number().int().nonnegative().optional(),
        perWeek: z.number().positive().optional().describe('Target posts per week; the calendar shows weeks below it as gaps'),
      })
      .optional(),
    slots: slotsSchema.optional(),
    limits: limitOverridesSchema.optional(),
  });

  const pillarSchema = z.strictObject({
    id: slugSchema,
    label: z.string().min(1),
    description: z.string().optional(),
    target: z.number().min(0).max(100).describe('Target share of posts, in percent'),
    max: z.number().min(0).max(100).optional().describe('Share above which lint warns, in percent'),
  });

  const voiceSchema = z.strictObject({
    tone: z.string().optional(),
    bannedTerms: z.array(z.string().min(1)).default([]).describe('Words never to use (matched without case or accents)'),
    maxHashtags: z.number().int().nonnegative().optional(),
    requiredHashtags: z.array(z.string().regex(/^#\S+$/, 'must start with #')).default([]),
    forbiddenHashtags: z.array(z.string().regex(/^#\S+$/, 'must start with #')).default([]),
  });

  const observanceSchema = z.strictObject({
    date: z
      .string()
      .regex(/^(?:\d{4}-)?\d{2}-\d{2}$/, 'must be MM-DD (every year) or YYYY-MM-DD')
      .describe('MM-DD every year, or YYYY-MM-DD once'),
    label: z.string().min(1),
    note: z.string().optional(),
  });

  const lineSchema = z.strictObject({
    brand: brandSchema,
    objectives: z.array(objectiveSchema).default([]),
    audiences: z.array(audienceSchema).default([]),
    channels: z.partialRecord(channelIdSchema, channelSettingsSchema).describe(`Channels the brand uses: ${CHANNEL_IDS.join(', ')}`),
    pillars: z.array(pillarSchema).default([]),
    mixWindowDays: z.number().int().positive().default(28).describe('Rolling window, in days, for the pillar mix check'),
    voice: voiceSchema.prefault({}),
    observances: z.array(observanceSchema).default([]).describe("The brand's own dates to plan around"),
    utm: utmSchema.optional(),
    approval: z
      .strictObject({ required: z.number().int().nonnegative().default(0).describe('Approving reviews required at publish time') })
      .optional(),
  });
  return lineSchema;
}

export const editorialLineSchema = z.lazy(buildEditorialLineSchema);

export type EditorialLine = z.output<typeof editorialLineSchema>;
export type ChannelSettings = NonNullable<EditorialLine['channels'][ChannelId]>;
export type LimitOverrides = NonNullable<ChannelSettings['limits']>;
export type Pillar = EditorialLine['pillars'][number];
export type UtmSettings = NonNullable<EditorialLine['utm']>;
