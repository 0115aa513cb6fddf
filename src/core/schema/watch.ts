import * as z from 'zod';
import { slugSchema, urlSchema } from './common.ts';
import { durationSchema } from './duration.ts';

/** Where mentions come from (docs/watch.md, "Sources"). */
export const WATCH_SOURCES = ['bluesky', 'mastodon', 'rss', 'reddit', 'youtube', 'x'] as const;
export type WatchSource = (typeof WATCH_SOURCES)[number];

/** Built on first use (z.lazy), like the other documents' schemas. */
function buildWatchSchema() {
  const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name such as WATCH_RSS_GOOGLE');
  const sourceList = z.array(z.enum(WATCH_SOURCES)).min(1);

  const querySchema = z.strictObject({
    id: slugSchema,
    label: z.string().min(1).optional(),
    terms: z.array(z.string().min(2)).min(1).describe('What to search: words, "exact phrases", #hashtags, a domain'),
    exclude: z.array(z.string().min(2)).default([]).describe('Mentions containing one of these are dropped (matched without case or accents)'),
    sources: sourceList.optional().describe('Sources searched for this query (default: every enabled source)'),
    alerting: z.boolean().default(true).describe('false: context only, never counted for alerts'),
  });

  const competitorSchema = z.strictObject({
    id: slugSchema,
    label: z.string().min(1),
    terms: z.array(z.string().min(2)).min(1),
    sources: sourceList.optional(),
    website: urlSchema.optional(),
  });

  const every = (fallback: string) => durationSchema('Minimum time between two polls of this source').prefault(fallback);
  const sourcesSchema = z.strictObject({
    bluesky: z.strictObject({ enabled: z.boolean().default(true), every: every('15m') }).optional(),
    mastodon: z
      .strictObject({
        enabled: z.boolean().default(true),
        every: every('15m'),
        hashtags: z.array(z.string().regex(/^[\p{L}\p{N}_]+$/u, 'must be a hashtag without #')).default([]),
        instances: z.array(urlSchema).default([]).describe('Instances whose hashtag timelines are read besides MASTODON_API_URL'),
        mentions: z.boolean().default(true).describe("Read the account's mentions (notifications)"),
      })
      .optional(),
    rss: z
      .strictObject({
        enabled: z.boolean().default(true),
        every: every('30m'),
        feeds: z
          .array(
            z
              .strictObject({
                id: slugSchema,
                url: urlSchema.optional().describe('A public feed URL'),
                urlEnv: envName.optional().describe('The variable holding a secret feed URL (Google Alerts, Talkwalker)'),
                kind: z.enum(['alerts', 'reviews', 'press']).default('alerts').describe('reviews: stars read from the entries outrank their text'),
                query: slugSchema.optional().describe('The query these mentions count for (default: the first)'),
              })
              .refine((f) => (f.url === undefined) !== (f.urlEnv === undefined), 'needs exactly one of `url` and `urlEnv`'),
          )
          .min(1),
      })
      .optional(),
    reddit: z
      .strictObject({
        enabled: z.boolean().default(true),
        every: every('30m'),
        subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]+$/, 'must be a subreddit name without r/')).default([]).describe('Search only there (default: all of Reddit)'),
      })
      .optional(),
    youtube: z.strictObject({ enabled: z.boolean().default(true), every: every('2h') }).optional(),
    x: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Every post read is billed by X: off unless turned on'),
        every: every('30m'),
        maxReadsPerRun: z.number().int().min(10).max(100).default(50),
        maxReadsPerMonth: z.number().int().positive().default(1000).describe('Read budget per calendar month; the source stops when it is spent'),
      })
      .optional(),
  });

  const ratio = (description: string) => z.number().gt(0).lt(1).describe(description);
  const spikeSchema = z.strictObject({
    window: durationSchema('Window in which authors are counted').prefault('6h'),
    baselineDays: z.number().int().min(7).max(90).default(28).describe('Days of history the window is compared with'),
    guard: durationSchema('Most recent history left out of the baseline').prefault('24h'),
    alpha: ratio('p-value below which it is an alert').default(0.001),
    watchAlpha: ratio('p-value below which it is a watch (internal badge)').default(0.01),
    severeAlpha: ratio('p-value below which it is severe').default(0.00001),
    minAuthors: z.number().int().min(1).default(5).describe('Fewest distinct negative authors for an alert'),
    watchMinAuthors: z.number().int().min(1).default(3),
    severeMinAuthors: z.number().int().min(1).default(10),
    minRatio: z.number().min(1).default(3).describe('Observed at least this many times the expected'),
    minNegativeShare: ratio('Share of negative authors among all authors of the window').default(0.4),
    lambdaFloor: z.number().gt(0).max(10).default(0.5).describe('Smallest expected count (stops "1 vs 0.02" alarms)'),
    coldStartDays: z.number().int().min(1).max(90).default(7),
    riskAuthors: z.number().int().min(1).default(2).describe('Authors with risk words within riskWindow that make it severe'),
    riskWindow: durationSchema('Window for risk words').prefault('24h'),
    cooldown: durationSchema('A new spike this soon after an alert goes to the same issue').prefault('6h'),
    resolveAfter: durationSchema('Quiet time after which an incident is resolved').prefault('24h'),
    updateEvery: durationSchema('Least time between two comments on an incident while it grows').prefault('1h'),
  });

  const watchSchema = z.strictObject({
    queries: z.array(querySchema).min(1).describe('What to watch: one entry per concept (brand, products, people)'),
    competitors: z.array(competitorSchema).default([]).describe('Counted per week on the internal site, never alerted on'),
    sources: sourcesSchema.describe('Which sources to poll and how'),
    spike: spikeSchema.prefault({}),
    sentiment: z
      .strictObject({
        words: z.record(z.string().min(1), z.number().min(-3).max(3)).default({}).describe('The brand’s own words and phrases, scored from -3 to 3'),
        risk: z.array(z.string().min(2)).default([]).describe('More risk words (a trailing * matches a prefix)'),
        ignore: z.array(z.string().min(2)).default([]).describe('Words of the built-in lexicon or risk list to ignore'),
      })
      .prefault({}),
    retention: z
      .strictObject({ mentions: durationSchema('How long stored mentions are kept (daily aggregates stay)').prefault('90d') })
      .prefault({}),
    notify: z
      .strictObject({
        issue: z.boolean().default(true).describe('Open a GitHub issue per incident'),
        labels: z.array(z.string().min(1)).default(['veille']),
        slackWebhookEnv: envName.optional().describe('Variable holding a Slack incoming-webhook URL'),
        discordWebhookEnv: envName.optional().describe('Variable holding a Discord webhook URL'),
        assignees: z.array(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a GitHub login')).default([]),
      })
      .prefault({}),
  });
  return watchSchema;
}

export const watchSchema = z.lazy(buildWatchSchema);

export type WatchConfig = z.output<typeof watchSchema>;
export type WatchQuery = WatchConfig['queries'][number];
export type SpikeConfig = WatchConfig['spike'];
