import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { EDITORIAL_LINE_FILE } from '../../content/paths.ts';
import { readDocument } from '../../content/repository.ts';
import { validateDocuments } from '../../core/lint.ts';
import {
  collapseToCron,
  lineMinutes,
  offsetLabel,
  parseCron,
  requiredMinutes,
  schedulePlan,
  uncoveredSlots,
  type ChannelSlots,
  type Cron,
  type CronLine,
  type SchedulePlan,
  type SlotNeed,
  type UncoveredSlot,
} from '../../core/schedule-cron.ts';
import type { EditorialLine } from '../../core/schema/index.ts';
import { dayKey, formatOffset, toWallClock, WEEKDAYS, type Weekday } from '../../core/time.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, oneOf, parseAt, parseCommandArgs } from '../options.ts';

export const DEFAULT_WORKFLOW = '.github/workflows/publish.yml';

export const scheduleHelp = `Usage: cadence schedule [--format text|json|yaml] [--check [--workflow PATH]]

The cron lines of the publish workflow, computed from the posting slots of every enabled channel
(content/editorial-line.mdx), so that a publish run starts at every slot. GitHub's cron is in UTC:
in a time zone with daylight saving time each slot needs one UTC time in winter and another in
summer, and a slot near midnight may fall on another UTC weekday; every UTC offset the brand's time
zone uses in the next 12 months is covered. Slots are collapsed into few lines.

GitHub may start a scheduled run several minutes late (more at busy times, such as the top of the
hour); publishing sends whatever is due when the run starts, so a late run only delays the post.

Options:
  --format <f>        text (default), json, or yaml (the \`schedule:\` block to paste under \`on:\`)
  --check             Check the workflow's on.schedule cron lines instead: exit 1 naming every slot
                      with no run starting at its time or up to --tolerance minutes after
                      (extra lines are fine)
  --workflow <path>   The workflow to check (default: ${DEFAULT_WORKFLOW})
  --tolerance <min>   With --check: how late a run may start after a slot (default: 5)
  --at <iso>          Start of the 12 months considered (default: now)
  --root <dir>        The brand repository (default: the nearest folder with content/)
  -h, --help          Show this help

Exit codes: 0 ok (every slot covered), 1 slots not covered, 2 usage error (no editorial line, no workflow).
`;

const DAY_NAMES: Record<Weekday, string> = { sun: 'Sun', mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat' };

function loadLine(root: string): EditorialLine {
  const doc = readDocument(root, EDITORIAL_LINE_FILE);
  if (!doc.ok) throw new UsageError(`${EDITORIAL_LINE_FILE}: ${doc.message}`);
  const validated = validateDocuments({ posts: [], editorialLine: doc });
  if (!validated.line) {
    const first = validated.diagnostics.find((d) => d.severity === 'error');
    throw new UsageError(`${EDITORIAL_LINE_FILE} is invalid${first ? ` (line ${first.line}: ${first.message})` : ''}: run \`cadence lint\``);
  }
  return validated.line;
}

/** Enabled channels with posting slots, and the enabled ones without (their posts go out at the next run). */
export function channelSlots(line: EditorialLine): { withSlots: ChannelSlots[]; withoutSlots: string[] } {
  const withSlots: ChannelSlots[] = [];
  const withoutSlots: string[] = [];
  for (const [channel, settings] of Object.entries(line.channels)) {
    if (!settings || settings.enabled === false) continue;
    const slots = settings.slots;
    if (slots && Object.values(slots).some((times) => times && times.length > 0)) withSlots.push({ channel, slots });
    else withoutSlots.push(channel);
  }
  return { withSlots, withoutSlots };
}

/** `Mon–Fri`, `Sat, Sun`, `every day`. */
function formatDays(days: readonly Weekday[]): string {
  const order = [...new Set(days)].map((d) => (WEEKDAYS.indexOf(d) + 6) % 7).sort((a, b) => a - b);
  if (order.length === 7) return 'every day';
  const name = (i: number) => DAY_NAMES[WEEKDAYS[(i + 1) % 7]!];
  const parts: string[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1] === order[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${name(order[i]!)}–${name(order[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(name(order[k]!));
    i = j + 1;
  }
  return parts.join(', ');
}

interface Covered {
  label: string;
  offsetMinutes: number;
  slots: { weekday: Weekday; time: string }[];
  /** The UTC times of the line's runs for these slots (`23:30 the day before` when UTC is on another day). */
  utc: string[];
}

/** Which local slots, at which offset, a generated line starts runs for. */
function lineCovers(line: CronLine, needs: readonly SlotNeed[], offsets: readonly number[]): Covered[] {
  const minutes = lineMinutes(line);
  const byOffset = new Map<number, Covered>();
  for (const need of needs) {
    for (const run of need.runs) {
      if (!minutes.has(run.minuteOfWeek)) continue;
      let c = byOffset.get(run.offsetMinutes);
      if (!c) byOffset.set(run.offsetMinutes, (c = { label: offsetLabel(run.offsetMinutes, offsets), offsetMinutes: run.offsetMinutes, slots: [], utc: [] }));
      if (!c.slots.some((s) => s.weekday === need.weekday && s.time === need.time)) c.slots.push({ weekday: need.weekday, time: need.time });
      const shift = (WEEKDAYS.indexOf(run.utcWeekday) - WEEKDAYS.indexOf(need.weekday) + 7) % 7;
      const utc = `${run.utcTime}${shift === 6 ? ' the day before' : shift === 1 ? ' the day after' : ''}`;
      if (!c.utc.includes(utc)) c.utc.push(utc);
    }
  }
  for (const c of byOffset.values()) c.utc.sort();
  return [...byOffset.values()].sort((a, b) => a.offsetMinutes - b.offsetMinutes);
}

/** `08:30, 12:30 Mon–Fri; 10:00 Sat, Sun`. */
function describeSlots(slots: readonly { weekday: Weekday; time: string }[]): string {
  const byTime = new Map<string, Weekday[]>();
  for (const s of slots) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s.weekday]);
  const byDays = new Map<string, string[]>();
  for (const [time, days] of [...byTime].sort(([a], [b]) => a.localeCompare(b))) {
    const label = formatDays(days);
    byDays.set(label, [...(byDays.get(label) ?? []), time]);
  }
  return [...byDays].map(([days, times]) => `${times.join(', ')} ${days}`).join('; ');
}

/** `08:30, 12:30 Mon–Fri: 07:30, 11:30 UTC in winter time (UTC+01:00), 06:30, 10:30 UTC in summer time (UTC+02:00)`. */
function comment(covers: readonly Covered[]): string {
  const runs = (c: Covered) => `${c.utc.join(', ')} UTC in ${c.label}`;
  const slots = covers.map((c) => describeSlots(c.slots));
  if (slots.every((s) => s === slots[0])) return `${slots[0]}: ${covers.map(runs).join(', ')}`;
  return covers.map((c, i) => `${slots[i]}: ${runs(c)}`).join('; ');
}

function distinctOffsets(plan: SchedulePlan): number[] {
  return [...new Set(plan.offsets.map((o) => o.offsetMinutes))].sort((a, b) => a - b);
}

function describeOffsets(plan: SchedulePlan): string {
  const offsets = distinctOffsets(plan);
  const date = (ms: number) => dayKey(toWallClock(ms, plan.timeZone));
  if (offsets.length === 1) return `${plan.timeZone} stays at UTC${formatOffset(offsets[0]!)} all year: one UTC time per slot.`;
  const periods = plan.offsets.map((p, i) => (i === plan.offsets.length - 1 ? `then ${offsetLabel(p.offsetMinutes, offsets)}` : `${offsetLabel(p.offsetMinutes, offsets)} until ${date(p.untilMs)}`));
  return `${plan.timeZone} is at ${periods.join(', ')}. GitHub's cron is UTC, so every slot needs one UTC time per offset; the lines run all year, and outside its season a line starts a run that finds nothing due (harmless).`;
}

const DELAY_NOTE = 'GitHub may start a scheduled run several minutes late (more at busy times, such as the top of the hour): publishing sends whatever is due when the run starts, so a late run only delays the post.';

function noSlotNote(withoutSlots: readonly string[]): string | undefined {
  if (withoutSlots.length === 0) return undefined;
  return `${withoutSlots.join(', ')} ${withoutSlots.length === 1 ? 'has' : 'have'} no posting slots: ${withoutSlots.length === 1 ? 'its' : 'their'} posts go out at the first run after their publishAt.`;
}

function yamlBlock(lines: readonly CronLine[], plan: SchedulePlan, indent = '  '): string {
  const offsets = distinctOffsets(plan);
  const out = [`${indent}# Generated by \`cadence schedule --format yaml\` from the posting slots in ${plan.timeZone} (cron is UTC).`, `${indent}schedule:`];
  for (const line of lines) out.push(`${indent}  # ${comment(lineCovers(line, plan.needs, offsets))}`, `${indent}  - cron: '${line.expression}'`);
  return `${out.join('\n')}\n`;
}

function needJson(need: SlotNeed, offsets: readonly number[]) {
  return {
    weekday: need.weekday,
    time: need.time,
    channels: need.channels,
    utc: need.runs.map((r) => ({ offset: formatOffset(r.offsetMinutes), label: offsetLabel(r.offsetMinutes, offsets), weekday: r.utcWeekday, time: r.utcTime })),
  };
}

/** The `on.schedule[].cron` lines of a workflow file. */
export function workflowCrons(file: string, source: string): { crons: Cron[]; problems: string[] } {
  let doc: unknown;
  try {
    doc = parseYaml(source);
  } catch (error) {
    throw new UsageError(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const on = doc && typeof doc === 'object' ? ((doc as Record<string, unknown>).on ?? (doc as Record<string, unknown>).true) : undefined;
  const schedule = on && typeof on === 'object' && !Array.isArray(on) ? (on as Record<string, unknown>).schedule : undefined;
  const crons: Cron[] = [];
  const problems: string[] = [];
  if (schedule === undefined || schedule === null) return { crons, problems };
  if (!Array.isArray(schedule)) return { crons, problems: [`${file}: on.schedule must be a list of \`- cron: '…'\` entries`] };
  for (const entry of schedule) {
    const text = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).cron : undefined;
    if (typeof text !== 'string') {
      problems.push(`${file}: a schedule entry has no cron line`);
      continue;
    }
    const parsed = parseCron(text);
    if (parsed.ok) crons.push(parsed.cron);
    else problems.push(`${file}: ${parsed.reason}`);
  }
  return { crons, problems };
}

function describeUncovered(u: UncoveredSlot, plan: SchedulePlan, offsets: readonly number[]): string {
  const missed = new Set(u.missed.map((m) => m.run));
  const runs = u.need.runs.map((r) => `${DAY_NAMES[r.utcWeekday]} ${r.utcTime} UTC in ${offsetLabel(r.offsetMinutes, offsets)}${missed.has(r) ? ' ✗ missing' : ' ✓'}`);
  const first = Math.min(...u.missed.map((m) => m.firstMissedMs));
  return `✗ ${DAY_NAMES[u.need.weekday]} ${u.need.time} ${plan.timeZone} (${u.need.channels.join(', ')}): needs ${runs.join(', ')}; first missed ${dayKey(toWallClock(first, plan.timeZone))}`;
}

export async function scheduleCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('schedule', args, {
    format: { type: 'string' },
    check: { type: 'boolean' },
    workflow: { type: 'string' },
    tolerance: { type: 'string' },
    at: { type: 'string' },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(scheduleHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['text', 'json', 'yaml'] as const, 'text');
  if (!values.check && values.workflow !== undefined) throw new UsageError('--workflow goes with --check');
  if (!values.check && values.tolerance !== undefined) throw new UsageError('--tolerance goes with --check');
  const toleranceText = (values.tolerance as string | undefined) ?? '5';
  if (!/^\d+$/.test(toleranceText) || Number(toleranceText) > 60) throw new UsageError(`--tolerance must be a number of minutes between 0 and 60 (got "${toleranceText}")`);
  const fromMs = Math.floor(parseAt(values.at as string | undefined, Date.now()) / 60_000) * 60_000;
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const line = loadLine(root);
  const { withSlots, withoutSlots } = channelSlots(line);
  const plan = schedulePlan({ channels: withSlots, timeZone: line.brand.timezone, fromMs });
  const offsets = distinctOffsets(plan);
  const lines = collapseToCron(requiredMinutes(plan.needs));

  if (!values.check) {
    if (format === 'json') {
      const json = {
        timeZone: plan.timeZone,
        offsets: plan.offsets.map((p) => ({ offset: formatOffset(p.offsetMinutes), label: offsetLabel(p.offsetMinutes, offsets), from: new Date(p.fromMs).toISOString(), until: new Date(p.untilMs).toISOString() })),
        cron: lines.map((l) => ({ expression: l.expression, covers: lineCovers(l, plan.needs, offsets).map((c) => ({ label: c.label, offset: formatOffset(c.offsetMinutes), slots: c.slots })) })),
        slots: plan.needs.map((n) => needJson(n, offsets)),
        channelsWithoutSlots: withoutSlots,
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return EXIT.ok;
    }
    if (format === 'yaml') {
      io.stdout(lines.length ? yamlBlock(lines, plan) : '  # No posting slots: no schedule needed (cadence schedule).\n');
      return EXIT.ok;
    }
    const out: string[] = [];
    if (lines.length === 0) out.push('No enabled channel has posting slots: the publish workflow needs no schedule (push and manual runs publish what is due).');
    else {
      out.push(`Publish runs for ${plan.needs.length} posting slot${plan.needs.length === 1 ? '' : 's'} a week (${withSlots.map((c) => c.channel).join(', ')}), in UTC:`, '');
      const width = Math.max(...lines.map((l) => l.expression.length));
      for (const l of lines) out.push(`  ${l.expression.padEnd(width)}  # ${comment(lineCovers(l, plan.needs, offsets))}`);
      out.push('', describeOffsets(plan));
    }
    const note = noSlotNote(withoutSlots);
    if (note) out.push(note);
    out.push(DELAY_NOTE);
    if (lines.length) out.push('`cadence schedule --format yaml` prints the block to paste under `on:`; `cadence schedule --check` checks a workflow.');
    io.stdout(`${out.join('\n')}\n`);
    return EXIT.ok;
  }

  const workflow = (values.workflow as string | undefined) ?? DEFAULT_WORKFLOW;
  const absolute = path.resolve(root, workflow);
  let source: string;
  try {
    source = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the workflow ${workflow} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); use --workflow PATH`);
  }
  const { crons, problems } = workflowCrons(workflow, source);
  const uncovered = uncoveredSlots(plan, crons, Number(toleranceText));
  const ok = uncovered.length === 0 && problems.length === 0;
  if (format === 'json') {
    const json = {
      ok,
      workflow,
      timeZone: plan.timeZone,
      tolerance: Number(toleranceText),
      cron: crons.map((c) => c.source),
      problems,
      uncovered: uncovered.map((u) => ({
        ...needJson(u.need, offsets),
        missing: u.missed.map((m) => ({ offset: formatOffset(m.run.offsetMinutes), label: offsetLabel(m.run.offsetMinutes, offsets), weekday: m.run.utcWeekday, time: m.run.utcTime, occurrences: m.missed, first: new Date(m.firstMissedMs).toISOString() })),
      })),
      suggested: lines.map((l) => l.expression),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return ok ? EXIT.ok : EXIT.problems;
  }
  const out: string[] = [];
  for (const p of problems) out.push(`✗ ${p}`);
  for (const u of uncovered) out.push(describeUncovered(u, plan, offsets));
  if (ok) {
    out.push(plan.needs.length === 0
      ? `✓ ${workflow}: no enabled channel has posting slots, nothing to check`
      : `✓ ${workflow} starts a publish run at every posting slot (${plan.needs.length} a week, ${plan.timeZone}, ${offsets.length === 1 ? 'one UTC offset' : offsets.map((o) => offsetLabel(o, offsets)).join(' and ')}), at most ${toleranceText} min after it`);
  } else if (uncovered.length === 0) {
    out.push(`${workflow}: fix the lines above (every posting slot is covered by the others)`);
  } else {
    if (crons.length === 0) out.unshift(`✗ ${workflow} has no on.schedule cron lines`);
    out.push('', `${uncovered.length} posting slot${uncovered.length === 1 ? ' is' : 's are'} not covered by ${workflow} (a run must start at the slot or up to ${toleranceText} min after it). Cron lines that cover every slot (\`cadence schedule --format yaml\`):`, '', yamlBlock(lines, plan).trimEnd());
  }
  io.stdout(`${out.join('\n')}\n`);
  return ok ? EXIT.ok : EXIT.problems;
}
