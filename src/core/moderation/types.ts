/**
 * The moderation model shared by every network: one normalized interaction type, the verdict the pure
 * core gives it, and what a network can do about it. Nothing here knows files, Git or HTTP.
 */
import type { ChannelId } from '../channels.ts';

export type InteractionKind = 'reply' | 'mention' | 'quote' | 'comment';

/** A brand post the interaction answers, as the publication ledger knows it. */
export interface OwnPostRef {
  postId: string;
  remoteId: string;
  url?: string;
}

export interface InteractionAuthor {
  /** The network's stable account id (DID, numeric id, URN…). */
  id: string;
  /** As the network shows it (@name, name.bsky.social): for the human queue only, never written to Git. */
  handle?: string;
  displayName?: string;
  /** True when the author is the brand's own account on that network. */
  isBrand?: boolean;
}

/** One reply, comment, mention or quote, as every adapter returns it. */
export interface Interaction {
  network: ChannelId;
  /** The network's id of the reply (status id, at:// URI, comment id…). */
  id: string;
  /** Permalink, when the network gives one. */
  url?: string;
  kind: InteractionKind;
  /** The brand post it answers (directly or deeper in the thread). */
  ownPost?: OwnPostRef;
  /** What it replies to directly (a brand post, or another reply). */
  parentId?: string;
  /** Root of the thread. */
  rootId?: string;
  author: InteractionAuthor;
  /** Plain text (HTML stripped). */
  text: string;
  /** ISO 8601 instant the author wrote it. */
  createdAt: string;
  /** Nested under another reply (Threads can hide top-level replies only). */
  nested?: boolean;
  /** The brand wrote the root of the thread (Bluesky can hide only in its own threads). */
  rootIsBrand?: boolean;
  /** Already hidden on the network. */
  hidden?: boolean;
  /** Network-specific data an action needs again (a CID, a parent id): never written to Git. */
  ref?: Record<string, string>;
}

export type VerdictAction = 'none' | 'hide' | 'flag' | 'report';

/** Which part of a rule matched: never the matched text (it is a third party's), only its kind and index. */
export interface MatchRef {
  /** `pattern-budget`: the pattern ran past its time budget on this reply, so nobody knows whether it matches: a person decides. */
  kind: 'term' | 'pattern' | 'pattern-budget' | 'links' | 'shouting' | 'repetition';
  /** Index of the term or pattern in the rule. */
  index?: number;
  /** Links counted, repeats seen. */
  count?: number;
}

export interface Verdict {
  action: VerdictAction;
  ruleId?: string;
  match?: MatchRef;
  mode: 'enforce' | 'shadow';
  /** Why nothing is done: the brand itself, its team. */
  exempt?: 'brand' | 'team';
  /** An allow-listed author: a hide or report became a flag. */
  allowListed?: boolean;
  /** A question (service client): watched for a reply from the brand. */
  question: boolean;
  /** The report category of the rule. */
  category?: string;
}

/** What a network can do through its API (research/moderation.md §0). */
export interface ModerationCaps {
  /** `any`: every reply; `top-level`: not nested replies (Threads); `own-root`: in threads the brand started (Bluesky, X); `none`. */
  hide: 'any' | 'top-level' | 'own-root' | 'none';
  unhide: boolean;
  /** A report to the platform's moderators through the API (Mastodon, Bluesky). */
  report: boolean;
  reply: boolean;
}

/** The action actually taken on a network, after mapping the verdict onto its capabilities. */
export interface Plan {
  action: 'none' | 'hide' | 'report' | 'flag';
  /** The verdict asked for more than the network allows (or the breaker tripped): a human decides. */
  degradedFrom?: 'hide' | 'report';
  why?: 'network' | 'nested' | 'not-own-thread' | 'breaker' | 'shadow';
}
