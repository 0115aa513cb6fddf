/**
 * Keyed pseudonyms of third parties (commenters, authors of mentions). Git may keep, forever and maybe in
 * public, that "the same person" wrote three replies, never who: an HMAC of the network and the
 * author's stable id under a secret key. Without the key nobody can test a guess ("is it @marie?"), as
 * they could with a plain hash; with it, moderation and the watch recognise the same author across runs.
 */
import { createHmac } from 'node:crypto';

/** `p_` and 16 hex digits (64 bits: no collision among a brand's commenters in practice). */
export function pseudonymOf(key: Uint8Array, network: string, authorId: string): string {
  return `p_${createHmac('sha256', key).update(`${network}\0${authorId}`).digest('hex').slice(0, 16)}`;
}
