/** What `/usr/bin/time -v` appends to a child's stderr: its peak memory and CPU time, then the child's own stderr without the report. */
export function parseTimeReport(stderr: string): { rssKB: number | undefined; cpuMs: number | undefined; stderr: string } {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const cut = stderr.search(/(?:Command exited with non-zero status \d+\n)?\tCommand being timed:/);
  return {
    rssKB: match ? Number(match[1]) : undefined,
    cpuMs: user && system ? (Number(user[1]) + Number(system[1])) * 1000 : undefined,
    stderr: cut === -1 ? stderr : stderr.slice(0, cut),
  };
}
