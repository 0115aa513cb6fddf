import type { Finding } from '../../diagnostics.ts';
import { appendsLink, publishedText } from '../../networks/compose.ts';
import { countText, describeCounting } from '../../networks/count.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, textPieces } from './scope.ts';
import { lastWordsBefore } from './wording.ts';

export const textLength: PostRule = {
  id: 'text/length',
  description: "Each text fits its network's limit, counted the way that network counts (X weighted, Bluesky graphemes and bytes, Threads emoji bytes…).",
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      const { content, limits } = scope;
      for (const piece of textPieces(scope)) {
        const withLink = piece.role === 'text' && appendsLink(limits, piece.text, content.link);
        const text = piece.role === 'text' ? publishedText(limits, piece.text, content.link) : piece.text;
        // Cadence publishes every reply under the post's content warning (as Mastodon's composer does),
        // so on Mastodon each part counts it.
        const spoiler = limits.text.countsSpoiler ? content.spoiler : undefined;
        const count = countText(scope.channel, text, limits, { withMedia: piece.withMedia, ...(spoiler ? { spoiler } : {}) });
        if (count.length <= count.limit) continue;
        const how = [describeCounting(limits, count)];
        if (spoiler) how.push('with the content warning');
        if (withLink) how.push('with the link appended');
        const where =
          count.overflowIndex === undefined
            ? ''
            : count.overflowIndex === 0
              ? spoiler
                ? '; the content warning alone reaches the limit'
                : '; nothing of it fits'
              : `; cut after "${lastWordsBefore(text, count.overflowIndex)}"`;
        const unit = count.unit === 'bytes' ? ' bytes' : '';
        findings.push({
          at: piece.path,
          channel: scope.channel,
          ...(limits.textUnverified ? { severity: 'warning' as const } : {}),
          message: `${scope.label} counts ${count.length} of ${count.limit}${unit} for ${piece.name} (${how.join('; ')})${where}`,
        });
      }
    }
    return findings;
  },
};
