import { countBySeverity, type Diagnostic, type Severity } from '../core/diagnostics.ts';

export const LINT_FORMATS = ['text', 'json', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

const COLORS: Record<Severity | 'dim' | 'bold', [number, number]> = { error: [31, 39], warning: [33, 39], note: [36, 39], dim: [2, 22], bold: [1, 22] };

function paint(enabled: boolean, style: keyof typeof COLORS, text: string): string {
  const [open, close] = COLORS[style];
  return enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: LintFormat, options: { color?: boolean; filesChecked?: number } = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(diagnostics, null, 2)}\n`;
    case 'github':
      return diagnostics.map(githubCommand).join('');
    case 'text':
      return formatText(diagnostics, options.color ?? false, options.filesChecked);
  }
}

function formatText(diagnostics: readonly Diagnostic[], color: boolean, filesChecked: number | undefined): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    const where = `${d.file}:${d.line}:${d.column}`;
    const channel = d.channel ? ` [${d.channel}]` : '';
    lines.push(`${where}  ${paint(color, d.severity, d.severity.padEnd(7))} ${d.message}${channel}  ${paint(color, 'dim', d.rule)}`);
  }
  const counts = countBySeverity(diagnostics);
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const checked = filesChecked === undefined ? '' : ` (${filesChecked} file${filesChecked === 1 ? '' : 's'} checked)`;
  if (diagnostics.length === 0) lines.push(`✓ no problems${checked}`);
  else {
    const parts = [`${counts.error} error${counts.error === 1 ? '' : 's'}`, `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`];
    if (counts.note) parts.push(`${counts.note} note${counts.note === 1 ? '' : 's'}`);
    lines.push('', paint(color, 'bold', `${counts.error ? '✖' : '⚠'} ${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'}${checked}`));
  }
  return `${lines.join('\n')}\n`;
}

/** `::error file=…,line=…,col=…,title=…::message`, escaped as GitHub's workflow commands require. */
export function githubCommand(d: Diagnostic): string {
  const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const title = d.channel ? `${d.rule} (${d.channel})` : d.rule;
  const properties = [`file=${escapeProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`, `title=${escapeProperty(title)}`].join(',');
  return `::${command} ${properties}::${escapeData(d.message)}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
