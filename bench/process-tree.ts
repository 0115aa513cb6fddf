/**
 * The memory a command uses with everything it starts: the sum of the resident sets of a process and its
 * descendants, sampled from /proc (Linux). `/usr/bin/time` reports the largest single process, which is not
 * the machine's peak when a command runs two builds side by side.
 */
import { readdirSync, readFileSync } from 'node:fs';

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return []; // the process ended between two reads
  }
}

/** The resident set of one process, in KB (0 once it has ended). */
export function residentKB(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The summed resident set of `pid` and its descendants now, in KB. */
export function treeResidentKB(pid: number): number {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    total += residentKB(next);
    pending.push(...children(next));
  }
  return total;
}

/** Samples a process tree every `everyMs` until `stop()`, which returns the largest sum seen, in KB. */
export function sampleTreeMemory(pid: number, everyMs = 50): { stop(): number } {
  let peakKB = 0;
  const sample = () => {
    peakKB = Math.max(peakKB, treeResidentKB(pid));
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peakKB;
    },
  };
}
