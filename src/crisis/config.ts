/** Reads content/crisis.mdx through the same parser and schema as lint. */
import { validateCommunityDocument } from '../core/community-documents.ts';
import { crisisFindings } from '../core/crisis/config-findings.ts';
import { InputError } from '../core/errors.ts';
import { crisisSchema, type CrisisConfig } from '../core/schema/crisis.ts';
import { readOptionalDocument } from '../content/documents.ts';
import { CRISIS_FILE } from './paths.ts';

export const CRISIS_DOCUMENT = { schema: crisisSchema, findings: crisisFindings };

export function loadCrisisConfig(root: string, options: { optional: true }): CrisisConfig | undefined;
export function loadCrisisConfig(root: string, options?: { optional?: false }): CrisisConfig;
export function loadCrisisConfig(root: string, options: { optional?: boolean } = {}): CrisisConfig | undefined {
  const doc = readOptionalDocument(root, CRISIS_FILE);
  if (!doc) {
    if (options.optional) return undefined;
    throw new InputError(`${CRISIS_FILE} does not exist: write the crisis protocol first (see docs/crisis.md)`);
  }
  const { value, diagnostics } = validateCommunityDocument(doc, CRISIS_DOCUMENT);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!value || errors.length) {
    if (options.optional) return undefined;
    throw new InputError(`${errors.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column}: ${d.message} (${d.rule})`).join('\n')}${errors.length > 3 ? `\n… run \`cadence lint ${CRISIS_FILE}\`` : ''}`);
  }
  return value;
}
