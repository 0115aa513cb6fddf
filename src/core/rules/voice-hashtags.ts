import type { Finding } from '../diagnostics.ts';
import { extractHashtagCandidates, hasLetter } from '../networks/entities.ts';
import { foldForMatch } from '../text.ts';
import { publicTexts } from './public-texts.ts';
import type { PostRule } from './rule.ts';

/** Hashtags as readers see them (`#FêteDesLumières`), with the `#`; `#2026` is a number, not a tag. */
function hashtags(text: string): string[] {
  return extractHashtagCandidates(text)
    .filter((tag) => hasLetter(tag.value))
    .map((tag) => `#${tag.value}`);
}

export const hashtagVoice: PostRule = {
  id: 'voice/hashtags',
  description: "Hashtags follow the editorial line: not more than its maximum, its required ones present, its forbidden ones absent.",
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const voice = ctx.line?.voice;
    if (!voice) return [];
    const forbidden = new Set(voice.forbiddenHashtags.map(foldForMatch));
    const findings: Finding[] = [];
    const socialTexts = publicTexts(post).filter((p) => p.kind === 'text' || p.kind === 'thread' || p.kind === 'first-comment');
    for (const piece of socialTexts) {
      const tags = hashtags(piece.text);
      if (voice.maxHashtags !== undefined && tags.length > voice.maxHashtags) {
        findings.push({ at: piece.at, message: `${tags.length} hashtags (${tags.join(' ')}); the editorial line allows ${voice.maxHashtags}` });
      }
      const bad = tags.filter((t) => forbidden.has(foldForMatch(t)));
      if (bad.length) findings.push({ at: piece.at, message: `forbidden by the editorial line: ${bad.join(' ')}` });
    }
    if (voice.requiredHashtags.length && post.data.status !== 'draft') {
      for (const piece of socialTexts.filter((p) => p.kind === 'text')) {
        const present = new Set(hashtags(piece.text).map(foldForMatch));
        const missing = voice.requiredHashtags.filter((t) => !present.has(foldForMatch(t)));
        if (missing.length) findings.push({ at: piece.at, severity: 'warning', message: `the editorial line asks for ${missing.join(' ')} (${piece.channels.join(', ')})` });
      }
    }
    return findings;
  },
};
