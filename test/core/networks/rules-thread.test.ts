import { describe, expect, it } from 'vitest';
import { threadFirstComment } from '../../../src/core/rules/network/thread-first-comment.ts';
import { threadUnsupported } from '../../../src/core/rules/network/thread-unsupported.ts';
import { makeContext, makePost, run } from './fixtures.ts';

const thread = [{ text: '1. Le pétrissage à 4 h du matin' }, { text: '2. La cuisson au feu de bois' }];

describe('thread/unsupported', () => {
  it('warns that networks without reply chains publish only the main text of a common thread', () => {
    const post = makePost({ channels: ['mastodon', 'linkedin', 'slack'], text: 'Une nuit au fournil 🧵', thread });
    const findings = run(threadUnsupported, post);
    expect(findings.map((f) => [f.channel, f.severity, f.at])).toEqual([
      ['linkedin', 'warning', ['thread']],
      ['slack', 'warning', ['thread']],
    ]);
    expect(findings[0]!.message).toContain('only the main text is published there, not the 2 thread parts');
  });

  it('fails a thread written for a network that cannot publish it, and accepts an explicit empty one', () => {
    const written = makePost({ channels: ['instagram'], text: 'Une nuit au fournil', variants: { instagram: { thread } } });
    expect(run(threadUnsupported, written)).toEqual([
      { at: ['variants', 'instagram', 'thread'], channel: 'instagram', severity: 'error', message: expect.stringContaining('would be lost') },
    ]);
    const acknowledged = makePost({ channels: ['linkedin'], text: 'Une nuit au fournil', thread, variants: { linkedin: { thread: [] } } });
    expect(run(threadUnsupported, acknowledged)).toEqual([]);
  });

  it('leaves disabled channels to channel/not-enabled', () => {
    const post = makePost({ channels: ['linkedin'], text: 'Une nuit au fournil', thread });
    expect(run(threadUnsupported, post, makeContext({}, { linkedin: { enabled: false } }))).toEqual([]);
  });
});

describe('thread/first-comment', () => {
  it('refuses a first comment where Cadence cannot comment, suggesting a reply where there are replies', () => {
    const post = makePost({
      channels: ['linkedin', 'x', 'discord'],
      text: 'Nos brioches',
      variants: {
        linkedin: { firstComment: 'Le lien vers la boutique' },
        x: { firstComment: 'https://fournil.fr/boutique' },
        discord: { firstComment: 'Bon appétit !' },
      },
    });
    expect(run(threadFirstComment, post).map((f) => [f.channel, f.at, f.message.split('; ')[1]])).toEqual([
      ['x', ['variants', 'x', 'firstComment'], 'make it the first part of `variants.x.thread` (a reply)'],
      ['discord', ['variants', 'discord', 'firstComment'], 'move it into `variants.discord.text`'],
    ]);
  });
});
