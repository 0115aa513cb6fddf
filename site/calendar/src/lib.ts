import { CHANNEL_LABELS, type ChannelId } from '../../../src/core/channels.ts';
import { findConflicts, findGaps, groupEntries, isoWeek, localDay, monthsBetween, observancesBetween, pillarMixer, weekStart, addDays, type Entry } from '../../../src/core/calendar/index.ts';
import { loadEditorialLine, loadPosts } from '../../../src/site/content.ts';
import { buildTimeMs, contentRoot } from '../../../src/site/env.ts';
import { strings } from '../../../src/site/i18n.ts';
import { readLedger, readPauses } from '../../../src/site/ledger.ts';
import { palette } from '../../../src/site/colors.ts';
import { calendarWithReview, loadInReview, reviewNotes, reviewStrings } from '../../../src/site/in-review.ts';

const root = contentRoot();
export const line = loadEditorialLine(root);
export const locale = line.brand.locale;
export const t = strings(locale);
export const colors = palette(line.brand.colors);
export const nowMs = buildTimeMs();
export const today = localDay(nowMs, line.brand.timezone);
export const posts = loadPosts(root);
const pauses = readPauses(root);
// Open pull requests (in review), read through the GitHub API once per build when a token is present (src/site/in-review.ts).
export const inReview = await loadInReview();
export const rt = reviewStrings(locale);
export const reviewNote = reviewNotes(inReview, rt);
const calendar = calendarWithReview(posts, inReview.data, { line, nowMs, ledger: readLedger(root), paused: pauses.all, pausedChannels: pauses.channels });
// Checks (gaps, conflicts, mix) run on the branch's own slots; entries also show what pull requests propose.
export const { slots, unresolved } = calendar;
export const entryReview = calendar.review;
const allSlots = [...slots, ...calendar.proposed].sort((a, b) => a.atMs - b.atMs || a.postId.localeCompare(b.postId) || a.channel.localeCompare(b.channel));
export const entries: Entry[] = groupEntries(allSlots);

const firstDay = [entries[0]?.day ?? today, today].sort()[0]!;
const lastDay = [entries.at(-1)?.day ?? today, today].sort().at(-1)!;
export const months = monthsBetween(firstDay.slice(0, 7), lastDay.slice(0, 7));
export const rangeStart = `${months[0]}-01`;
function lastOfMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
export const rangeEndDay = lastOfMonth(months.at(-1)!);
export const observances = observancesBetween(addDays(rangeStart, -7), addDays(rangeEndDay, 7), line.observances, { locale });
export const gaps = findGaps(slots, line, firstDay, lastDay);
export const conflicts = findConflicts(slots, line);
export const weeks: string[] = [];
for (let w = weekStart(rangeStart); w <= rangeEndDay; w = addDays(w, 7)) weeks.push(w);
export { isoWeek, weekStart, addDays };

// Indexes for the month and week pages: with years of posts, filtering every list on every page adds up.
function indexBy<T>(items: readonly T[], keys: (item: T) => string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keys(item))) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}
export const entriesByDay = indexBy(entries, (e) => [e.day]);
export const observancesByDay = indexBy(observances, (o) => [o.date]);
export const entryCountByMonth = indexBy(entries, (e) => [e.day.slice(0, 7)]);
export const gapsByMonth = indexBy(gaps, (g) => [g.week.slice(0, 7), addDays(g.week, 6).slice(0, 7)]);
export const conflictsByMonth = indexBy(conflicts, (c) => [c.day.slice(0, 7)]);
/** The pillar mix of a range of days (the posts' first day out counts). */
export const mixBetween = pillarMixer(posts, slots, line);

export function href(path: string): string {
  const base = (process.env.CADENCE_INTERNAL_BASE || '/').replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export function channelLabel(id: string): string {
  return CHANNEL_LABELS[id as ChannelId] ?? id;
}

export function pillarLabel(id: string | undefined): string {
  return id ? (line.pillars.find((p) => p.id === id)?.label ?? id) : '';
}

export const campaigns = [...new Set(posts.map((p) => p.data.campaign).filter((c): c is string => !!c))].sort();
export const channelsUsed = [...new Set(allSlots.map((s) => s.channel))].sort();
export const statusesUsed = [...new Set(allSlots.map((s) => s.status))].sort();
