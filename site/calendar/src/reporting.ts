// The reporting section's shared state for the pages (src/site/reporting.ts does the work).
import { CHANNEL_LABELS, type ChannelId } from '../../../src/core/channels.ts';
import { reportingForPages } from '../../../src/site/reporting-thread.ts';
import { formatNumber, formatPercent, reportingStrings } from '../../../src/site/reporting-i18n.ts';
import { contentRoot } from '../../../src/site/env.ts';
import { line, locale, nowMs } from './lib.ts';

export const rs = reportingStrings(locale);
// Prepared on a thread while the build bundled (the config's reportingThread()), else loaded here.
export const reporting = await reportingForPages(contentRoot(), line, nowMs);
export const num = (v: number | null | undefined, digits = 0) => formatNumber(locale, v, digits);
export const pct = (v: number | null | undefined, digits = 0) => formatPercent(locale, v, digits);
export const channelName = (id: string) => CHANNEL_LABELS[id as ChannelId] ?? id;
export const lift = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `×${formatNumber(locale, v, 2)}`);
