/** The charter and the editorial line a moderation run needs, validated; a bad charter stops the run before anything is read. */
import type { ChannelId } from '../core/channels.ts';
import { InputError } from '../core/errors.ts';
import { netiquetteFindings } from '../core/moderation/charter-lint.ts';
import { editorialLineSchema, netiquetteSchema, type EditorialLine, type Netiquette } from '../core/schema/index.ts';
import { validateWith } from '../core/validate.ts';
import { readOptionalDocument } from '../content/documents.ts';
import { EDITORIAL_LINE_FILE, NETIQUETTE_FILE } from '../content/paths.ts';
import { patternSafetyMemo } from '../content/pattern-safety.ts';

export interface ModerationContent {
  charter: Netiquette;
  line: EditorialLine | undefined;
  timeZone: string;
  locale: string;
  /** Channels the editorial line enables (every channel when there is no editorial line). */
  channels: ChannelId[];
}

export function loadModerationContent(root: string): ModerationContent {
  const doc = readOptionalDocument(root, NETIQUETTE_FILE);
  if (!doc) throw new InputError(`${NETIQUETTE_FILE} is missing: moderation needs the charter's rules (see docs/moderation.md)`);
  if (!doc.ok) throw new InputError(`${NETIQUETTE_FILE}:${doc.position.line}: ${doc.message} (syntax/frontmatter); nothing was read or moderated`);
  const validation = validateWith(netiquetteSchema, doc.data);
  if (!validation.ok) {
    const shown = validation.findings.slice(0, 3).map((finding) => {
      const at = finding.at && !('line' in finding.at) ? doc.locate(finding.at, finding.atKey) : { line: 1 };
      return `${NETIQUETTE_FILE}:${at.line}: ${finding.message} (${finding.rule})`;
    });
    const more = validation.findings.length - shown.length;
    throw new InputError(`${shown.join('; ')}${more > 0 ? ` and ${more} more (run \`cadence lint ${NETIQUETTE_FILE}\`)` : ''}; nothing was read or moderated`);
  }
  const charter = validation.value;
  // A pattern that can backtrack catastrophically never runs on what strangers write.
  const memo = patternSafetyMemo(root);
  const fatal = netiquetteFindings(charter, memo.safety).filter((f) => f.severity === 'error');
  memo.save();
  if (fatal.length > 0) {
    const first = fatal[0]!;
    const at = first.at && !('line' in first.at) ? doc.locate(first.at) : { line: 1 };
    throw new InputError(`${NETIQUETTE_FILE}:${at.line}: ${first.message} (${first.rule}); nothing was read or moderated`);
  }
  const lineDoc = readOptionalDocument(root, EDITORIAL_LINE_FILE);
  const lineValidation = lineDoc?.ok ? validateWith(editorialLineSchema, lineDoc.data) : undefined;
  const line = lineValidation?.ok ? lineValidation.value : undefined;
  const channels = line ? (Object.entries(line.channels) as [ChannelId, { enabled?: boolean } | undefined][]).filter(([, c]) => c?.enabled !== false).map(([id]) => id) : [];
  return { charter, line, timeZone: line?.brand.timezone ?? 'Europe/Paris', locale: line?.brand.locale ?? 'fr', channels };
}
