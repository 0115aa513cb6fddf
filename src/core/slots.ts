import type { ChannelSettings } from './schema/index.ts';
import type { Weekday } from './time.ts';

/** Keys of a channel's `slots`: a weekday, or a group of days that a weekday's own entry overrides. */
export const SLOT_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'weekdays', 'weekend', 'daily'] as const;
export type SlotKey = (typeof SLOT_KEYS)[number];

const WEEKEND: readonly Weekday[] = ['sat', 'sun'];

/**
 * The posting slots of a channel on a weekday, sorted. The most specific entry wins: the day itself,
 * then `weekdays` (mon–fri) or `weekend` (sat, sun), then `daily`. Undefined: the channel has no slots.
 */
export function slotsOn(slots: ChannelSettings['slots'], weekday: Weekday): string[] | undefined {
  if (!slots || Object.keys(slots).length === 0) return undefined;
  const group = WEEKEND.includes(weekday) ? slots.weekend : slots.weekdays;
  return [...(slots[weekday] ?? group ?? slots.daily ?? [])].sort();
}
