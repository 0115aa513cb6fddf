import * as z from 'zod';
import { CHANNEL_IDS } from '../channels.ts';
import { parseDateTime } from '../time.ts';

export const channelIdSchema = z.enum(CHANNEL_IDS).describe('A network id');

/** A date-time as written in frontmatter; checked here for shape and calendar, resolved later in the brand's zone. */
export const dateTimeSchema = z
  .string()
  .superRefine((value, ctx) => {
    const parsed = parseDateTime(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason, params: { rule: 'schema/date' } });
  })
  .describe('ISO 8601 date-time: with an offset (2026-12-08T18:30+01:00) or local to the brand time zone (2026-12-08T18:30)');

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes (a slug)');

export const urlSchema = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

export const hexColorSchema = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #1d3557');

/** `HH:MM`, 24-hour clock. */
export const clockTimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 09:30');
