/**
 * The crisis switch. A pause is a small JSON file, `data/pause/all.json` (everything),
 * `data/pause/<channel>.json`, `data/pause/pillar-<id>.json` or `data/pause/campaign-<slug>.json`;
 * resuming deletes it. One file per scope, so pausing one channel and resuming another never conflict.
 */
import { isChannelId, type ChannelId } from '../channels.ts';

export const PAUSE_DIR = 'data/pause';

export type PauseScope = 'all' | ChannelId | `pillar-${string}` | `campaign-${string}`;

export interface PauseEntry {
  scope: PauseScope;
  reason: string;
  /** ISO 8601 instant the pause was set. */
  at: string;
  by?: string;
  /** The crisis that set it (`cadence crisis start`): its end lifts it. */
  crisis?: string;
}

export type Pauses = ReadonlyMap<PauseScope, PauseEntry>;

export function pauseFile(scope: PauseScope): string {
  return `${PAUSE_DIR}/${scope}.json`;
}

export function isPauseScope(value: string): value is PauseScope {
  return value === 'all' || isChannelId(value) || /^(?:pillar|campaign)-[a-z0-9][a-z0-9-]*$/.test(value);
}

/** A campaign's name as a scope (campaign names are free text). */
export function campaignScope(campaign: string): PauseScope {
  const slug = campaign
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `campaign-${slug || 'x'}`;
}

/**
 * The pause that holds a channel of a post, if any: the whole brand first, then the channel, the
 * post's pillar, its campaign. A post of the current crisis (`crisis: <id>`) is never held: holding
 * statements are what must go out during a pause.
 */
export function pauseFor(pauses: Pauses, channel: ChannelId, post?: { pillar?: string | undefined; campaign?: string | undefined; crisis?: string | undefined }, crisis?: string): PauseEntry | undefined {
  if (post?.crisis !== undefined && post.crisis === crisis) return undefined;
  return pauses.get('all') ?? pauses.get(channel) ?? (post?.pillar ? pauses.get(`pillar-${post.pillar}`) : undefined) ?? (post?.campaign ? pauses.get(campaignScope(post.campaign)) : undefined);
}

export function parsePause(scope: PauseScope, text: string): PauseEntry {
  try {
    const value = JSON.parse(text) as Partial<PauseEntry>;
    return { scope, reason: typeof value.reason === 'string' ? value.reason : '(no reason given)', at: typeof value.at === 'string' ? value.at : '', ...(typeof value.by === 'string' ? { by: value.by } : {}), ...(typeof value.crisis === 'string' ? { crisis: value.crisis } : {}) };
  } catch {
    // A pause file that cannot be read still pauses: failing safe is the point of the switch.
    return { scope, reason: '(unreadable pause file)', at: '' };
  }
}

export function serializePause(entry: PauseEntry): string {
  return `${JSON.stringify(entry, null, 2)}\n`;
}
