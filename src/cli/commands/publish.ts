import { appendFileSync } from 'node:fs';
import { publishRun, runFailed, DEFAULT_LEASE_MS, type Fault } from '../../publish/run.ts';
import { formatRunMarkdown, formatRunText } from '../../publish/summary.ts';
import { DEFAULT_RETRY } from '../../publish/retry.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';
import { parseChannels, testClock } from './due.ts';

export const publishHelp = `Usage: cadence publish [options]

Publishes what is due (see \`cadence due\`), exactly once: each (post, channel) pair is claimed in the
ledger (data/ledger/) and the claim is pushed before any network is called; outcomes are committed and
pushed after. A post that lint rejects is reported as blocked, never sent. A channel without credentials
publishes to the local outbox (.cadence/outbox/<channel>/). Prints a per-channel summary; with
GITHUB_STEP_SUMMARY set, also writes it there as Markdown.

Options:
  --at <iso>          The instant (default: now), e.g. 2026-12-08T18:00:00+01:00
  --dry-run           Show what would be published; claim, send and commit nothing
  --channel <id>      Only this channel (repeat, or separate with commas)
  --format <f>        text (default) or json (the run report)
  --root <dir>        The brand repository (default: the nearest folder with content/)
  -h, --help          Show this help

Environment:
  Credentials of each network (see docs/publishing.md); <NETWORK>_API_URL overrides an API base.
  CADENCE_LEASE_SECONDS   How long a claim holds (default ${DEFAULT_LEASE_MS / 1000})
  CADENCE_RETRY_BASE_MS   First backoff between retries (default ${DEFAULT_RETRY.baseMs})
  CADENCE_CLOCK           Tests: pretend the real clock (leases, event times) starts at this ISO instant

Exit codes: 0 everything due went out (or was held by a pause), 1 a publication failed, is unconfirmed,
was blocked by lint, or the ledger could not be pushed, 2 usage error.
`;

export async function publishCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('publish', args, {
    at: { type: 'string' },
    'dry-run': { type: 'boolean' },
    channel: { type: 'string', multiple: true },
    format: { type: 'string' },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(publishHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['text', 'json'] as const, 'text');
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  const channels = parseChannels(values.channel);
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const env = io.env;
  const fault = env.CADENCE_FAULT as Fault | undefined;
  if (fault !== undefined && fault !== 'before-send' && fault !== 'after-send') throw new UsageError(`CADENCE_FAULT must be before-send or after-send (got "${fault}")`);
  const leaseSeconds = env.CADENCE_LEASE_SECONDS === undefined ? undefined : Number(env.CADENCE_LEASE_SECONDS);
  if (leaseSeconds !== undefined && !(leaseSeconds >= 0)) throw new UsageError('CADENCE_LEASE_SECONDS must be a number of seconds');
  const baseMs = env.CADENCE_RETRY_BASE_MS === undefined ? DEFAULT_RETRY.baseMs : Number(env.CADENCE_RETRY_BASE_MS);

  const report = await publishRun({
    root,
    clock: testClock(env),
    nowMs,
    dryRun: Boolean(values['dry-run']),
    env,
    retry: { ...DEFAULT_RETRY, baseMs: Number.isFinite(baseMs) ? baseMs : DEFAULT_RETRY.baseMs },
    ...(channels ? { channels } : {}),
    ...(leaseSeconds !== undefined ? { leaseMs: leaseSeconds * 1000 } : {}),
    ...(fault ? { fault } : {}),
  });

  if (format === 'json') {
    const { plan, ...rest } = report;
    io.stdout(`${JSON.stringify({ ...rest, edited: plan.edited, stuck: plan.stuck, unschedulable: plan.unschedulable }, null, 2)}\n`);
  } else io.stdout(formatRunText(report));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, formatRunMarkdown(report));
  if (env.GITHUB_OUTPUT) {
    const published = report.outcomes.filter((o) => o.kind === 'published' || o.kind === 'reconciled').length;
    appendFileSync(env.GITHUB_OUTPUT, `deploy-site=${report.deploySite}\npublished=${published}\n`);
  }
  return runFailed(report) ? EXIT.problems : EXIT.ok;
}
