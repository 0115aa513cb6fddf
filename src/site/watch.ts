/** What the internal site shows of the watch and the crisis, read from a brand repository's data/. */
import { addDays } from '../core/calendar/observances.ts';
import { isoWeek } from '../core/calendar/model.ts';
import type { IncidentRecord } from '../core/watch/incident.ts';
import type { StoredMention } from '../core/watch/mention.ts';
import { loadCrisisConfig } from '../crisis/config.ts';
import { heldPosts, type HeldPost } from '../crisis/run.ts';
import { readCurrentCrisis, type CurrentCrisis } from '../crisis/store.ts';
import type { CrisisConfig } from '../core/schema/crisis.ts';
import { loadMentions, mentionDays, readDaily, readIncidents } from '../watch/store.ts';
import type { DayCounts } from './watch-chart.ts';

export interface WatchPage {
  days: DayCounts[];
  openIncidents: IncidentRecord[];
  latest: StoredMention[];
  competitors: { id: string; weeks: Map<string, number> }[];
  weeks: string[];
}

export function watchPageData(root: string, today: string): WatchPage {
  const rows = readDaily(root);
  const from = addDays(today, -89);
  const byDay = new Map<string, DayCounts>();
  for (let d = from; d <= today; d = addDays(d, 1)) byDay.set(d, { date: d, positive: 0, neutral: 0, negative: 0 });
  for (const r of rows) {
    const day = byDay.get(r.date);
    if (!day || r.scope !== 'brand') continue;
    day.positive += r.positive;
    day.neutral += r.neutral;
    day.negative += r.negative;
  }
  const weeks = [...new Set([...byDay.keys()].slice(-56).map((d) => isoWeek(d)))];
  const competitors = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.scope === 'brand' || r.date < from) continue;
    const week = isoWeek(r.date);
    const map = competitors.get(r.scope) ?? competitors.set(r.scope, new Map()).get(r.scope)!;
    map.set(week, (map.get(week) ?? 0) + r.mentions);
  }
  const days = mentionDays(root);
  const recentDays = days.slice(-7);
  const latest = recentDays.length ? loadMentions(root, recentDays[0]!, recentDays.at(-1)!).mentions.filter((m) => !m.competitor).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 30) : [];
  return { days: [...byDay.values()], openIncidents: readIncidents(root).filter((i) => !i.resolvedAt), latest, competitors: [...competitors].map(([id, w]) => ({ id, weeks: w })), weeks };
}

export interface CrisisPage {
  config: CrisisConfig | undefined;
  current: CurrentCrisis | undefined;
  held: HeldPost[];
}

export function crisisPageData(root: string, nowMs: number): CrisisPage {
  const config = loadCrisisConfig(root, { optional: true });
  const current = readCurrentCrisis(root);
  return { config, current, held: current && config ? heldPosts(root, current, nowMs, config.staleAfter) : [] };
}
