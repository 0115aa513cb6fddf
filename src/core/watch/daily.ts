/**
 * Daily aggregates, kept after the mentions themselves are deleted by retention: per local day, scope
 * (`brand` or a competitor's id) and network, the mentions by label, the distinct authors and the
 * distinct authors of negative or risky mentions. A CSV with a fixed column order, one row per key,
 * sorted: a run rewrites only the days it touched, so two runs on different days never conflict. Pure.
 */
import { isNegative, type StoredMention } from './mention.ts';

export const DAILY_HEADER = 'date,scope,network,mentions,positive,neutral,negative,authors,negativeAuthors,risk';

export interface DailyRow {
  date: string;
  scope: string;
  network: string;
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  authors: number;
  negativeAuthors: number;
  /** Mentions with a risk word. */
  risk: number;
}

export function parseDaily(text: string): DailyRow[] {
  const rows: DailyRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells.length < 10) continue;
    const [date, scope, network, ...numbers] = cells;
    const n = numbers.map(Number);
    rows.push({ date: date!, scope: scope!, network: network!, mentions: n[0]!, positive: n[1]!, neutral: n[2]!, negative: n[3]!, authors: n[4]!, negativeAuthors: n[5]!, risk: n[6]! });
  }
  return rows;
}

export function serializeDaily(rows: readonly DailyRow[]): string {
  const sorted = [...rows].sort((a, b) => a.date.localeCompare(b.date) || a.scope.localeCompare(b.scope) || a.network.localeCompare(b.network));
  return `${[DAILY_HEADER, ...sorted.map((r) => [r.date, r.scope, r.network, r.mentions, r.positive, r.neutral, r.negative, r.authors, r.negativeAuthors, r.risk].join(','))].join('\n')}\n`;
}

/** The rows of one day's mentions. */
export function aggregateDay(date: string, mentions: readonly StoredMention[]): DailyRow[] {
  const groups = new Map<string, StoredMention[]>();
  for (const m of mentions) {
    const key = `${m.competitor ?? 'brand'}\0${m.network}`;
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  return [...groups].map(([key, list]) => {
    const [scope, network] = key.split('\0') as [string, string];
    return {
      date,
      scope,
      network,
      mentions: list.length,
      positive: list.filter((m) => m.label === 'positive').length,
      neutral: list.filter((m) => m.label === 'neutral').length,
      negative: list.filter((m) => m.label === 'negative').length,
      authors: new Set(list.map((m) => m.author)).size,
      negativeAuthors: new Set(list.filter(isNegative).map((m) => m.author)).size,
      risk: list.filter((m) => m.risk.length > 0).length,
    };
  });
}

/** `rows` with the given days replaced by their new aggregates. */
export function replaceDays(rows: readonly DailyRow[], days: ReadonlyMap<string, readonly StoredMention[]>): DailyRow[] {
  return [...rows.filter((r) => !days.has(r.date)), ...[...days].flatMap(([date, list]) => aggregateDay(date, list))];
}
