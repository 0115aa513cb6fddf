import { publicMediaUrl } from '../core/networks/public-media.ts';
/**
 * Slack through an incoming webhook (`SLACK_WEBHOOK_URL`, `https://hooks.slack.com/services/T…/B…/…`,
 * from a Slack app: Features → Incoming Webhooks → Add New Webhook to Workspace, pick the channel).
 * `SLACK_API_URL` replaces the webhook's origin (tests, proxies); the path stays the secret one.
 *
 * - Body `{text, blocks?, unfurl_links: true}`; `& < >` escaped as mrkdwn wants (a post cannot ping
 *   `<!channel>` or a user); the link appended after a blank line; a content warning goes first in bold.
 * - Images only by public URL, in `image` blocks with `alt_text`: an `https://` medium as written, a
 *   medium under the brand's `public/` folder as `<siteUrl>/<path without public/>` (the blog serves
 *   `public/` at the site root). Media next to the posts have no stable public URL (the blog publishes
 *   them through Astro's image pipeline under hashed names), so they are refused before any call.
 * - Only the main text: the webhook answers `ok`, with no timestamp to reply to.
 * - No id, no look-up, no deletion: the ledger records `slack:<key>`; an unknown outcome cannot be
 *   reconciled automatically (`lookup` answers unknown) and a retraction asks for a manual removal.
 */
import path from 'node:path';
import { publishedText } from '../core/networks/compose.ts';
import { NETWORK_LIMITS, VIDEO_FORMATS } from '../core/networks/limits.ts';
import { siteUrlReader } from './http/site-url.ts';
import { redact, type Adapter, type DeleteResult, type LookupResult, type Publication, type PublicationMedia, type PublishFailure, type PublishResult } from './adapter.ts';
import { requestJson } from './http/failures.ts';

export interface SlackOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The brand's site URL (default: read from the editorial line). */
  siteUrl?: string;
}

const LIMITS = NETWORK_LIMITS.slack;

/** mrkdwn escaping: only `&`, `<` and `>` are control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackText(publication: Publication): string {
  const text = escapeMrkdwn(publishedText(LIMITS, publication.parts[0]?.text, publication.link));
  return publication.spoiler ? `*${escapeMrkdwn(publication.spoiler)}*\n\n${text}` : text;
}

export function slackAdapter(env: NodeJS.ProcessEnv, root: string, options: SlackOptions = {}): Adapter {
  const webhook = (env.SLACK_WEBHOOK_URL ?? '').trim();
  let url = webhook;
  let secretPath = '';
  try {
    const parsed = new URL(webhook);
    secretPath = parsed.pathname;
    const override = (env.SLACK_API_URL ?? '').trim().replace(/\/+$/, '');
    if (override) url = `${override}${parsed.pathname}`;
  } catch {
    url = '';
  }
  const secrets = [webhook, secretPath, secretPath.split('/').pop()];
  const clean = (message: string) => redact(message, secrets);
  const site = siteUrlReader(root, options.siteUrl);

  return {
    name: 'slack',
    channel: 'slack',
    render: (publication) => [slackText(publication)],

    async publish(publication, signal): Promise<PublishResult> {
      if (!url) return { ok: false, kind: 'refused', message: 'SLACK_WEBHOOK_URL is not a URL' };
      const text = slackText(publication);
      const body: Record<string, unknown> = { text, unfurl_links: true };
      const media = publication.parts[0]?.media ?? [];
      if (media.length > 0) {
        const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
        for (const m of media) {
          if (VIDEO_FORMATS.includes(path.extname(m.path).slice(1).toLowerCase())) return { ok: false, kind: 'refused', message: `${m.path}: a Slack webhook cannot show a video` };
          const image = publicMediaUrl(m.path, site(), 'Slack');
          if (!image.ok) return { ok: false, kind: 'refused', message: image.message };
          blocks.push({ type: 'image', image_url: image.url, alt_text: (m.alt || path.basename(m.path)).slice(0, 2000) });
        }
        body.blocks = blocks;
      }
      const sent = await requestJson<unknown>(url, {
        method: 'POST',
        json: body,
        ...(signal ? { signal } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        what: 'POST webhook',
        // Errors are plain words: invalid_payload, channel_not_found, channel_is_archived, no_service…
        describe: (_parsed, raw) => (raw.trim() ? explain(raw.trim()) : undefined),
      });
      if (!sent.ok) {
        const failure: PublishFailure = { ...sent, message: clean(sent.message) };
        if (failure.status === 502 || failure.status === 504) failure.kind = 'unknown';
        return failure;
      }
      // The webhook answers `ok` and nothing else: no message id or link to record.
      return { ok: true, remoteId: `slack:${publication.key}` };
    },

    async lookup(): Promise<LookupResult> {
      return {
        found: 'unknown',
        message: 'a Slack incoming webhook cannot read the channel: check it, then record the message by hand or delete it before the next run publishes again',
      };
    },

    async delete(): Promise<DeleteResult> {
      return { ok: false, unsupported: true, message: 'a Slack incoming webhook cannot delete its messages: remove it in Slack (message menu → Delete)' };
    },
  };
}

const SLACK_ERRORS: Record<string, string> = {
  invalid_payload: 'invalid_payload (Slack could not read the message)',
  no_service: 'no_service (the webhook was disabled or removed: create a new one)',
  channel_not_found: 'channel_not_found (the webhook channel no longer exists)',
  channel_is_archived: 'channel_is_archived (unarchive the channel or create a webhook for another)',
  action_prohibited: 'action_prohibited (a workspace admin restricted posting in this channel)',
  user_not_found: 'user_not_found',
  rollup_error: 'rollup_error (Slack failed; try again later)',
};

function explain(raw: string): string {
  const word = raw.split(/\s/)[0]!;
  return SLACK_ERRORS[word] ?? raw.slice(0, 200);
}

// ---- Metrics ---------------------------------------------------------------------------------------
// An incoming webhook answers `ok` and nothing else: no message id, so nothing can be read back. Slack is
// recorded as not measurable (reactions would need a bot token and `reactions.get`).

import type { MetricsReader } from './metrics.ts';

export function slackMetrics(): MetricsReader {
  return { channel: 'slack', name: 'slack', provides: [], limits: 'slack-webhook' };
}
