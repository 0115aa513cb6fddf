import { describe, expect, it } from 'vitest';
import { yamlLocator } from '../../src/content/yaml-locator.ts';

// Lines as in a post whose YAML starts on line 2 (after the opening `---`).
const at = (yaml: string) => yamlLocator(yaml, 2);

describe('yamlLocator', () => {
  it('points at a quoted value by its opening quote, and at a key with atKey', () => {
    const locate = at('title: "Bonjour"\nalt: \'image\'\n');
    expect(locate(['title'])).toEqual({ line: 2, column: 8 });
    expect(locate(['alt'])).toEqual({ line: 3, column: 6 });
    expect(locate(['alt'], true)).toEqual({ line: 3, column: 1 });
  });

  it('points at the indicator of a block scalar, not at its first line of text', () => {
    const locate = at('text: |\n  Bonjour\n  à tous\nthread:\n  - text: >-\n      suite\n');
    expect(locate(['text'])).toEqual({ line: 2, column: 7 });
    expect(locate(['thread', 0, 'text'])).toEqual({ line: 6, column: 11 });
  });

  it('does not take a `|` in the key or a comment before a block scalar for its indicator', () => {
    const locate = at('a|b: plain # not > here\nc: |+ # keep\n  text\n');
    expect(locate(['c'])).toEqual({ line: 3, column: 4 });
  });

  it('points at the key of a field left empty, and at the dash of an empty list item', () => {
    const locate = at('title:\nmedia:\n  - src: a.jpg\n  -\n');
    expect(locate(['title'])).toEqual({ line: 2, column: 1 });
    expect(locate(['media', 1])).toEqual({ line: 5, column: 3 });
  });

  it('finds values in flow collections and after tags and anchors', () => {
    const locate = at('channels: [x, bluesky]\nlink: &l https://a.example\ncopy: *l\nn: !!str 12\n');
    expect(locate(['channels', 1])).toEqual({ line: 2, column: 15 });
    expect(locate(['link'])).toEqual({ line: 3, column: 10 });
    expect(locate(['copy'])).toEqual({ line: 4, column: 7 });
    expect(locate(['n'])).toEqual({ line: 5, column: 10 });
  });

  it('falls back to the nearest existing ancestor, then to the first line', () => {
    const locate = at('variants:\n  x:\n    text: hi\n');
    expect(locate(['variants', 'bluesky', 'text'])).toEqual({ line: 3, column: 3 });
    expect(at('not: [closed\n')(['not'])).toEqual({ line: 2, column: 1 });
  });

  it('handles CRLF line ends', () => {
    expect(at('title: x\r\ntext: |\r\n  crlf\r\n')(['text'])).toEqual({ line: 3, column: 7 });
  });
});
