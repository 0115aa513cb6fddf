import { crisisEnd, crisisStart, crisisUpdate, type CrisisResult } from '../../crisis/run.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, parseAt, parseCommandArgs } from '../options.ts';

export const crisisHelp = `Usage: cadence crisis start --level N --reason TEXT [--statement ID…] [--var NAME=VALUE…]
       cadence crisis update [--level N] [--note TEXT] [--statement ID…] [--var NAME=VALUE…]
       cadence crisis end

The crisis protocol of content/crisis.mdx (docs/crisis.md).
  start   pauses what the level says at once (data/pause/, committed and pushed), records the crisis
          (data/crisis/current.json), and opens a pull request with the level's holding statements as
          posts (content/posts/crise/): fill their {variables} (--var, or in the PR), approve, merge; they
          are the only posts that publish during the pause.
  update  changes the level (and its pauses), notes a point of the situation, or proposes follow-up
          statements in a new pull request.
  end     opens the pull request that lifts the crisis's pauses, lists every post held during it (those
          whose time passed more than staleAfter ago become drafts: reschedule or drop each), and adds a
          prefilled post-mortem (data/crisis/<id>/postmortem.md).

Options:
  --level <n>        The level (start: required)
  --reason <text>    Why (start: required)
  --statement <id>   Only these statements (repeat; default for start: every statement of the level)
  --var <k=v>        A statement variable (repeat), e.g. --var produit="la brioche des Lumières"
  --note <text>      A point of the situation for the log (update)
  --at <iso>         The instant (default: now)
  --root <dir>       The brand repository (default: the nearest folder with content/)
  -h, --help         Show this help

Environment: GITHUB_TOKEN and GITHUB_REPOSITORY to open the pull requests (without them the branches are
created and you open the pull requests), GITHUB_ACTOR (recorded as who acted).
Exit codes: 0 done, 1 a pull request or a push failed, 2 usage error.
`;

export async function crisisCommand(args: string[], io: Io): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') {
    io.stdout(crisisHelp);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  const { values } = parseCommandArgs(`crisis ${action}`, rest, {
    level: { type: 'string' },
    reason: { type: 'string' },
    statement: { type: 'string', multiple: true },
    var: { type: 'string', multiple: true },
    note: { type: 'string' },
    at: { type: 'string' },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(crisisHelp);
    return EXIT.ok;
  }
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const nowMs = parseAt(values.at as string | undefined, Date.now());
  const level = values.level === undefined ? undefined : Number(values.level);
  if (level !== undefined && !(Number.isInteger(level) && level >= 1)) throw new UsageError(`--level must be a level number such as 2 (got "${values.level as string}")`);
  const statements = ((values.statement as string[] | undefined) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const vars = (values.var as string[] | undefined) ?? [];
  const base = { root, nowMs, env: io.env };
  let result: CrisisResult;
  switch (action) {
    case 'start': {
      const reason = (values.reason as string | undefined)?.trim();
      if (level === undefined || !reason) throw new UsageError('crisis start needs --level N and --reason TEXT');
      result = await crisisStart({ ...base, level, reason, statements, vars });
      break;
    }
    case 'update':
      result = await crisisUpdate({ ...base, level, note: (values.note as string | undefined)?.trim() || undefined, statements, vars });
      break;
    case 'end':
      result = await crisisEnd(base);
      break;
    default:
      throw new UsageError(`unknown action "${action}": start, update or end`);
  }
  io.stdout(`${result.lines.join('\n')}\n`);
  return result.failed ? EXIT.problems : EXIT.ok;
}
