/** UI strings of both sites, French and English; the editorial line's `brand.locale` picks one. */
export type Locale = 'fr' | 'en';

const fr = {
  skip: 'Aller au contenu',
  home: 'Accueil',
  blog: 'Articles',
  about: 'À propos',
  netiquette: 'Netiquette',
  rss: 'Flux RSS',
  latest: 'Derniers articles',
  allArticles: 'Tous les articles',
  noArticles: 'Aucun article publié pour le moment.',
  readMore: 'Lire l’article',
  publishedOn: 'Publié le',
  by: 'par',
  pillar: 'Thème',
  pillars: 'Thèmes',
  tags: 'Mots-clés',
  tag: 'Mot-clé',
  page: 'Page',
  previous: 'Page précédente',
  next: 'Page suivante',
  pagination: 'Pagination',
  aboutTitle: 'À propos',
  whatWeWrite: 'Ce dont nous parlons',
  findUs: 'Où nous trouver',
  rules: 'Nos règles de modération',
  actionHide: 'masqué',
  actionFlag: 'relu par une personne',
  actionReport: 'signalé à la plateforme',
  contact: 'Contester une décision',
  updated: 'Mise à jour',
  notFound: 'Page introuvable',
  notFoundText: 'Cette page n’existe pas (ou pas encore).',
  backHome: 'Retour à l’accueil',
  footer: 'Blog publié avec Cadence',
  // internal calendar
  calendar: 'Calendrier éditorial',
  month: 'Mois',
  week: 'Semaine',
  list: 'Liste',
  line: 'Ligne éditoriale',
  today: 'Aujourd’hui',
  prevMonth: 'Mois précédent',
  nextMonth: 'Mois suivant',
  prevWeek: 'Semaine précédente',
  nextWeek: 'Semaine suivante',
  filters: 'Filtres',
  channel: 'Réseau',
  campaign: 'Campagne',
  status: 'Statut',
  all: 'Tous',
  observances: 'Temps forts',
  gaps: 'Creux de cadence',
  conflicts: 'Conflits',
  mix: 'Équilibre des piliers',
  target: 'Cible',
  share: 'Part',
  count: 'Publications',
  none: 'Aucun',
  download: 'Télécharger le calendrier (ICS)',
  internalNotice: 'Site interne : ne pas publier.',
  weekdays: ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'],
  gapText: (n: number, target: number, weeks: number) => `${n} publication(s) pour une cible de ${target}${weeks > 1 ? ` sur ${weeks} semaines` : ' par semaine'}`,
  statuses: {
    draft: 'brouillon',
    'in-review': 'en relecture',
    approved: 'approuvé',
    due: 'à publier',
    published: 'publié',
    failed: 'échec',
    unconfirmed: 'non confirmé',
    paused: 'en pause',
    expired: 'expiré',
    retracted: 'retiré',
  } as Record<string, string>,
};

const en: typeof fr = {
  skip: 'Skip to content',
  home: 'Home',
  blog: 'Articles',
  about: 'About',
  netiquette: 'Community guidelines',
  rss: 'RSS feed',
  latest: 'Latest articles',
  allArticles: 'All articles',
  noArticles: 'No article published yet.',
  readMore: 'Read the article',
  publishedOn: 'Published on',
  by: 'by',
  pillar: 'Topic',
  pillars: 'Topics',
  tags: 'Tags',
  tag: 'Tag',
  page: 'Page',
  previous: 'Previous page',
  next: 'Next page',
  pagination: 'Pagination',
  aboutTitle: 'About',
  whatWeWrite: 'What we write about',
  findUs: 'Find us',
  rules: 'Our moderation rules',
  actionHide: 'hidden',
  actionFlag: 'reviewed by a person',
  actionReport: 'reported to the platform',
  contact: 'Appeal a decision',
  updated: 'Updated',
  notFound: 'Page not found',
  notFoundText: 'This page does not exist (or not yet).',
  backHome: 'Back to the home page',
  footer: 'Blog published with Cadence',
  calendar: 'Editorial calendar',
  month: 'Month',
  week: 'Week',
  list: 'List',
  line: 'Editorial line',
  today: 'Today',
  prevMonth: 'Previous month',
  nextMonth: 'Next month',
  prevWeek: 'Previous week',
  nextWeek: 'Next week',
  filters: 'Filters',
  channel: 'Channel',
  campaign: 'Campaign',
  status: 'Status',
  all: 'All',
  observances: 'Key dates',
  gaps: 'Cadence gaps',
  conflicts: 'Conflicts',
  mix: 'Pillar mix',
  target: 'Target',
  share: 'Share',
  count: 'Posts',
  none: 'None',
  download: 'Download the calendar (ICS)',
  internalNotice: 'Internal site: do not publish.',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  gapText: (n: number, target: number, weeks: number) => `${n} post(s) for a target of ${target}${weeks > 1 ? ` over ${weeks} weeks` : ' a week'}`,
  statuses: {
    draft: 'draft',
    'in-review': 'in review',
    approved: 'approved',
    due: 'due',
    published: 'published',
    failed: 'failed',
    unconfirmed: 'unconfirmed',
    paused: 'paused',
    expired: 'expired',
    retracted: 'retracted',
  },
};

export type Strings = typeof fr;
export const STRINGS: Record<Locale, Strings> = { fr, en };

export function strings(locale: string | undefined): Strings {
  return STRINGS[locale === 'en' ? 'en' : 'fr'];
}

// A formatter costs about 0.15 ms to create: one per (locale, options), not one per date (60,000 dates a 10,000-article build).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\0${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', options);
    formatters.set(key, format);
  }
  return format;
}

// An article's date shows on its page and on half a dozen lists: formatted once (9 µs each, 0.5 s a 10,000-article build).
const longDates = new Map<string, string>();

/** A long local date such as « 14 décembre 2026 » / "December 14, 2026", in the brand's zone. */
export function formatDate(epochMs: number, locale: string, timeZone: string): string {
  const key = `${locale}\0${timeZone}\0${epochMs}`;
  let text = longDates.get(key);
  if (text === undefined) {
    text = formatter(locale, { dateStyle: 'long', timeZone }).format(new Date(epochMs));
    longDates.set(key, text);
  }
  return text;
}

export function formatMonth(yearMonth: string, locale: string): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return formatter(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** A URL-safe slug of a tag or label. */
export function slugify(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'tag';
}
