/**
 * The internal site's 90-day chart of daily mentions by sentiment: stacked bars as an SVG string,
 * rendered at build time (no script reaches the page). Pure.
 */
import { escapeHtml } from '../core/text.ts';

export interface DayCounts {
  date: string;
  positive: number;
  neutral: number;
  negative: number;
}

const COLORS = { positive: '#1b7a3a', neutral: '#8a8a8a', negative: '#b00020' };

export function sentimentChart(days: readonly DayCounts[], labels: { title: string; positive: string; neutral: string; negative: string }): string {
  const width = 900;
  const height = 220;
  const top = 20;
  const bottom = 30;
  const left = 36;
  const max = Math.max(1, ...days.map((d) => d.positive + d.neutral + d.negative));
  const step = days.length ? (width - left) / days.length : 0;
  const bar = Math.max(1, step - 1);
  const y = (n: number) => ((height - top - bottom) * n) / max;
  const rects: string[] = [];
  days.forEach((d, i) => {
    let base = height - bottom;
    for (const kind of ['negative', 'neutral', 'positive'] as const) {
      const h = y(d[kind]);
      if (h <= 0) continue;
      base -= h;
      rects.push(`<rect x="${(left + i * step).toFixed(1)}" y="${base.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[kind]}"><title>${d.date} · ${labels[kind]} : ${d[kind]}</title></rect>`);
    }
  });
  const ticks = days.filter((_, i) => i % 14 === 0).map((d) => `<text x="${(left + days.indexOf(d) * step).toFixed(1)}" y="${height - 10}" font-size="11">${d.date.slice(5)}</text>`);
  const legend = (['positive', 'neutral', 'negative'] as const).map((k, i) => `<rect x="${left + i * 120}" y="2" width="10" height="10" fill="${COLORS[k]}"/><text x="${left + i * 120 + 14}" y="11" font-size="11">${escapeHtml(labels[k])}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(labels.title)}"><title>${escapeHtml(labels.title)}</title><text x="0" y="${top + 8}" font-size="11">${max}</text><text x="0" y="${height - bottom}" font-size="11">0</text><line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="currentColor" stroke-width="0.5"/>${rects.join('')}${ticks.join('')}${legend.join('')}</svg>`;
}
