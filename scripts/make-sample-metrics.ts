// Writes the sample brand's seeded metrics history (deterministic: run it again after changing the sample
// posts or the editorial line, and commit the result):
//
//   samples/metrics/network/<channel>.jsonl   what each network "answers" the outbox readers: every sample
//                                             post's counters by age, and the account's followers per day
//   samples/metrics/network/blog.jsonl        the blog analytics' days (pages, UTM visits)
//   samples/metrics/history/                  a data/metrics/ tree of the brand's six months before the
//                                             sample posts (June–November 2026), as the metrics workflow
//                                             would have committed it; `npm start` copies it into the demo
//
//   node scripts/make-sample-metrics.ts
//
// The numbers follow a bakery's accounts: Instagram reaches about a third of its followers with an
// engagement rate near 4 % of reach, Facebook a quarter, Mastodon and Bluesky counters only; evening
// slots and seasonal products do better; every post gets log-normal noise.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelId } from '../src/core/channels.ts';
import { addDay } from '../src/core/metrics/plan.ts';
import { MILESTONES, type MetricName } from '../src/core/metrics/model.ts';
import { accountsFile, blogFile, postsFile, runsFile } from '../src/core/metrics/format.ts';
import { seededRandom } from '../src/core/metrics/stats.ts';
import { channelContent } from '../src/core/post.ts';
import { resolveDateTime, toWallClock, weekdayOf } from '../src/core/time.ts';
import { slotsOn } from '../src/core/slots.ts';
import { loadBrandContent } from '../src/publish/content.ts';

const repo = path.resolve(import.meta.dirname, '..');
const out = path.join(repo, 'samples/metrics');
const random = seededRandom(20_261_208);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const content = loadBrandContent(repo);
const line = content.line!;
const tz = line.brand.timezone;

const HISTORY_FROM = '2026-06-01';
const HISTORY_TO = '2026-11-26';
const WORLD_TO = '2027-06-30';
const AGES = [1, 24, 168, 672, 2160];

// Followers per channel: a start, a daily growth and a December boost (the Christmas orders).
const AUDIENCE: Partial<Record<ChannelId, { start: number; perDay: number; december: number; field: 'followers' | 'members' }>> = {
  instagram: { start: 2610, perDay: 2.2, december: 5.5, field: 'followers' },
  facebook: { start: 780, perDay: 0.45, december: 1.2, field: 'followers' },
  mastodon: { start: 372, perDay: 0.3, december: 0.4, field: 'followers' },
  bluesky: { start: 236, perDay: 0.55, december: 0.7, field: 'followers' },
  x: { start: 528, perDay: -0.08, december: 0.1, field: 'followers' },
  linkedin: { start: 405, perDay: 0.35, december: 0.5, field: 'followers' },
  threads: { start: 298, perDay: 0.7, december: 1.1, field: 'followers' },
  telegram: { start: 148, perDay: 0.22, december: 0.6, field: 'followers' },
  discord: { start: 152, perDay: 0.15, december: 0.35, field: 'members' },
};

function audience(channel: ChannelId, day: string): number {
  const a = AUDIENCE[channel];
  if (!a) return 0;
  let value = a.start;
  for (let d = HISTORY_FROM; d < day; d = addDay(d, 1)) value += d.slice(5, 7) === '12' ? a.december : a.perDay;
  return Math.round(value);
}

// What each network has, and the final (+90 d) counters of an average post as fractions of its audience.
const MODEL: Partial<Record<ChannelId, { reach?: number; views?: number; rates: Partial<Record<MetricName, number>>; halfLifeH: number }>> = {
  instagram: { reach: 0.34, views: 1.55, rates: { likes: 0.031, comments: 0.0035, shares: 0.0025, saves: 0.004 }, halfLifeH: 14 },
  facebook: { reach: 0.26, views: 1.3, rates: { likes: 0.024, comments: 0.004, shares: 0.003, clicks: 0.014 }, halfLifeH: 6 },
  mastodon: { rates: { likes: 0.052, reposts: 0.021, comments: 0.006, quotes: 0.001 }, halfLifeH: 3 },
  bluesky: { rates: { likes: 0.06, reposts: 0.018, comments: 0.007, quotes: 0.002, saves: 0.004 }, halfLifeH: 4 },
  x: { views: 1.1, rates: { likes: 0.011, reposts: 0.0015, comments: 0.001, quotes: 0.0003, saves: 0.0008, clicks: 0.004, profileClicks: 0.002 }, halfLifeH: 1.5 },
  linkedin: { reach: 0.55, views: 0.85, rates: { likes: 0.022, comments: 0.003, shares: 0.002, clicks: 0.011 }, halfLifeH: 24 },
  threads: { views: 1.2, rates: { likes: 0.04, comments: 0.008, reposts: 0.004, quotes: 0.001, shares: 0.002 }, halfLifeH: 5 },
  discord: { rates: { likes: 0.12 }, halfLifeH: 10 },
};

// Effects that make the dashboards tell a story: evenings and seasonal products work better.
const SLOT_EFFECT: Record<string, number> = { '18:00': 1.38, '12:30': 1.0, '08:30': 0.78, '10:00': 1.12 };
const PILLAR_EFFECT: Record<string, number> = { 'produits-saison': 1.18, 'coulisses-fournil': 1.08, 'recettes-conseils': 1.05, communaute: 0.95, 'engagement-local': 0.88 };

interface Sample {
  post: string;
  channel: ChannelId;
  publishedMs: number;
  pillar?: string;
  campaign?: string;
  title: string;
  arm?: 'A' | 'B';
  exp?: string;
  boost?: number;
}

/** Counters at each age of AGES for one publication. */
function curve(sample: Sample): Partial<Record<MetricName, number[]>> {
  const model = MODEL[sample.channel];
  if (!model) return {};
  const wall = toWallClock(sample.publishedMs, tz);
  // The slot it was scheduled for (runs publish a few minutes after it).
  const time = `${String(wall.hour).padStart(2, '0')}:${String(Math.floor(wall.minute / 30) * 30).padStart(2, '0')}`;
  const day = new Date(sample.publishedMs).toISOString().slice(0, 10);
  const size = audience(sample.channel, day);
  const effect = (SLOT_EFFECT[time] ?? 1) * (PILLAR_EFFECT[sample.pillar ?? ''] ?? 1) * Math.exp(0.28 * normal()) * (sample.boost ?? 1);
  const share = (h: number) => 1 - Math.exp((-h * Math.LN2) / model.halfLifeH) * 0.97 - 0.03 * Math.exp(-h / 400);
  const noise = Math.exp(0.2 * normal());
  const reach = model.reach ? model.reach * size * noise : undefined;
  const views = model.views ? (reach !== undefined ? reach * model.views : model.views * size * noise) : undefined;
  // Rates are of reach where the network has it, else of views, else of followers.
  const base = reach ?? views ?? size;
  const out: Partial<Record<MetricName, number[]>> = {};
  if (reach !== undefined) out.reach = AGES.map((h) => Math.round(reach * share(h)));
  if (views !== undefined) out.views = AGES.map((h) => Math.round(views * share(h)));
  for (const [metric, rate] of Object.entries(model.rates) as [MetricName, number][]) {
    const final = base * rate * (metric === 'clicks' || metric === 'profileClicks' ? 1 : effect);
    out[metric] = AGES.map((h) => Math.round(final * share(h)));
  }
  return out;
}

function jsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

// ---- The sample posts (content/posts), on their scheduled times ----------------------------------------
const samplePubs: Sample[] = [];
for (const post of content.posts) {
  for (const channel of post.data.channels) {
    const c = channelContent(post.data, channel);
    const at = resolveDateTime(c.publishAt ?? post.data.publishAt, tz);
    if (!at.ok) continue;
    samplePubs.push({ post: post.id, channel, publishedMs: at.epochMs, title: post.data.title, ...(post.data.pillar ? { pillar: post.data.pillar } : {}), ...(post.data.campaign ? { campaign: post.data.campaign } : {}) });
  }
}

// ---- The brand's earlier posts (June–November 2026) ---------------------------------------------------
const TOPICS: [string, string, string | undefined][] = [
  ['Le levain du lundi', 'coulisses-fournil', undefined],
  ['Pain aux figues de saison', 'produits-saison', undefined],
  ['Conserver sa baguette trois jours', 'recettes-conseils', undefined],
  ['Merci aux voisins de la Grande Rue', 'communaute', undefined],
  ['Farine du moulin de Saint-Romain', 'engagement-local', undefined],
  ['La tarte aux pêches de vigne', 'produits-saison', undefined],
  ['Une nuit au fournil', 'coulisses-fournil', undefined],
  ['Recette : pain perdu aux abricots', 'recettes-conseils', undefined],
  ['Les paniers anti-gaspi du soir', 'engagement-local', undefined],
  ['Portrait d’une cliente fidèle', 'communaute', undefined],
  ['Rentrée : le goûter des écoliers', 'produits-saison', 'rentree-2026'],
  ['Horaires de la rentrée', 'communaute', 'rentree-2026'],
  ['Journées du patrimoine : le four de 1890', 'coulisses-fournil', 'patrimoine-2026'],
  ['Semaine du goût : atelier pains', 'engagement-local', 'semaine-du-gout-2026'],
  ['Semaine du goût : les enfants au pétrin', 'communaute', 'semaine-du-gout-2026'],
  ['Brioche aux pralines roses', 'produits-saison', undefined],
  ['Le pain d’épices revient', 'produits-saison', 'beaujolais-2026'],
  ['Beaujolais nouveau : quel pain servir ?', 'recettes-conseils', 'beaujolais-2026'],
];
const ARCHIVE_CHANNELS: ChannelId[] = ['instagram', 'facebook', 'mastodon', 'bluesky', 'x', 'linkedin', 'threads', 'telegram', 'discord', 'blog'];
const archive: Sample[] = [];
let serial = 0;
for (let week = HISTORY_FROM; week <= HISTORY_TO; week = addDay(week, 7)) {
  for (let n = 0; n < 5; n++) {
    const day = addDay(week, Math.floor(random() * 7));
    if (day > HISTORY_TO) continue;
    const month = day.slice(5, 7);
    const pool = TOPICS.filter(([, , campaign]) => !campaign || (campaign.startsWith('rentree') && month === '09') || (campaign.startsWith('patrimoine') && month === '09') || (campaign.startsWith('semaine') && month === '10') || (campaign.startsWith('beaujolais') && month === '11'));
    const [title, pillar, campaign] = pool[Math.floor(random() * pool.length)]!;
    const wall = { year: Number(day.slice(0, 4)), month: Number(month), day: Number(day.slice(8, 10)) };
    const weekday = weekdayOf(wall);
    const id = `${day.slice(0, 7)}-${title.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}-${++serial}`;
    for (const channel of ARCHIVE_CHANNELS) {
      const perWeek = line.channels[channel]?.cadence?.perWeek ?? 0;
      if (random() > perWeek / 5) continue;
      const slots = slotsOn(line.channels[channel]?.slots, weekday) ?? [];
      if (slots.length === 0) continue;
      const time = slots[Math.floor(random() * slots.length)]!;
      const at = resolveDateTime(`${day}T${time}`, tz);
      if (!at.ok) continue;
      archive.push({ post: id, channel, publishedMs: at.epochMs + Math.floor(random() * 9) * 60_000, title, pillar, ...(campaign ? { campaign } : {}) });
    }
  }
}
// A declared A/B cross-test on Instagram in October: a photo (A) against a short video (B), four pairs.
for (let pair = 0; pair < 4; pair++) {
  const day = addDay('2026-10-05', pair * 7);
  for (const [arm, hour, boost] of [['A', '18:00', 1.0], ['B', '18:00', 1.3]] as const) {
    const at = resolveDateTime(`${arm === 'A' ? day : addDay(day, 2)}T${hour}`, tz);
    if (!at.ok) continue;
    archive.push({ post: `2026-10-pain-levain-${arm === 'A' ? 'photo' : 'video'}-${pair + 1}`, channel: 'instagram', publishedMs: at.epochMs, title: arm === 'A' ? 'Le pain au levain, en photo' : 'Le pain au levain, en vidéo', pillar: 'coulisses-fournil', exp: 'visuel-levain', arm, boost });
  }
}

// ---- Write the "network" the outbox reads ------------------------------------------------------------
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'network'), { recursive: true });
const worldPubs = [...samplePubs, ...archive];
for (const channel of ARCHIVE_CHANNELS) {
  const rows: object[] = [];
  for (const sample of worldPubs.filter((s) => s.channel === channel && channel !== 'blog')) {
    const c = curve(sample);
    if (Object.keys(c).length) rows.push({ post: sample.post, ages: AGES, ...c });
  }
  if (AUDIENCE[channel]) for (let d = HISTORY_FROM; d <= WORLD_TO; d = addDay(d, 1)) rows.push({ d, [AUDIENCE[channel]!.field]: audience(channel, d) });
  if (channel !== 'blog') writeFileSync(path.join(out, 'network', `${channel}.jsonl`), jsonl(rows));
}
// The blog: page views per article, and social visits tagged by the UTM tags publishing adds.
const blogPosts = worldPubs.filter((s) => s.channel === 'blog');
writeFileSync(
  path.join(out, 'network', 'blog-posts.jsonl'),
  jsonl(blogPosts.map((s) => ({ post: s.post, ages: AGES, views: AGES.map((h) => Math.round(420 * Math.exp(0.35 * normal()) * (1 - Math.exp(-h / 60)))) }))),
);
const blogRows: object[] = [];
const SOURCES: [ChannelId, number][] = [['instagram', 9], ['facebook', 6], ['telegram', 4], ['mastodon', 2], ['bluesky', 1.5], ['x', 1], ['linkedin', 1.5], ['threads', 1.2], ['discord', 1]];
for (let d = HISTORY_FROM; d <= WORLD_TO; d = addDay(d, 1)) {
  const season = d.slice(5, 7) === '12' ? 2.6 : d.slice(5, 7) === '01' ? 1.8 : 1;
  blogRows.push({ d, path: '/', visitors: Math.round(60 * season * Math.exp(0.2 * normal())), pageviews: Math.round(85 * season * Math.exp(0.2 * normal())) });
  for (const s of blogPosts.filter((b) => b.publishedMs <= Date.parse(`${d}T23:59:59Z`) && Date.parse(`${d}T00:00:00Z`) - b.publishedMs < 21 * 86_400_000)) {
    const age = (Date.parse(`${d}T12:00:00Z`) - s.publishedMs) / 86_400_000;
    const visitors = Math.round(110 * Math.exp(-Math.max(0, age) / 5) * Math.exp(0.3 * normal()));
    if (visitors > 0) blogRows.push({ d, path: `/blog/${s.post}/`, visitors, pageviews: Math.round(visitors * 1.3) });
  }
  const live = worldPubs.filter((s) => s.campaign && Math.abs(Date.parse(`${d}T12:00:00Z`) - s.publishedMs) < 6 * 86_400_000);
  for (const [source, weight] of SOURCES) {
    const campaign = live.find((s) => s.channel === source)?.campaign;
    const visits = Math.round(weight * season * Math.exp(0.4 * normal()));
    if (visits > 0) blogRows.push({ d, src: source, ...(campaign ? { campaign } : {}), visits, visitors: Math.max(1, Math.round(visits * 0.9)) });
  }
}
writeFileSync(path.join(out, 'network', 'blog.jsonl'), jsonl(blogRows));

// ---- The history the metrics workflow committed before the sample posts ---------------------------------
const history = new Map<string, object[]>();
const put = (file: string, row: object) => history.set(file, [...(history.get(file) ?? []), row]);
const endMs = Date.parse(`${HISTORY_TO}T23:00:00Z`);
const valueAt = (ages: number[], values: number[], h: number) => {
  if (h <= ages[0]!) return Math.round((values[0]! * h) / ages[0]!);
  for (let i = 1; i < ages.length; i++) if (h <= ages[i]!) return Math.round(values[i - 1]! + ((values[i]! - values[i - 1]!) * (h - ages[i - 1]!)) / (ages[i]! - ages[i - 1]!));
  return values.at(-1)!;
};
for (const sample of archive.sort((a, b) => a.publishedMs - b.publishedMs)) {
  const iso = new Date(sample.publishedMs).toISOString();
  const file = postsFile(iso, sample.channel);
  const rid = sample.channel === 'mastodon' ? String(113_000_000_000_000_000 + sample.publishedMs) : `${sample.channel}-${sample.publishedMs}`;
  put(file, { post: sample.post, ch: sample.channel, rid, pub: iso, title: sample.title, ...(sample.pillar ? { pillar: sample.pillar } : {}), ...(sample.campaign ? { campaign: sample.campaign } : {}), ...(sample.exp ? { exp: sample.exp, arm: sample.arm } : {}) });
  const c = sample.channel === 'blog' ? { views: AGES.map((h) => Math.round(380 * (1 - Math.exp(-h / 60)))) } : curve(sample);
  if (Object.keys(c).length === 0) continue;
  for (const m of MILESTONES) {
    const delay = random() < 0.04 ? 6 + random() * 30 : random() * 0.4;
    const ageH = Math.round((m.hours + delay) * 10) / 10;
    const atMs = sample.publishedMs + ageH * 3_600_000;
    if (atMs > endMs) break;
    const counters = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, valueAt(AGES, v as number[], ageH)]));
    put(file, { post: sample.post, ch: sample.channel, age: m.id, at: new Date(atMs).toISOString().replace(/\.\d+Z$/, 'Z'), ageH, ...(ageH > m.lateAfterHours ? { late: true } : {}), ...counters, api: sample.channel === 'blog' ? 'plausible-v2' : 'outbox' });
  }
}
for (const [channel, a] of Object.entries(AUDIENCE) as [ChannelId, NonNullable<(typeof AUDIENCE)[ChannelId]>][]) {
  for (let d = HISTORY_FROM; d <= HISTORY_TO; d = addDay(d, 1)) put(accountsFile(channel, d), { ch: channel, d, at: `${d}T02:43:00Z`, [a.field]: audience(channel, d) });
}
for (const row of blogRows as { d: string }[]) if (row.d <= addDay(HISTORY_TO, -1)) put(blogFile(row.d), row);
for (let d = HISTORY_FROM; d <= HISTORY_TO; d = addDay(d, 1)) {
  const at = `${d}T02:43:00Z`;
  const failed = d === '2026-09-15';
  put(runsFile(at), { run: `${d.replace(/-/g, '')}T024300-seed`, at, channels: failed ? { facebook: { ok: false, error: 'facebook: refused 400: (#100) The value must be a valid insights metric (post_impressions)' } } : { instagram: { ok: true } } });
}
for (const [file, rows] of history) {
  const target = path.join(out, 'history', path.relative('data/metrics', file));
  mkdirSync(path.dirname(target), { recursive: true });
  // Snapshot rows of a file are written in reading order, as the runs appended them.
  const sorted = [...rows].sort((a, b) => String((a as { at?: string; pub?: string }).at ?? (a as { pub?: string }).pub).localeCompare(String((b as { at?: string; pub?: string }).at ?? (b as { pub?: string }).pub)));
  writeFileSync(target, jsonl(file.includes('/posts/') ? sorted : rows));
}
writeFileSync(
  path.join(out, 'README.md'),
  `# Seeded metrics of the sample brand\n\nWritten by \`node scripts/make-sample-metrics.ts\` (deterministic). See docs/metrics.md.\n\n- \`network/\`: what each network answers the outbox readers of \`cadence metrics\` when a channel has no credentials: every sample post's counters by age, each account's followers per day, the blog's analytics per day.\n- \`history/\`: the \`data/metrics/\` the metrics workflow would have committed from ${HISTORY_FROM} to ${HISTORY_TO}, before the sample posts; \`npm start\` copies it into the demo brand so the dashboards have six months behind them.\n`,
);
console.log(`samples/metrics: ${samplePubs.length} sample publications, ${archive.length} earlier ones, ${blogRows.length} blog rows`);
