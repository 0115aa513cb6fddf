import path from 'node:path';
import { EXIT, UsageError } from '../errors.ts';
import { githubCommand } from '../format.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';

export const reviewHelp = `Usage: cadence review --base <ref> [options]
       cadence review comment --dir <folder>

Reviews what a pull request changes under content/: the posts added, changed, renamed or deleted
between the merge base of <ref> and HEAD (uncommitted changes included). For each post: every lint
problem, a preview per network (the exact text with its count against the limit and where it would be
cut, link cards, thread parts in order, media with alt text, the time in the brand's zone and in UTC),
the calendar around it (same day on the same channels, cadence and slot conflicts), the pillar mix
after merge, and a social card. A post whose time has passed while unmerged is "expired: reschedule".

Options:
  --base <ref>         The branch, tag or commit the pull request targets (required), e.g. origin/main
  --format <f>         markdown (default: the pull request comment), json (the same data),
                       github (workflow commands: inline annotations)
  --out <dir>          Also write review.md, review.json and cards/<id>.png into <dir>
  --no-cards           Do not render social cards (with --out)
  --at <iso>           The instant to review at (default: now), e.g. 2026-12-08T18:00:00+01:00
  --root <dir>         The brand repository (default: the nearest folder with content/)
  --no-cache           Do not read or write .cadence/cache
  -h, --help           Show this help

\`cadence review comment --dir <folder>\` runs in the trusted workflow_run job (see docs/review.md):
it reads <folder>/review.json (untrusted, validated) and posts or updates the pull request's sticky
comment, a check run with annotations and channel/pillar labels, through GITHUB_TOKEN.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable input.
`;

export const REVIEW_FORMATS = ['markdown', 'json', 'github'] as const;

export async function reviewCommand(args: string[], io: Io): Promise<number> {
  if (args[0] === 'comment') {
    const { reviewCommentCommand } = await import('./review-comment.ts');
    return reviewCommentCommand(args.slice(1), io);
  }
  const { values } = parseCommandArgs('review', args, {
    base: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'no-cards': { type: 'boolean' },
    at: { type: 'string' },
    root: { type: 'string' },
    'no-cache': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(reviewHelp);
    return EXIT.ok;
  }
  const base = values.base as string | undefined;
  if (!base) throw new UsageError('--base <ref> is required (the branch the pull request targets, e.g. origin/main)');
  const format = oneOf('format', values.format as string | undefined, REVIEW_FORMATS, 'markdown');
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  const root = brandRoot(io.cwd, values.root as string | undefined);

  const { buildReview, writeReviewFiles } = await import('../../review/report.ts');
  const { renderMarkdown } = await import('../../review/markdown.ts');
  const run = await buildReview({ root, base, nowMs, cache: !values['no-cache'] });
  const out = values.out === undefined ? undefined : path.resolve(io.cwd, values.out as string);
  if (out && !values['no-cards']) {
    const { renderPostCards } = await import('../../review/cards.ts');
    await renderPostCards(out, run, root);
  }
  const markdown = renderMarkdown(run.report, { embedCards: true });
  if (out) writeReviewFiles(out, run.report, markdown);

  const { report } = run;
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'markdown') io.stdout(markdown);
  else {
    const diagnostics = [...report.posts.flatMap((p) => p.diagnostics), ...report.documents.flatMap((d) => d.diagnostics)];
    io.stdout(diagnostics.map(githubCommand).join(''));
  }
  if (run.unreadable.length > 0) return EXIT.usage;
  return report.counts.error > 0 ? EXIT.problems : EXIT.ok;
}
