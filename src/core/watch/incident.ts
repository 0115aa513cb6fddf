/**
 * One incident, one GitHub issue: what a watch run does with a verdict, given the incident it knows of.
 * Pure. A spike opens an incident; while it lasts, later runs comment on the same issue (when the level
 * rises, or when new negative authors appeared and the last comment is at least `updateEveryMs` old);
 * `resolveAfterMs` below the watch level closes it in the record (people close the issue). A new spike
 * within `cooldownMs` of the last alert comments on the last incident instead of opening another.
 */
import { levelRank, type SpikeLevel, type SpikeVerdict } from './spike.ts';

export interface IncidentRecord {
  id: string;
  openedAt: string;
  /** Last run that saw `alert` or `severe`. */
  lastAlertAt: string;
  /** Highest level seen. */
  level: SpikeLevel;
  /** Peak of negative authors in a window. */
  peak: number;
  /** The issue (absent while it could not be created: the next run looks it up, then creates it). */
  issue?: { number: number; url: string };
  lastComment?: { at: string; observed: number; level: SpikeLevel };
  /** A local run (no GitHub): where the issue's text was written instead. */
  localFile?: string;
  /**
   * A comment being posted: claimed in Git before the call, cleared once recorded. A run that finds one
   * (the last run died, or GitHub failed, between the call and the record) looks the comment up by its
   * marker before anything else: found, its effect is recorded; not found, it was never posted.
   */
  pendingComment?: PendingComment;
  /** Levels already sent to Slack/Discord (once each). */
  notified?: SpikeLevel[];
  resolvedAt?: string;
  /** Windows of this incident, left out of later baselines. */
  fromMs: number;
  toMs: number;
}

export interface PendingComment {
  /** With the incident's id, what the comment's hidden marker names (the run's instant). */
  key: string;
  kind: 'update' | 'resolve';
  /** The run's instant, and what the comment reported. */
  at: string;
  observed: number;
  level: SpikeLevel;
}

/** The record once a pending comment is known to be on the issue (`posted`) or known not to be. */
export function settleComment(record: IncidentRecord, posted: boolean): IncidentRecord {
  const { pendingComment: pending, ...rest } = record;
  if (!pending || !posted) return rest;
  if (pending.kind === 'resolve') return { ...rest, resolvedAt: pending.at };
  return { ...rest, lastComment: { at: pending.at, observed: pending.observed, level: pending.level } };
}

export type IncidentDecision =
  | { action: 'none' }
  | { action: 'open' }
  | { action: 'update'; incident: IncidentRecord; reason: 'escalated' | 'grew' | 'reopened' | 'retry' }
  | { action: 'resolve'; incident: IncidentRecord };

export interface IncidentTiming {
  cooldownMs: number;
  resolveAfterMs: number;
  updateEveryMs: number;
}

export function decideIncident(verdict: SpikeVerdict, last: IncidentRecord | undefined, nowMs: number, timing: IncidentTiming): IncidentDecision {
  const alerting = levelRank(verdict.level) >= levelRank('alert');
  const open = last && !last.resolvedAt ? last : undefined;
  if (alerting) {
    if (open) {
      // The issue could not be opened last time (GitHub down, a crash): open it now.
      if (!open.issue && !open.localFile) return { action: 'update', incident: open, reason: 'retry' };
      if (levelRank(verdict.level) > levelRank(open.lastComment?.level ?? open.level)) return { action: 'update', incident: open, reason: 'escalated' };
      const lastCommentMs = Date.parse(open.lastComment?.at ?? open.openedAt);
      const lastObserved = open.lastComment?.observed ?? open.peak;
      if (verdict.observed > lastObserved && nowMs - lastCommentMs >= timing.updateEveryMs) return { action: 'update', incident: open, reason: 'grew' };
      return { action: 'none' };
    }
    if (last && nowMs - Date.parse(last.lastAlertAt) < timing.cooldownMs) return { action: 'update', incident: last, reason: 'reopened' };
    return { action: 'open' };
  }
  if (open && verdict.level !== 'watch' && nowMs - Date.parse(open.lastAlertAt) >= timing.resolveAfterMs) return { action: 'resolve', incident: open };
  return { action: 'none' };
}

/** The record after a run acted on it (issue and notification fields are set by the edge). */
export function recordAfter(decision: IncidentDecision, verdict: SpikeVerdict, nowMs: number, id: string): IncidentRecord | undefined {
  const at = new Date(nowMs).toISOString();
  switch (decision.action) {
    case 'none':
      return undefined;
    case 'open':
      return { id, openedAt: at, lastAlertAt: at, level: verdict.level, peak: verdict.observed, fromMs: verdict.window.fromMs, toMs: nowMs };
    case 'update': {
      const { incident } = decision;
      const { resolvedAt: _resolved, ...rest } = incident;
      return {
        ...rest,
        lastAlertAt: at,
        level: levelRank(verdict.level) > levelRank(incident.level) ? verdict.level : incident.level,
        peak: Math.max(incident.peak, verdict.observed),
        fromMs: Math.min(incident.fromMs, verdict.window.fromMs),
        toMs: nowMs,
      };
    }
    case 'resolve':
      return { ...decision.incident, resolvedAt: at };
  }
}
