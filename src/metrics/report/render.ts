/**
 * The report laid out: Markdown (the GitHub issue or release body), a standalone HTML page (and the PDF
 * printed from it), CSV (one row per publication, as French Excel opens it), JSON (the report itself).
 * Every figure says what it is measured on; a value the network does not give is "—", never 0.
 */
import { CHANNEL_LABELS, type ChannelId } from '../../core/channels.ts';
import { MIN_SLOT_POSTS, SLOT_GROUP_ORDER } from '../../core/metrics/analysis.ts';
import { METRIC_NAMES, type MetricName } from '../../core/metrics/model.ts';
import type { ObjectiveResult } from '../../core/metrics/kpi.ts';
import { forEachPostRow, type PostRow, type Report } from '../../core/metrics/report.ts';
import { CsvLines, csvField, csvLine } from './csv.ts';
import { barChart, esc, heatmap, progressBar, table } from '../../site/charts.ts';
import { formatNumber, formatPercent, monthLabel, reportingStrings, type ReportingStrings } from '../../site/reporting-i18n.ts';

const label = (channel: string) => CHANNEL_LABELS[channel as ChannelId] ?? channel;

export function periodLabel(report: Report): string {
  const s = reportingStrings(report.locale);
  return report.period.month ? monthLabel(report.locale, report.period.month) : s.periodFromTo(report.period.from, report.period.to);
}

export function objectiveValue(report: Report, o: ObjectiveResult): string {
  const digits = o.kpi === 'engagement-rate' ? 1 : 0;
  const unit = o.kpi === 'engagement-rate' ? ' %' : '';
  return o.value === null ? '—' : `${formatNumber(report.locale, o.value, digits)}${unit}`;
}

function liftText(report: Report, lift: number | null): string {
  return lift === null ? '—' : `×${formatNumber(report.locale, lift, 2)}`;
}

function basisText(s: ReportingStrings, bases: readonly string[]): string {
  return bases.length ? bases.map((b) => s.bases[b] ?? b).join(', ') : '—';
}

// ---- Markdown -------------------------------------------------------------------------------------

const mdCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A channel's row of the report, in the Markdown and the HTML tables (the Markdown signs the followers' change). */
function channelCells(report: Report, s: ReportingStrings, c: Report['channels'][number], options: { signedDelta: boolean }): string[] {
  const n = (v: number | null, d = 0) => formatNumber(report.locale, v, d);
  const delta = c.followersEnd !== null && c.followersStart !== null ? c.followersEnd - c.followersStart : null;
  return [
    label(c.channel),
    n(c.publications),
    n(c.followersEnd),
    delta === null ? '—' : `${options.signedDelta && delta >= 0 ? '+' : ''}${n(delta)}`,
    n(c.views),
    n(c.reach),
    n(c.interactions),
    c.rate === null ? '—' : `${n(c.rate, 1)} % (${basisText(s, c.bases)})`,
    n(c.networkClicks),
    n(c.utmVisits),
    `${n(c.perWeek, 1)} / ${c.perWeekTarget === undefined ? '—' : n(c.perWeekTarget, 1)}`,
  ];
}

function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.map(mdCell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');
}

function postLink(p: PostRow): string {
  const title = p.title ?? p.post;
  return p.url && /^https?:/.test(p.url) ? `[${title}](${p.url})` : title;
}

export function reportMarkdown(report: Report): string {
  const s = reportingStrings(report.locale);
  const n = (v: number | null, d = 0) => formatNumber(report.locale, v, d);
  const out: string[] = [`# ${report.brand} — ${s.reportTitle(periodLabel(report))}`, '', `_${s.periodFromTo(report.period.from, report.period.to)} · ${s.generated} ${report.generatedAt.slice(0, 10)}_`, ''];
  out.push(`## ${s.overview}`, '');
  out.push(
    mdTable(
      [s.objective, s.value, s.target, s.progress, s.pace, s.verdict],
      report.objectives.map((o) => [
        o.label,
        objectiveValue(report, o),
        `${n(o.target, o.kpi === 'engagement-rate' ? 1 : 0)}${o.unit ? ` ${o.unit}` : ''}${o.by ? ` (${o.by})` : ''}`,
        formatPercent(report.locale, o.progress),
        formatPercent(report.locale, o.expected),
        `**${s.statuses[o.status]}** — ${s.verdicts[o.status]}${o.perWeekNeeded ? ` ${s.perWeekNeeded(n(o.perWeekNeeded))}.` : ''}${o.kpi === 'engagement-rate' && Object.keys(o.bases).length ? ` (${s.rateBy(basisText(s, Object.values(o.bases)))})` : ''}`,
      ]),
    ),
    '',
  );
  for (const o of report.objectives) for (const note of o.notes) out.push(`> ${o.label} : ${s.notes[note] ?? note}`);
  out.push('', `## ${s.channels}`, '');
  out.push(
    mdTable(
      [s.channel, s.publications, s.followers, s.followersDelta, s.views, s.reach, s.interactions, s.rate, s.clicks, s.utmVisits, `${s.perWeek} / ${s.cadence}`],
      report.channels.map((c) => channelCells(report, s, c, { signedDelta: true })),
    ),
    '',
  );
  out.push(`## ${s.pillars}`, '', mdTable([s.pillar, s.posts, s.share, s.target, s.medianLift], report.pillars.map((p) => [p.label, n(p.posts), `${n(p.share)} %`, p.target === undefined ? '—' : `${n(p.target)} %${p.max !== undefined ? ` (max ${n(p.max)} %)` : ''}`, liftText(report, p.medianLift)])), '');
  if (report.campaigns.length) out.push(`## ${s.campaigns}`, '', mdTable([s.campaign, s.posts, s.publications, s.interactions, s.views, s.utmVisits, s.medianLift], report.campaigns.map((c) => [c.id, n(c.posts), n(c.publications), n(c.interactions), n(c.views), n(c.utmVisits), liftText(report, c.medianLift)])), '');
  out.push(`## ${s.top}`, '', `_${s.liftExplain}_`, '');
  out.push(mdTable([s.post, s.channel, s.date, s.lift, s.rate], report.top.map((t) => [postLink(t.post), label(t.post.channel), t.post.publishedAt.slice(0, 16).replace('T', ' '), liftText(report, t.lift), t.post.rate === null ? '—' : `${n(t.post.rate, 1)} % (${basisText(s, t.post.basis ? [t.post.basis] : [])})`])), '');
  if (report.flop.length) out.push(`### ${s.flop}`, '', mdTable([s.post, s.channel, s.date, s.lift], report.flop.map((t) => [postLink(t.post), label(t.post.channel), t.post.publishedAt.slice(0, 16).replace('T', ' '), liftText(report, t.lift)])), '');
  out.push(`## ${s.boost}`, '', report.boost.length ? s.boostText : s.noBoost, '');
  if (report.boost.length) out.push(mdTable([s.post, s.channel, s.lift, 'P'], report.boost.map((b) => [postLink(b.post), label(b.post.channel), liftText(report, b.lift), formatPercent(report.locale, b.confidence)])), '');
  out.push(`## ${s.bestSlots}`, '', `_${s.slotsExplain(MIN_SLOT_POSTS)}_`, '');
  for (const slot of report.slots) {
    const best = slot.recommended[0];
    out.push(`- **${label(slot.channel)}** : ${best ? s.recommend(`${s.weekdays[best.weekday]} ${best.time}`, liftText(report, Math.exp(best.shrunk))) : s.notEnough}${slot.untested.length ? ` ${s.untested} : ${slot.untested.slice(0, 4).map((u) => `${s.weekdays[u.weekday]} ${u.time}`).join(', ')}.` : ''}`);
  }
  out.push('');
  if (report.experiments.length) {
    out.push(`## ${s.experiments}`, '');
    for (const e of report.experiments) {
      out.push(`- **${e.id}** : ${s.probB} = ${formatPercent(report.locale, e.probBBeatsA)}. ${s.experimentVerdicts[e.verdict]}${e.neededPerArm ? ` ${s.needed(n(e.neededPerArm))}` : ''}`);
    }
    out.push('');
  }
  if (report.responseTime) out.push(`## ${s.responseTime}`, '', s.responseTimeText(n(report.responseTime.median, 1), formatPercent(report.locale, report.responseTime.within24h)), '');
  out.push(`## ${s.coverage}`, '');
  for (const c of report.channels) {
    if (c.missing.length && c.publications) out.push(`- ${s.missingMetrics(label(c.channel), c.missing.join(', '))}`);
    if (c.lateReadings) out.push(`- ${label(c.channel)} : ${s.lateReadings(c.lateReadings)}`);
  }
  for (const p of report.runProblems.slice(-10)) out.push(`- ${s.runProblems} (${p.at.slice(0, 10)}) : ${p.error}`);
  out.push('', `## ${s.definitions}`, '', ...s.definitionsText.map((d) => `- ${d}`), '');
  return `${out.join('\n')}\n`;
}

// ---- HTML -----------------------------------------------------------------------------------------

/** The report's body (sections, charts as SVG), shared by the standalone page and the internal site. */
export function reportBodyHtml(report: Report): string {
  const s = reportingStrings(report.locale);
  const n = (v: number | null, d = 0) => formatNumber(report.locale, v, d);
  const parts: string[] = [];
  parts.push(`<section><h2>${esc(s.overview)}</h2><div class="cards">`);
  for (const o of report.objectives) {
    parts.push(
      `<article class="card status-${o.status}"><h3>${esc(o.label)}</h3><p class="value">${esc(objectiveValue(report, o))} <span class="target">/ ${esc(n(o.target, o.kpi === 'engagement-rate' ? 1 : 0))}${o.unit ? ` ${esc(o.unit)}` : ''}</span></p>${progressBar({ title: o.label, description: s.chartProgress(o.label, formatPercent(report.locale, o.progress), formatPercent(report.locale, o.expected)), progress: o.progress, expected: o.expected })}<p><strong>${esc(s.statuses[o.status]!)}</strong> — ${esc(s.verdicts[o.status]!)}${o.perWeekNeeded ? ` ${esc(s.perWeekNeeded(n(o.perWeekNeeded)))}.` : ''}</p>${o.notes.map((note) => `<p class="note">${esc(s.notes[note] ?? note)}</p>`).join('')}</article>`,
    );
  }
  parts.push('</div></section>');
  parts.push(
    `<section><h2>${esc(s.channels)}</h2>${table({
      caption: s.channels,
      head: [s.channel, s.publications, s.followers, s.followersDelta, s.views, s.reach, s.interactions, s.rate, s.clicks, s.utmVisits, `${s.perWeek} / ${s.cadence}`],
      rows: report.channels.map((c) => channelCells(report, s, c, { signedDelta: false })),
    })}</section>`,
  );
  parts.push(
    `<section><h2>${esc(s.pillars)}</h2>${barChart({
      title: s.mix,
      description: report.pillars.map((p) => `${p.label} ${n(p.share)} % (${s.target.toLowerCase()} ${p.target ?? '—'} %)`).join(' ; '),
      tableLabel: s.table,
      labelHead: s.pillar,
      valueHead: s.share,
      bars: report.pillars.map((p) => ({ label: p.label, value: p.share, note: p.target === undefined ? '—' : `${p.target} %` })),
      format: (v) => `${n(v)} %`,
      reference: { value: 0, label: s.target },
    })}</section>`,
  );
  if (report.campaigns.length) parts.push(`<section><h2>${esc(s.campaigns)}</h2>${table({ caption: s.campaigns, head: [s.campaign, s.posts, s.publications, s.interactions, s.views, s.utmVisits, s.medianLift], rows: report.campaigns.map((c) => [c.id, n(c.posts), n(c.publications), n(c.interactions), n(c.views), n(c.utmVisits), liftText(report, c.medianLift)]) })}</section>`);
  const postTable = (caption: string, list: { post: PostRow; lift: number }[]) =>
    table({ caption, head: [s.post, s.channel, s.date, s.lift, s.rate], rows: list.map((t) => [t.post.title ?? t.post.post, label(t.post.channel), t.post.publishedAt.slice(0, 16).replace('T', ' '), liftText(report, t.lift), t.post.rate === null ? '—' : `${n(t.post.rate, 1)} %`]) });
  parts.push(`<section><h2>${esc(s.top)}</h2><p>${esc(s.liftExplain)}</p>${postTable(s.top, report.top)}${report.flop.length ? postTable(s.flop, report.flop) : ''}</section>`);
  parts.push(`<section><h2>${esc(s.boost)}</h2><p>${esc(report.boost.length ? s.boostText : s.noBoost)}</p>${report.boost.length ? table({ caption: s.boost, head: [s.post, s.channel, s.lift, 'P'], rows: report.boost.map((b) => [b.post.title ?? b.post.post, label(b.post.channel), liftText(report, b.lift), formatPercent(report.locale, b.confidence)]) }) : ''}</section>`);
  parts.push(`<section><h2>${esc(s.bestSlots)}</h2><p>${esc(s.slotsExplain(MIN_SLOT_POSTS))}</p>`);
  for (const slot of report.slots) parts.push(`<h3>${esc(label(slot.channel))}</h3>${slotHeatmap(report, slot)}`);
  parts.push('</section>');
  if (report.experiments.length) {
    parts.push(`<section><h2>${esc(s.experiments)}</h2>${table({ caption: s.experiments, head: [s.experiment, 'A', 'B', s.probB, s.verdict], rows: report.experiments.map((e) => [e.id, `${n(e.arms[0]!.interactions)} / ${n(e.arms[0]!.trials)}`, `${n(e.arms[1]!.interactions)} / ${n(e.arms[1]!.trials)}`, formatPercent(report.locale, e.probBBeatsA), s.experimentVerdicts[e.verdict]!]) })}</section>`);
  }
  if (report.responseTime) parts.push(`<section><h2>${esc(s.responseTime)}</h2><p>${esc(s.responseTimeText(n(report.responseTime.median, 1), formatPercent(report.locale, report.responseTime.within24h)))}</p></section>`);
  const coverage = report.channels.flatMap((c) => [...(c.missing.length && c.publications ? [s.missingMetrics(label(c.channel), c.missing.join(', '))] : []), ...(c.lateReadings ? [`${label(c.channel)} : ${s.lateReadings(c.lateReadings)}`] : [])]);
  parts.push(`<section class="coverage"><h2>${esc(s.coverage)}</h2><ul>${coverage.map((c) => `<li>${esc(c)}</li>`).join('')}${report.runProblems.slice(-10).map((p) => `<li>${esc(s.runProblems)} (${esc(p.at.slice(0, 10))}) : ${esc(p.error)}</li>`).join('')}</ul></section>`);
  parts.push(`<section><h2>${esc(s.definitions)}</h2><ul>${s.definitionsText.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></section>`);
  return parts.join('\n');
}

export function slotHeatmap(report: Pick<Report, 'locale'>, slot: Report['slots'][number]): string {
  const s = reportingStrings(report.locale);
  const best = slot.recommended[0];
  const description = best ? s.recommend(`${s.weekdays[best.weekday]} ${best.time}`, `×${formatNumber(report.locale, Math.exp(best.shrunk), 2)}`) : s.notEnough;
  return heatmap({
    title: `${s.bestSlots} — ${label(slot.channel)}`,
    description,
    tableLabel: s.table,
    rowHead: s.slot,
    rows: SLOT_GROUP_ORDER.filter((g) => slot.cells.some((c) => c.weekday === g) || slot.untested.some((u) => u.weekday === g)).map((d) => ({ id: d, label: s.weekdays[d]! })),
    cols: slot.times,
    cells: slot.cells.map((c) => ({ row: c.weekday, col: c.time, value: Math.exp(c.shrunk), label: `×${formatNumber(report.locale, Math.exp(c.shrunk), 2)}`, n: c.n, uncertain: !c.enough || !Number.isFinite(c.low ?? NaN) || (c.low <= slot.channelMean && c.high >= slot.channelMean) })),
    uncertainLabel: s.uncertain,
  });
}

export const REPORT_CSS = `
:root{--accent:#c8781e}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1000px;padding:1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:3px solid var(--accent);padding-bottom:.2rem;margin-top:2rem}
table.data{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}table.data th,table.data td{border:1px solid #8888;padding:.2rem .45rem;text-align:left}
table.data caption{text-align:left;font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:1rem}
.card{border:1px solid #8886;border-radius:8px;padding:.75rem;break-inside:avoid}.card h3{margin:.1rem 0 .4rem;font-size:1rem}
.card .value{font-size:1.5rem;font-weight:700;margin:.2rem 0}.card .target{font-size:.95rem;font-weight:400}
.status-behind,.status-missed{border-left:6px solid #b00020}.status-on-track,.status-ahead,.status-reached{border-left:6px solid #1b7a3a}
.note{font-size:.85rem;font-style:italic}figure.chart{margin:.5rem 0 1rem;break-inside:avoid}figcaption{font-size:.9rem}
section{break-inside:auto}thead{display:table-header-group}
@page{size:A4;margin:14mm}
`;

export function reportHtml(report: Report): string {
  const s = reportingStrings(report.locale);
  return `<!doctype html>
<html lang="${report.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>${esc(`${report.brand} — ${s.reportTitle(periodLabel(report))}`)}</title><style>${REPORT_CSS}</style></head>
<body><main><h1>${esc(report.brand)} — ${esc(s.reportTitle(periodLabel(report)))}</h1><p>${esc(s.periodFromTo(report.period.from, report.period.to))} · ${esc(s.generated)} ${esc(report.generatedAt.slice(0, 10))}</p>
${reportBodyHtml(report)}
</main></body></html>
`;
}

// ---- CSV ------------------------------------------------------------------------------------------

export const CSV_METRICS: readonly MetricName[] = METRIC_NAMES;

/**
 * One row per publication: post, channel, time, link, and each metric of its latest reading as the
 * network gave it (empty = the network has no such counter). French: `;` between fields and a decimal
 * comma, with a BOM, which is what French Excel opens without an import wizard; formulas are escaped
 * (a title starting with `=` or `@` is never run as one).
 */
export function reportCsv(report: Report): string {
  const french = report.locale === 'fr';
  const delimiter = french ? ';' : ',';
  const text = (value: string | undefined) => (value === undefined ? '' : csvField(value, delimiter));
  // A number at or above zero is digits, a point (a comma in French, where `;` delimits), `e+` or
  // "Infinity": never quoted nor a formula, written as it is. The rest (a negative, NaN) goes through csvField.
  const number = (value: number, written: string) => (value >= 0 ? written : csvField(written, delimiter));
  const decimal = (v: number | null, digits: number) => (v === null ? '' : number(v, french ? v.toFixed(digits).replace('.', ',') : v.toFixed(digits)));
  const header = ['post', 'title', 'channel', 'published_at', 'url', 'pillar', 'campaign', 'reading', 'read_at', 'late', ...CSV_METRICS, 'engagement_rate_pct', 'rate_basis', 'lift'];
  const lines = new CsvLines();
  lines.add(csvLine(header, delimiter));
  // Each record written field by field, from rows made one at a time (a month has ~8,500): no list of fields per record, no list of rows.
  forEachPostRow(report, (p) => {
    let line = `${text(p.post)}${delimiter}${text(p.title)}${delimiter}${text(p.channel)}${delimiter}${text(p.publishedAt)}${delimiter}${text(p.url)}${delimiter}${text(p.pillar)}${delimiter}${text(p.campaign)}${delimiter}${text(p.age)}${delimiter}${text(p.readAt)}${delimiter}${p.late ? 'late' : ''}`;
    for (const m of CSV_METRICS) {
      const value = p.metrics[m];
      line += value === null ? delimiter : delimiter + number(value, String(value));
    }
    lines.add(`${line}${delimiter}${decimal(p.rate, 2)}${delimiter}${text(p.basis)}${delimiter}${decimal(p.lift, 3)}`);
  });
  return lines.text();
}
