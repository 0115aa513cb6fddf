import { InputError } from '../core/errors.ts';
import { EXIT } from './errors.ts';
import { processIo, type Io } from './io.ts';

interface Command {
  summary: string;
  run(args: string[], io: Io): Promise<number>;
}

// Commands load on demand: `cadence lint` should not pay for loading publishing or Git code.
const COMMANDS: Record<string, Command> = {
  lint: { summary: 'Check posts, the editorial line and the netiquette', run: async (a, io) => (await import('./commands/lint.ts')).lintCommand(a, io) },
  new: { summary: 'Scaffold a post in the next free slot', run: async (a, io) => (await import('./commands/new.ts')).newCommand(a, io) },
  rules: { summary: 'List every lint rule', run: async (a, io) => (await import('./commands/rules.ts')).rulesCommand(a, io) },
  schema: { summary: 'Write JSON Schemas of the content model for editors', run: async (a, io) => (await import('./commands/schema.ts')).schemaCommand(a, io) },
  due: { summary: 'List the (post, channel) pairs due at an instant', run: async (a, io) => (await import('./commands/due.ts')).dueCommand(a, io) },
  publish: { summary: 'Publish what is due, exactly once, recorded in the ledger', run: async (a, io) => (await import('./commands/publish.ts')).publishCommand(a, io) },
  schedule: { summary: 'Cron lines of the publish workflow for the posting slots (UTC, across DST); --check', run: async (a, io) => (await import('./commands/schedule.ts')).scheduleCommand(a, io) },
  pause: { summary: 'Crisis switch: hold due posts (all channels or one)', run: async (a, io) => (await import('./commands/pause.ts')).pauseCommand(a, io) },
  resume: { summary: 'Lift a pause', run: async (a, io) => (await import('./commands/pause.ts')).resumeCommand(a, io) },
  metrics: { summary: 'Read back every publication\'s metrics and the followers into data/metrics/', run: async (a, io) => (await import('./commands/metrics.ts')).metricsCommand(a, io) },
  report: { summary: 'KPI report of a month: objectives, networks, pillars, slots, A/B tests (markdown, html, csv, json, pdf)', run: async (a, io) => (await import('./commands/report.ts')).reportCommand(a, io) },
  sentiment: { summary: 'Score texts as the watch does: label, score, risk words, deciding words', run: async (a, io) => (await import('./commands/sentiment.ts')).sentimentCommand(a, io) },
  watch: { summary: 'E-reputation watch: collect mentions, score them, alert on a negative spike', run: async (a, io) => (await import('./commands/watch.ts')).watchCommand(a, io) },
  crisis: { summary: 'Crisis protocol: start (pause by level, statements in a PR), update, end (lift the pause, held posts, post-mortem)', run: async (a, io) => (await import('./commands/crisis.ts')).crisisCommand(a, io) },
  moderate: { summary: 'Apply the netiquette to replies and mentions; human queue; exactly once', run: async (a, io) => (await import('./commands/moderate.ts')).moderateCommand(a, io) },
  review: { summary: 'Review a pull request: checks, per-network previews, calendar, social cards', run: async (a, io) => (await import('./commands/review.ts')).reviewCommand(a, io) },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return `Usage: cadence <command> [options]

Cadence: a Git-native editorial pipeline. Posts are MDX files in content/posts/, pull requests approve them.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

Run \`cadence <command> --help\` for the options of a command.
`;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    // Which code ran (bin/cadence.js picks the bundle when it is fresh) helps with bug reports.
    io.stdout(`cadence ${pkg.version} (node ${process.versions.node}, ${process.env.CADENCE_ENTRY ?? 'sources'})\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`cadence: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`cadence ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
