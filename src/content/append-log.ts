/** A local JSON-lines file appended to line by line: opened once per process, not once per line. */
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function openAppend(file: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  return openSync(file, 'a');
}

/**
 * The entries of such a file, in order; none when it does not exist. A line that does not parse (the torn
 * last line of a killed run) is skipped: its action reads back as not done, and is done again.
 */
export function readJsonLines<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const entries: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      // skipped, see above
    }
  }
  return entries;
}
