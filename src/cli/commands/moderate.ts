import { appendFileSync } from 'node:fs';
import { parseDateTime } from '../../core/time.ts';
import { DEFAULT_RETRY } from '../../publish/retry.ts';
import { queueFromEnv } from '../../moderation/queue-env.ts';
import { DEFAULT_MODERATION_LEASE_MS, moderateRun, moderationFailed, type Fault } from '../../moderation/run.ts';
import { formatModerationMarkdown, formatModerationText } from '../../moderation/summary.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';
import { parseChannels, testClock } from './due.ts';

export const moderateHelp = `Usage: cadence moderate [options]
       cadence moderate command [--event FILE]

Reads the new replies, comments and mentions on the brand's published posts, channel by channel, and
applies the netiquette (content/netiquette.mdx) to each: hides, reports or flags with what each
network allows (never deletes, blocks or mutes), puts what a person must see in the queue (GitHub
issues, or .cadence/moderation/queue.jsonl without GitHub), finds questions left without a reply, and
records everything in data/moderation/ (ids, rules and keyed pseudonyms only: no text, no handle).
Each action is claimed in Git before it is done, exactly once. A channel without credentials reads the
local inbox (samples/inbox/, .cadence/inbox/). Details: docs/moderation.md.

\`moderate command\` carries out a team member's command (/hide, /restore, /report, /reply <id>,
/dismiss) from a GitHub issue comment event (GITHUB_EVENT_PATH), for the community workflow.

Options:
  --at <iso>          The instant (default: now), e.g. 2026-12-08T20:00:00+01:00
  --dry-run           Decide and show, change nothing (no call, no queue item, no commit)
  --channel <id>      Only this channel (repeat, or separate with commas)
  --since <iso>       Read from this instant instead of each channel's cursor (nothing is decided twice)
  --format <f>        text (default) or json (the run report)
  --root <dir>        The brand repository (default: the nearest folder with content/)
  -h, --help          Show this help

Environment:
  Network credentials (docs/publishing.md, docs/moderation.md); CADENCE_PSEUDONYM_KEY (required on a
  GitHub runner); GITHUB_TOKEN and GITHUB_REPOSITORY for the queue; CADENCE_QUEUE=local to keep it local.

Exit codes: 0 done, 1 a channel failed or is unavailable, an action failed or is unconfirmed, the
circuit breaker tripped, or the log could not be pushed; 2 usage error or an invalid charter.
`;

export async function moderateCommand(args: string[], io: Io): Promise<number> {
  if (args[0] === 'command') return (await import('./moderate-command.ts')).moderateTeamCommand(args.slice(1), io);
  const { values } = parseCommandArgs('moderate', args, {
    at: { type: 'string' },
    'dry-run': { type: 'boolean' },
    channel: { type: 'string', multiple: true },
    since: { type: 'string' },
    format: { type: 'string' },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(moderateHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['text', 'json'] as const, 'text');
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  let sinceMs: number | undefined;
  if (values.since !== undefined) {
    const parsed = parseDateTime(values.since as string);
    if (!parsed.ok || parsed.value.kind !== 'instant') throw new UsageError(`--since must be an ISO 8601 instant with an offset or Z (got "${values.since}")`);
    sinceMs = parsed.value.epochMs;
  }
  const channels = parseChannels(values.channel);
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const env = io.env;
  const fault = env.CADENCE_FAULT as Fault | undefined;
  if (fault !== undefined && fault !== 'before-act' && fault !== 'after-act') throw new UsageError(`CADENCE_FAULT must be before-act or after-act for moderate (got "${fault}")`);
  const clock = testClock(env);
  const leaseSeconds = env.CADENCE_LEASE_SECONDS === undefined ? undefined : Number(env.CADENCE_LEASE_SECONDS);
  const baseMs = env.CADENCE_RETRY_BASE_MS === undefined ? DEFAULT_RETRY.baseMs : Number(env.CADENCE_RETRY_BASE_MS);
  const report = await moderateRun({
    root,
    nowMs,
    clock,
    dryRun: Boolean(values['dry-run']),
    env,
    queue: queueFromEnv(root, env, clock),
    retry: { ...DEFAULT_RETRY, baseMs: Number.isFinite(baseMs) ? baseMs : DEFAULT_RETRY.baseMs },
    ...(channels ? { channels } : {}),
    ...(sinceMs !== undefined ? { sinceMs } : {}),
    ...(leaseSeconds !== undefined && leaseSeconds >= 0 ? { leaseMs: leaseSeconds * 1000 } : { leaseMs: DEFAULT_MODERATION_LEASE_MS }),
    ...(fault ? { fault } : {}),
  });
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatModerationText(report));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, formatModerationMarkdown(report));
  return moderationFailed(report) ? EXIT.problems : EXIT.ok;
}
