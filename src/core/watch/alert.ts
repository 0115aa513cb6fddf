/**
 * The alert issue, in French (the interface of the sample brand; research note §6.5): numbers first,
 * the first mentions and the most reached negative ones with short masked excerpts (they live only in
 * the issue, which people can edit or delete), the suggested crisis level and its approvers, the posts
 * due in the next 48 hours, and a checklist. Also the comment of a later run and the chat summary.
 * Pure: everything comes in as data.
 */
import { toWallClock, pad } from '../time.ts';
import { isNegative, type StoredMention } from './mention.ts';
import type { IncidentRecord } from './incident.ts';
import type { SpikeLevel, SpikeVerdict } from './spike.ts';

export interface AlertMention {
  stored: StoredMention;
  /** The text, when this run read it (earlier runs' texts were never kept). */
  text?: string | undefined;
  handle?: string | undefined;
  /** The full link, when this run read it (Git may keep the site's address only). */
  link?: string | undefined;
}

export interface LevelSuggestion {
  level: number;
  label: string;
  approvers: string[];
  replyTargetMinutes?: number | undefined;
  /** Reply templates to copy (moving the conversation to private messages). */
  replies?: { id: string; text: string }[];
}

export interface DuePost {
  postId: string;
  channel: string;
  publishAtMs: number;
  title: string;
  paused: boolean;
}

export interface AlertInput {
  incidentId: string;
  verdict: SpikeVerdict;
  /** The alerting mentions of the window (and of the risk window), newest last. */
  mentions: readonly AlertMention[];
  timeZone: string;
  suggestion?: LevelSuggestion | undefined;
  duePosts: readonly DuePost[];
  /** Where people can see every mention: the internal site's /veille page, when known. */
  watchPage?: string | undefined;
}

const LEVEL_FR: Record<SpikeLevel, string> = { none: 'rien', watch: 'à surveiller', alert: 'alerte', severe: 'grave' };

export function incidentMarker(id: string): string {
  return `<!-- cadence:watch-incident ${id} -->`;
}

/** The hidden marker of one comment of a run on the incident's issue: how a later run finds it again. */
export function commentMarker(id: string, key: string): string {
  return `<!-- cadence:watch-comment ${id} ${key} -->`;
}

const fr = (n: number, digits = 1) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });

function hours(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}

function when(ms: number, timeZone: string): string {
  const w = toWallClock(ms, timeZone);
  return `${pad(w.day)}/${pad(w.month)} ${pad(w.hour)} h ${pad(w.minute)}`;
}

function pValue(p: number): string {
  return p < 0.0001 ? p.toExponential(1).replace('.', ',') : fr(p, 4);
}

export function alertTitle(input: Pick<AlertInput, 'verdict' | 'suggestion'>): string {
  const v = input.verdict;
  const what = v.level === 'severe' && v.riskAuthors >= 2 && v.observed < 5 ? `mots à risque chez ${v.riskAuthors} auteurs` : `pic négatif — ${v.observed} auteurs en ${hours(v.window.toMs - v.window.fromMs)} (attendu ≈ ${fr(v.expected)})`;
  return `⚠️ Veille : ${what}${input.suggestion ? ` · niveau ${input.suggestion.level} suggéré` : ''}`;
}

/** @handles, e-mail addresses, phone numbers and links replaced; at most 200 characters. */
export function maskExcerpt(text: string, handle?: string): string {
  let masked = text
    .replace(/https?:\/\/\S+|www\.\S+/g, '[lien]')
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[a-z]{2,}/giu, '[e-mail]')
    .replace(/(?<![\p{L}\p{N}])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?/gu, '@…')
    .replace(/(?:\+\d{1,3}[\s.-]?)?(?:\(?0\)?[\s.-]?)?[1-9](?:[\s.-]?\d{2}){4}/g, '[téléphone]')
    .replace(/\s+/g, ' ')
    .trim();
  if (handle) masked = masked.split(handle.replace(/^@/, '')).join('…');
  return masked.length > 200 ? `${masked.slice(0, 199)}…` : masked;
}

function mentionLine(m: AlertMention, timeZone: string): string {
  const s = m.stored;
  const tags = [s.label === 'negative' ? 'négatif' : s.label === 'positive' ? 'positif' : 'neutre', ...(s.risk.length ? [`risque : ${s.risk.join(', ')}`] : []), ...(s.rating ? [`${s.rating}★`] : []), `portée ${s.reach}`];
  const excerpt = m.text ? `\n  > ${maskExcerpt(m.text, m.handle)}` : '';
  return `- [${s.network} · ${when(Date.parse(s.createdAt), timeZone)}](${m.link ?? s.url}) — ${tags.join(' · ')}${excerpt}`;
}

export function alertBody(input: AlertInput): string {
  const v = input.verdict;
  const tz = input.timeZone;
  const lines: string[] = [incidentMarker(input.incidentId), ''];
  lines.push(`**Niveau détecté : ${LEVEL_FR[v.level]}.** ${v.immature ? '_Historique encore court (moins d’une semaine) : la référence est fragile._' : ''}`.trim(), '');
  lines.push('| | Observé | Attendu | Facteur | p |', '| --- | --- | --- | --- | --- |');
  lines.push(`| Auteurs de mentions négatives ou à risque | ${v.observed} | ${fr(v.expected)} | × ${fr(v.factor)} | ${pValue(v.p)} |`);
  lines.push(`| Auteurs de toutes les mentions | ${v.observedAll} | ${fr(v.expectedAll)} | | ${pValue(v.pAll)} |`);
  lines.push('');
  lines.push(
    `Fenêtre : ${when(v.window.fromMs, tz)} → ${when(v.window.toMs, tz)} (${hours(v.window.toMs - v.window.fromMs)}). Référence : ${v.baseline.windows} fenêtres du ${when(v.baseline.fromMs, tz)} au ${when(v.baseline.toMs, tz)}${v.baseline.seasonal ? ', aux mêmes heures de la journée' : ''}, loi ${v.distribution === 'poisson' ? 'de Poisson' : 'binomiale négative'}.`,
  );
  if (v.riskAuthors > 0) lines.push(`Mots à risque chez ${v.riskAuthors} auteur${v.riskAuthors > 1 ? 's' : ''} en 24 h${v.riskReviews ? `, dont ${v.riskReviews} avis 1★` : ''}.`);
  lines.push('');

  const window = input.mentions.filter((m) => Date.parse(m.stored.createdAt) >= v.window.fromMs);
  const byNetwork = Map.groupBy(window, (m) => m.stored.network);
  if (byNetwork.size) {
    lines.push('### Par réseau', '', '| Réseau | Mentions | Négatives ou à risque | Part négative |', '| --- | --- | --- | --- |');
    for (const [network, list] of [...byNetwork].sort((a, b) => b[1].length - a[1].length)) {
      const negative = list.filter((m) => isNegative(m.stored)).length;
      lines.push(`| ${network} | ${list.length} | ${negative} | ${Math.round((100 * negative) / list.length)} % |`);
    }
    lines.push('');
  }

  const negatives = input.mentions.filter((m) => isNegative(m.stored));
  const first = [...negatives].sort((a, b) => a.stored.createdAt.localeCompare(b.stored.createdAt)).slice(0, 3);
  if (first.length) lines.push('### Premières mentions', '', ...first.map((m) => mentionLine(m, tz)), '');
  const reached = [...negatives].sort((a, b) => b.stored.reach - a.stored.reach || b.stored.createdAt.localeCompare(a.stored.createdAt)).filter((m) => !first.includes(m)).slice(0, 5);
  if (reached.length) lines.push('### Les plus relayées', '', ...reached.map((m) => mentionLine(m, tz)), '');
  const riskWords = [...new Set(negatives.flatMap((m) => m.stored.risk))];
  if (riskWords.length) lines.push(`Mots à risque relevés : ${riskWords.join(', ')}.`, '');
  lines.push('_Extraits masqués (pseudos, e-mails, téléphones, liens), limités à 200 caractères : ils ne vivent que dans ce ticket, jamais dans Git. Modifiez ou supprimez-les ici au besoin._', '');

  if (input.suggestion) {
    const s = input.suggestion;
    lines.push(`### Niveau de crise suggéré : ${s.level} · ${s.label}`, '');
    lines.push(`À décider par ${s.approvers.map((a) => `@${a.replace(/^@/, '')}`).join(', ') || '(aucun approbateur déclaré)'}${s.replyTargetMinutes ? ` · délai de réponse visé : ${s.replyTargetMinutes < 120 ? `${s.replyTargetMinutes} min` : `${Math.round(s.replyTargetMinutes / 60)} h`}` : ''}.`, '');
    if (s.replies?.length) {
      lines.push('Réponses types (pour passer en message privé) :', '');
      for (const r of s.replies) lines.push(`> **${r.id}** — ${r.text.replace(/\n+/g, ' ')}`, '');
    }
  }

  lines.push('### Publications prévues dans les 48 h', '');
  if (input.duePosts.length === 0) lines.push('Aucune.', '');
  else {
    for (const p of input.duePosts) lines.push(`- ${when(p.publishAtMs, tz)} · ${p.channel} · ${p.title} (\`${p.postId}\`)${p.paused ? ' — en pause' : ''}`);
    lines.push('');
  }

  lines.push('### À faire', '');
  lines.push('- [ ] Lire les mentions ci-dessus (et la page Veille du site interne)');
  lines.push('- [ ] Répondre une fois en public, puis proposer le message privé (réponses types ci-dessus)');
  lines.push('- [ ] Décider du niveau de crise avec les approbateurs');
  lines.push(`- [ ] Si besoin : \`npx cadence crisis start --level ${input.suggestion?.level ?? 'N'} --reason "…"\` (ou le workflow « crisis » dans l’onglet Actions)`);
  lines.push('- [ ] Vérifier les publications prévues ci-dessus : les suspendre ou les garder');
  if (input.watchPage) lines.push('', `Toutes les mentions : ${input.watchPage}`);
  return `${lines.join('\n')}\n`;
}

export function updateComment(input: AlertInput, reason: 'escalated' | 'grew' | 'reopened' | 'retry'): string {
  const v = input.verdict;
  const why = reason === 'escalated' || reason === 'retry' ? `le niveau monte : **${LEVEL_FR[v.level]}**` : reason === 'grew' ? 'de nouveaux auteurs' : 'nouveau pic peu après le précédent';
  const recent = input.mentions.filter((m) => isNegative(m.stored) && m.text).slice(-5);
  return [
    `${incidentMarker(input.incidentId)}`,
    `**Mise à jour (${when(v.window.toMs, input.timeZone)}) — ${why}.** ${v.observed} auteurs de mentions négatives en ${hours(v.window.toMs - v.window.fromMs)} (attendu ≈ ${fr(v.expected)}, p = ${pValue(v.p)}).`,
    '',
    ...(recent.length ? ['Nouvelles mentions :', '', ...recent.map((m) => mentionLine(m, input.timeZone)), ''] : []),
    ...(input.suggestion ? [`Niveau de crise suggéré : ${input.suggestion.level} · ${input.suggestion.label}.`] : []),
  ].join('\n');
}

export function resolvedComment(incident: IncidentRecord, nowMs: number, timeZone: string): string {
  return `${incidentMarker(incident.id)}\n**Retour au calme (${when(nowMs, timeZone)}).** Aucune alerte depuis le ${when(Date.parse(incident.lastAlertAt), timeZone)}. Pic : ${incident.peak} auteurs. Fermez ce ticket quand le suivi est terminé.\n`;
}

/** The short chat message (Slack, Discord): no excerpt ever goes to a third-party chat. */
export function chatSummary(input: Pick<AlertInput, 'verdict' | 'suggestion'>, issueUrl: string | undefined): string {
  const v = input.verdict;
  return `${alertTitle(input)} — p = ${pValue(v.p)}, ${v.observedAll} auteurs au total${issueUrl ? ` — ${issueUrl}` : ''}`;
}
