/**
 * What a pull request changes under content/, with renames detected as renames (`git diff -M`), unlike
 * `filesChangedSince` (src/git/changed.ts), which leaves renames out on purpose for lint.
 *
 * The comparison is from the merge base of REF and HEAD to the work tree, so a pull request's check
 * (clean checkout) and an author trying it locally before committing both see what they expect.
 */
import { simpleGit, type SimpleGit } from 'simple-git';
import { InputError } from '../core/errors.ts';
import { EDITORIAL_LINE_FILE, isPostFile, NETIQUETTE_FILE } from '../content/paths.ts';

export type ChangeStatus = 'added' | 'modified' | 'renamed' | 'deleted';

export interface ContentChange {
  status: ChangeStatus;
  /** Repository-relative path on HEAD (for a deletion: the path that was deleted). */
  file: string;
  /** The path at the base, for renames. */
  previousFile?: string;
  /** Git's similarity index for renames, in percent. */
  similarity?: number;
}

export interface ContentDiff {
  /** Full SHA of the merge base the comparison starts from. */
  base: string;
  /** Full SHA of HEAD. */
  head: string;
  /** True when the work tree has changes not yet committed (local use). */
  dirty: boolean;
  /** Posts added, modified, renamed or deleted, sorted by path. */
  posts: ContentChange[];
  /** The editorial line or the netiquette, when changed. */
  documents: ContentChange[];
  /** Other changed files under content/ (media…). */
  other: ContentChange[];
}

/**
 * Similarity above which Git pairs a deleted and an added post as a rename. Posts are short files with
 * the same frontmatter keys, so Git's default (50 %) would pair unrelated posts; 80 % still recognises a
 * moved post whose date or a few words changed.
 */
export const RENAME_SIMILARITY = 80;

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', T: 'modified', R: 'renamed', C: 'added', D: 'deleted' };

/** Parses `git diff --name-status -z` output. */
export function parseNameStatus(output: string): ContentChange[] {
  const fields = output.split('\0');
  const changes: ContentChange[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++];
    if (!code) continue;
    const letter = code[0]!;
    const status = STATUS[letter];
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++]!;
      const to = fields[i++]!;
      if (letter === 'R') changes.push({ status: 'renamed', file: to, previousFile: from, similarity: Number(code.slice(1)) || 100 });
      else changes.push({ status: 'added', file: to });
      continue;
    }
    const file = fields[i++]!;
    if (status) changes.push({ status, file });
  }
  return changes;
}

export async function resolveCommit(git: SimpleGit, ref: string, flag = '--base'): Promise<string> {
  try {
    return (await git.raw(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    throw new InputError(`${flag}: \`${ref}\` is not a commit, branch or tag of this repository`);
  }
}

/** The content changes between the merge base of `ref` and HEAD, and the work tree. */
export async function contentChangesSince(root: string, ref: string): Promise<ContentDiff> {
  const git = simpleGit({ baseDir: root });
  const refSha = await resolveCommit(git, ref);
  const head = (await git.raw(['rev-parse', 'HEAD'])).trim();
  let base: string;
  try {
    base = (await git.raw(['merge-base', refSha, head])).trim();
  } catch {
    throw new InputError(`--base: \`${ref}\` has no common history with HEAD (fetch more history: actions/checkout with fetch-depth: 0 or 2)`);
  }
  const prefix = (await git.revparse(['--show-prefix'])).trim();
  const scope = `${prefix}content`;
  // Against the work tree: committed and uncommitted changes together; -M finds renames across both.
  const diff = await git.raw(['-c', 'core.quotepath=off', 'diff', `-M${RENAME_SIMILARITY}%`, '--name-status', '-z', base, '--', scope]);
  const untracked = await git.raw(['ls-files', '-z', '--others', '--exclude-standard', '--full-name', '--', scope]);
  const dirty = (await git.raw(['status', '--porcelain', '--', scope])).trim() !== '';

  const changes = parseNameStatus(diff);
  for (const file of untracked.split('\0').filter(Boolean)) changes.push({ status: 'added', file });
  const strip = (p: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : p);
  const relative = changes.map((c) => ({ ...c, file: strip(c.file), ...(c.previousFile ? { previousFile: strip(c.previousFile) } : {}) }));

  const posts: ContentChange[] = [];
  const documents: ContentChange[] = [];
  const other: ContentChange[] = [];
  for (const change of relative) {
    const isPost = isPostFile(change.file) || (change.previousFile !== undefined && isPostFile(change.previousFile));
    if (isPost) {
      // A post moved out of content/posts is, for the calendar, deleted; one moved in is added.
      if (change.status === 'renamed' && !isPostFile(change.file)) posts.push({ status: 'deleted', file: change.previousFile! });
      else if (change.status === 'renamed' && !isPostFile(change.previousFile!)) posts.push({ status: 'added', file: change.file });
      else posts.push(change);
    } else if (change.file === EDITORIAL_LINE_FILE || change.file === NETIQUETTE_FILE) documents.push(change);
    else other.push(change);
  }
  const byFile = (a: ContentChange, b: ContentChange) => a.file.localeCompare(b.file);
  return { base, head, dirty, posts: posts.sort(byFile), documents: documents.sort(byFile), other: other.sort(byFile) };
}

/** A file's content at a commit (for deleted and renamed posts), or undefined when it did not exist. */
export async function fileAt(root: string, commit: string, file: string): Promise<string | undefined> {
  const git = simpleGit({ baseDir: root });
  const prefix = (await git.revparse(['--show-prefix'])).trim();
  try {
    return await git.show([`${commit}:${prefix}${file}`]);
  } catch {
    return undefined;
  }
}
