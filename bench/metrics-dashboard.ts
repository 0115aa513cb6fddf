/**
 * The internal site's reporting section without Astro: what its pages compute and draw, in one process,
 * the way one build does it (src/site/reporting.ts loads and indexes data/metrics/ once; every page then
 * reads from it). bench/metrics.ts times it as a child process:
 *
 *   node bench/metrics-dashboard.ts <brand root> <ISO instant>
 *
 * Prints a JSON summary (pages' counts, how many months were frozen, the time of each stage) on stdout.
 */
import { addDay } from '../src/core/metrics/plan.ts';
import { isFrozen } from '../src/metrics/report/freeze.ts';
import { reportBodyHtml, slotHeatmap } from '../src/metrics/report/render.ts';
import { barChart, lineChart, progressBar } from '../src/site/charts.ts';
import { loadEditorialLine } from '../src/site/content.ts';
import { loadReporting } from '../src/site/reporting.ts';

const [root, at] = process.argv.slice(2);
if (!root || !at || Number.isNaN(Date.parse(at))) {
  process.stderr.write('usage: node bench/metrics-dashboard.ts <brand root> <ISO instant>\n');
  process.exit(2);
}
const nowMs = Date.parse(at);
/** Each stage's wall and CPU milliseconds (CPU: user + system, less sensitive to a busy machine). */
const stages: Record<string, { ms: number; cpuMs: number }> = {};
let last = { wall: performance.now(), cpu: process.cpuUsage() };
const stage = (name: string) => {
  const cpu = process.cpuUsage(last.cpu);
  stages[name] = { ms: Math.round(performance.now() - last.wall), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  last = { wall: performance.now(), cpu: process.cpuUsage() };
};

const line = loadEditorialLine(root);
const reporting = loadReporting(root, line, nowMs);
// loadReporting also takes what the campaigns, A/B tests and channel pages show from the dataset.
stage('load + dataset + dashboard report');
let bytes = 0;
// index.astro: objectives with their progress bars.
for (const o of reporting.current.objectives) bytes += progressBar({ title: o.label, description: o.label, progress: o.progress, expected: o.expected }).length;
// slots.astro, pillars.astro.
for (const slot of reporting.current.slots) bytes += slotHeatmap(reporting.current, slot).length;
bytes += barChart({ title: 'mix', description: '', tableLabel: '', labelHead: '', valueHead: '', bars: reporting.current.pillars.map((p) => ({ label: p.label, value: p.share })), format: String }).length;
// campaigns.astro (the whole history), experiments.astro: taken by loadReporting.
const campaigns = reporting.campaigns;
const tests = reporting.experiments;
// channels/[channel].astro.
for (const channel of reporting.channels) {
  const points = reporting.followers(channel).filter((r) => r.d >= addDay(reporting.today, -180)).map((r) => ({ x: r.d, y: Number.isNaN(r.followers) ? (r.members ?? 0) : r.followers }));
  bytes += lineChart({ title: channel, description: '', tableLabel: '', xLabel: '', yLabel: '', points, format: String }).length;
  bytes += barChart({ title: channel, description: '', tableLabel: '', labelHead: '', valueHead: '', bars: (reporting.lastWeeks.find((w) => w.channel === channel)?.weeks ?? []).map((w) => ({ label: w.week, value: w.count })), format: String }).length;
  const recent = reporting.recentLifts(channel);
  bytes += barChart({ title: channel, description: '', tableLabel: '', labelHead: '', valueHead: '', bars: recent.map((p) => ({ label: p.day, value: p.lift! })), format: String }).length;
}
stage('channel pages');
// reports/[month]/index.astro and report.csv: a month the monthly job froze (data/reports/<month>/) is read, not computed.
const frozen = reporting.months.filter((month) => isFrozen(root, month)).length;
for (const month of reporting.months) {
  const report = reporting.month(month);
  bytes += reportBodyHtml(report).length + reporting.monthCsv(month).length;
}
stage('monthly reports (HTML + CSV)');
process.stdout.write(
  `${JSON.stringify({ publications: reporting.publications, channels: reporting.channels.length, months: reporting.months.length, frozen, campaigns: campaigns.length, experiments: tests.length, objectives: reporting.current.objectives.length, bytes, stages })}\n`,
);
