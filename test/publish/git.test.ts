/**
 * The Git edge of the ledger (src/publish/git.ts) on real repositories with a local bare remote: a job
 * commits exactly its files whatever else the community manager has staged or changed, and a run brings
 * its clone up to date (rebasing only when the remote moved), in a brand at the top of the work tree or
 * in a subfolder of it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAndPush, openLedgerRepo, syncWithRemote } from '../../src/publish/git.ts';
import { git } from './helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A bare remote with one commit, and a runner's clone of it. */
function setup(): { bare: string; clone: string; write: (file: string, content: string) => void } {
  const bare = mkdtempSync(path.join(tmpdir(), 'cadence-git-remote-'));
  const seed = mkdtempSync(path.join(tmpdir(), 'cadence-git-seed-'));
  const clone = mkdtempSync(path.join(tmpdir(), 'cadence-git-clone-'));
  dirs.push(bare, seed, clone);
  git(bare, 'init', '-q', '--bare', '-b', 'main');
  git(seed, 'init', '-q', '-b', 'main');
  for (const file of ['brand/content/post.mdx', 'brand/data/ledger/a/x.jsonl', 'notes.txt']) {
    mkdirSync(path.dirname(path.join(seed, file)), { recursive: true });
    writeFileSync(path.join(seed, file), `${file}\n`);
  }
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'seed');
  git(seed, 'push', '-q', bare, 'main');
  git(clone, 'clone', '-q', bare, '.');
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    writeFileSync(path.join(clone, file), content);
  };
  return { bare, clone, write };
}

const committedFiles = (dir: string) => git(dir, 'diff-tree', '--no-commit-id', '--no-renames', '-r', '-z', '--name-only', 'HEAD').split('\0').filter(Boolean).sort();
const stagedFiles = (dir: string) => git(dir, 'diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean).sort();
const remoteFile = (bare: string, file: string) => git(bare, 'show', `main:${file}`);

describe('commitAndPush', () => {
  it('commits and pushes exactly its files, added, changed and deleted', async () => {
    const { bare, clone, write } = setup();
    const repo = await openLedgerRepo(clone);
    write('brand/data/ledger/a/x.jsonl', 'changed\n');
    write('brand/data/ledger/b/y.jsonl', 'new\n');
    rmSync(path.join(clone, 'notes.txt'));
    const result = await commitAndPush(repo, ['brand/data/ledger/a/x.jsonl', 'brand/data/ledger/b/y.jsonl', 'notes.txt'], 'ledger');
    expect(result).toEqual({ committed: true, pushed: true, attempts: 1 });
    expect(committedFiles(clone)).toEqual(['brand/data/ledger/a/x.jsonl', 'brand/data/ledger/b/y.jsonl', 'notes.txt']);
    expect(remoteFile(bare, 'brand/data/ledger/b/y.jsonl')).toBe('new\n');
    expect(git(clone, 'status', '--porcelain')).toBe('');
    // As `git commit` records it: message, one parent, the branch's reflog.
    expect(git(clone, 'log', '-1', '--format=%s%n%p').trim().split('\n')).toEqual(['ledger', git(clone, 'rev-parse', '--short', 'HEAD~1').trim()]);
    expect(git(clone, 'reflog', '-1', '--format=%gs', 'main').trim()).toBe('commit: ledger');
  });

  it('makes the first commit of a repository without one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cadence-git-new-'));
    dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(dir, 'a.jsonl'), 'first\n');
    const result = await commitAndPush(await openLedgerRepo(dir), ['a.jsonl'], 'first');
    expect(result).toEqual({ committed: true, pushed: false, attempts: 0 });
    expect(git(dir, 'log', '--format=%s').trim()).toBe('first');
  });

  it("never commits what the community manager staged or changed, and leaves it staged", async () => {
    const { clone, write } = setup();
    const repo = await openLedgerRepo(clone);
    write('brand/content/post.mdx', 'draft in progress\n');
    write('brand/content/new.mdx', 'another draft\n');
    git(clone, 'add', 'brand/content/post.mdx', 'brand/content/new.mdx');
    write('notes.txt', 'unstaged edit\n');
    write('brand/data/ledger/a/x.jsonl', 'claimed\n');
    const result = await commitAndPush(repo, ['brand/data/ledger/a/x.jsonl'], 'claim');
    expect(result.committed).toBe(true);
    expect(committedFiles(clone)).toEqual(['brand/data/ledger/a/x.jsonl']);
    expect(stagedFiles(clone)).toEqual(['brand/content/new.mdx', 'brand/content/post.mdx']);
    expect(readFileSync(path.join(clone, 'notes.txt'), 'utf8')).toBe('unstaged edit\n');
  });

  it('does not commit when its files did not change, even with other work staged', async () => {
    const { clone, write } = setup();
    const repo = await openLedgerRepo(clone);
    const head = git(clone, 'rev-parse', 'HEAD');
    write('brand/content/post.mdx', 'draft\n');
    git(clone, 'add', 'brand/content/post.mdx');
    expect((await commitAndPush(repo, ['brand/data/ledger/a/x.jsonl'], 'nothing')).committed).toBe(false);
    git(clone, 'reset', '-q');
    expect((await commitAndPush(repo, ['brand/data/ledger/a/x.jsonl'], 'nothing')).committed).toBe(false);
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('a brand in a subfolder of the work tree commits its files given from its own root', async () => {
    const { bare, clone, write } = setup();
    const repo = await openLedgerRepo(path.join(clone, 'brand'));
    expect(repo.prefix).toBe('brand/');
    write('brand/data/ledger/a/x.jsonl', 'from the subfolder\n');
    write('notes.txt', 'staged elsewhere\n');
    git(clone, 'add', 'notes.txt');
    expect((await commitAndPush(repo, ['data/ledger/a/x.jsonl'], 'sub')).pushed).toBe(true);
    expect(committedFiles(clone)).toEqual(['brand/data/ledger/a/x.jsonl']);
    expect(remoteFile(bare, 'brand/data/ledger/a/x.jsonl')).toBe('from the subfolder\n');
    expect(stagedFiles(clone)).toEqual(['notes.txt']);
    // Alone, too (the short way), and a directory as the path given.
    git(clone, 'reset', '-q');
    write('brand/data/ledger/a/x.jsonl', 'again\n');
    write('brand/data/ledger/c/z.jsonl', 'in a directory\n');
    expect((await commitAndPush(repo, ['data/ledger/a/x.jsonl'], 'sub again')).committed).toBe(true);
    expect(committedFiles(clone)).toEqual(['brand/data/ledger/a/x.jsonl']);
    expect((await commitAndPush(repo, ['data/ledger/c'], 'directory')).committed).toBe(true);
    expect(committedFiles(clone)).toEqual(['brand/data/ledger/c/z.jsonl']);
  });

  it('commits files with unusual names (spaces, accents, quotes)', async () => {
    const { clone, write } = setup();
    const repo = await openLedgerRepo(clone);
    const names = ['brand/data/ledger/crème brûlée/x.jsonl', 'brand/data/ledger/"quoted"/y.jsonl'];
    for (const name of names) write(name, 'x\n');
    expect((await commitAndPush(repo, names, 'odd names')).committed).toBe(true);
    expect(committedFiles(clone)).toEqual([...names].sort());
    expect(git(clone, 'status', '--porcelain')).toBe('');
  });
});

describe('syncWithRemote', () => {
  it('leaves an up-to-date clone as it is, uncommitted work included', async () => {
    const { clone, write } = setup();
    const repo = await openLedgerRepo(clone);
    write('notes.txt', 'work in progress\n');
    const head = git(clone, 'rev-parse', 'HEAD');
    await syncWithRemote(repo);
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(path.join(clone, 'notes.txt'), 'utf8')).toBe('work in progress\n');
  });

  it('rebases local commits onto what another run pushed, keeping uncommitted work', async () => {
    const { bare, clone, write } = setup();
    const other = mkdtempSync(path.join(tmpdir(), 'cadence-git-other-'));
    dirs.push(other);
    git(other, 'clone', '-q', bare, '.');
    writeFileSync(path.join(other, 'brand/data/ledger/a/x.jsonl'), 'other run\n');
    git(other, '-c', 'user.name=o', '-c', 'user.email=o@example.org', 'commit', '-qam', 'other run');
    git(other, 'push', '-q', 'origin', 'main');

    const repo = await openLedgerRepo(clone);
    write('brand/data/ledger/b/y.jsonl', 'this run\n');
    await commitAndPush(repo, ['brand/data/ledger/b/y.jsonl'], 'this run', { attempts: 3 });
    expect(remoteFile(bare, 'brand/data/ledger/a/x.jsonl')).toBe('other run\n');
    expect(remoteFile(bare, 'brand/data/ledger/b/y.jsonl')).toBe('this run\n');

    // A later sync in a clone that is behind brings the remote's commits, and keeps a local edit.
    writeFileSync(path.join(other, 'notes.txt'), 'not committed\n');
    const behind = await openLedgerRepo(other);
    await syncWithRemote(behind);
    expect(readFileSync(path.join(other, 'brand/data/ledger/b/y.jsonl'), 'utf8')).toBe('this run\n');
    expect(readFileSync(path.join(other, 'notes.txt'), 'utf8')).toBe('not committed\n');
  });
});
