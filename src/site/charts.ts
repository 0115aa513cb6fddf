/**
 * Charts as SVG strings, drawn at build time (no client script), for the internal site's reporting pages
 * and the HTML/PDF report. Each chart is a <figure>: an SVG with role="img", a <title> and a <desc> (what
 * it shows and its main finding), a caption, and the numbers as an HTML table in <details> (W3C's
 * "complex images": the table is the long description). Hand-drawn: a line, bars, a heat map and a
 * progress bar need a few dozen lines each, and a 10,000-post dashboard builds without a charting library.
 */

const SPECIAL = /[&<>"]/;
// Most of a chart's strings (numbers, dates, labels) have nothing to escape: one test instead of four replaces.
export const esc = (text: string): string => (SPECIAL.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : text);

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export interface TableSpec {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

export function table(spec: TableSpec): string {
  return `<table class="data"><caption>${esc(spec.caption)}</caption><thead><tr>${spec.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${spec.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(String(c))}</th>` : `<td>${esc(String(c))}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function figure(title: string, description: string, svg: string, data: TableSpec, tableLabel: string): string {
  return `<figure class="chart">${svg}<figcaption>${esc(description)}</figcaption><details><summary>${esc(tableLabel)}</summary>${table(data)}</details></figure>`;
}

function svgOpen(width: number, height: number, title: string, description: string): { open: string; close: string } {
  const id = nextId('chart');
  return {
    open: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" preserveAspectRatio="xMidYMid meet"><title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(description)}</desc>`,
    close: '</svg>',
  };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export interface LineOptions {
  title: string;
  description: string;
  tableLabel: string;
  xLabel: string;
  yLabel: string;
  points: { x: string; y: number }[];
  format: (n: number) => string;
  /** A horizontal reference (target, baseline). */
  reference?: { value: number; label: string };
  width?: number;
  height?: number;
}

/** A line over time (followers, a KPI's history); one path whatever the number of points. */
export function lineChart(o: LineOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 220;
  const pad = { l: 56, r: 12, t: 12, b: 28 };
  const { open, close } = svgOpen(width, height, o.title, o.description);
  if (o.points.length === 0) return figure(o.title, o.description, `${open}${close}`, { caption: o.title, head: [o.xLabel, o.yLabel], rows: [] }, o.tableLabel);
  const ys = o.points.map((p) => p.y).concat(o.reference ? [o.reference.value] : []);
  let min = Math.min(...ys);
  let max = Math.max(...ys);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const span = max - min;
  min -= span * 0.05;
  max += span * 0.05;
  const x = (i: number) => pad.l + (o.points.length === 1 ? 0 : (i * (width - pad.l - pad.r)) / (o.points.length - 1));
  const y = (v: number) => pad.t + ((max - v) * (height - pad.t - pad.b)) / (max - min);
  const d = o.points.map((p, i) => `${i ? 'L' : 'M'}${r1(x(i))} ${r1(y(p.y))}`).join('');
  const ticks = [min + span * 0.05, (min + max) / 2, max - span * 0.05];
  const parts = [
    open,
    `<g aria-hidden="true" font-size="11" fill="currentColor">`,
    ...ticks.map((t) => `<line x1="${pad.l}" x2="${width - pad.r}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="currentColor" stroke-opacity="0.15"/><text x="${pad.l - 6}" y="${r1(y(t)) + 4}" text-anchor="end">${esc(o.format(t))}</text>`),
    `<text x="${pad.l}" y="${height - 8}">${esc(o.points[0]!.x)}</text><text x="${width - pad.r}" y="${height - 8}" text-anchor="end">${esc(o.points.at(-1)!.x)}</text>`,
    o.reference ? `<line x1="${pad.l}" x2="${width - pad.r}" y1="${r1(y(o.reference.value))}" y2="${r1(y(o.reference.value))}" stroke="currentColor" stroke-dasharray="4 4"/><text x="${width - pad.r}" y="${r1(y(o.reference.value)) - 4}" text-anchor="end">${esc(o.reference.label)}</text>` : '',
    `</g><path d="${d}" fill="none" stroke="var(--accent, #c8781e)" stroke-width="2.5"/>`,
    close,
  ];
  const rows = o.points.map((p) => [p.x, o.format(p.y)]);
  return figure(o.title, o.description, parts.join(''), { caption: o.title, head: [o.xLabel, o.yLabel], rows }, o.tableLabel);
}

export interface BarOptions {
  title: string;
  description: string;
  tableLabel: string;
  labelHead: string;
  valueHead: string;
  bars: { label: string; value: number | null; note?: string }[];
  format: (n: number) => string;
  reference?: { value: number; label: string };
  width?: number;
}

/** Horizontal bars (posts per week, pillar shares, lifts), with an optional reference line. */
export function barChart(o: BarOptions): string {
  const width = o.width ?? 640;
  const row = 22;
  const pad = { l: 170, r: 60, t: 8, b: 8 };
  const height = pad.t + pad.b + Math.max(1, o.bars.length) * row;
  const { open, close } = svgOpen(width, height, o.title, o.description);
  const max = Math.max(1e-9, ...o.bars.map((b) => b.value ?? 0), o.reference?.value ?? 0);
  const x = (v: number) => pad.l + (v / max) * (width - pad.l - pad.r);
  const parts = [open, '<g aria-hidden="true" font-size="11" fill="currentColor">'];
  o.bars.forEach((b, i) => {
    const top = pad.t + i * row;
    parts.push(`<text x="${pad.l - 6}" y="${top + 15}" text-anchor="end">${esc(b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label)}</text>`);
    if (b.value !== null) parts.push(`<rect x="${pad.l}" y="${top + 4}" width="${r1(Math.max(1, x(b.value) - pad.l))}" height="${row - 8}" fill="var(--accent, #c8781e)"/><text x="${r1(x(b.value)) + 4}" y="${top + 15}">${esc(o.format(b.value))}</text>`);
    else parts.push(`<text x="${pad.l + 4}" y="${top + 15}">—</text>`);
  });
  if (o.reference) parts.push(`<line x1="${r1(x(o.reference.value))}" x2="${r1(x(o.reference.value))}" y1="${pad.t}" y2="${height - pad.b}" stroke="currentColor" stroke-dasharray="4 3"/>`);
  parts.push('</g>', close);
  const rows = o.bars.map((b) => [b.label, b.value === null ? '—' : o.format(b.value), ...(o.bars.some((x) => x.note) ? [b.note ?? ''] : [])]);
  const head = [o.labelHead, o.valueHead, ...(o.bars.some((b) => b.note) ? [o.reference?.label ?? ''] : [])];
  return figure(o.title, o.description, parts.join(''), { caption: o.title, head, rows }, o.tableLabel);
}

export interface HeatCell {
  row: string;
  col: string;
  /** The value coloured (a lift around 1), null for an empty cell. */
  value: number | null;
  label: string;
  n: number;
  uncertain: boolean;
}

export interface HeatOptions {
  title: string;
  description: string;
  tableLabel: string;
  rowHead: string;
  rows: { id: string; label: string }[];
  cols: string[];
  cells: HeatCell[];
  uncertainLabel: string;
}

/** Weekday × slot heat map: colour by lift (below 1 cool, above warm), n printed in each cell, hatched when uncertain. */
export function heatmap(o: HeatOptions): string {
  const cellW = 78;
  const cellH = 34;
  const pad = { l: 54, t: 22 };
  const width = pad.l + o.cols.length * cellW + 8;
  const height = pad.t + o.rows.length * cellH + 8;
  const { open, close } = svgOpen(width, height, o.title, o.description);
  const byPlace = new Map<string, HeatOptions['cells'][number]>();
  for (const cell of o.cells) if (!byPlace.has(`${cell.row}\0${cell.col}`)) byPlace.set(`${cell.row}\0${cell.col}`, cell);
  const find = (row: string, col: string) => byPlace.get(`${row}\0${col}`);
  const colour = (v: number) => {
    const t = Math.max(-1, Math.min(1, Math.log(v) / Math.log(1.6)));
    return t >= 0 ? `rgb(${Math.round(255 - 55 * t)},${Math.round(243 - 110 * t)},${Math.round(224 - 160 * t)})` : `rgb(${Math.round(235 + 20 * t)},${Math.round(240 + 5 * t)},${Math.round(245 + 10 * -t)})`;
  };
  const hatch = nextId('hatch');
  const parts = [open, `<defs><pattern id="${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#0003" stroke-width="2"/></pattern></defs><g aria-hidden="true" font-size="11" fill="#111">`];
  o.cols.forEach((col, j) => parts.push(`<text x="${pad.l + j * cellW + cellW / 2}" y="14" text-anchor="middle" fill="currentColor">${esc(col)}</text>`));
  o.rows.forEach((row, i) => {
    const top = pad.t + i * cellH;
    parts.push(`<text x="${pad.l - 6}" y="${top + 21}" text-anchor="end" fill="currentColor">${esc(row.label)}</text>`);
    o.cols.forEach((col, j) => {
      const cell = find(row.id, col);
      const left = pad.l + j * cellW;
      if (!cell || cell.value === null) {
        parts.push(`<rect x="${left + 1}" y="${top + 1}" width="${cellW - 2}" height="${cellH - 2}" fill="none" stroke="#8884"/>`);
        return;
      }
      parts.push(`<rect x="${left + 1}" y="${top + 1}" width="${cellW - 2}" height="${cellH - 2}" fill="${colour(cell.value)}"/>`);
      if (cell.uncertain) parts.push(`<rect x="${left + 1}" y="${top + 1}" width="${cellW - 2}" height="${cellH - 2}" fill="url(#${hatch})"/>`);
      parts.push(`<text x="${left + cellW / 2}" y="${top + 15}" text-anchor="middle">${esc(cell.label)}</text><text x="${left + cellW / 2}" y="${top + 28}" text-anchor="middle" font-size="9">n=${cell.n}</text>`);
    });
  });
  parts.push('</g>', close);
  const rows = o.cells.filter((c) => c.value !== null).map((c) => [`${o.rows.find((r) => r.id === c.row)?.label ?? c.row} ${c.col}`, c.label, c.n, c.uncertain ? o.uncertainLabel : '']);
  return figure(o.title, o.description, parts.join(''), { caption: o.title, head: [o.rowHead, 'lift', 'n', ''], rows }, o.tableLabel);
}

/** A progress bar toward a target with the expected pace marked (an objective card). */
export function progressBar(o: { title: string; description: string; progress: number | null; expected: number | null; width?: number }): string {
  const width = o.width ?? 320;
  const height = 26;
  const { open, close } = svgOpen(width, height, o.title, o.description);
  const p = Math.max(0, Math.min(1, o.progress ?? 0));
  const parts = [open, `<rect x="0" y="6" width="${width}" height="14" rx="7" fill="#8883"/>`, `<rect x="0" y="6" width="${r1(width * p)}" height="14" rx="7" fill="var(--accent, #c8781e)"/>`];
  if (o.expected !== null) parts.push(`<line x1="${r1(width * o.expected)}" x2="${r1(width * o.expected)}" y1="1" y2="25" stroke="currentColor" stroke-width="2"/>`);
  parts.push(close);
  return parts.join('');
}

/** A small line without axes for an objective card (its history), aria-hidden: the card says the value. */
export function sparkline(values: readonly number[], width = 160, height = 32): string {
  if (values.length < 2) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const d = values.map((v, i) => `${i ? 'L' : 'M'}${r1((i * width) / (values.length - 1))} ${r1(height - 2 - ((v - min) * (height - 4)) / span)}`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false"><path d="${d}" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>`;
}
