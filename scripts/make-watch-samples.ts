// Writes samples/watch/: the sample bakery's mention history for `cadence watch` without accounts
// (docs/community.md, "Without accounts"). Seeded, so the files only change when this script does:
//   node scripts/make-watch-samples.ts
// Ninety days of ordinary life (a few mentions a day, mostly kind, some complaints, competitors), then
// the evening of the Fête des Lumières (8 December 2026): a queue, the brioche sold out, a rude answer,
// and from 17:00 a rumour that people fell ill after the brioche. Then 9 December: the rumour spreads,
// then fades. Every person, handle and text is invented.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

const out = path.resolve(import.meta.dirname, '../samples/watch');
let seed = 20261208;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const FIRST = ['marie', 'julie', 'thomas', 'lea', 'hugo', 'camille', 'louis', 'chloe', 'nina', 'paul', 'sarah', 'maxime', 'emma', 'antoine', 'ines', 'lucas', 'manon', 'yanis', 'clara', 'remi', 'zoe', 'samir', 'alice', 'victor', 'jeanne', 'karim', 'lola', 'bastien', 'elodie', 'mehdi'];
const SUFFIX = ['lyon', 'crx', '69', '_', '.b', 'rousse', '4e', 'pentes', 'dev', 'cuisine'];
const people = Array.from({ length: 140 }, (_, i) => `${FIRST[i % FIRST.length]}${SUFFIX[Math.floor(i / FIRST.length) % SUFFIX.length]}${i}`);

const POSITIVE = [
  'Le pain au levain de la Boulangerie Lumière, toujours aussi bon 🥖',
  'Petit-déj du dimanche avec les croissants de Boulangerie Lumière, parfait.',
  'Merci à l’équipe de Boulangerie Lumière pour l’accueil ce matin, adorables comme toujours.',
  'La tarte aux pralines de Boulangerie Lumière 😍 je ne m’en lasse pas',
  'Boulangerie Lumière a encore frappé : la nouvelle brioche est une tuerie.',
  'Commande de galettes pour le bureau chez Boulangerie Lumière, tout le monde a adoré 👏',
  'Les bugnes de Boulangerie Lumière sont revenues, bonheur.',
  'Pain aux noix de Boulangerie Lumière + comté = dimanche réussi',
  'Belle découverte hier soir : les cannelés de Boulangerie Lumière, croustillants et fondants.',
  'J’adore le panier anti-gaspi du soir chez Boulangerie Lumière, super initiative.',
  'Boulangerie Lumière, la meilleure tradition du plateau, je valide 👍',
  'Service rapide et souriant chez Boulangerie Lumière malgré la queue du samedi.',
  'Leur pain de seigle se garde toute la semaine, merci Boulangerie Lumière !',
  'Atelier pain chez Boulangerie Lumière avec les enfants : génial, on recommence.',
  'Les chouquettes de la Boulangerie Lumière, c’est de la balle.',
  'Franchement rien à redire sur Boulangerie Lumière, c’est bon et c’est propre.',
];
const NEUTRAL = [
  'Boulangerie Lumière est ouverte le dimanche après-midi ?',
  'Quelqu’un sait si Boulangerie Lumière fait des pains sans gluten ?',
  'Passé devant Boulangerie Lumière, la vitrine de Noël est installée.',
  'Les précommandes de bûches ouvrent le 1er décembre chez Boulangerie Lumière.',
  'Boulangerie Lumière sera fermée lundi pour inventaire.',
  'Il faut réserver la brioche des Lumières ou on peut venir le 8 ?',
  'Boulangerie Lumière recrute un apprenti pour janvier.',
  'Combien coûte la bûche chez Boulangerie Lumière cette année ?',
  'Boulangerie Lumière participe au marché de Noël de la Croix-Rousse.',
  'Article sur les boulangeries au levain de Lyon, avec Boulangerie Lumière et deux autres.',
];
const NEGATIVE = [
  'Attendu 25 minutes chez Boulangerie Lumière pour une baguette, c’est long.',
  'Croissants un peu secs aujourd’hui chez Boulangerie Lumière, dommage.',
  'Boulangerie Lumière : plus de pain à 18 h un samedi, sérieux ?',
  'Les prix de Boulangerie Lumière grimpent encore, ça devient cher.',
  'Commande oubliée chez Boulangerie Lumière, obligée de revenir, pénible.',
  'Accueil froid ce matin chez Boulangerie Lumière, pas comme d’habitude.',
];
const COMPETITOR = [
  'Le Fournil des Pentes a une nouvelle vitrine, jolie.',
  'Testé le Fournil des Pentes ce midi, bon sandwich.',
  'Pain & Co croix-rousse ouvre le dimanche maintenant.',
  'Le Fournil des Pentes, trop cher pour ce que c’est.',
  'Pain & Co croix-rousse : file d’attente énorme ce matin.',
];
const CONTEXT = ['Balade boulangerie croix-rousse ce matin, que de bonnes adresses', 'Une bonne boulangerie croix-rousse à conseiller pour un gâteau d’anniversaire ?'];
const SPIKE = [
  'Une heure de queue chez Boulangerie Lumière pour la brioche des Lumières et plus rien à 17 h. Déçue.',
  'Boulangerie Lumière : rupture de brioche des Lumières à 16 h 30, organisation nulle.',
  'La vendeuse de Boulangerie Lumière m’a répondu sèchement, ambiance glaciale ce soir.',
  'Fête des Lumières gâchée, Boulangerie Lumière a vendu toutes les brioches réservées, aucune excuse.',
  'Boulangerie Lumière, 45 minutes dehors dans le froid pour repartir sans rien 😡',
  'Honteux le mépris de Boulangerie Lumière pour les gens qui ont fait la queue.',
  'Plus jamais la brioche des Lumières chez Boulangerie Lumière, quelle déception.',
  'Boulangerie Lumière : personne pour gérer la file, c’était l’enfer.',
];
const RUMOUR = [
  'Mon fils a été malade toute la nuit après la brioche des Lumières de Boulangerie Lumière… quelqu’un d’autre ?',
  'On est deux à avoir vomi après la brioche de Boulangerie Lumière, intoxication ?',
  'Des gens disent avoir été malades après la brioche de Boulangerie Lumière, vous savez quelque chose ?',
  'Boulangerie Lumière : gastro dans la famille après la brioche d’hier, coïncidence ?',
];

type Raw = { network: string; nativeId: string; url: string; createdAt: string; authorId: string; handle: string; text: string; lang: string; kind: string; reach: number; rating?: number };
const byNetwork: Record<string, Raw[]> = { bluesky: [], mastodon: [], reddit: [], youtube: [] };
const feeds: Record<string, { at: string; title: string; text: string; url: string; author: string; rating?: number }[]> = { 'google-alerts-marque': [], 'avis-clients': [] };
let counter = 0;

function add(network: string, atMs: number, text: string, author: string, reach: number) {
  counter++;
  const at = new Date(atMs).toISOString();
  if (network === 'web') {
    feeds['google-alerts-marque']!.push({ at, title: text.split(',')[0]!, text, url: `https://www.google.com/url?rct=j&sa=t&url=https://presse-lyon.example/article-${counter}&ct=ga`, author: 'presse-lyon.example' });
    return;
  }
  if (network === 'reviews') {
    const negative = NEGATIVE.includes(text) || SPIKE.includes(text) || RUMOUR.includes(text);
    const rating = negative ? (RUMOUR.includes(text) ? 1 : pick([1, 2, 2, 3])) : NEUTRAL.includes(text) ? 3 : pick([4, 5, 5]);
    feeds['avis-clients']!.push({ at, title: `${'★'.repeat(rating)}${'☆'.repeat(5 - rating)} Avis de ${author.replace(/\d+$/, '')}`, text, url: `https://avis.example/boulangerie-lumiere/${counter}`, author, rating });
    return;
  }
  // Networks' stable ids are opaque (a DID is not a handle).
  const opaque = createHash('sha256').update(author).digest('hex');
  const did = `did:plc:${opaque.slice(0, 24)}`;
  const id = `${counter.toString(36)}${Math.floor(random() * 1e6).toString(36)}`;
  const raw: Raw = {
    network,
    nativeId: network === 'bluesky' ? `at://${did}/app.bsky.feed.post/${id}` : network === 'mastodon' ? `https://piaille.fr/users/${author}/statuses/${counter}` : network === 'reddit' ? `t3_${id}` : id,
    url: network === 'bluesky' ? `https://bsky.app/profile/${did}/post/${id}` : network === 'mastodon' ? `https://piaille.fr/@${author}/${counter}` : network === 'reddit' ? `https://www.reddit.com/r/lyon/comments/${id}/` : `https://www.youtube.com/watch?v=${id}`,
    createdAt: at,
    authorId: network === 'bluesky' ? did : network === 'mastodon' ? `https://piaille.fr/users/${author}` : network === 'reddit' ? `t2_${opaque.slice(0, 8)}` : `UC${opaque.slice(0, 22)}`,
    handle: network === 'reddit' ? `u/${author}` : `@${author}`,
    text,
    lang: 'fr',
    kind: network === 'youtube' ? 'video' : 'post',
    reach,
  };
  byNetwork[network]!.push(raw);
}

const NETWORKS = ['bluesky', 'bluesky', 'bluesky', 'mastodon', 'mastodon', 'reviews', 'reviews', 'web', 'reddit', 'youtube'];
const day0 = Date.parse('2026-09-09T00:00:00+02:00');
const spikeDay = Date.parse('2026-12-08T00:00:00+01:00');
for (let t = day0; t < spikeDay + 2 * 86_400_000; t += 86_400_000) {
  const n = Math.floor(random() * 5);
  for (let i = 0; i < n; i++) {
    const hour = 7 + Math.floor(random() * 14);
    const at = t + hour * 3_600_000 + Math.floor(random() * 3_600_000);
    if (at > spikeDay + 13 * 3_600_000 && at < spikeDay + 30 * 3_600_000) continue;
    const roll = random();
    const text = roll < 0.5 ? pick(POSITIVE) : roll < 0.72 ? pick(NEUTRAL) : roll < 0.84 ? pick(NEGATIVE) : roll < 0.96 ? pick(COMPETITOR) : pick(CONTEXT);
    add(pick(NETWORKS), at, text, pick(people.slice(0, 110)), Math.floor(10 ** (random() * 3)));
  }
}
// The evening of 8 December: ten people, not one angry person posting ten times.
SPIKE.forEach((text, i) => add(pick(['bluesky', 'bluesky', 'mastodon', 'reviews']), spikeDay + (14 * 60 + i * 33) * 60_000, text, people[110 + i]!, Math.floor(10 ** (1 + random() * 3))));
add('bluesky', spikeDay + (19 * 60 + 5) * 60_000, 'Honteux le mépris de Boulangerie Lumière pour les gens qui ont fait la queue.', people[115]!, 40);
RUMOUR.slice(0, 2).forEach((text, i) => add(i ? 'bluesky' : 'mastodon', spikeDay + (17 * 60 + 10 + i * 70) * 60_000, text, people[120 + i]!, 300 + i * 900));
// 9 December: the rumour spreads in the morning, then a one-star review.
RUMOUR.slice(2).forEach((text, i) => add('bluesky', spikeDay + (24 * 60 + 8 * 60 + i * 45) * 60_000, text, people[125 + i]!, 2000));
add('reviews', spikeDay + (24 * 60 + 10 * 60) * 60_000, RUMOUR[0]!, people[130]!, 0);

mkdirSync(path.join(out, 'rss'), { recursive: true });
for (const [network, list] of Object.entries(byNetwork)) {
  list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  writeFileSync(path.join(out, `${network}.jsonl`), list.map((m) => JSON.stringify(m)).join('\n') + '\n');
}
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const alerts = feeds['google-alerts-marque']!.sort((a, b) => b.at.localeCompare(a.at));
writeFileSync(
  path.join(out, 'rss/google-alerts-marque.xml'),
  `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<id>tag:google.com,2005:reference:sample</id>\n<title>Alerte Google - "Boulangerie Lumière"</title>\n<updated>${alerts[0]!.at}</updated>\n${alerts
    .map((e, i) => `<entry><id>tag:google.com,2013:googlealerts/feed:${i}</id><title type="html">${xml(e.title)}</title><link href="${xml(e.url)}"/><published>${e.at}</published><updated>${e.at}</updated><content type="html">${xml(e.text)}</content><author><name/></author></entry>`)
    .join('\n')}\n</feed>\n`,
);
const reviews = feeds['avis-clients']!.sort((a, b) => b.at.localeCompare(a.at));
writeFileSync(
  path.join(out, 'rss/avis-clients.xml'),
  `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Avis clients - Boulangerie Lumière</title><link>https://avis.example/boulangerie-lumiere</link><description>Derniers avis</description>\n${reviews
    .map((e) => `<item><guid>${xml(e.url)}</guid><title>${xml(e.title)}</title><link>${xml(e.url)}</link><pubDate>${new Date(e.at).toUTCString()}</pubDate><description>${xml(e.text)}</description><author>avis@avis.example (${xml(e.author)})</author></item>`)
    .join('\n')}\n</channel></rss>\n`,
);
console.log(`samples/watch: ${Object.entries(byNetwork).map(([n, l]) => `${n} ${l.length}`).join(', ')}, alerts ${alerts.length}, reviews ${reviews.length}`);
