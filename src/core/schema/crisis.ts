import * as z from 'zod';
import { channelIdSchema, slugSchema } from './common.ts';
import { durationSchema } from './duration.ts';

export const WATCH_LEVELS = ['watch', 'alert', 'severe'] as const;

/** Built on first use (z.lazy), like the other documents' schemas. */
function buildCrisisSchema() {
  const login = z.string().regex(/^@?[A-Za-z0-9-]+(?:\/[A-Za-z0-9_.-]+)?$/, 'must be a GitHub login or a team (org/team)');
  const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name such as CRISIS_PHONE_GERANTE');

  const pauseSchema = z
    .strictObject({
      all: z.boolean().default(false).describe('Pause every channel'),
      channels: z.array(channelIdSchema).default([]),
      pillars: z.array(slugSchema).default([]).describe('Pause the posts of these content pillars'),
      campaigns: z.array(z.string().min(1)).default([]).describe('Pause the posts of these campaigns'),
    })
    .describe('What this level pauses (through `cadence pause`)');

  const levelSchema = z.strictObject({
    level: z.number().int().min(1).max(9),
    label: z.string().min(1),
    triggers: z.array(z.string().min(1)).min(1).describe('What makes it this level, for people'),
    when: z.enum(WATCH_LEVELS).optional().describe('The watch level that suggests it in an alert (watch, alert, severe)'),
    approvers: z.array(login).min(1).describe('Who decides and approves the statements: GitHub logins or org/team'),
    replyTargetMinutes: z.number().int().positive().describe('How fast every message gets an answer at this level'),
    pause: pauseSchema.optional(),
    updateEveryMinutes: z.number().int().positive().optional().describe('Promised time between public updates'),
  });

  const statementSchema = z.strictObject({
    id: slugSchema,
    level: z.number().int().min(1).max(9).describe('The level whose `crisis start` renders it'),
    title: z.string().min(1),
    channels: z.array(channelIdSchema).min(1),
    variables: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a variable name such as produit or url_info')).default([]).describe('The {variables} its texts use'),
    text: z.string().min(1).describe('The holding statement, with {variables}'),
    variants: z.partialRecord(channelIdSchema, z.string().min(1)).optional().describe('A shorter or different text per channel'),
    body: z.string().min(1).optional().describe('For the blog: the article (the dark page), Markdown with {variables}'),
  });

  const contactSchema = z.strictObject({
    role: z.string().min(1),
    name: z.string().min(1),
    phoneEnv: envName.optional().describe('Variable holding the phone number (never written here)'),
    emailEnv: envName.optional().describe('Variable holding the e-mail address (never written here)'),
    backup: z.string().min(1).optional(),
  });

  const crisisSchema = z.strictObject({
    levels: z.array(levelSchema).min(1),
    contacts: z.array(contactSchema).default([]),
    statements: z.array(statementSchema).default([]),
    replyTemplates: z.array(z.strictObject({ id: slugSchema, label: z.string().min(1).optional(), text: z.string().min(1) })).default([]).describe('Answers that move a conversation to private messages'),
    staleAfter: durationSchema('Held posts older than this are not released blindly when the crisis ends').prefault('2h'),
    dos: z.array(z.string().min(1)).default([]),
    donts: z.array(z.string().min(1)).default([]),
    postmortem: z.array(z.string().min(1)).default([]).describe('The post-crisis checklist'),
  });
  return crisisSchema;
}

export const crisisSchema = z.lazy(buildCrisisSchema);

export type CrisisConfig = z.output<typeof crisisSchema>;
export type CrisisLevel = CrisisConfig['levels'][number];
export type CrisisStatement = CrisisConfig['statements'][number];

/** `{variable}` names a text uses. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1]!))];
}
