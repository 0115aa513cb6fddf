/**
 * The one interface every network adapter implements. An adapter turns a publication (what one channel
 * of a post publishes) into network calls; it never decides *whether* to publish (the ledger does) and
 * never retries on its own (the runner does, honouring what the adapter reports).
 */
import type { ChannelId } from '../core/channels.ts';
import type { RemotePart } from '../core/ledger/types.ts';

export interface PublicationMedia {
  /** Repository-relative path of the file (or an http(s) URL, as written in the post). */
  path: string;
  /** Absolute path on disk, when local. */
  absolutePath?: string;
  alt: string;
  focus?: readonly [number, number];
}

export interface PublicationPart {
  text: string;
  media: readonly PublicationMedia[];
}

/** What one channel of a post publishes, resolved and ready to send. */
export interface Publication {
  postId: string;
  channel: ChannelId;
  /** Repository-relative post file. */
  file: string;
  title: string;
  /** First post, then the thread replies, in order. */
  parts: readonly PublicationPart[];
  firstComment?: string;
  link?: string;
  spoiler?: string;
  lang?: string;
  /** The blog article body (blog channel). */
  body?: string;
  contentHash: string;
  /** Idempotency key: the same for every retry of the same content. */
  key: string;
}

export type PublishResult =
  | { ok: true; remoteId: string; url?: string; replies?: RemotePart[] }
  | PublishFailure;

/**
 * Why a call did not succeed, in the terms the runner acts on:
 * - `rate-limited`: 429 or a network's quota error; wait `retryAfterMs` then retry;
 * - `transient`: failed for sure but may work later (5xx before anything was created, connection refused);
 * - `refused`: the network said no (4xx other than 429): retrying will not help;
 * - `unknown`: it may have worked (timeout, connection reset after sending, malformed success): look it up.
 */
export interface PublishFailure {
  ok: false;
  kind: 'rate-limited' | 'transient' | 'refused' | 'unknown';
  message: string;
  status?: number;
  retryAfterMs?: number;
}

export type LookupResult =
  | { found: true; remoteId: string; url?: string; replies?: RemotePart[] }
  | { found: false }
  | { found: 'unknown'; message: string };

export type DeleteResult = { ok: true } | { ok: false; unsupported: true; message: string } | PublishFailure;

export interface Adapter {
  /** `outbox`, `mastodon`, …: written in the ledger next to each result. */
  readonly name: string;
  readonly channel: ChannelId;
  /** How the publication will look on the network (one string per part), for previews and dry runs. */
  render(publication: Publication): string[];
  publish(publication: Publication, signal?: AbortSignal): Promise<PublishResult>;
  /** Finds a publication made under `key` (after an unknown outcome), without creating anything. */
  lookup(publication: Publication, key: string, signal?: AbortSignal): Promise<LookupResult>;
  delete(remote: { remoteId: string; replies?: readonly RemotePart[] }, signal?: AbortSignal): Promise<DeleteResult>;
}

/** Removes anything that looks like a secret from a message before it is printed or written to the ledger. */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out;
}
