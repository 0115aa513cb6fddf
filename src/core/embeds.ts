/**
 * The embeds an article may hold (`<Embed src="…" title="…" />`): a video or a map from a few hosts a
 * brand really needs. The writer pastes the page's address as their browser shows it; Cadence builds
 * the player's address itself from the id it finds there, so nothing of the pasted URL but that id
 * reaches the page, and the blog's Content-Security-Policy allows frames from these origins only.
 */

export interface EmbedProvider {
  id: string;
  label: string;
  /** Hosts of the addresses writers paste. */
  hosts: readonly string[];
  /** The origin the player is loaded from (the CSP's frame-src). */
  origin: string;
  /** The player's address for a pasted URL, or undefined when the URL is not one of this provider's. */
  player(url: URL): string | undefined;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

function youtubeStart(url: URL): string {
  const t = url.searchParams.get('t') ?? url.searchParams.get('start');
  const match = t ? /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(t) : null;
  if (!match || !t) return '';
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  return seconds > 0 ? `?start=${seconds}` : '';
}

export const EMBED_PROVIDERS: readonly EmbedProvider[] = [
  {
    id: 'youtube',
    label: 'YouTube',
    hosts: ['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be', 'www.youtube-nocookie.com', 'youtube-nocookie.com'],
    // The privacy-enhanced player: no cookie until the reader plays the video.
    origin: 'https://www.youtube-nocookie.com',
    player(url) {
      const path = url.pathname.split('/').filter(Boolean);
      const id = url.hostname === 'youtu.be' ? path[0] : path[0] === 'watch' ? url.searchParams.get('v') : ['embed', 'shorts', 'live'].includes(path[0] ?? '') ? path[1] : undefined;
      return id && YOUTUBE_ID.test(id) ? `https://www.youtube-nocookie.com/embed/${id}${youtubeStart(url)}` : undefined;
    },
  },
  {
    id: 'vimeo',
    label: 'Vimeo',
    hosts: ['vimeo.com', 'www.vimeo.com', 'player.vimeo.com'],
    origin: 'https://player.vimeo.com',
    player(url) {
      const path = url.pathname.split('/').filter(Boolean);
      const id = url.hostname === 'player.vimeo.com' ? (path[0] === 'video' ? path[1] : undefined) : path.find((p) => /^\d+$/.test(p));
      // dnt=1: Vimeo's "do not track" player.
      return id && /^\d{1,12}$/.test(id) ? `https://player.vimeo.com/video/${id}?dnt=1` : undefined;
    },
  },
  {
    id: 'dailymotion',
    label: 'Dailymotion',
    hosts: ['dailymotion.com', 'www.dailymotion.com', 'dai.ly', 'geo.dailymotion.com'],
    origin: 'https://geo.dailymotion.com',
    player(url) {
      const path = url.pathname.split('/').filter(Boolean);
      const id = url.hostname === 'dai.ly' ? path[0] : url.hostname === 'geo.dailymotion.com' ? url.searchParams.get('video') : path[0] === 'video' ? path[1] : undefined;
      return id && /^x[a-z0-9]{4,12}$/i.test(id) ? `https://geo.dailymotion.com/player.html?video=${id}` : undefined;
    },
  },
  {
    id: 'openstreetmap',
    label: 'OpenStreetMap',
    hosts: ['openstreetmap.org', 'www.openstreetmap.org'],
    origin: 'https://www.openstreetmap.org',
    player(url) {
      const number = String.raw`-?\d{1,3}(?:\.\d+)?`;
      // The "Share → HTML" address: /export/embed.html?bbox=…&layer=mapnik&marker=…
      const bbox = url.searchParams.get('bbox');
      if (url.pathname === '/export/embed.html' && bbox && new RegExp(`^${number}(?:,${number}){3}$`).test(bbox)) {
        const marker = url.searchParams.get('marker');
        const markerPart = marker && new RegExp(`^${number},${number}$`).test(marker) ? `&marker=${marker}` : '';
        return `https://www.openstreetmap.org/export/embed.html?bbox=${bbox}&layer=mapnik${markerPart}`;
      }
      // The address bar's #map=zoom/lat/lon: a box around that point, with a marker on it.
      const view = new RegExp(`^#map=(\\d{1,2})/(${number})/(${number})`).exec(url.hash);
      if (!view) return undefined;
      const [zoom, lat, lon] = [Number(view[1]), Number(view[2]), Number(view[3])];
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
      const halfWidth = 360 / 2 ** zoom;
      const halfHeight = halfWidth / 2;
      const round = (n: number) => Number(n.toFixed(5));
      return `https://www.openstreetmap.org/export/embed.html?bbox=${round(lon - halfWidth)},${round(lat - halfHeight)},${round(lon + halfWidth)},${round(lat + halfHeight)}&layer=mapnik&marker=${round(lat)},${round(lon)}`;
    },
  },
];

/** Every origin an embed may load from: the blog's CSP frame-src, the sanitizer's iframe hosts. */
export const EMBED_ORIGINS: readonly string[] = EMBED_PROVIDERS.map((p) => p.origin);

export type EmbedSource = { ok: true; provider: EmbedProvider; player: string } | { ok: false; message: string };

/** The player address for a pasted page address, or why it cannot be embedded. */
export function embedSource(address: string): EmbedSource {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, message: `\`${address}\` is not a web address: paste the page’s address from the browser (https://…)` };
  }
  const names = EMBED_PROVIDERS.map((p) => p.label).join(', ');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `\`${address}\` is not a web page address (allowed: ${names})` };
  const provider = EMBED_PROVIDERS.find((p) => p.hosts.includes(url.hostname.toLowerCase()));
  if (!provider) return { ok: false, message: `${url.hostname} is not a host the blog embeds from (allowed: ${names}); link to the page instead` };
  const player = provider.player(url);
  if (!player) return { ok: false, message: `\`${address}\` is not the address of a ${provider.label} ${provider.id === 'openstreetmap' ? 'map (use Share → HTML, or an address with #map=)' : 'video'}` };
  return { ok: true, provider, player };
}
