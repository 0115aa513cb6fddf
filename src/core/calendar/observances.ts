/**
 * Dates a French community manager plans around: fixed ones (14 juillet, Chandeleur…), Easter-based ones
 * (Mardi gras, Pâques, Ascension, Pentecôte) and rule-based ones (Fête des mères, Black Friday…), plus the
 * editorial line's own observances. Pure: dates are `YYYY-MM-DD` strings of the local calendar.
 */
import { pad } from '../time.ts';

export interface Observance {
  /** YYYY-MM-DD */
  date: string;
  label: string;
  note?: string;
  /** `france` for the built-in list, `brand` for the editorial line's own dates. */
  source: 'france' | 'brand';
}

export interface BrandObservance {
  date: string; // MM-DD or YYYY-MM-DD
  label: string;
  note?: string | undefined;
}

function iso(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Shifts a YYYY-MM-DD date by whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return iso(y, m, d + days);
}

/** Easter Sunday (Gregorian computus, anonymous algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** Weekday of a date, 0 = Sunday. */
export function weekdayIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = weekdayIndex(iso(year, month, 1));
    return iso(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekdayIndex(iso(year, month, lastDay));
  return iso(year, month, lastDay - ((last - weekday + 7) % 7));
}

/** Fête des mères in France: last Sunday of May, moved to the first Sunday of June when it falls on Pentecost. */
export function fetesDesMeres(year: number): string {
  const lastSundayOfMay = nthWeekday(year, 5, 0, -1);
  const pentecost = addDays(easterSunday(year), 49);
  return lastSundayOfMay === pentecost ? nthWeekday(year, 6, 0, 1) : lastSundayOfMay;
}

/** The built-in French observances of one year, sorted by date, labelled in the brand's language. */
export function frenchObservances(year: number, locale: 'fr' | 'en' = 'fr'): Observance[] {
  const easter = easterSunday(year);
  const fixed: Array<[string, string, string]> = [
    ['01-01', "Jour de l'an", "New Year's Day"],
    ['02-02', 'Chandeleur', 'Candlemas (Chandeleur)'],
    ['02-14', 'Saint-Valentin', "Valentine's Day"],
    ['03-08', 'Journée internationale des droits des femmes', "International Women's Day"],
    ['05-01', 'Fête du travail', 'Labour Day'],
    ['05-08', 'Victoire 1945', 'Victory in Europe Day (1945)'],
    ['06-21', 'Fête de la musique', 'Music Day (Fête de la musique)'],
    ['07-14', 'Fête nationale (14 juillet)', 'Bastille Day (14 July)'],
    ['08-15', 'Assomption', 'Assumption Day'],
    ['10-31', 'Halloween', 'Halloween'],
    ['11-01', 'Toussaint', "All Saints' Day"],
    ['11-11', 'Armistice 1918', 'Armistice Day (1918)'],
    ['12-08', 'Fête des Lumières (Lyon)', 'Festival of Lights (Lyon)'],
    ['12-24', 'Réveillon de Noël', 'Christmas Eve'],
    ['12-25', 'Noël', 'Christmas Day'],
    ['12-31', 'Saint-Sylvestre', "New Year's Eve"],
  ];
  const list: Array<[string, string, string]> = [
    ...fixed.map(([md, fr, en]): [string, string, string] => [`${year}-${md}`, fr, en]),
    // Épiphanie is celebrated in France on the Sunday between 2 and 8 January.
    [nthWeekday(year, 1, 0, 1) === `${year}-01-01` ? `${year}-01-08` : nthWeekday(year, 1, 0, 1), 'Épiphanie (galette des rois)', 'Epiphany (galette des rois)'],
    [nthWeekday(year, 3, 0, 1), 'Fête des grands-mères', "Grandmothers' Day"],
    [addDays(easter, -47), 'Mardi gras', 'Shrove Tuesday (Mardi gras)'],
    [addDays(easter, -46), 'Mercredi des Cendres', 'Ash Wednesday'],
    [easter, 'Pâques', 'Easter Sunday'],
    [addDays(easter, 1), 'Lundi de Pâques', 'Easter Monday'],
    [addDays(easter, 39), 'Ascension', 'Ascension Day'],
    [addDays(easter, 49), 'Pentecôte', 'Pentecost'],
    [addDays(easter, 50), 'Lundi de Pentecôte', 'Whit Monday'],
    [fetesDesMeres(year), 'Fête des mères', "Mother's Day (France)"],
    [nthWeekday(year, 6, 0, 3), 'Fête des pères', "Father's Day"],
    [nthWeekday(year, 11, 4, 3), 'Beaujolais nouveau', 'Beaujolais Nouveau Day'],
    [addDays(nthWeekday(year, 11, 4, 4), 1), 'Black Friday', 'Black Friday'],
    [addDays(nthWeekday(year, 11, 4, 4), 4), 'Cyber Monday', 'Cyber Monday'],
  ];
  return list.map(([date, fr, en]): Observance => ({ date, label: locale === 'en' ? en : fr, source: 'france' })).sort(byDate);
}

/** The editorial line's own observances that fall in `year` (MM-DD every year, YYYY-MM-DD once). */
export function brandObservances(entries: readonly BrandObservance[], year: number): Observance[] {
  const out: Observance[] = [];
  for (const entry of entries) {
    const date = entry.date.length === 5 ? `${year}-${entry.date}` : entry.date;
    if (!date.startsWith(`${year}-`)) continue;
    // 02-29 in a common year: keep it on 28 February rather than dropping it.
    const [, m, d] = date.split('-').map(Number) as [number, number, number];
    const real = iso(year, m, Math.min(d, new Date(Date.UTC(year, m, 0)).getUTCDate()));
    out.push({ date: real, label: entry.label, ...(entry.note ? { note: entry.note } : {}), source: 'brand' });
  }
  return out.sort(byDate);
}

/** Every observance between two dates (inclusive, YYYY-MM-DD), built-in and the brand's. */
export function observancesBetween(from: string, to: string, brand: readonly BrandObservance[] = [], options: { builtIn?: boolean; locale?: 'fr' | 'en' } = {}): Observance[] {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  const all: Observance[] = [];
  for (let year = first; year <= last; year++) {
    if (options.builtIn !== false) all.push(...frenchObservances(year, options.locale));
    all.push(...brandObservances(brand, year));
  }
  return all.filter((o) => o.date >= from && o.date <= to).sort(byDate);
}

function byDate(a: Observance, b: Observance): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.source === b.source ? a.label.localeCompare(b.label) : a.source === 'brand' ? 1 : -1;
}
