/** The post-mortem file `cadence crisis end` prefills (pure): timeline, volumes, held posts, checklist. */
import type { DailyRow } from '../watch/daily.ts';

export interface PostmortemInput {
  id: string;
  level: number;
  label: string;
  reason: string;
  startedAt: string;
  endedAt: string;
  timeline: { at: string; what: string }[];
  daily: readonly DailyRow[];
  held: { postId: string; channel: string; publishAt: string; stale: boolean }[];
  checklist: readonly string[];
}

export function postmortemMarkdown(p: PostmortemInput): string {
  const fromDay = p.startedAt.slice(0, 10);
  const days = new Map<string, { mentions: number; negative: number; authors: number }>();
  for (const row of p.daily) {
    if (row.scope !== 'brand') continue;
    const day = days.get(row.date) ?? { mentions: 0, negative: 0, authors: 0 };
    day.mentions += row.mentions;
    day.negative += row.negative;
    day.authors += row.negativeAuthors;
    days.set(row.date, day);
  }
  const volume = [...days].filter(([d]) => d >= addDays(fromDay, -7) && d <= p.endedAt.slice(0, 10)).sort(([a], [b]) => a.localeCompare(b));
  return [
    `# Bilan de crise ${p.id}`,
    '',
    `- Niveau ${p.level} (${p.label}) — ${p.reason}`,
    `- Du ${p.startedAt} au ${p.endedAt}`,
    '',
    '## Chronologie',
    '',
    ...p.timeline.map((t) => `- ${t.at} — ${t.what}`),
    '',
    '## Volumes de la veille (mentions de la marque par jour)',
    '',
    '| Jour | Mentions | Négatives | Auteurs négatifs |',
    '| --- | --- | --- | --- |',
    ...(volume.length ? volume.map(([d, v]) => `| ${d}${d >= fromDay ? ' ·' : ''} | ${v.mentions} | ${v.negative} | ${v.authors} |`) : ['| — | — | — | — |']),
    '',
    '(· : pendant la crise)',
    '',
    '## Publications retenues',
    '',
    ...(p.held.length ? p.held.map((h) => `- ${h.publishAt} · ${h.channel} · \`${h.postId}\`${h.stale ? ' — passée : reprogrammée ou abandonnée ?' : ' — repart à la levée de la pause'}`) : ['Aucune.']),
    '',
    '## Ce qui a marché, ce qui a manqué',
    '',
    '- ',
    '',
    '## À faire',
    '',
    ...p.checklist.map((c) => `- [ ] ${c}`),
    '',
  ].join('\n');
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
