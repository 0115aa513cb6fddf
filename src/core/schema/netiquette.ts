import * as z from 'zod';
import { slugSchema } from './common.ts';

export const MODERATION_ACTIONS = ['hide', 'flag', 'report'] as const;

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
      terms: z.array(z.string().min(1)).optional().describe('Words or phrases (matched without case or accents)'),
      patterns: z.array(regexSource).optional().describe('Regular expressions (case-insensitive, Unicode)'),
      maxLinks: z.number().int().nonnegative().optional().describe('More links than this matches'),
      shouting: z
        .strictObject({
          minLetters: z.number().int().positive().default(12),
          ratio: z.number().min(0).max(1).default(0.7).describe('Share of capital letters'),
        })
        .optional(),
      repetition: z
        .strictObject({ maxRepeats: z.number().int().positive().describe('Same message from one author more than this') })
        .optional(),
    })
    .refine((m) => Object.values(m).some((v) => v !== undefined), 'must say what it matches (terms, patterns, maxLinks, shouting or repetition)');

  const moderationRuleSchema = z.strictObject({
    id: slugSchema,
    label: z.string().min(1),
    description: z.string().optional(),
    match: moderationMatchSchema,
    action: z.enum(MODERATION_ACTIONS),
  });

  const charterSchema = z.strictObject({
    title: z.string().min(1).default('Netiquette'),
    updated: z.iso.date().optional(),
    contact: z.string().optional().describe('Where people can appeal a moderation decision'),
    rules: z.array(moderationRuleSchema).min(1),
  });
  return charterSchema;
}

export const netiquetteSchema = z.lazy(buildNetiquetteSchema);

export type Netiquette = z.output<typeof netiquetteSchema>;
export type ModerationRule = Netiquette['rules'][number];
