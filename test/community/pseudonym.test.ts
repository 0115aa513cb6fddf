import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPseudonymKey, PSEUDONYM_KEY_FILE } from '../../src/community/pseudonym-key.ts';
import { InputError } from '../../src/core/errors.ts';
import { pseudonymOf } from '../../src/core/pseudonym.ts';

const roots: string[] = [];
const tempRoot = () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cadence-key-'));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('pseudonymOf', () => {
  const key = Buffer.from('k'.repeat(32));
  it('is stable for one author and differs across authors, networks and keys', () => {
    const a = pseudonymOf(key, 'mastodon', '109');
    expect(a).toMatch(/^p_[0-9a-f]{16}$/);
    expect(pseudonymOf(key, 'mastodon', '109')).toBe(a);
    expect(pseudonymOf(key, 'mastodon', '110')).not.toBe(a);
    expect(pseudonymOf(key, 'bluesky', '109')).not.toBe(a);
    expect(pseudonymOf(Buffer.from('j'.repeat(32)), 'mastodon', '109')).not.toBe(a);
  });
  it('keeps network and id apart (no ambiguity from concatenation)', () => {
    expect(pseudonymOf(key, 'ab', 'c')).not.toBe(pseudonymOf(key, 'a', 'bc'));
  });
});

describe('loadPseudonymKey', () => {
  it('takes CADENCE_PSEUDONYM_KEY and refuses a short one', () => {
    const root = tempRoot();
    expect(Buffer.from(loadPseudonymKey(root, { CADENCE_PSEUDONYM_KEY: 'x'.repeat(40) })).toString()).toBe('x'.repeat(40));
    expect(() => loadPseudonymKey(root, { CADENCE_PSEUDONYM_KEY: 'short' })).toThrow(InputError);
  });
  it('stops on a GitHub runner without the secret, before writing anything', () => {
    const root = tempRoot();
    expect(() => loadPseudonymKey(root, { GITHUB_ACTIONS: 'true' })).toThrow(/CADENCE_PSEUDONYM_KEY is not set/);
    expect(() => statSync(path.join(root, PSEUDONYM_KEY_FILE))).toThrow();
  });
  it('generates a local key once, private to its owner, and reuses it', () => {
    const root = tempRoot();
    const first = Buffer.from(loadPseudonymKey(root, {})).toString();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(root, PSEUDONYM_KEY_FILE), 'utf8').trim()).toBe(first);
    expect(statSync(path.join(root, PSEUDONYM_KEY_FILE)).mode & 0o077).toBe(0);
    expect(Buffer.from(loadPseudonymKey(root, {})).toString()).toBe(first);
  });
});
