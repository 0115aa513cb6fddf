import * as z from 'zod';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `6h`, `28d` → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*([mhd])$/.exec(text.trim());
  return match ? Number(match[1]) * UNITS[match[2]!]! : undefined;
}

/** A duration as people write it in frontmatter, read as milliseconds. */
export function durationSchema(description: string) {
  return z
    .string()
    .regex(/^\d+\s*[mhd]$/, 'must be a duration such as 15m, 6h or 28d')
    .transform((text) => parseDuration(text)!)
    .refine((ms) => ms > 0, 'must be longer than zero')
    .describe(`${description} (a duration: 15m, 6h, 28d)`);
}
