/**
 * Peak-memory fallback when /usr/bin/time is missing: bench/run.ts preloads this file into a child
 * (NODE_OPTIONS=--import=…) with BENCH_RSS_FILE set; at exit the child writes its peak RSS (KiB) and
 * CPU times (µs) there.
 *
 * Peak RSS comes from VmHWM in /proc/self/status where it exists: `process.resourceUsage().maxRSS` is
 * getrusage's ru_maxrss, which on Linux survives fork + exec and so reports at least the RSS of the
 * parent that spawned the child (the benchmark itself), not the child's own peak.
 * Plain JavaScript on purpose: a .ts preload would start Node's type stripper in every child, `node -e 0`
 * included, and skew the figures it is there to measure.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
      let peakKB = maxRSS;
      try {
        const hwm = /^VmHWM:\s*(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
        if (hwm) peakKB = Number(hwm[1]);
      } catch {
        // Not Linux: ru_maxrss it is.
      }
      writeFileSync(target, JSON.stringify({ maxRSS: peakKB, userCPUTime, systemCPUTime }));
    } catch {
      // Best effort: the parent reports "n/a".
    }
  });
}
