import type { EditorialLine } from '../schema/index.ts';
import { termMatcher } from '../text.ts';
import { publicTexts } from './public-texts.ts';
import type { PostRule } from './rule.ts';

// Built once per editorial line, not once per post.
const matchers = new WeakMap<EditorialLine, (text: string) => string[]>();

export const bannedTerms: PostRule = {
  id: 'voice/banned-term',
  description: 'Words the editorial line bans never appear, whatever their case or accents.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const line = ctx.line;
    if (!line || line.voice.bannedTerms.length === 0) return [];
    let match = matchers.get(line);
    if (!match) {
      match = termMatcher(line.voice.bannedTerms);
      matchers.set(line, match);
    }
    return publicTexts(post).flatMap((piece) => {
      const found = match(piece.text);
      if (found.length === 0) return [];
      const where = piece.kind === 'text' || piece.kind === 'thread' ? ` (${piece.channels.join(', ')})` : '';
      return [{ at: piece.at, message: `banned by the editorial line: ${found.map((t) => `« ${t} »`).join(', ')} in the ${piece.kind}${where}` }];
    });
  },
};
