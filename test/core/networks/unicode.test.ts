import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { countText } from '../../../src/core/networks/count.ts';
import {
  codePointIndex,
  countCodePoints,
  countGraphemes,
  graphemeBoundaryAtOrBefore,
  isEmojiGrapheme,
  sumGraphemes,
  threadsWeight,
  utf8Length,
} from '../../../src/core/networks/unicode.ts';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const slowGraphemes = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** Pieces that stress grapheme rules next to the fast-path characters. */
const PIECES = [
  'a', 'é', 'e\u0301', '«', '»', '\u202F', '’', '…', '€', '\r', '\n', '\r\n', ' ', '©', '‼', '\u200D', '\uFE0F', '\u0301',
  '🎄', '👩‍👩‍👧‍👦', '🏳️‍⚧️', '🇫🇷', '🇫', '👍🏽', '1️⃣', '#', '日本', '한국어', '\u1100\u1161', 'क्षि', 'ก่', '\u0600', 'ا', '\uD83D',
  '✨', '🙏', '🏻', '☺', '\u2764', 'https://fournil.fr/a', 'fournil.fr', '@alice@piaille.fr', '🫶', 'ǅ', 'ʻ', '\u02FF', '\u0300',
];

function randomText(next: () => number, pieces = PIECES, maxPieces = 40): string {
  let text = '';
  const count = Math.floor(next() * maxPieces);
  for (let i = 0; i < count; i++) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

describe('grapheme counting fast path', () => {
  it('matches Intl.Segmenter on mixed random texts', () => {
    const next = random(42);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next);
      const expected = slowGraphemes(text);
      expect(countGraphemes(text), JSON.stringify(text)).toBe(expected.length);
      expect(sumGraphemes(text, threadsWeight), JSON.stringify(text)).toBe(expected.reduce((sum, g) => sum + threadsWeight(g), 0));
    }
  });

  it('relies on characters that never join a neighbour (UAX #29 classes Other, Control, CR, LF, Extended_Pictographic)', () => {
    const simple: string[] = [];
    for (let cp = 0; cp <= 0x20c0; cp++) {
      if (cp <= 0x2ff || (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x202f && cp <= 0x205e) || cp >= 0x20a0) simple.push(String.fromCodePoint(cp));
    }
    // One neighbour of each class the simple characters fall in: between those classes only CR LF joins.
    const neighbours = ['a', '\u0001', '\r', '\n', '©'];
    for (const character of simple) {
      for (const neighbour of neighbours) {
        const joins = (first: string, second: string) => first === '\r' && second === '\n';
        const name = `U+${character.codePointAt(0)!.toString(16)} next to ${JSON.stringify(neighbour)}`;
        expect(slowGraphemes(character + neighbour).length, name).toBe(joins(character, neighbour) ? 1 : 2);
        expect(slowGraphemes(neighbour + character).length, name).toBe(joins(neighbour, character) ? 1 : 2);
      }
      expect(isEmojiGrapheme(character)).toBe(false); // so Threads weighs each of them 1
    }
  });
});

describe('byte and code point counts', () => {
  it('match Buffer and the string iterator', () => {
    const next = random(7);
    for (let i = 0; i < 1000; i++) {
      const text = randomText(next);
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
      expect(countCodePoints(text)).toBe([...text].length);
    }
  });

  it('finds where a code point starts and snaps cuts to grapheme boundaries', () => {
    expect(codePointIndex('😀é😀', 2)).toBe(3);
    expect(codePointIndex('ab', 5)).toBe(2);
    expect(graphemeBoundaryAtOrBefore('ae\u0301b', 2)).toBe(1);
    expect(graphemeBoundaryAtOrBefore('a👩‍👩‍👧‍👦', 4)).toBe(1);
  });
});

describe('X fast path (no twemoji parsing when no emoji sequence is possible)', () => {
  const parse = (text: string) => twitterText.parseTweet(text).weightedLength;

  it('weighs every BMP character alone as parseTweet does', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const character = String.fromCharCode(cp);
      if (character.normalize('NFC') !== character) continue; // NFC changes it: compared through the texts below
      const mine = countText('x', character).length;
      if (mine !== parse(character)) expect.fail(`U+${cp.toString(16)}: ${mine} vs ${parse(character)}`);
    }
  });

  it('matches parseTweet on mixed random texts, URLs included', () => {
    const next = random(2026);
    const bmpSymbols = Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x2190 + i * 7));
    for (let i = 0; i < 2000; i++) {
      const text = randomText(next, [...PIECES, ...bmpSymbols, ' https://fournil.fr/pain ', ' www.lyon.fr ']);
      expect(countText('x', text, undefined).length, JSON.stringify(text)).toBe(parse(text.normalize('NFC')));
    }
  });
});
