import type { Finding } from '../../diagnostics.ts';
import { appendsLink, publishedText } from '../../networks/compose.ts';
import { countText, describeCounting } from '../../networks/count.ts';
import { taggedContent, utmContext } from '../../utm.ts';
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
      // Counted as sent: the brand's links with their UTM tags (src/core/utm.ts), as publishing adds them.
      const utm = utmContext(ctx.line, scope.channel, post.id, post.data.campaign);
      for (const piece of textPieces(scope)) {
        const sent = taggedContent(piece.text, content.link, utm);
        const withLink = piece.role === 'text' && appendsLink(limits, sent.text, sent.link);
        const text = piece.role === 'text' ? publishedText(limits, sent.text, sent.link) : sent.text;
        const tagged = sent.text !== piece.text || (withLink && sent.link !== content.link);
        // Cadence publishes every reply under the post's content warning (as Mastodon's composer does),
        // so on Mastodon each part counts it.
        const spoiler = limits.text.countsSpoiler ? content.spoiler : undefined;
        const count = countText(scope.channel, text, limits, { withMedia: piece.withMedia, ...(spoiler ? { spoiler } : {}) });
        if (count.length <= count.limit) continue;
        const how = [describeCounting(limits, count)];
        if (spoiler) how.push('with the content warning');
        if (withLink) how.push('with the link appended');
        if (tagged && countText(scope.channel, piece.role === 'text' ? publishedText(limits, piece.text, content.link) : piece.text, limits, { withMedia: piece.withMedia, ...(spoiler ? { spoiler } : {}) }).length !== count.length) {
          how.push("with the UTM tags publishing adds to the brand's links (editorial line, utm)");
        }
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
