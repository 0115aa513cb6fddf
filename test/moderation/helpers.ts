/** A brand repository for moderation scenarios: sample charter, a few published posts, an inbox of replies. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { editorialLine, REPO_ROOT } from '../helpers/brand.ts';
import { firstPush, git, remoteBrand, type RemoteBrand } from '../publish/helpers.ts';

export const AT = '2026-12-08T20:00:00+01:00';
export const KEY = 'k'.repeat(40);

export interface InboxItem {
  id: string;
  post?: string;
  kind?: string;
  author: { id: string; handle?: string; name?: string; brand?: boolean };
  text: string;
  at: string;
  parent?: string;
}

/** A published event in the ledger, as `cadence publish` writes it. */
export function published(postId: string, channel: string, remoteId: string, at = '2026-12-07T08:00:00.000Z'): string {
  return `${JSON.stringify({ type: 'published', at, run: 'seed', adapter: 'test', remoteId, url: `https://example.test/${channel}/${remoteId}`, contentHash: 'sha256:0', key: `${postId}.${channel}.0` })}\n`;
}

export function moderationBrand(inbox: Partial<Record<string, InboxItem[]>>, extraLine: Record<string, unknown> = {}): RemoteBrand {
  const remote = remoteBrand(editorialLine({ channels: { mastodon: {}, instagram: {}, x: {}, bluesky: {}, blog: {} }, ...extraLine }));
  const { seed } = remote;
  seed.write('content/netiquette.mdx', readFileSync(path.join(REPO_ROOT, 'content/netiquette.mdx'), 'utf8'));
  for (const channel of ['mastodon', 'instagram', 'x', 'bluesky']) {
    seed.write(`data/ledger/pain/${channel}.jsonl`, published('pain', channel, `${channel}-post-1`));
    seed.write(`data/ledger/brioche/${channel}.jsonl`, published('brioche', channel, `${channel}-post-2`));
  }
  for (const [channel, items] of Object.entries(inbox)) seed.write(`samples/inbox/${channel}.json`, JSON.stringify(items, null, 2));
  firstPush(remote);
  return remote;
}

/** Everything the remote's history holds under data/ (every version of every file). */
export function committedData(bare: string): string {
  return git(bare, 'log', '--all', '-p', '--format=', '--', 'data/');
}

export const env = (extra: Record<string, string> = {}) => ({ CADENCE_PSEUDONYM_KEY: KEY, CADENCE_RETRY_BASE_MS: '1', ...extra });

export const day: Record<string, InboxItem[]> = {
  instagram: [
    { id: 'ig-1', post: 'pain', kind: 'comment', author: { id: 'u1', handle: '@claire.croixrousse' }, text: 'Vous êtes ouverts le 25 décembre ?', at: '2026-12-07T10:00:00+01:00' },
    { id: 'ig-2', post: 'pain', kind: 'comment', author: { id: 'u2', handle: '@troll.lyonnais' }, text: 'Bande de connards, pain immangeable', at: '2026-12-07T11:00:00+01:00' },
    { id: 'ig-3', post: 'brioche', kind: 'comment', author: { id: 'u3', handle: '@deals.flash' }, text: 'Gagnez un iPhone gratuit ici bit.ly/xyz', at: '2026-12-08T09:00:00+01:00' },
    { id: 'ig-4', post: 'brioche', kind: 'comment', author: { id: 'u4', handle: '@marc.fontaine' }, text: 'Appelez-moi au 06 12 34 56 78 pour ma commande', at: '2026-12-08T12:00:00+01:00' },
    { id: 'ig-5', post: 'brioche', kind: 'comment', author: { id: 'u5', handle: '@sylvie.m' }, text: 'Superbe brioche, merci !', at: '2026-12-08T13:00:00+01:00' },
    { id: 'ig-6', post: 'brioche', kind: 'comment', author: { id: 'u6', handle: '@nico.presquile' }, text: 'Combien de parts pour 8 personnes ?', at: '2026-12-08T18:00:00+01:00' },
    { id: 'ig-7', post: 'brioche', kind: 'comment', author: { id: 'b', handle: '@camille.lumiere' }, text: 'Bonjour Nicolas, la grande brioche fait 8 parts !', at: '2026-12-08T18:30:00+01:00', parent: 'ig-6' },
  ],
  mastodon: [
    { id: 'm-1', post: 'pain', author: { id: 'a1', handle: '@lea@piaille.fr' }, text: 'Joli pain, bravo', at: '2026-12-07T09:30:00+01:00' },
    { id: 'm-2', post: 'pain', author: { id: 'a2', handle: '@harceleur@exemple.social' }, text: 'on sait où tu habites', at: '2026-12-07T12:00:00+01:00' },
    { id: 'm-3', post: 'pain', author: { id: 'a3', handle: '@spam@exemple.social' }, text: 'Suivez mon compte', at: '2026-12-08T10:00:00+01:00' },
  ],
};

/** The words and handles of the day's replies: none of them may reach Git. */
export const thirdPartyWords = ['claire', 'troll', 'connards', 'immangeable', 'iphone', 'bit.ly', '06 12 34', 'marc.fontaine', 'superbe', 'nico.presquile', 'piaille', 'harceleur', 'habites', 'suivez'];
