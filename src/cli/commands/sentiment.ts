import { createScorer, type SentimentResult } from '../../core/sentiment/index.ts';
import { findBrandRoot } from '../../content/paths.ts';
import { loadWatchConfig } from '../../watch/config.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { oneOf, parseCommandArgs } from '../options.ts';

export const sentimentHelp = `Usage: cadence sentiment [texts…] [options]

Scores French (or English) texts as the watch does: a label (positive, neutral, negative), a score
from -1 to 1, the risk words found (hygiène, intoxication, arnaque…: they force "negative" unless the
text is clearly positive) and the words that decided, strongest first, so you can see why and extend
the lexicon in content/watch.mdx (\`sentiment.words\`, \`sentiment.risk\`, \`sentiment.ignore\`).
Without texts, reads one text per line from standard input.

Options:
  --format <f>    text (default) or json (an array of {text, label, score, risk, words, lang, decidedBy})
  --lang <l>      fr or en (default: detected per text)
  --rating <n>    A review's stars (1-5): they decide the label, the text still gives the risk words
  --root <dir>    The brand repository whose watch.mdx extends the lexicon (default: the nearest one)
  -h, --help      Show this help
`;

export async function sentimentCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('sentiment', args, {
    format: { type: 'string' },
    lang: { type: 'string' },
    rating: { type: 'string' },
    root: { type: 'string' },
  });
  if (values.help) {
    io.stdout(sentimentHelp);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format as string | undefined, ['text', 'json'] as const, 'text');
  const lang = values.lang === undefined ? undefined : oneOf('lang', values.lang as string, ['fr', 'en'] as const, 'fr');
  const rating = values.rating === undefined ? undefined : Number(values.rating);
  if (rating !== undefined && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) throw new UsageError(`--rating must be a whole number of stars from 1 to 5 (got "${values.rating as string}")`);
  let texts = positionals;
  if (texts.length === 0) {
    const input = io.readStdin ? await io.readStdin() : '';
    texts = input.split(/\r?\n/).filter((line) => line.trim() !== '');
  }
  if (texts.length === 0) throw new UsageError('no text to score: give texts as arguments or one per line on standard input');
  // The brand's own words (content/watch.mdx, `sentiment:`), as the watch scores with them.
  const root = findBrandRoot((values.root as string | undefined) ?? io.cwd);
  const scorer = createScorer(root ? (loadWatchConfig(root, { optional: true })?.sentiment ?? {}) : {});
  const results = texts.map((text) => ({ text, result: scorer.score(text, { lang, rating }) }));
  if (format === 'json') {
    const rows = results.map(({ text, result }) => ({ text, label: result.label, score: result.score, risk: result.risk, words: result.hits, lang: result.lang, decidedBy: result.decidedBy }));
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  } else io.stdout(results.map(({ text, result }) => formatResult(text, result)).join(''));
  return EXIT.ok;
}

function signed(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : ' '}${Math.abs(n).toFixed(2)}`;
}

function formatResult(text: string, r: SentimentResult): string {
  const head = `${r.label.padEnd(8)} ${signed(r.score)}  ${text}\n`;
  const parts: string[] = [];
  if (r.decidedBy === 'rating') parts.push('decided by the stars');
  if (r.risk.length) parts.push(`risk: ${r.risk.join(', ')}${r.decidedBy === 'risk' ? ' (forces negative)' : ''}`);
  if (r.hits.length) parts.push(`words: ${r.hits.map((h) => `${h.word}${h.negated ? ' (negated)' : ''} ${signed(h.score)}`).join(', ')}`);
  else parts.push('words: none from the lexicon');
  return `${head}${' '.repeat(16)}${parts.join('  ')}${r.lang === 'en' ? '  [en]' : ''}\n`;
}
