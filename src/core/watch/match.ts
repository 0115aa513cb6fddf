/**
 * Which query (or competitor) a mention is about, from the terms of content/watch.mdx: a "quoted
 * phrase" must appear as written (case and accents aside), unquoted words must all appear, a #hashtag
 * is a word, a domain a substring. Exclusions drop the mention. Pure.
 */
import { foldForMatch } from '../text.ts';
import type { WatchConfig } from '../schema/watch.ts';

type Test = (folded: string, words: ReadonlySet<string>) => boolean;

function compileTerm(term: string): Test {
  const phrases = [...term.matchAll(/"([^"]+)"/g)].map((m) => normalize(m[1]!));
  const rest = term.replace(/"[^"]*"/g, ' ').trim();
  const words = rest ? rest.split(/\s+/).map((w) => foldForMatch(w.replace(/^#/, ''))) : [];
  return (folded, tokens) =>
    phrases.every((p) => ` ${folded} `.includes(` ${p} `)) && words.every((w) => (w.includes('.') || w.includes('-') ? folded.includes(w) : tokens.has(w)));
}

function normalize(text: string): string {
  return foldForMatch(text)
    .replace(/[#@]/g, '')
    .replace(/[^\p{L}\p{N}.\-&]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Match {
  query?: string;
  competitor?: string;
  alerting: boolean;
  excluded: boolean;
}

export function mentionMatcher(config: Pick<WatchConfig, 'queries' | 'competitors'>): (text: string, knownQuery?: string) => Match {
  const queries = config.queries.map((q) => ({ id: q.id, alerting: q.alerting, terms: q.terms.map(compileTerm), exclude: q.exclude.map(compileTerm) }));
  const competitors = config.competitors.map((c) => ({ id: c.id, terms: c.terms.map(compileTerm) }));
  const fallback = config.queries.find((q) => q.alerting) ?? config.queries[0];
  return (text, knownQuery) => {
    const folded = normalize(text);
    const tokens = new Set(folded.split(' '));
    const excluded = queries.some((q) => q.exclude.some((t) => t(folded, tokens)));
    const found = queries.find((q) => q.terms.some((t) => t(folded, tokens)));
    if (found) return { query: found.id, alerting: found.alerting, excluded };
    const competitor = competitors.find((c) => c.terms.some((t) => t(folded, tokens))) ?? competitors.find((c) => c.id === knownQuery);
    if (competitor) return { competitor: competitor.id, alerting: false, excluded };
    const known = queries.find((q) => q.id === knownQuery);
    if (known) return { query: known.id, alerting: known.alerting, excluded };
    // A mention of the account (notifications) need not repeat its name: it is about the brand.
    return fallback ? { query: fallback.id, alerting: fallback.alerting, excluded } : { alerting: false, excluded };
  };
}
