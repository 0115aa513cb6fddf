import type { Finding } from '../../diagnostics.ts';
import type { PostRule } from '../rule.ts';
import { channelScopes, textPieces } from './scope.ts';

const CHARACTER_NAMES: Record<string, string> = {
  '\uFEFF': 'U+FEFF (zero-width no-break space, often pasted from word processors)',
  '\uFFFE': 'U+FFFE (a non-character)',
  '\uFFFF': 'U+FFFF (a non-character)',
};

export const textInvalidChars: PostRule = {
  id: 'text/invalid-chars',
  description: 'No character the network refuses outright (X: U+FFFE, U+FEFF, U+FFFF).',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    const findings: Finding[] = [];
    for (const scope of channelScopes(post, ctx)) {
      const invalid = scope.limits.text.invalidCharacters;
      if (!invalid?.length) continue;
      for (const piece of textPieces(scope)) {
        const found = invalid.filter((character) => piece.text.includes(character));
        if (!found.length) continue;
        const names = found.map((character) => CHARACTER_NAMES[character] ?? `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
        findings.push({
          at: piece.path,
          channel: scope.channel,
          message: `${piece.name} contains ${names.join(' and ')}, which ${scope.label} refuses: delete it (it is invisible)`,
        });
      }
    }
    return findings;
  },
};
