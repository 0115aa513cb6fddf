import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../core/rules/all.ts';
import { fileKeys } from '../../content/file-keys.ts';
import { EDITORIAL_LINE_FILE, NETIQUETTE_FILE, toRepoPath } from '../../content/paths.ts';
import { lintRepository, listPostFiles } from '../../content/repository.ts';
import { COMMUNITY_FILES } from '../../content/community-lint.ts';
import { filesChangedSince } from '../../git/changed.ts';
import { publishedPairs } from '../../core/due.ts';
import { loadLedger } from '../../publish/store.ts';
import { EXIT, UsageError } from '../errors.ts';
import { formatDiagnostics, LINT_FORMATS } from '../format.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';

export const lintHelp = `Usage: cadence lint [paths…] [options]

Checks posts, the editorial line and the netiquette against the content model, every network's
limits and the editorial line. All files are checked; every problem is reported at once.

Arguments:
  paths…                 Post files or folders to report on (default: the whole content/ folder).
                         Cross-post rules (cadence, duplicates, pillar mix) still see every post.
Options:
  --format <f>           text (default), json (array of {file,line,column,rule,severity,message,channel?}),
                         github (workflow commands: inline annotations in a pull request)
  --changed-since <ref>  Report only on content files changed since a Git ref (and uncommitted ones)
  --at <iso>             The instant to check against (default: now), e.g. 2026-12-08T18:00:00+01:00
  --root <dir>           The brand repository (default: the nearest folder with content/)
  --no-cache             Do not read or write .cadence/cache
  --concurrency <n>      Threads for large runs (default: one per core from 1,000 posts per thread; 1 = none)
  -h, --help             Show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable input.
`;

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', args, {
    format: { type: 'string' },
    'changed-since': { type: 'string' },
    at: { type: 'string' },
    root: { type: 'string' },
    'no-cache': { type: 'boolean' },
    concurrency: { type: 'string' },
  });
  if (values.help) {
    io.stdout(lintHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, LINT_FORMATS, 'text');
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${values.concurrency as string}")`);
  }
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  const root = brandRoot(io.cwd, values.root as string | undefined);
  // Git compares the work tree with its index on another core while the posts are listed and read.
  const keys = values['no-cache'] ? undefined : fileKeys(root);
  const allPosts = listPostFiles(root, { memo: !values['no-cache'] });

  let targets: string[] | undefined;
  if (positionals.length > 0) targets = resolveTargets(root, io.cwd, positionals, allPosts);
  if (values['changed-since'] !== undefined) {
    const changed = new Set(await filesChangedSince(root, values['changed-since'] as string));
    const contentChanged = [...changed].filter((f) => f.startsWith('content/'));
    // A changed editorial line can change the verdict on every post.
    const scope = changed.has(EDITORIAL_LINE_FILE) ? [...allPosts, EDITORIAL_LINE_FILE] : contentChanged;
    targets = (targets ?? [...allPosts, EDITORIAL_LINE_FILE, NETIQUETTE_FILE, ...COMMUNITY_FILES]).filter((f) => scope.includes(f));
  }

  // What the ledger says is published: a passed publishAt is news only for pairs not yet out.
  const published = publishedPairs(loadLedger(root).ledger);
  const threads = concurrency ?? availableParallelism();
  const run = await lintRepository({ root, rules: allRules, nowMs, cache: !values['no-cache'], reuseResults: true, postFiles: allPosts, ...(keys ? { fileKeys: keys } : {}), published, threads, ...(targets ? { targets } : {}) });
  const checked = targets ? targets.length : allPosts.length + 2 + COMMUNITY_FILES.length;
  io.stdout(formatDiagnostics(run.diagnostics, format, { color: io.color, filesChecked: checked }));
  if (run.unreadable.length > 0) return EXIT.usage;
  return run.diagnostics.some((d) => d.severity === 'error') ? EXIT.problems : EXIT.ok;
}

function resolveTargets(root: string, cwd: string, positionals: string[], allPosts: string[]): string[] {
  const targets = new Set<string>();
  for (const argument of positionals) {
    const absolute = path.resolve(cwd, argument);
    const repoPath = toRepoPath(root, absolute);
    if (repoPath.startsWith('..')) throw new UsageError(`${argument} is outside the brand repository ${root}`);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      throw new UsageError(`${argument}: no such file or folder`);
    }
    if (isDirectory) {
      const prefix = repoPath === '' ? '' : `${repoPath}/`;
      for (const file of allPosts) if (file.startsWith(prefix)) targets.add(file);
      for (const file of [EDITORIAL_LINE_FILE, NETIQUETTE_FILE, ...COMMUNITY_FILES]) if (file.startsWith(prefix)) targets.add(file);
    } else {
      targets.add(repoPath);
    }
  }
  return [...targets];
}
