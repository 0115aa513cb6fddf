import * as z from 'zod';
import { channelIdSchema, slugSchema } from './common.ts';

export const MODERATION_ACTIONS = ['hide', 'flag', 'report'] as const;
/** What a report to a platform says (Mastodon's categories, Bluesky's reason types are mapped from these). */
export const REPORT_CATEGORIES = ['spam', 'abuse', 'harassment', 'personal-data', 'other'] as const;

/** Built on first use (z.lazy), like the editorial line's: a lint of posts alone never needs it. */
function buildNetiquetteSchema() {
  const regexSource = z.string().superRefine((source, ctx) => {
    try {
      new RegExp(source, 'iu');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
    }
  });

  const moderationMatchSchema = z
    .strictObject({
      terms: z.array(z.string().min(1)).optional().describe('Words or phrases, matched on whole words without case or accents (and through common obfuscations: c0nnard, c.o.n.n.a.r.d, connnnard)'),
      patterns: z.array(regexSource).optional().describe('Regular expressions (case-insensitive, Unicode); lint rejects those that can backtrack catastrophically'),
      maxLinks: z.number().int().nonnegative().optional().describe('More links than this matches'),
      shouting: z
        .strictObject({
          minLetters: z.number().int().positive().default(12),
          ratio: z.number().min(0).max(1).default(0.7).describe('Share of capital letters'),
        })
        .optional(),
      repetition: z
        .strictObject({
          maxRepeats: z.number().int().positive().describe('Same message from one author more than this'),
          windowHours: z.number().positive().max(24 * 30).default(24).describe('Within this many hours'),
        })
        .optional(),
    })
    .refine((m) => Object.values(m).some((v) => v !== undefined), 'must say what it matches (terms, patterns, maxLinks, shouting or repetition)');

  const moderationRuleSchema = z.strictObject({
    id: slugSchema,
    label: z.string().min(1),
    description: z.string().optional(),
    match: moderationMatchSchema,
    action: z.enum(MODERATION_ACTIONS),
    mode: z.enum(['enforce', 'shadow']).default('enforce').describe('shadow: record what the rule would do, do nothing (to try a new rule)'),
    category: z.enum(REPORT_CATEGORIES).default('other').describe('What a report to the platform says'),
  });

  /** An account of the brand's team, or a trusted member: by handle or by the network's stable id. */
  const accountSchema = z
    .strictObject({
      network: z.union([channelIdSchema, z.literal('all')]).default('all'),
      handle: z.string().min(1).optional().describe('As the network shows it: @camille@piaille.fr, camille.bsky.social, @camille'),
      id: z.string().min(1).optional().describe("The network's stable account id (survives a change of handle)"),
      name: z.string().optional(),
      note: z.string().optional(),
    })
    .refine((a) => a.handle !== undefined || a.id !== undefined, 'needs a handle or an id');

  const settingsSchema = z.strictObject({
    answerWithinHours: z.number().positive().default(24).describe('Response-time target: a question left without a reply from the brand this long is "to answer"'),
    lookbackDays: z.number().int().positive().max(90).default(14).describe('Replies are read on posts published in the last N days'),
    circuitBreaker: z
      .strictObject({
        maxHideShare: z.number().min(0).max(1).default(0.3).describe('A run that would hide more than this share of what it read hides nothing and flags everything'),
        minInteractions: z.number().int().positive().default(10).describe('Below this many interactions in a run the breaker does not trip'),
      })
      .prefault({}),
    retentionDays: z.number().int().positive().default(90).describe('How long the log keeps entries about an interaction (pseudonymous)'),
  });

  const charterSchema = z.strictObject({
    title: z.string().min(1).default('Netiquette'),
    updated: z.iso.date().optional(),
    contact: z.string().optional().describe('Where people can appeal a moderation decision'),
    rules: z.array(moderationRuleSchema).min(1),
    team: z.array(accountSchema).default([]).describe('The brand team: never moderated; their replies count as the brand answering'),
    allow: z.array(accountSchema).default([]).describe('Trusted members (ambassadors): never hidden or reported automatically, at most flagged'),
    moderation: settingsSchema.prefault({}),
  });
  return charterSchema;
}

export const netiquetteSchema = z.lazy(buildNetiquetteSchema);

export type Netiquette = z.output<typeof netiquetteSchema>;
export type ModerationRule = Netiquette['rules'][number];
export type CharterAccount = Netiquette['team'][number];
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
