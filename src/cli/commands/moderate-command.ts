import { EXIT } from '../errors.ts';
import type { Io } from '../io.ts';

export async function moderateTeamCommand(_args: string[], io: Io): Promise<number> {
  io.stderr('cadence moderate command: not available yet\n');
  return EXIT.usage;
}
