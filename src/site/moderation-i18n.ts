/** UI strings of the internal site's moderation page, French and English (the editorial line's locale picks one). */
const fr = {
  moderation: 'Modération',
  queue: 'File d’attente',
  queueEmpty: 'Rien en attente.',
  queueSource: (kind: string): string => (kind === 'github' ? 'tickets GitHub (label moderation)' : 'file locale .cadence/moderation/queue.jsonl'),
  queueUnavailable: 'File indisponible',
  age: 'Âge',
  target: 'Délai cible',
  overdue: 'en retard',
  onTime: 'dans les temps',
  item: 'Élément',
  network: 'Réseau',
  rule: 'Règle',
  kind: 'Type',
  toAnswer: 'à répondre',
  flag: 'à relire',
  open: 'ouvrir',
  perRule: 'Décisions par règle et par réseau',
  decided: 'lus',
  hidden: 'masqués',
  reported: 'signalés',
  flagged: 'en file',
  degraded: 'dégradés',
  restored: 'rétablis (faux positifs)',
  shadow: 'en essai (shadow)',
  firstReply: 'Délai de première réponse',
  median: 'Médiane',
  answered: 'questions répondues',
  noData: 'Aucune donnée de modération pour le moment (lancez `cadence moderate`).',
  breaker: (n: number) => `Disjoncteur déclenché ${n} fois : des passages auraient masqué trop de messages.`,
  window: (days: number) => `sur les ${days} derniers jours`,
  hours: (h: number) => `${h} h`,
};

const en: typeof fr = {
  moderation: 'Moderation',
  queue: 'Queue',
  queueEmpty: 'Nothing waiting.',
  queueSource: (kind: string) => (kind === 'github' ? 'GitHub issues (label moderation)' : 'local queue .cadence/moderation/queue.jsonl'),
  queueUnavailable: 'Queue unavailable',
  age: 'Age',
  target: 'Target',
  overdue: 'overdue',
  onTime: 'on time',
  item: 'Item',
  network: 'Network',
  rule: 'Rule',
  kind: 'Kind',
  toAnswer: 'to answer',
  flag: 'to review',
  open: 'open',
  perRule: 'Decisions per rule and network',
  decided: 'read',
  hidden: 'hidden',
  reported: 'reported',
  flagged: 'queued',
  degraded: 'degraded',
  restored: 'restored (false positives)',
  shadow: 'trial (shadow)',
  firstReply: 'Time to first reply',
  median: 'Median',
  answered: 'questions answered',
  noData: 'No moderation data yet (run `cadence moderate`).',
  breaker: (n: number) => `Circuit breaker tripped ${n} time(s): runs would have hidden too many messages.`,
  window: (days: number) => `over the last ${days} days`,
  hours: (h: number) => `${h} h`,
};

export type ModerationStrings = typeof fr;

export function moderationStrings(locale: string | undefined): ModerationStrings {
  return locale === 'en' ? en : fr;
}

/** A duration for people: « 42 min », « 3,5 h », « 2 j ». */
export function formatDuration(seconds: number, locale: string): string {
  const number = (n: number) => n.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
  if (seconds < 3600) return `${Math.max(0, Math.round(seconds / 60))} min`;
  if (seconds < 48 * 3600) return `${number(seconds / 3600)} h`;
  return `${number(seconds / 86400)} ${locale === 'en' ? 'd' : 'j'}`;
}
