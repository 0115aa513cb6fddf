/**
 * After a crisis: a post its pauses held is released by the merge of the end pull request, but the end
 * judged each post's lateness when it ran. If the merge waits, a post listed as "released" can be hours
 * late by the time it would go out. This rule holds it at publish time instead, for a human to reschedule
 * or drop. Pure: the ended crises come from data/crisis/<id>/record.json (src/crisis/store.ts).
 */
import type { ChannelId } from '../channels.ts';
import { pauseFor, type PauseEntry, type PauseScope } from '../ledger/pause.ts';

/** What crisis.mdx's `staleAfter` defaults to, for records written before they carried it. */
export const DEFAULT_STALE_AFTER_MS = 2 * 3_600_000;

export interface EndedCrisis {
  id: string;
  startedAtMs: number;
  /** When `cadence crisis end` ran: the end of the window its pauses held. */
  endedAtMs: number;
  /** The pause scopes the crisis set. */
  scopes: readonly PauseScope[];
  staleAfterMs: number;
}

/**
 * The hold on a (post, channel) due now, if an ended crisis held it and it is now more than that crisis's
 * `staleAfter` late: its time fell inside the crisis, in one of its pause scopes.
 */
export function heldAfterCrisis(
  crises: readonly EndedCrisis[],
  channel: ChannelId,
  post: { pillar?: string | undefined; campaign?: string | undefined; crisis?: string | undefined },
  publishAtMs: number,
  nowMs: number,
): PauseEntry | undefined {
  for (const crisis of crises) {
    if (publishAtMs < crisis.startedAtMs || publishAtMs > crisis.endedAtMs || nowMs - publishAtMs <= crisis.staleAfterMs) continue;
    const pauses = new Map(crisis.scopes.map((scope) => [scope, { scope, reason: '', at: '' } satisfies PauseEntry]));
    // The crisis's own statements went out through its pauses; one still unpublished is just as stale.
    const scope = pauseFor(pauses, channel, { ...post, crisis: undefined })?.scope;
    if (!scope) continue;
    const hours = Math.round(((nowMs - publishAtMs) / 3_600_000) * 10) / 10;
    return {
      scope,
      reason: `held by crisis ${crisis.id} (${scope}), now ${hours} h late, more than its staleAfter: not released blindly; reschedule it (a new publishAt) or set status: draft`,
      at: new Date(crisis.endedAtMs).toISOString(),
      crisis: crisis.id,
    };
  }
  return undefined;
}
