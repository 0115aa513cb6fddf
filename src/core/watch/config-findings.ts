/** Checks of content/watch.mdx that its schema cannot express: ids, references, thresholds that contradict. */
import type { Finding } from '../diagnostics.ts';
import { WATCH_SOURCES, type WatchConfig, type WatchSource } from '../schema/watch.ts';

export type RuleFinding = Finding & { rule: string };

const DAY = 86_400_000;

export function enabledSources(config: WatchConfig): WatchSource[] {
  return WATCH_SOURCES.filter((id) => {
    const settings = config.sources[id] as { enabled: boolean } | undefined;
    return settings !== undefined && settings.enabled;
  });
}

export function watchFindings(config: WatchConfig): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const seen = new Map<string, string>();
  const checkId = (id: string, at: (string | number)[]) => {
    const first = seen.get(id);
    if (first) findings.push({ rule: 'watch/duplicate-id', severity: 'error', at, message: `id \`${id}\` is already used by ${first}` });
    else seen.set(id, `\`${at.slice(0, 2).join('[')}]\``);
  };
  config.queries.forEach((q, i) => checkId(q.id, ['queries', i, 'id']));
  config.competitors.forEach((c, i) => checkId(c.id, ['competitors', i, 'id']));

  const configured = new Set<string>(WATCH_SOURCES.filter((id) => config.sources[id] !== undefined));
  const listed = [...config.queries.map((q, i) => ({ sources: q.sources, at: ['queries', i, 'sources'] as (string | number)[] })), ...config.competitors.map((c, i) => ({ sources: c.sources, at: ['competitors', i, 'sources'] as (string | number)[] }))];
  for (const { sources, at } of listed) {
    sources?.forEach((source, j) => {
      if (!configured.has(source)) findings.push({ rule: 'watch/unknown-source', severity: 'warning', at: [...at, j], message: `source \`${source}\` is not configured under \`sources\`: nothing is read from it` });
    });
  }
  if (enabledSources(config).length === 0) findings.push({ rule: 'watch/unknown-source', severity: 'warning', at: ['sources'], message: 'no source is enabled: the watch reads nothing' });

  const queryIds = new Set(config.queries.map((q) => q.id));
  config.sources.rss?.feeds.forEach((feed, i) => {
    if (feed.query !== undefined && !queryIds.has(feed.query)) findings.push({ rule: 'watch/unknown-query', severity: 'error', at: ['sources', 'rss', 'feeds', i, 'query'], message: `feed \`${feed.id}\` counts for query \`${feed.query}\`, which is not in \`queries\`` });
  });

  const termLists = [...config.queries.flatMap((q, i) => [{ terms: q.terms, at: ['queries', i, 'terms'] }, { terms: q.exclude, at: ['queries', i, 'exclude'] }]), ...config.competitors.map((c, i) => ({ terms: c.terms, at: ['competitors', i, 'terms'] }))];
  for (const { terms, at } of termLists) {
    terms.forEach((term, j) => {
      if ((term.match(/"/g)?.length ?? 0) % 2 === 1) findings.push({ rule: 'watch/terms', severity: 'error', at: [...at, j], message: `term ${term} has an unclosed quote` });
    });
  }

  const s = config.spike;
  if (!(s.severeAlpha <= s.alpha && s.alpha <= s.watchAlpha)) {
    findings.push({ rule: 'watch/thresholds', severity: 'error', at: ['spike', 'alpha'], message: `the p-values must go severeAlpha ≤ alpha ≤ watchAlpha (got ${s.severeAlpha}, ${s.alpha}, ${s.watchAlpha})` });
  }
  if (!(s.watchMinAuthors <= s.minAuthors && s.minAuthors <= s.severeMinAuthors)) {
    findings.push({ rule: 'watch/thresholds', severity: 'error', at: ['spike', 'minAuthors'], message: `the author counts must go watchMinAuthors ≤ minAuthors ≤ severeMinAuthors (got ${s.watchMinAuthors}, ${s.minAuthors}, ${s.severeMinAuthors})` });
  }
  if (s.guard + 2 * s.window > s.baselineDays * DAY) {
    findings.push({ rule: 'watch/thresholds', severity: 'error', at: ['spike', 'window'], message: `a baseline of ${s.baselineDays} days cannot hold two windows after the guard band` });
  }
  return findings;
}
