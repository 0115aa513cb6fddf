/**
 * Saved replies (« réponses types »): `content/replies/<id>.md`, a title and the text to send, French
 * first. Every one links the charter: `{charte}` (or `{charter}`) becomes the netiquette page's address.
 */
import * as z from 'zod';

export const REPLIES_DIR = 'content/replies';

export const savedReplySchema = z.strictObject({
  title: z.string().min(1),
  lang: z.string().default('fr'),
  description: z.string().optional(),
});

export interface SavedReply {
  id: string;
  title: string;
  lang: string;
  /** The text with `{charte}` still in it. */
  template: string;
}

const PLACEHOLDER = /\{(?:charte|charter)\}/g;

/** Why a saved reply cannot be used, or undefined. */
export function savedReplyProblem(reply: SavedReply): string | undefined {
  if (!reply.template.trim()) return 'is empty';
  if (!PLACEHOLDER.test(reply.template) && !/\/netiquette\b/.test(reply.template)) return 'does not link the charter: add {charte} where its address should go';
  PLACEHOLDER.lastIndex = 0;
  return undefined;
}

/** The text to send: the charter's address filled in. */
export function renderSavedReply(reply: SavedReply, charterUrl: string): string {
  return reply.template.replace(PLACEHOLDER, charterUrl).trim();
}
