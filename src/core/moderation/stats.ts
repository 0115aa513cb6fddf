/**
 * The figures of the moderation page (and of `cadence metrics`' "response time"), from the log events:
 * per rule and network what was hidden, reported, flagged (degraded or not), what people restored
 * (false positives), what shadow rules would have done; time to first reply (median per network).
 */
import type { ChannelId } from '../channels.ts';
import type { ModerationEvent } from './log.ts';

export interface RuleStats {
  rule: string;
  network: ChannelId;
  decided: number;
  hidden: number;
  reported: number;
  flagged: number;
  degraded: number;
  /** Automatic hides a person undid (/restore): the false-positive proxy. */
  restored: number;
  /** What the rule matched in shadow mode (nothing done). */
  shadow: number;
}

export interface ModerationStats {
  decided: number;
  rules: RuleStats[];
  firstReply: { network: ChannelId; count: number; medianSeconds: number }[];
  medianFirstReplySeconds: number | undefined;
  breakerTrips: number;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

export function moderationStats(events: readonly ModerationEvent[], sinceMs = Number.NEGATIVE_INFINITY): ModerationStats {
  const rules = new Map<string, RuleStats>();
  const ruleOf = new Map<string, string>(); // channel:interaction → rule
  const stat = (rule: string, network: ChannelId) => {
    const key = `${rule}\0${network}`;
    let s = rules.get(key);
    if (!s) rules.set(key, (s = { rule, network, decided: 0, hidden: 0, reported: 0, flagged: 0, degraded: 0, restored: 0, shadow: 0 }));
    return s;
  };
  const replies = new Map<ChannelId, number[]>();
  let decided = 0;
  let breakerTrips = 0;
  const trips = new Set<string>();
  for (const e of events) {
    if (Date.parse(e.at) < sinceMs) continue;
    switch (e.type) {
      case 'decided':
        decided++;
        if (e.rule) {
          ruleOf.set(`${e.channel}:${e.interaction}`, e.rule);
          const s = stat(e.rule, e.channel);
          s.decided++;
          if (e.mode === 'shadow') s.shadow++;
        }
        break;
      case 'acted': {
        const rule = e.rule ?? ruleOf.get(`${e.channel}:${e.interaction}`);
        if (!rule) break;
        const s = stat(rule, e.channel);
        if (e.action === 'hide' && e.by === 'cadence') s.hidden++;
        else if (e.action === 'report' && e.by === 'cadence') s.reported++;
        else if (e.action === 'flag') {
          s.flagged++;
          if (e.degradedFrom) s.degraded++;
        } else if (e.action === 'unhide' && e.undoOf) s.restored++;
        break;
      }
      case 'first-reply':
        replies.set(e.channel, [...(replies.get(e.channel) ?? []), e.seconds]);
        break;
      case 'breaker':
        if (!trips.has(e.run)) breakerTrips++;
        trips.add(e.run);
        break;
    }
  }
  const firstReply = [...replies].map(([network, list]) => ({ network, count: list.length, medianSeconds: median(list)! })).sort((a, b) => a.network.localeCompare(b.network));
  return {
    decided,
    rules: [...rules.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.network.localeCompare(b.network)),
    firstReply,
    medianFirstReplySeconds: median([...replies.values()].flat()),
    breakerTrips,
  };
}
