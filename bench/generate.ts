/**
 * Generates a synthetic but realistic brand repository for benchmarks: an editorial line (8 channels
 * with slots and cadence, 5 pillars, a voice with banned terms), a netiquette, a handful of shared
 * JPEGs and N posts spread over time so that the cadence rules (max per day, min gap, slots) pass.
 *
 *   node bench/generate.ts <dir> [n=10000] [seed=1]
 *
 * Deterministic: the same n and seed give byte-identical post files (the JPEGs are rendered by
 * sharp, identical for a given sharp/libvips version). The brand is fictional (a coffee roaster in
 * Bordeaux) and independent of the sample brand in content/, which may change.
 *
 * A few anomalies are injected on purpose (≈ 0.5 % of posts: an off-slot time, a banned term, too
 * many hashtags, a thread of four parts…) so that the figures include reporting some diagnostics,
 * as a real repository would. `expectedDiagnostics` in the manifest says how many of each.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { zonedToInstant, type WallClock } from '../src/core/time.ts';
import { seededRandom } from '../src/core/metrics/stats.ts';

/** Bump when the output changes shape, so bench/run.ts regenerates a cached brand. */
export const GENERATOR_VERSION = 5;

export interface GenerateOptions {
  seed?: number;
  /** First day of the calendar (local, Europe/Paris). Lint runs with `--at` just before it. */
  start?: string;
  /** Share of posts with a deliberate problem (default 0.005). */
  anomalyRate?: number;
}

export interface GeneratedBrand {
  dir: string;
  posts: number;
  seed: number;
  generatorVersion: number;
  /** Posts as repository-relative paths, in calendar order. */
  files: string[];
  /** First and last publish day. */
  firstDay: string;
  lastDay: string;
  /** The instant to lint at (`--at`): the day before the first post, so `date/past` stays quiet. */
  lintAt: string;
  blogPosts: number;
  mdxJsxPosts: number;
  threadPosts: number;
  mediaPosts: number;
  draftPosts: number;
  anomalies: Record<string, number>;
  frontmatterBytes: { min: number; median: number; max: number };
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** A small deterministic PRNG (mulberry32): the same seed gives the same numbers on every run. */
export const mulberry32 = seededRandom;

export class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  }
}

// ---------------------------------------------------------------------------------------------
// The brand

type Channel = 'mastodon' | 'bluesky' | 'instagram' | 'facebook' | 'threads' | 'x' | 'linkedin' | 'blog';
type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

interface ChannelPlan {
  account?: string;
  instance?: string;
  maxPerDay: number;
  minGapMinutes: number;
  perWeek: number;
  weekday: string[];
  weekend: string[];
  limits?: string;
}

const WEEKDAY_TIMES = ['08:30', '10:00', '12:30', '15:00', '18:00', '20:30'];
const WEEKEND_TIMES = ['10:00', '12:30', '18:00'];

const CHANNELS: Record<Channel, ChannelPlan> = {
  mastodon: { account: '@brulerie@piaille.fr', instance: 'https://piaille.fr', maxPerDay: 3, minGapMinutes: 120, perWeek: 6, weekday: WEEKDAY_TIMES, weekend: WEEKEND_TIMES, limits: 'maxCharacters: 500' },
  bluesky: { account: '@brulerie-saint-michel.bsky.social', maxPerDay: 3, minGapMinutes: 120, perWeek: 6, weekday: WEEKDAY_TIMES, weekend: WEEKEND_TIMES },
  instagram: { account: '@brulerie.saintmichel', maxPerDay: 1, minGapMinutes: 720, perWeek: 5, weekday: ['12:30', '18:00'], weekend: ['10:00', '18:00'] },
  facebook: { account: 'Brûlerie Saint-Michel - Bordeaux', maxPerDay: 2, minGapMinutes: 240, perWeek: 6, weekday: ['08:30', '12:30', '18:00'], weekend: ['10:00', '18:00'] },
  threads: { account: '@brulerie.saintmichel', maxPerDay: 2, minGapMinutes: 240, perWeek: 5, weekday: ['12:30', '18:00', '20:30'], weekend: ['10:00', '18:00'] },
  x: { account: '@BrulerieStMich', maxPerDay: 3, minGapMinutes: 120, perWeek: 6, weekday: ['08:30', '12:30', '15:00', '18:00'], weekend: ['10:00'] },
  linkedin: { account: 'Brûlerie Saint-Michel (page entreprise)', maxPerDay: 1, minGapMinutes: 720, perWeek: 2, weekday: ['08:30', '10:00'], weekend: [] },
  blog: { maxPerDay: 1, minGapMinutes: 1440, perWeek: 3, weekday: ['08:30'], weekend: ['10:00'] },
};
const CHANNEL_ORDER = Object.keys(CHANNELS) as Channel[];
const WEEKDAYS: Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const PILLARS = [
  { id: 'origines-producteurs', label: 'Origines et producteurs', target: 25, max: 45, description: 'Les fermes, les coopératives, les récoltes, le prix payé au producteur.' },
  { id: 'torrefaction-coulisses', label: 'Coulisses de la torréfaction', target: 25, max: 45, description: 'Le torréfacteur, les profils de cuisson, les dégustations de contrôle.' },
  { id: 'recettes-methodes', label: 'Recettes et méthodes', target: 20, max: 40, description: 'V60, Chemex, italienne, espresso, cold brew : réussir son café chez soi.' },
  { id: 'boutique-evenements', label: 'Boutique et événements', target: 15, max: 35, description: 'Ateliers, dégustations, horaires, nouveautés du comptoir.' },
  { id: 'engagement-durable', label: 'Engagement durable', target: 15, max: 35, description: 'Emballages consignés, transport à la voile, marc de café recyclé.' },
] as const;

const BANNED_TERMS = ['pas cher', 'low cost', 'incroyable', 'de folie', 'prix cassés', 'meilleur café du monde', 'must-have', '100 % naturel'];
const FORBIDDEN_HASHTAGS = ['#food', '#instafood', '#coffeeaddict', '#followforfollow', '#likeforlike'];
const MAX_HASHTAGS = 3;
const SITE = 'https://brulerie-saint-michel.example';

// ---------------------------------------------------------------------------------------------
// French-ish vocabulary

const ORIGINS = [
  { name: 'Éthiopie Yirgacheffe', farm: 'la coopérative de Konga', notes: 'jasmin, bergamote et pêche blanche', process: 'lavé' },
  { name: 'Éthiopie Guji', farm: 'la station de lavage de Hambela', notes: 'myrtille, fleur d’oranger et thé noir', process: 'nature' },
  { name: 'Colombie Huila', farm: 'la finca El Paraíso', notes: 'panela, cerise noire et cacao', process: 'lavé' },
  { name: 'Colombie Nariño', farm: 'l’association des petits producteurs de La Unión', notes: 'pomme verte, caramel et noisette', process: 'lavé' },
  { name: 'Brésil Cerrado', farm: 'la fazenda Santa Inês', notes: 'noisette grillée, chocolat au lait et amande', process: 'pulped natural' },
  { name: 'Kenya Nyeri', farm: 'la coopérative de Gatomboya', notes: 'cassis, pamplemousse et tomate mûre', process: 'lavé' },
  { name: 'Guatemala Huehuetenango', farm: 'la finca La Esperanza', notes: 'prune, sucre roux et épices douces', process: 'lavé' },
  { name: 'Pérou Cajamarca', farm: 'la coopérative Sol y Café', notes: 'mandarine, miel et biscuit', process: 'lavé' },
  { name: 'Rwanda Nyamasheke', farm: 'la station de Kanzu', notes: 'groseille, thé rouge et hibiscus', process: 'lavé' },
  { name: 'Honduras Santa Bárbara', farm: 'la ferme de la famille Paz', notes: 'abricot sec, nougat et vanille', process: 'honey' },
  { name: 'Costa Rica Tarrazú', farm: 'le micro-moulin Don Mayo', notes: 'orange sanguine, sirop d’érable et amande', process: 'honey' },
  { name: 'Indonésie Sumatra', farm: 'la coopérative Gayo', notes: 'cèdre, cacao amer et épices', process: 'semi-lavé' },
] as const;

const METHODS = [
  { name: 'V60', ratio: '15 g pour 250 g d’eau', time: '3 minutes', grind: 'moyenne-fine' },
  { name: 'Chemex', ratio: '30 g pour 500 g d’eau', time: '4 minutes 30', grind: 'moyenne' },
  { name: 'cafetière italienne', ratio: 'le filtre rempli à ras, sans tasser', time: 'le temps que ça chante', grind: 'fine' },
  { name: 'cafetière à piston', ratio: '30 g pour 500 g d’eau', time: '4 minutes', grind: 'grossière' },
  { name: 'AeroPress', ratio: '15 g pour 200 g d’eau', time: '2 minutes', grind: 'moyenne-fine' },
  { name: 'cold brew', ratio: '100 g pour un litre d’eau froide', time: '16 heures au frais', grind: 'grossière' },
  { name: 'espresso', ratio: '18 g pour 36 g en tasse', time: '28 secondes', grind: 'très fine' },
] as const;

export const PEOPLE = ['Lucie', 'Antoine', 'Mehdi', 'Clara', 'Jules', 'Awa'];
const EVENTS = ['atelier latte art', 'dégustation à l’aveugle', 'atelier méthodes douces', 'cupping du samedi', 'soirée café et chocolat', 'initiation à l’espresso'];
const GREEN_ACTIONS = ['sacs consignés', 'livraison à vélo cargo', 'marc de café donné aux jardins partagés', 'grains arrivés à la voile', 'emballages compostables', 'cafés d’hiver sans avion'];

const OPENERS = [
  'Cette semaine au comptoir',
  'Nouveau lot au torréfacteur',
  'Petite leçon du samedi',
  'On vous emmène en coulisses',
  'Question de la semaine',
  'Retour de voyage',
  'Le café du moment',
  'Pour bien commencer la journée',
  'Un mot de l’équipe',
  'Avis aux curieux',
];
const CLOSERS = [
  'On en parle au comptoir ?',
  'Dites-nous comment vous le préparez.',
  'Disponible en boutique et en ligne.',
  'Passez goûter, la tasse est offerte.',
  'Vos questions sont les bienvenues en commentaire.',
  'Bonne dégustation !',
  'À samedi au comptoir.',
  'On vous attend rue des Faures.',
];
const HASHTAGS = ['#café', '#caféDeSpécialité', '#Bordeaux', '#torréfaction', '#barista', '#SaintMichel', '#coffee', '#V60', '#espresso', '#artisan', '#circuitCourt', '#dégustation'];

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const DAY_NAMES = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

export const MEDIA = [
  { file: 'torrefacteur.jpg', w: 1080, h: 1080, colors: ['#3b2414', '#8a4b12'], alt: 'Le tambour du torréfacteur ouvert, des grains brun clair qui tournent dans la lumière de la fenêtre' },
  { file: 'grains-verts.jpg', w: 1080, h: 1350, colors: ['#5b7f3a', '#c9d9a5'], alt: 'Une poignée de grains de café verts au-dessus d’un sac en jute tamponné du nom de la coopérative' },
  { file: 'v60.jpg', w: 1080, h: 1080, colors: ['#f6e7cb', '#c8781e'], alt: 'Un filtre V60 blanc sur une carafe en verre, le café coule en un filet régulier' },
  { file: 'comptoir.jpg', w: 1200, h: 630, colors: ['#1d3557', '#457b9d'], alt: 'Le comptoir de la brûlerie le matin : trois tasses alignées et la balance de précision' },
  { file: 'latte-art.jpg', w: 1080, h: 1350, colors: ['#e9d8c4', '#7a4a2a'], alt: 'Une tasse de cappuccino avec une rosace en latte art vue du dessus' },
  { file: 'sacs-consignes.jpg', w: 1080, h: 1080, colors: ['#2a9d8f', '#e9f5db'], alt: 'Des sacs de café consignés en kraft alignés sur une étagère, chacun avec son étiquette manuscrite' },
  { file: 'degustation.jpg', w: 1200, h: 630, colors: ['#264653', '#e76f51'], alt: 'Dix bols de dégustation en rang sur une table en bois, une cuillère posée sur chacun' },
  { file: 'cold-brew.jpg', w: 1080, h: 1350, colors: ['#14213d', '#fca311'], alt: 'Une bouteille de cold brew et un verre plein de glaçons sur une terrasse ensoleillée' },
] as const;
// Under public/: Instagram, Threads and Slack download images from the site (lint's media/public-url).
const MEDIA_DIR = 'public/media';

// ---------------------------------------------------------------------------------------------
// YAML writing (by hand, as people write frontmatter: plain scalars when safe, block text)

export function scalar(value: string): string {
  // Plain when it cannot be misread by a YAML 1.1 or 1.2 parser; JSON-quoted (valid YAML) otherwise.
  if (/^[A-Za-zÀ-ÿ][\wÀ-ÿ ’'.,!?()-]*$/.test(value) && !/[:#]/.test(value) && !/^(?:yes|no|on|off|true|false|null|y|n)$/i.test(value) && !/\s$/.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

function block(value: string, indent: string): string {
  return `|-\n${value.split('\n').map((line) => (line ? `${indent}${line}` : '')).join('\n')}`;
}

export function text(value: string, indent: string): string {
  return value.includes('\n') || value.length > 90 ? block(value, indent) : scalar(value);
}

// ---------------------------------------------------------------------------------------------
// Editorial line and netiquette

export function editorialLine(): string {
  const channels = CHANNEL_ORDER.map((id) => {
    const c = CHANNELS[id];
    const lines = [`  ${id}:`];
    if (c.account) lines.push(`    account: ${JSON.stringify(c.account)}`);
    if (c.instance) lines.push(`    instance: ${c.instance}`);
    lines.push(`    cadence: { maxPerDay: ${c.maxPerDay}, minGapMinutes: ${c.minGapMinutes}, perWeek: ${c.perWeek} }`);
    lines.push('    slots:');
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const) {
      const times = day === 'sat' || day === 'sun' ? c.weekend : c.weekday;
      if (times.length) lines.push(`      ${day}: [${times.map((t) => `"${t}"`).join(', ')}]`);
    }
    if (c.limits) lines.push('    limits:', `      ${c.limits}`);
    return lines.join('\n');
  }).join('\n');
  const pillars = PILLARS.map((p) => `  - id: ${p.id}\n    label: ${scalar(p.label)}\n    description: ${scalar(p.description)}\n    target: ${p.target}\n    max: ${p.max}`).join('\n');
  return `---
brand:
  name: Brûlerie Saint-Michel
  siteUrl: ${SITE}
  locale: fr
  timezone: Europe/Paris
  colors:
    primary: "#7a4a2a"
    secondary: "#2a9d8f"
    background: "#fbf6ee"
    text: "#2b1d14"
  logo: public/logo.svg
  tagline: Torréfacteur de cafés de spécialité, place Saint-Michel à Bordeaux depuis 2016

objectives:
  - id: engagement-instagram
    label: Faire d'Instagram la vitrine du comptoir
    kpi: engagement-rate
    target: 4
    unit: "%"
    by: "2027-06-30"
    channels: [instagram]
  - id: ventes-en-ligne
    label: Développer les abonnements café en ligne
    kpi: clicks
    target: 3000
    unit: clics vers la boutique en ligne
    by: "2027-12-31"
    channels: [instagram, facebook, blog, mastodon, bluesky]
  - id: ateliers
    label: Remplir les ateliers du samedi
    kpi: bookings
    target: 40
    unit: réservations par mois
    by: "2027-09-30"
    channels: [facebook, instagram, threads]
  - id: marque-employeur
    label: Recruter deux baristas et un apprenti torréfacteur
    kpi: applications
    target: 30
    unit: candidatures
    by: "2027-08-31"
    channels: [linkedin]

audiences:
  - id: voisins-saint-michel
    label: Les voisins du quartier Saint-Michel
    description: >-
      25-50 ans, passent au comptoir avant le travail ou le samedi au marché ; veulent
      les horaires, le café du moment et les ateliers.
    channels: [instagram, facebook, threads]
  - id: amateurs-specialite
    label: Les amateurs de café de spécialité
    description: >-
      Ont un moulin et une balance, suivent les origines et les profils de torréfaction,
      lisent les articles longs du blog.
    channels: [blog, mastodon, bluesky, instagram, x]
  - id: pros
    label: Cafés, restaurants et bureaux
    description: Clients professionnels, partenaires et futurs collègues.
    channels: [linkedin, x, blog]

channels:
${channels}

pillars:
${pillars}

mixWindowDays: 28

voice:
  tone: >-
    Précis, chaleureux et curieux : on explique sans jargon, on cite le producteur, la
    ferme et le prix payé. On tutoie sur Instagram et Threads, on vouvoie ailleurs.
  bannedTerms:
${BANNED_TERMS.map((t) => `    - ${t}`).join('\n')}
  maxHashtags: ${MAX_HASHTAGS}
  requiredHashtags: []
  forbiddenHashtags:
${FORBIDDEN_HASHTAGS.map((t) => `    - "${t}"`).join('\n')}

observances:
  - date: "10-01"
    label: Journée internationale du café
  - date: "04-20"
    label: Anniversaire de la brûlerie
    note: Un café offert à chaque client, porte ouverte au torréfacteur.
  - date: "06-21"
    label: Fête de la musique
---

# Notre ligne éditoriale

La Brûlerie Saint-Michel torréfie chaque semaine une douzaine d'origines, achetées en direct ou
auprès d'importateurs qui publient les prix payés aux producteurs. Nos réseaux racontent ce travail :
d'où vient le café, comment nous le torréfions, et comment bien le préparer chez soi.

## Ce que nous publions

- **Instagram** : la vitrine, une photo et un texte court.
- **Facebook** : les infos pratiques et les ateliers.
- **Mastodon et Bluesky** : les coulisses et les recettes en fil.
- **LinkedIn** : le métier, le recrutement, les clients professionnels.
- **Le blog** : les articles longs, repris sur les réseaux.

## Ce que nous ne faisons jamais

Des superlatifs creux, des promotions agressives, des hashtags de masse.
`;
}

export function netiquette(): string {
  return `---
title: Netiquette de la Brûlerie Saint-Michel
updated: "2026-11-01"
contact: moderation@brulerie-saint-michel.example
rules:
  - id: insultes
    label: Insultes et propos injurieux
    match:
      terms: [connard, abruti, crétin, ta gueule]
    action: hide
  - id: spam-liens
    label: Spam et liens en rafale
    match:
      maxLinks: 2
    action: hide
  - id: liens-suspects
    label: Liens raccourcis ou suspects
    match:
      patterns:
        - "\\\\b(?:bit\\\\.ly|tinyurl\\\\.com|cutt\\\\.ly)/\\\\S+"
    action: flag
  - id: majuscules
    label: Message écrit en majuscules
    match:
      shouting: { minLetters: 12, ratio: 0.7 }
    action: flag
  - id: donnees-personnelles
    label: Données personnelles en public
    match:
      patterns:
        - "(?:\\\\+33\\\\s?|0)[1-9](?:[\\\\s.-]?\\\\d{2}){4}"
    action: hide
---

# Notre netiquette

Nos espaces sont ceux de tous les amateurs de café. Les critiques sont bienvenues quand elles sont
formulées avec respect ; nous masquons les insultes, le spam et les données personnelles.
`;
}

// ---------------------------------------------------------------------------------------------
// Posts

export interface Slot {
  wall: WallClock;
  time: string;
  epochMs: number;
}

interface ChannelState {
  lastMs: number;
  day: string;
  count: number;
}

export function slugify(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function offsetString(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

export interface PostDraft {
  title: string;
  pillar: string;
  text: string;
  blogIntro: string;
  /** ≤ 280 characters: for Bluesky. */
  short: string;
  subject: string;
  hashtags: string[];
}

export function draftPost(rnd: Random, pillar: string, slot: Slot, serial: number): PostDraft {
  const origin = rnd.pick(ORIGINS);
  const method = rnd.pick(METHODS);
  const person = rnd.pick(PEOPLE);
  const event = rnd.pick(EVENTS);
  const green = rnd.pick(GREEN_ACTIONS);
  const when = `${DAY_NAMES[new Date(Date.UTC(slot.wall.year, slot.wall.month - 1, slot.wall.day)).getUTCDay()]} ${slot.wall.day} ${MONTHS[slot.wall.month - 1]}`;
  const lot = `lot ${slot.wall.year % 100}-${String(serial).padStart(4, '0')}`;
  let title: string;
  let body: string;
  let subject: string;
  switch (pillar) {
    case 'origines-producteurs':
      subject = origin.name;
      title = rnd.pick([`${origin.name} : le nouveau lot est arrivé`, `À la rencontre de ${origin.farm}`, `${origin.name}, récolte ${slot.wall.year}`, `Pourquoi nous aimons le ${origin.name}`]);
      body = `${origin.name}, ${origin.process}, de ${origin.farm}. En tasse : ${origin.notes}. Nous l'avons payé ${rnd.int(5, 9)},${rnd.int(10, 95)} € le kilo au producteur, ${rnd.int(2, 4)} fois le cours mondial (${lot}).`;
      break;
    case 'torrefaction-coulisses':
      subject = 'torréfaction';
      title = rnd.pick([`Profil de torréfaction : ${origin.name}`, `${person} au torréfacteur`, `Une matinée au torréfacteur`, `Le contrôle qualité du ${when}`]);
      body = `${person} a torréfié ${rnd.int(12, 60)} kg de ${origin.name} ce ${when} : ${rnd.int(9, 14)} minutes de cuisson, premier crack à ${rnd.int(192, 201)} °C. On goûte chaque fournée avant de l'ensacher (${lot}).`;
      break;
    case 'recettes-methodes':
      subject = method.name;
      title = rnd.pick([`Réussir son café en ${method.name}`, `${method.name} : nos réglages`, `La recette ${method.name} de ${person}`, `Trois erreurs à éviter en ${method.name}`]);
      body = `La recette ${method.name} de ${person} : ${method.ratio}, mouture ${method.grind}, ${method.time}. Avec notre ${origin.name}, ça donne ${origin.notes}. Recette n° ${serial}.`;
      break;
    case 'boutique-evenements':
      subject = event;
      title = rnd.pick([`${event[0]!.toUpperCase()}${event.slice(1)} ce ${when}`, `Au comptoir ce ${when}`, `Réservez votre place : ${event}`, `Horaires du ${when}`]);
      body = `Ce ${when}, ${event} avec ${person} à ${rnd.pick(['10 h', '11 h', '14 h 30', '16 h'])}. ${rnd.int(6, 12)} places, ${rnd.int(15, 35)} € avec le café à emporter. Réservation sur le site (session ${serial}).`;
      break;
    default:
      subject = green;
      title = rnd.pick([`Nos ${green}`, `Bilan carbone : ${green}`, `On avance : ${green}`, `Pourquoi des ${green} ?`]);
      body = `${green[0]!.toUpperCase()}${green.slice(1)} : depuis ${rnd.pick(MONTHS)}, ${rnd.int(20, 95)} % de nos commandes en profitent. C'est ${rnd.int(1, 9)},${rnd.int(1, 9)} tonnes de CO₂ évitées cette année (${lot}).`;
  }
  const hashtags = rnd.sample(HASHTAGS, rnd.weighted([[0, 3], [1, 3], [2, 3], [3, 2]] as const));
  const opener = `${rnd.pick(OPENERS)} ☕`;
  const text = [opener, '', body, '', rnd.pick(CLOSERS), ...(hashtags.length ? ['', hashtags.join(' ')] : [])].join('\n');
  const short = [opener, '', body.length > 230 ? `${body.slice(0, body.lastIndexOf(' ', 228))}…` : body, ...(hashtags.length ? ['', hashtags[0]!] : [])].join('\n');
  return { title, pillar, text, blogIntro: body, short, subject, hashtags };
}

export function blogBody(rnd: Random, draft: PostDraft, withCallout: boolean): string {
  const paragraphs = [
    `${draft.blogIntro} Voici ce que nous avons appris en le préparant, et comment en profiter chez vous.`,
    `## D'où vient ce café\n\n${rnd.pick(ORIGINS).farm} travaille en agroforesterie : les caféiers poussent à l'ombre de bananiers et de grevilleas, à ${rnd.int(1200, 2100)} mètres d'altitude. La récolte se fait à la main, cerise par cerise, de ${rnd.pick(MONTHS)} à ${rnd.pick(MONTHS)}. Les cerises sont triées le soir même, puis dépulpées et séchées sur des lits africains pendant ${rnd.int(12, 30)} jours.`,
    `## Notre torréfaction\n\nNous cherchons à garder la douceur et l'acidité du grain sans amertume : une montée en température lente, un développement court après le premier crack. Chaque fournée est goûtée le lendemain par deux personnes de l'équipe, à l'aveugle, selon le protocole de la [SCA](https://sca.coffee/research/protocols-best-practices).`,
    `## Le préparer chez soi\n\n- Mouture ${rnd.pick(METHODS).grind}, juste avant l'infusion\n- Eau à ${rnd.int(88, 96)} °C, peu minéralisée\n- ${rnd.pick(METHODS).ratio}\n\nSi la tasse est trop acide, moulez un peu plus fin ; si elle est amère, un peu plus gros.`,
    `Le café est disponible en grains ou moulu à la demande, en boutique et sur [notre site](${SITE}/boutique). Les sacs consignés sont repris au comptoir : rapportez-les, nous les remplissons.`,
  ];
  const chosen = [paragraphs[0]!, ...rnd.sample(paragraphs.slice(1, 4), rnd.int(1, 3)), paragraphs[4]!];
  if (withCallout) {
    chosen.splice(1, 0, `<Callout type="info" title="Bon à savoir">\n  Les ateliers du samedi affichent souvent complet : réservez au moins une semaine avant.\n</Callout>`);
  }
  return `${chosen.join('\n\n')}\n`;
}

function mediaEntry(rnd: Random, indent: string): string {
  const m = rnd.pick(MEDIA);
  const focus = rnd.chance(0.15) ? `\n${indent}  focus: [${(rnd.next() - 0.5).toFixed(2)}, ${(rnd.next() - 0.5).toFixed(2)}]` : '';
  return `${indent}- src: /public/media/${m.file}\n${indent}  alt: ${scalar(m.alt)}${focus}`;
}

function threadParts(rnd: Random, draft: PostDraft, indent: string, count: number, serial: number): string {
  const parts = [
    `1/ Comment on choisit un café ? On le goûte, beaucoup : ${rnd.int(20, 60)} échantillons pour un lot retenu.`,
    `2/ Ensuite on parle prix avec le producteur ou l'importateur, et on publie ce qu'on a payé (fil n° ${serial}).`,
    `3/ Puis on cherche le profil de torréfaction : trois ou quatre essais avant de trouver le bon.`,
    `4/ Et enfin vous ! Dites-nous ce que vous en pensez, ça nous aide à choisir le prochain.`,
  ].slice(0, count);
  const lines = parts.map((p) => `${indent}- text: ${scalar(p)}`);
  if (rnd.chance(0.3)) lines[1] = `${lines[1]}\n${indent}  media:\n${mediaEntry(rnd, `${indent}    `)}`;
  void draft;
  return lines.join('\n');
}

/** The shared JPEGs, rendered by sharp into `folder`. */
export async function writeMediaImages(folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  await Promise.all(
    MEDIA.map((m) =>
      sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${m.w}" height="${m.h}"><defs><linearGradient id="g" x1="0" y1="0" x2="0.4" y2="1"><stop offset="0" stop-color="${m.colors[0]}"/><stop offset="1" stop-color="${m.colors[1]}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${m.w / 2}" cy="${m.h / 2}" r="${Math.min(m.w, m.h) / 3}" fill="#fff" opacity="0.25"/></svg>`))
        .jpeg({ quality: 80 })
        .toFile(path.join(folder, m.file)),
    ),
  );
}

/** Generates the brand repository into `dir` (emptied of content/ first). */
export async function generateBrand(dir: string, n: number, options: GenerateOptions = {}): Promise<GeneratedBrand> {
  const seed = options.seed ?? 1;
  const anomalyRate = options.anomalyRate ?? 0.005;
  const rnd = new Random(seed);
  const [sy, sm, sd] = (options.start ?? '2026-11-23').split('-').map(Number) as [number, number, number];

  rmSync(path.join(dir, 'content'), { recursive: true, force: true });
  rmSync(path.join(dir, '.cadence'), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'content/posts'), { recursive: true });
  mkdirSync(path.join(dir, MEDIA_DIR), { recursive: true });
  mkdirSync(path.join(dir, 'public'), { recursive: true });
  writeFileSync(path.join(dir, 'content/editorial-line.mdx'), editorialLine());
  writeFileSync(path.join(dir, 'content/netiquette.mdx'), netiquette());
  writeFileSync(path.join(dir, 'public/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#7a4a2a"/></svg>\n');
  await writeMediaImages(path.join(dir, MEDIA_DIR));

  const states = new Map<Channel, ChannelState>(CHANNEL_ORDER.map((c) => [c, { lastMs: -Infinity, day: '', count: 0 }]));
  const usedPaths = new Set<string>();
  const usedTexts = new Set<string>();
  const files: string[] = [];
  const frontmatterSizes: number[] = [];
  const anomalies: Record<string, number> = {};
  const stats = { blog: 0, jsx: 0, thread: 0, media: 0, draft: 0 };
  const pillarWeights = PILLARS.map((p) => [p.id, p.target] as const);
  let firstDay = '';
  let lastDay = '';
  const unique = (value: string, salt: string): string => {
    let candidate = value;
    for (let i = 2; usedTexts.has(candidate.trim().replace(/\s+/g, ' ').toLowerCase()); i++) candidate = `${value} (${salt} ${i})`;
    usedTexts.add(candidate.trim().replace(/\s+/g, ' ').toLowerCase());
    return candidate;
  };

  for (let dayIndex = 0; files.length < n; dayIndex++) {
    const date = new Date(Date.UTC(sy, sm - 1, sd + dayIndex));
    const weekday = WEEKDAYS[date.getUTCDay()]!;
    const weekend = weekday === 'sat' || weekday === 'sun';
    const dayKey = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    for (const time of weekend ? WEEKEND_TIMES : WEEKDAY_TIMES) {
      if (files.length >= n) break;
      const [hour, minute] = time.split(':').map(Number) as [number, number];
      const wall: WallClock = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute, second: 0 };
      const zoned = zonedToInstant(wall, 'Europe/Paris');
      if (!zoned.ok) continue;
      const slot: Slot = { wall, time, epochMs: zoned.epochMs };

      // Channels that have this slot today and room left under their cadence.
      const open = CHANNEL_ORDER.filter((c) => {
        const plan = CHANNELS[c];
        const state = states.get(c)!;
        const count = state.day === dayKey ? state.count : 0;
        return (weekend ? plan.weekend : plan.weekday).includes(time) && count < plan.maxPerDay && slot.epochMs - state.lastMs >= plan.minGapMinutes * 60_000;
      });
      if (open.length === 0) continue;
      const isBlog = open.includes('blog') && rnd.chance(0.95);
      const socials = open.filter((c) => c !== 'blog');
      if (!isBlog && socials.length === 0) continue;
      const wanted = Math.min(socials.length, rnd.weighted([[1, 2], [2, 4], [3, 3], [4, 2], [5, 1]] as const));
      const chosen = new Set(rnd.sample(socials, wanted));
      const channels = CHANNEL_ORDER.filter((c) => (c === 'blog' ? isBlog : chosen.has(c)));
      if (channels.length === 0) continue;
      const isDraft = rnd.chance(0.04);
      if (!isDraft) {
        for (const c of channels) {
          const state = states.get(c)!;
          if (state.day !== dayKey) {
            state.day = dayKey;
            state.count = 0;
          }
          state.count++;
          state.lastMs = slot.epochMs;
        }
      }

      const serial = files.length + 1;
      const pillar = rnd.weighted(pillarWeights);
      const draft = draftPost(rnd, pillar, slot, serial);
      const anomaly = rnd.chance(anomalyRate) ? rnd.pick(['off-slot', 'banned-term', 'hashtags', 'no-pillar', 'unused-variant'] as const) : undefined;
      if (anomaly) anomalies[anomaly] = (anomalies[anomaly] ?? 0) + 1;

      const folder = `content/posts/${wall.year}/${pad(wall.month)}`;
      let slug = `${pad(wall.day)}-${slugify(draft.title)}`;
      for (let i = 2; usedPaths.has(`${folder}/${slug}`); i++) slug = `${pad(wall.day)}-${slugify(draft.title)}-${i}`;
      usedPaths.add(`${folder}/${slug}`);
      const file = `${folder}/${slug}.mdx`;

      let publishAt = rnd.chance(0.1) ? `${dayKey}T${time}:00${offsetString(Math.round((slot.epochMs - Date.UTC(wall.year, wall.month - 1, wall.day, hour, minute)) / -60_000))}` : `${dayKey}T${time}`;
      if (anomaly === 'off-slot') publishAt = `${dayKey}T${pad(hour)}:${pad(minute + 10)}`;

      const fm: string[] = ['---'];
      if (rnd.chance(0.1)) fm.push(`id: ${slugify(`${dayKey}-${slug}`)}`);
      fm.push(`title: ${scalar(draft.title)}`);
      fm.push(`publishAt: ${JSON.stringify(publishAt)}`);
      fm.push(`channels: [${channels.join(', ')}]`);
      if (anomaly !== 'no-pillar') fm.push(`pillar: ${pillar}`);
      if (rnd.chance(0.25)) fm.push(`campaign: ${scalar(rnd.pick(['Rentrée des cafés', 'Cafés d’hiver', 'Printemps des origines', 'Abonnements 2027', 'Fête du café']))}`);
      fm.push(`author: ${rnd.pick(PEOPLE)}`);
      if (rnd.chance(0.3)) fm.push('lang: fr');
      if (isBlog) {
        fm.push(`description: ${text(`${draft.blogIntro.split('. ')[0]!.replace(/\.$/, '')}. Notre article complet, avec la recette et l'histoire du lot.`, '  ')}`);
        fm.push(`tags: [${rnd.sample(['origines', 'torréfaction', 'recette', 'méthodes douces', 'espresso', 'durable', 'boutique'], rnd.int(1, 3)).join(', ')}]`);
      }
      let socialText = unique(draft.text, 'variante');
      if (anomaly === 'banned-term') socialText = socialText.replace(/\n\n/, `\nUn café ${rnd.pick(['incroyable', 'de folie', 'pas cher'])}, vraiment.\n\n`);
      if (anomaly === 'hashtags') socialText = `${socialText} #grains #moulin #tasse #matin`;
      fm.push(`text: ${text(socialText, '  ')}`);
      const hasMedia = channels.includes('instagram') || rnd.chance(0.6);
      if (hasMedia) {
        stats.media++;
        fm.push('media:');
        for (let i = rnd.weighted([[1, 6], [2, 3], [3, 1]] as const); i > 0; i--) fm.push(mediaEntry(rnd, '  '));
      }
      if (isBlog || rnd.chance(0.2)) fm.push(`link: ${SITE}/${isBlog ? 'blog' : 'cafes'}/${slugify(draft.subject)}-${serial}`);

      // What a community manager writes per network: X and Bluesky get a short text (280 weighted with the
      // link / 300 graphemes), Threads keeps one topic tag; LinkedIn often its own, longer, text.
      const variants = new Map<Channel, string[]>();
      const variant = (channel: Channel, ...fields: string[]) => variants.set(channel, [...(variants.get(channel) ?? []), ...fields]);
      if (channels.includes('x')) {
        variant('x', `    text: ${text(unique(`${draft.title} ☕ ${draft.hashtags.slice(0, 2).join(' ')}`.trim(), 'x'), '      ')}`);
      }
      if (channels.includes('bluesky') && [...socialText].length > 290) {
        variant('bluesky', `    text: ${text(unique(draft.short, 'bluesky'), '      ')}`);
      }
      if (channels.includes('threads') && draft.hashtags.length > 1 && anomaly !== 'hashtags') {
        variant('threads', `    text: ${text(unique(socialText.replace(/\n\n#[^\n]*$/, `\n\n${draft.hashtags[0]}`), 'threads'), '      ')}`);
      }
      if (channels.includes('linkedin') && rnd.chance(0.6)) {
        variant(
          'linkedin',
          `    text: ${text(unique(`${draft.title}\n\n${draft.blogIntro}\n\nNous en parlons volontiers avec les cafés et restaurants partenaires : écrivez-nous.`, 'linkedin'), '      ')}`,
          `    firstComment: ${scalar(`Le détail sur notre site : ${SITE}/pro`)}`,
        );
      }
      if (channels.includes('instagram') && rnd.chance(0.3)) variant('instagram', `    firstComment: ${scalar('Lien vers la boutique dans la bio.')}`);
      const threadOn = (['mastodon', 'bluesky'] as const).filter((c) => channels.includes(c));
      if (threadOn.length && rnd.chance(0.15)) {
        stats.thread++;
        const count = rnd.int(2, 4);
        for (const c of threadOn) variant(c, '    thread:', threadParts(rnd, draft, '      ', count, serial));
      } else if (channels.includes('mastodon') && rnd.chance(0.05)) {
        variant('mastodon', `    spoiler: ${scalar('Café, parlons prix')}`);
      }
      if (anomaly === 'unused-variant') {
        const absent = CHANNEL_ORDER.find((c) => c !== 'blog' && !channels.includes(c));
        if (absent) variant(absent, `    text: ${scalar(unique(`Une variante oubliée (${serial})`, 'oubli'))}`);
      }
      if (variants.size) fm.push('variants:', ...CHANNEL_ORDER.filter((c) => variants.has(c)).flatMap((c) => [`  ${c}:`, ...variants.get(c)!]));
      if (isDraft) {
        stats.draft++;
        fm.push('status: draft');
      }
      fm.push('---');
      const frontmatter = `${fm.join('\n')}\n`;
      frontmatterSizes.push(Buffer.byteLength(frontmatter));

      let body = '';
      if (isBlog) {
        stats.blog++;
        const withCallout = rnd.chance(0.15);
        if (withCallout) stats.jsx++;
        body = `\n${blogBody(rnd, draft, withCallout)}`;
      }
      mkdirSync(path.join(dir, folder), { recursive: true });
      writeFileSync(path.join(dir, file), frontmatter + body);
      files.push(file);
      firstDay ||= dayKey;
      lastDay = dayKey;
    }
  }

  frontmatterSizes.sort((a, b) => a - b);
  const [fy, fmo, fd] = firstDay.split('-').map(Number) as [number, number, number];
  const before = new Date(Date.UTC(fy, fmo - 1, fd - 1));
  return {
    dir,
    posts: files.length,
    seed,
    generatorVersion: GENERATOR_VERSION,
    files,
    firstDay,
    lastDay,
    lintAt: `${before.toISOString().slice(0, 10)}T12:00:00Z`,
    blogPosts: stats.blog,
    mdxJsxPosts: stats.jsx,
    threadPosts: stats.thread,
    mediaPosts: stats.media,
    draftPosts: stats.draft,
    anomalies,
    frontmatterBytes: {
      min: frontmatterSizes[0] ?? 0,
      median: frontmatterSizes[Math.floor(frontmatterSizes.length / 2)] ?? 0,
      max: frontmatterSizes[frontmatterSizes.length - 1] ?? 0,
    },
  };
}

if (import.meta.main || process.argv[1] === import.meta.filename) {
  const [dir, count, seed] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: node bench/generate.ts <dir> [n=10000] [seed=1]\n');
    process.exit(2);
  }
  const t0 = performance.now();
  const brand = await generateBrand(path.resolve(dir), Number(count ?? 10_000), { seed: Number(seed ?? 1) });
  const { files, ...summary } = brand;
  process.stdout.write(`${JSON.stringify({ ...summary, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) }, null, 2)}\n`);
  void files;
}
