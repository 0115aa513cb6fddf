/**
 * Which readings a collection run takes at an instant: pure (publications, what is stored, the instant in;
 * a plan out), like duePlan for publishing.
 *
 * For each publication, the milestones whose age has been reached and that have no stored reading are
 * due. A run takes the latest of them only: when a run comes so late that +1 h and +24 h are both due,
 * a single reading now cannot be both, so +1 h is reported as missed and +24 h is taken and marked late
 * if its window has passed (the row keeps the real time and age). Retracted publications are not read.
 */
import type { ChannelId } from '../channels.ts';
import { MILESTONES, type Milestone, type MilestoneId } from './model.ts';

export interface MeasuredPublication {
  post: string;
  channel: ChannelId;
  remoteId: string;
  url?: string;
  /** Instant of publication (ms). */
  publishedMs: number;
  retracted?: boolean;
}

export interface DueReading {
  publication: MeasuredPublication;
  milestone: Milestone;
  ageHours: number;
  late: boolean;
  /** Earlier milestones this reading supersedes: they can no longer be taken. */
  missed: MilestoneId[];
}

const HOUR = 3_600_000;

export function dueReading(publication: MeasuredPublication, taken: ReadonlySet<MilestoneId>, nowMs: number): DueReading | undefined {
  if (publication.retracted) return undefined;
  const ageHours = (nowMs - publication.publishedMs) / HOUR;
  const reached = MILESTONES.filter((m) => ageHours >= m.hours);
  if (reached.length === 0) return undefined;
  const latest = reached.at(-1)!;
  if (taken.has(latest.id)) return undefined;
  // Milestones already passed by a later stored reading are not due any more: never read backwards.
  const laterTaken = MILESTONES.some((m) => m.hours > latest.hours && taken.has(m.id));
  if (laterTaken) return undefined;
  return {
    publication,
    milestone: latest,
    ageHours: Math.round(ageHours * 10) / 10,
    late: ageHours > latest.lateAfterHours,
    missed: reached.slice(0, -1).filter((m) => !taken.has(m.id)).map((m) => m.id),
  };
}

/** Every reading due at `nowMs`, given the milestones already stored per `post\u0000channel`. */
export function readingsDue(publications: readonly MeasuredPublication[], stored: ReadonlyMap<string, ReadonlySet<MilestoneId>>, nowMs: number): DueReading[] {
  const due: DueReading[] = [];
  const none = new Set<MilestoneId>();
  for (const publication of publications) {
    const reading = dueReading(publication, stored.get(`${publication.post}\u0000${publication.channel}`) ?? none, nowMs);
    if (reading) due.push(reading);
  }
  return due;
}

/** The days an account series lacks, from the day after its last row (or `firstDay`) to `today`, at most `maxDays`. */
export function missingDays(lastStoredDay: string | undefined, today: string, maxDays: number): string[] {
  const days: string[] = [];
  const start = lastStoredDay ? addDay(lastStoredDay, 1) : today;
  for (let d = start; d <= today; d = addDay(d, 1)) days.push(d);
  return days.slice(-maxDays);
}

export function addDay(day: string, n: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
