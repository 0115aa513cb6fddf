import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPostFiles } from '../../src/content/post-listing.ts';

const MEMO = '.cadence/cache/post-folders.json';
let root: string;

function write(file: string, text = '---\ntitle: x\n---\n') {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

/** Sets a folder's modification time to `ms` (whole seconds: the time read back is then exactly the same). */
function backdate(folder: string, ms: number) {
  utimesSync(path.join(root, folder), ms / 1000, ms / 1000);
}

const later = () => Date.now() + 60_000;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cadence-listing-'));
  write('content/posts/2026/03/01-a.mdx');
  write('content/posts/2026/03/02-b.md');
  write('content/posts/2026/03/notes.txt');
  write('content/posts/2026/04/01-c.mdx');
  write('content/posts/top.mdx');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('listPostFiles with the folder memo', () => {
  it('lists what the plain walk lists, and remembers it', () => {
    const plain = listPostFiles(root);
    expect(plain).toEqual(['content/posts/2026/03/01-a.mdx', 'content/posts/2026/03/02-b.md', 'content/posts/2026/04/01-c.mdx', 'content/posts/top.mdx']);
    expect(listPostFiles(root, { memo: true, nowMs: later() })).toEqual(plain);
    expect(statSync(path.join(root, MEMO)).isFile()).toBe(true);
    expect(listPostFiles(root, { memo: true, nowMs: later() })).toEqual(plain);
  });

  it('writes nothing without the memo option', () => {
    listPostFiles(root);
    expect(statSync(path.join(root, MEMO), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('sees files added, removed and renamed, and folders added and removed', () => {
    listPostFiles(root, { memo: true, nowMs: later() });
    write('content/posts/2026/03/03-d.mdx');
    rmSync(path.join(root, 'content/posts/2026/03/01-a.mdx'));
    renameSync(path.join(root, 'content/posts/top.mdx'), path.join(root, 'content/posts/zz-top.mdx'));
    write('content/posts/2027/01/01-e.mdx');
    rmSync(path.join(root, 'content/posts/2026/04'), { recursive: true });
    const expected = listPostFiles(root);
    expect(expected).toEqual(['content/posts/2026/03/02-b.md', 'content/posts/2026/03/03-d.mdx', 'content/posts/2027/01/01-e.mdx', 'content/posts/zz-top.mdx']);
    expect(listPostFiles(root, { memo: true, nowMs: later() })).toEqual(expected);
  });

  it('reads a folder again when it changed just before it was remembered (a change within the same tick)', () => {
    const folder = 'content/posts/2026/03';
    const mtime = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    backdate(folder, mtime);
    // Remembered less than two seconds after the folder's last change: not trusted on its time alone.
    listPostFiles(root, { memo: true, nowMs: mtime + 500 });
    write(`${folder}/04-same-tick.mdx`);
    backdate(folder, mtime);
    expect(listPostFiles(root, { memo: true, nowMs: later() })).toContain(`${folder}/04-same-tick.mdx`);
  });

  it('trusts a settled folder while its time and inode are unchanged', () => {
    const folder = 'content/posts/2026/03';
    const mtime = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    backdate(folder, mtime);
    listPostFiles(root, { memo: true, nowMs: mtime + 10_000 });
    // The memo alone answers: a file slipped in with the folder's time forced back is not seen (the rule's limit).
    write(`${folder}/05-hidden.mdx`);
    backdate(folder, mtime);
    expect(listPostFiles(root, { memo: true, nowMs: mtime + 20_000 })).not.toContain(`${folder}/05-hidden.mdx`);
    // Any real change to the folder shows it again.
    write(`${folder}/06-new.mdx`);
    expect(listPostFiles(root, { memo: true, nowMs: later() })).toEqual(listPostFiles(root));
  });

  it('lists from the folders when the memo is damaged, of another version or of the wrong shape, and mends it', () => {
    const plain = listPostFiles(root);
    for (const damaged of ['{not json', JSON.stringify({ version: 99, folders: {} }), JSON.stringify({ version: 1, folders: { 'content/posts': { stamp: 'x', settled: true, posts: 'no', folders: null } } })]) {
      write(MEMO, damaged);
      expect(listPostFiles(root, { memo: true, nowMs: later() })).toEqual(plain);
      expect(JSON.parse(readFileSync(path.join(root, MEMO), 'utf8')).version).toBe(1);
    }
  });

  it('lists nothing when there is no posts folder', () => {
    rmSync(path.join(root, 'content/posts'), { recursive: true });
    expect(listPostFiles(root, { memo: true })).toEqual([]);
    expect(listPostFiles(root)).toEqual([]);
  });
});
