import { existsSync } from 'node:fs';
import path from 'node:path';
import { isChannelId } from '../../core/channels.ts';
import { campaignScope, pauseFile, type PauseScope } from '../../core/ledger/pause.ts';
import { commitAndPush, openLedgerRepo, syncWithRemote } from '../../publish/git.ts';
import { loadPauses, removePause, writePause } from '../../publish/store.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, parseCommandArgs } from '../options.ts';

export const pauseHelp = `Usage: cadence pause [--channel ID | --pillar ID | --campaign NAME] --reason TEXT

The crisis switch: holds every due post (or only one channel's) until \`cadence resume\`. Nothing is
dropped: held posts go out at the first run after the resume. Retractions are never held.
Writes data/pause/<all|channel>.json, commits it and pushes it (so the scheduled job sees it).

Options:
  --channel <id>   Pause only this channel (default: every channel)
  --pillar <id>    Pause only the posts of this content pillar
  --campaign <n>   Pause only the posts of this campaign
  --reason <text>  Why (required): shown in every publish summary while paused
  --root <dir>     The brand repository (default: the nearest folder with content/)
  -h, --help       Show this help
`;

export const resumeHelp = `Usage: cadence resume [--channel ID | --pillar ID | --campaign NAME]

Lifts a pause set by \`cadence pause\` (the brand-wide one by default, or one channel's): deletes
data/pause/<all|channel>.json, commits and pushes. Held posts go out at the next publish run.

Options:
  --channel <id>   Resume this channel (default: the brand-wide pause)
  --pillar <id>    Resume this pillar's posts
  --campaign <n>   Resume this campaign's posts
  --root <dir>     The brand repository (default: the nearest folder with content/)
  -h, --help       Show this help
`;

function scopeOf(values: { channel?: unknown; pillar?: unknown; campaign?: unknown }): PauseScope {
  const given = [values.channel, values.pillar, values.campaign].filter((v) => v !== undefined);
  if (given.length > 1) throw new UsageError('give one of --channel, --pillar and --campaign');
  if (values.pillar !== undefined) {
    const pillar = String(values.pillar);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(pillar)) throw new UsageError(`--pillar: "${pillar}" is not a pillar id`);
    return `pillar-${pillar}`;
  }
  if (values.campaign !== undefined) return campaignScope(String(values.campaign));
  if (values.channel === undefined) return 'all';
  const text = String(values.channel);
  if (!isChannelId(text)) throw new UsageError(`--channel: unknown channel "${text}"`);
  return text;
}

function scopeLabel(scope: PauseScope): string {
  return scope === 'all' ? 'all channels' : scope.startsWith('pillar-') ? `pillar ${scope.slice(7)}` : scope.startsWith('campaign-') ? `campaign ${scope.slice(9)}` : scope;
}

export async function pauseCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('pause', args, { channel: { type: 'string' }, pillar: { type: 'string' }, campaign: { type: 'string' }, reason: { type: 'string' }, root: { type: 'string' } });
  if (values.help) {
    io.stdout(pauseHelp);
    return EXIT.ok;
  }
  const scope = scopeOf(values);
  const reason = (values.reason as string | undefined)?.trim();
  if (!reason) throw new UsageError('--reason is required: say why publishing stops (it is shown in every summary)');
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const repo = await openLedgerRepo(root);
  await syncWithRemote(repo);
  const by = io.env.GITHUB_ACTOR;
  const file = writePause(root, { scope, reason, at: new Date().toISOString(), ...(by ? { by } : {}) });
  const result = await commitAndPush(repo, [file], `cadence: pause ${scopeLabel(scope)}: ${reason}`);
  io.stdout(`⏸ ${scopeLabel(scope)} paused: ${reason}\n${describe(repo.isRepo, result.pushed, file)}`);
  return EXIT.ok;
}

export async function resumeCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('resume', args, { channel: { type: 'string' }, pillar: { type: 'string' }, campaign: { type: 'string' }, root: { type: 'string' } });
  if (values.help) {
    io.stdout(resumeHelp);
    return EXIT.ok;
  }
  const scope = scopeOf(values);
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const repo = await openLedgerRepo(root);
  await syncWithRemote(repo);
  if (!existsSync(path.join(root, pauseFile(scope)))) {
    const others = [...loadPauses(root).keys()];
    io.stdout(`${scope === 'all' ? 'no brand-wide pause' : `${scopeLabel(scope)} is not paused`}${others.length ? ` (paused: ${others.join(', ')}; use --channel)` : ''}\n`);
    return EXIT.ok;
  }
  const file = removePause(root, scope);
  const result = await commitAndPush(repo, [file], `cadence: resume ${scopeLabel(scope)}`);
  io.stdout(`▶ ${scopeLabel(scope)} resumed\n${describe(repo.isRepo, result.pushed, file)}`);
  return EXIT.ok;
}

function describe(isRepo: boolean, pushed: boolean, file: string): string {
  if (!isRepo) return `${file} written (not a Git repository: commit it yourself)\n`;
  return pushed ? `${file} committed and pushed\n` : `${file} committed (no upstream: push it yourself)\n`;
}
