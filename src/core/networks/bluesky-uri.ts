/** Bluesky's addresses: the default PDS, and the bsky.app link of a post record. Pure. */
export const DEFAULT_BLUESKY_API_URL = 'https://bsky.social';
/** Where the ledger's URLs point; the post itself lives on the PDS. */
export const BLUESKY_APP_URL = 'https://bsky.app';

/** `at://<did>/<collection>/<rkey>`, the only shape of URI the adapter writes in the ledger. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } | undefined {
  const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri);
  return m ? { repo: m[1]!, collection: m[2]!, rkey: m[3]! } : undefined;
}

/** The bsky.app address of a post record (`at://did/app.bsky.feed.post/rkey`). */
export function bskyAppUrl(uri: string): string {
  const at = parseAtUri(uri);
  return at ? `${BLUESKY_APP_URL}/profile/${at.repo}/post/${at.rkey}` : uri;
}
