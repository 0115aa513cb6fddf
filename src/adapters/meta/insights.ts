/**
 * Meta's insights edges (`/{object}/insights?metric=a,b,c`) fail as a whole when one metric is retired or
 * not valid for the object ("(#100) The value must be a valid insights metric"): Facebook retired every
 * `*_impressions*` metric in November 2025 and the reach family in June 2026, Instagram `impressions` and
 * `plays` in April 2025. So a refused call is retried one metric at a time: the others are still read,
 * and the refused ones are named (null in the readings, and in the run's message, so the list is fixed).
 */
import type { GraphClient, GraphResponse } from './graph.ts';

export interface InsightsValue {
  name: string;
  values?: { value?: unknown }[];
  total_value?: { value?: unknown };
}

export type InsightsOutcome = { ok: true; values: Map<string, unknown>; refused: string[] } | (Exclude<GraphResponse<unknown>, { ok: true }> & { refused?: string[] });

/** The error that means "one of these metrics is not (or no longer) valid here". */
export function isInvalidMetric(failure: { graphError?: { code?: number; message?: string } }): boolean {
  const e = failure.graphError;
  return e?.code === 100 && /metric/i.test(e.message ?? '');
}

function valueOf(entry: InsightsValue): unknown {
  if (entry.total_value && 'value' in entry.total_value) return entry.total_value.value;
  return entry.values?.at(-1)?.value;
}

export async function readInsights(client: GraphClient, objectId: string, metrics: readonly string[], what: string, extra: Record<string, string> = {}): Promise<InsightsOutcome> {
  const call = (list: readonly string[]) =>
    client.call<{ data?: InsightsValue[] }>({ method: 'GET', path: `/${encodeURIComponent(objectId)}/insights`, params: { metric: list.join(','), ...extra }, what });
  const all = await call(metrics);
  const values = new Map<string, unknown>();
  if (all.ok) {
    for (const entry of all.body?.data ?? []) values.set(entry.name, valueOf(entry));
    return { ok: true, values, refused: [] };
  }
  if (!isInvalidMetric(all)) return all;
  const refused: string[] = [];
  for (const metric of metrics) {
    const one = await call([metric]);
    if (one.ok) {
      for (const entry of one.body?.data ?? []) values.set(entry.name, valueOf(entry));
    } else if (isInvalidMetric(one)) refused.push(metric);
    else return { ...one, refused };
  }
  return { ok: true, values, refused };
}

/** A total of a `{like: 3, love: 1}` breakdown (reactions by type, clicks by type). */
export function sumBreakdown(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (!value || typeof value !== 'object') return null;
  let total = 0;
  for (const v of Object.values(value as Record<string, unknown>)) if (typeof v === 'number') total += v;
  return total;
}
