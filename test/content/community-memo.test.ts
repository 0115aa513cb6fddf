// The community documents' lint findings kept between runs (src/content/community-lint.ts): reused while
// the file and the code are unchanged, made again when either changes, never read with the cache off.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintCommunityDocuments } from '../../src/content/community-lint.ts';

const MEMO = '.cadence/cache/community-documents.json';
const TARGETS = new Set(['content/watch.mdx', 'content/crisis.mdx']);
let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cadence-community-memo-'));
  for (const file of TARGETS) cpSync(path.resolve(file), path.join(root, file));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

type Memo = Record<string, { key: string; diagnostics: { rule: string; message: string }[] }>;
const readMemo = () => JSON.parse(readFileSync(path.join(root, MEMO), 'utf8')) as Memo;
const rules = (memo: boolean) => lintCommunityDocuments(root, TARGETS, { memo }).map((d) => d.rule);

describe('community documents: lint findings remembered', () => {
  it('reuses what it found while a file is unchanged, and checks again once it changes', () => {
    expect(rules(true)).toEqual([]);
    const memo = readMemo();
    expect(Object.keys(memo).sort()).toEqual(['content/crisis.mdx', 'content/watch.mdx']);
    // A finding planted in the memo under the same key is what the next run reports: the file was not checked again.
    memo['content/watch.mdx']!.diagnostics.push({ file: 'content/watch.mdx', line: 1, column: 1, rule: 'planted/marker', severity: 'warning', message: 'from the memo' } as never);
    writeFileSync(path.join(root, MEMO), JSON.stringify(memo));
    expect(rules(true)).toEqual(['planted/marker']);
    // The cache off: checked, the memo ignored.
    expect(rules(false)).toEqual([]);
    // Edited: a bad threshold is found, and the memo now holds it.
    const watch = path.join(root, 'content/watch.mdx');
    const text = readFileSync(watch, 'utf8');
    writeFileSync(watch, text.replace(/^---\n/, '---\nunknownField: 1\n'));
    const found = rules(true);
    expect(found.length).toBeGreaterThan(0);
    expect(found).not.toContain('planted/marker');
    expect(readMemo()['content/watch.mdx']!.diagnostics.map((d) => d.rule)).toEqual(found);
  });

  it('a damaged memo is made again', () => {
    rules(true);
    writeFileSync(path.join(root, MEMO), '{ not json');
    expect(rules(true)).toEqual([]);
    expect(Object.keys(readMemo()).sort()).toEqual(['content/crisis.mdx', 'content/watch.mdx']);
  });
});
