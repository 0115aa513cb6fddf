import { describe, expect, it } from 'vitest';
import { parseFrontmatter, splitFrontmatter } from '../../src/content/frontmatter.ts';

describe('splitFrontmatter', () => {
  it('finds the YAML and the line where the body starts', () => {
    const split = splitFrontmatter('---\ntitle: a\nb: 2\n---\n# Body\n');
    expect(split).toEqual({ yaml: 'title: a\nb: 2\n', yamlLine: 2, body: '# Body\n', bodyLine: 5 });
  });
  it('handles CRLF and a byte order mark', () => {
    const split = splitFrontmatter('\uFEFF---\r\ntitle: a\r\n---\r\nBody');
    expect(split.yaml).toBe('title: a\r\n');
    expect(split.bodyLine).toBe(4);
  });
  it('does not take a horizontal rule in a body for frontmatter', () => {
    expect(splitFrontmatter('# Title\n\n---\n\ntext').yaml).toBeUndefined();
  });
});

describe('parseFrontmatter', () => {
  it('keeps dates as written (no Date conversion, no time zone guess)', () => {
    const r = parseFrontmatter('---\npublishAt: 2026-12-08T18:00\nday: 2026-12-08\n---\n');
    expect(r.ok && r.data).toEqual({ publishAt: '2026-12-08T18:00', day: '2026-12-08' });
  });
  it('reports malformed YAML with its line in the file', () => {
    const r = parseFrontmatter('---\ntitle: ok\nchannels: [mastodon\nstatus: ready\n---\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/malformed YAML/);
      expect(r.position.line).toBeGreaterThanOrEqual(3);
    }
  });
  it('reports a missing or unclosed frontmatter', () => {
    expect(parseFrontmatter('# no frontmatter')).toMatchObject({ ok: false, message: expect.stringContaining('no frontmatter') });
    expect(parseFrontmatter('---\ntitle: a\n')).toMatchObject({ ok: false, message: expect.stringContaining('never closed') });
  });
  it('refuses a frontmatter that is not a mapping', () => {
    expect(parseFrontmatter('---\n- a\n- b\n---\n')).toMatchObject({ ok: false, message: expect.stringContaining('mapping') });
  });
  it('locates nested values, keys and list items', () => {
    const r = parseFrontmatter('---\ntitle: x\nvariants:\n  x:\n    text: hi\nmedia:\n  - src: a.jpg\n    alt: ""\n---\n');
    if (!r.ok) throw new Error('expected ok');
    expect(r.locate(['variants', 'x', 'text'])).toEqual({ line: 5, column: 11 });
    expect(r.locate(['variants', 'x'], true)).toEqual({ line: 4, column: 3 });
    expect(r.locate(['media', 0, 'alt'])).toEqual({ line: 8, column: 10 });
    // A field that is not there points at its nearest parent.
    expect(r.locate(['variants', 'bluesky', 'text'])).toEqual({ line: 4, column: 3 });
  });
});
