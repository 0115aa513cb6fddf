/** Checks of content/crisis.mdx that its schema cannot express: levels, statements, variables. */
import type { Finding } from '../diagnostics.ts';
import { templateVariables, type CrisisConfig } from '../schema/crisis.ts';

export function crisisFindings(config: CrisisConfig): (Finding & { rule: string })[] {
  const findings: (Finding & { rule: string })[] = [];
  const levels = new Set<number>();
  config.levels.forEach((l, i) => {
    if (levels.has(l.level)) findings.push({ rule: 'crisis/levels', severity: 'error', at: ['levels', i, 'level'], message: `level ${l.level} is defined twice` });
    levels.add(l.level);
  });
  const sorted = [...levels].sort((a, b) => a - b);
  sorted.forEach((n, i) => {
    if (n !== i + 1) findings.push({ rule: 'crisis/levels', severity: 'error', at: ['levels'], message: `levels must be numbered 1, 2, 3… without a gap (level ${i + 1} is missing)` });
  });
  const ids = new Set<string>();
  config.statements.forEach((s, i) => {
    if (ids.has(s.id)) findings.push({ rule: 'crisis/statements', severity: 'error', at: ['statements', i, 'id'], message: `statement id \`${s.id}\` is used twice` });
    ids.add(s.id);
    if (!levels.has(s.level)) findings.push({ rule: 'crisis/statements', severity: 'error', at: ['statements', i, 'level'], message: `statement \`${s.id}\` is for level ${s.level}, which is not in \`levels\`` });
    const texts: [string, (string | number)[]][] = [[s.title, ['statements', i, 'title']], [s.text, ['statements', i, 'text']], ...Object.entries(s.variants ?? {}).map(([c, t]) => [t, ['statements', i, 'variants', c]] as [string, (string | number)[]]), ...(s.body ? [[s.body, ['statements', i, 'body']] as [string, (string | number)[]]] : [])];
    const declared = new Set(s.variables);
    const used = new Set<string>();
    for (const [text, at] of texts) {
      for (const name of templateVariables(text)) {
        used.add(name);
        if (!declared.has(name)) findings.push({ rule: 'crisis/variables', severity: 'error', at, message: `\`{${name}}\` is not declared in \`variables\` of statement \`${s.id}\`` });
      }
    }
    s.variables.forEach((name, j) => {
      if (!used.has(name)) findings.push({ rule: 'crisis/variables', severity: 'warning', at: ['statements', i, 'variables', j], message: `variable \`${name}\` is declared but no text of \`${s.id}\` uses it` });
    });
    for (const channel of Object.keys(s.variants ?? {})) {
      if (!s.channels.includes(channel as never)) findings.push({ rule: 'crisis/statements', severity: 'warning', at: ['statements', i, 'variants', channel], message: `a variant for ${channel}, which is not in the statement's channels` });
    }
  });
  config.levels.forEach((l, i) => {
    const pauses = l.pause && (l.pause.all || l.pause.channels.length || l.pause.pillars.length || l.pause.campaigns.length);
    if (pauses && !config.statements.some((s) => s.level === l.level)) findings.push({ rule: 'crisis/statements', severity: 'warning', at: ['levels', i], message: `level ${l.level} pauses publishing but has no holding statement` });
  });
  return findings;
}
