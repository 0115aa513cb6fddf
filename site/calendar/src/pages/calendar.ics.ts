import { toIcs } from '../../../../src/core/calendar/index.ts';
import { entries, line, nowMs, observances, t } from '../lib.ts';

export function GET() {
  const domain = new URL(line.brand.siteUrl).hostname;
  const body = toIcs(entries, observances, { name: `${line.brand.name} — ${t.calendar}`, nowMs, domain, statusLabel: (s) => t.statuses[s] ?? s });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
}
