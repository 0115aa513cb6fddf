/** A local JSON-lines file appended to line by line: opened once per process, not once per line. */
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

export function openAppend(file: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  return openSync(file, 'a');
}
