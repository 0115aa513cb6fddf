import { describe, expect, it } from 'vitest';
import { editorialLineSchema, postSchema } from '../../src/core/schema/index.ts';
import { validateWith } from '../../src/core/validate.ts';

const valid = { title: 'T', publishAt: '2026-12-08T18:00', channels: ['mastodon'], text: 'x' };

function findings(data: unknown) {
  const r = validateWith(postSchema, data);
  return r.ok ? [] : r.findings;
}

describe('schema findings', () => {
  it('accepts a valid post and defaults status to ready', () => {
    const r = validateWith(postSchema, valid);
    expect(r.ok && r.value.status).toBe('ready');
  });
  it('suggests the field meant for an unknown key', () => {
    expect(findings({ ...valid, titel: 'x' })).toContainEqual(expect.objectContaining({ rule: 'schema/unknown-key', at: ['titel'], atKey: true, message: expect.stringContaining('did you mean `title`') }));
  });
  it('names unknown channels in channels and in variants', () => {
    const f = findings({ ...valid, channels: ['mastodn'], variants: { bluesy: { text: 'a' } } });
    expect(f).toContainEqual(expect.objectContaining({ rule: 'schema/unknown-channel', at: ['channels', 0], message: expect.stringContaining('`mastodon`') }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'schema/unknown-key', message: expect.stringContaining('unknown channel `bluesy`') }));
  });
  it('explains missing fields, wrong types and impossible dates', () => {
    const f = findings({ channels: 'mastodon', publishAt: '2026-02-30T10:00' });
    expect(f).toContainEqual(expect.objectContaining({ rule: 'schema/missing-key', message: 'missing required field `title`' }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'schema/type', at: ['channels'], message: expect.stringContaining('must be a list') }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'schema/date', at: ['publishAt'], message: expect.stringContaining('day 30 does not exist') }));
  });
  it('refuses a bad URL and an empty alt key shape', () => {
    const f = findings({ ...valid, link: 'ftp://x', media: [{ src: 'a.jpg' }] });
    expect(f).toContainEqual(expect.objectContaining({ rule: 'schema/url', at: ['link'] }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'schema/missing-key', at: ['media', 0], message: expect.stringContaining('media[0].alt') }));
  });
  it('checks the editorial line: time zone, pillar bounds, nested unknown keys', () => {
    const r = validateWith(editorialLineSchema, { brand: { name: 'a', siteUrl: 'https://a.example', timezone: 'Europe/Pariss' }, channels: { mastodon: { cadense: {} } }, pillars: [{ id: 'a', label: 'A', target: 140 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.findings.map((f) => f.message)).toEqual(
        expect.arrayContaining([expect.stringContaining('IANA time zone'), expect.stringContaining('did you mean `cadence`'), expect.stringContaining('at most 100')]),
      );
    }
  });
});
