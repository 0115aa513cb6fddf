/** An iCalendar (RFC 5545) feed of the editorial calendar: one event per calendar entry, observances as all-day events. */
import type { Entry } from './model.ts';
import type { Observance } from './observances.ts';
import { addDays } from './observances.ts';

export interface IcsOptions {
  name: string;
  /** Build time, for DTSTAMP. */
  nowMs: number;
  /** Domain used in UIDs. */
  domain: string;
  /** Minutes each post event lasts (default 15). */
  durationMinutes?: number;
  /** Link of an entry (e.g. to its page in the internal site). */
  urlOf?: (entry: Entry) => string | undefined;
  statusLabel?: (status: Entry['status']) => string;
}

export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/;/g, '\\;').replace(/,/g, '\\,');
}

/** Folds a content line at 75 octets (never inside a UTF-8 sequence), CRLF + space continuation. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function date(day: string): string {
  return day.replace(/-/g, '');
}

export function toIcs(entries: readonly Entry[], observances: readonly Observance[], options: IcsOptions): string {
  const duration = (options.durationMinutes ?? 15) * 60_000;
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cadence//Editorial calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ];
  const stamp = utc(options.nowMs);
  for (const entry of entries) {
    const status = options.statusLabel ? options.statusLabel(entry.status) : entry.status;
    const url = options.urlOf?.(entry);
    const description = [`${status} · ${entry.channels.join(', ')}`, entry.pillar ? `pillar: ${entry.pillar}` : '', entry.campaign ? `campaign: ${entry.campaign}` : '', entry.file].filter(Boolean).join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${entry.postId}.${entry.channels.join("-")}@${options.domain}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utc(entry.atMs)}`,
      `DTEND:${utc(entry.atMs + duration)}`,
      `SUMMARY:${escapeText(`${entry.title} [${entry.channels.join(', ')}]`)}`,
      `DESCRIPTION:${escapeText(description)}`,
      `CATEGORIES:${[entry.status, ...entry.channels].map(escapeText).join(',')}`,
      entry.status === 'draft' || entry.status === 'in-review' ? 'STATUS:TENTATIVE' : entry.status === 'retracted' ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      ...(url ? [`URL:${url}`] : []),
      'END:VEVENT',
    );
  }
  for (const o of observances) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:observance-${o.date}-${slug(o.label)}@${options.domain}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${date(o.date)}`,
      `DTEND;VALUE=DATE:${date(addDays(o.date, 1))}`,
      `SUMMARY:${escapeText(o.label)}`,
      ...(o.note ? [`DESCRIPTION:${escapeText(o.note)}`] : []),
      `CATEGORIES:observance,${o.source}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
