import type { Finding } from '../../diagnostics.ts';
import { extractHashtagCandidates, extractHashtags, hasLetter } from '../../networks/entities.ts';
import { countGraphemes, utf8Length } from '../../networks/unicode.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, textPieces } from './scope.ts';

export const textHashtags: PostRule = {
  id: 'text/hashtags',
  description: 'Hashtags respect each network: Instagram at most 30, Threads one topic tag, Bluesky tags of at most 64 characters, X tags with a letter.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      const { channel, label, limits } = scope;
      const rules = limits.tags;
      for (const piece of textPieces(scope)) {
        const report = (message: string, severity?: 'warning') =>
          findings.push({ at: piece.path, channel, message, ...(severity ? { severity } : {}) });
        // Extraction is the costly part and X, Mastodon and the others have no tag limit to check.
        const hasTagLimits =
          rules.maxHashtags !== undefined || rules.linkedHashtags !== undefined || rules.maxHashtagLength !== undefined || rules.maxHashtagBytes !== undefined;
        const tags = hasTagLimits ? extractHashtags(channel, piece.text) : [];

        if (rules.maxHashtags !== undefined && tags.length > rules.maxHashtags) {
          report(`${piece.name} has ${tags.length} hashtags; ${label} refuses more than ${rules.maxHashtags}`);
        }
        // Only the first tags become tags; the limits on tag length apply to those.
        const linked = rules.linkedHashtags === undefined ? tags : tags.slice(0, rules.linkedHashtags);
        if (rules.linkedHashtags !== undefined && tags.length > rules.linkedHashtags) {
          const rest = tags.slice(rules.linkedHashtags).map((t) => `#${t.value}`);
          report(`${label} makes only ${linked.map((t) => `#${t.value}`).join(' ')} a topic tag; ${rest.join(' ')} stay plain text`, 'warning');
        }
        for (const tag of linked) {
          const length = countGraphemes(tag.value);
          const tooLong = rules.maxHashtagLength !== undefined && length > rules.maxHashtagLength;
          const tooHeavy = rules.maxHashtagBytes !== undefined && utf8Length(tag.value) > rules.maxHashtagBytes;
          if (tooLong || tooHeavy) {
            const max = tooLong ? `${rules.maxHashtagLength} characters` : `${rules.maxHashtagBytes} bytes`;
            report(`#${tag.value} has ${tooLong ? `${length} characters` : `${utf8Length(tag.value)} bytes`}; ${label} tags have at most ${max}, so it stays plain text`, 'warning');
          }
        }
        if (rules.hashtagNeedsLetter) {
          const letterless = extractHashtagCandidates(piece.text).filter((candidate) => !hasLetter(candidate.value));
          for (const candidate of letterless) report(`#${candidate.value} is not a hashtag on ${label}: a hashtag needs a letter`, 'warning');
        }
      }
    }
    return findings;
  },
};
