import type * as z from 'zod';
import type { Diagnostic, Finding, Severity } from './diagnostics.ts';
import { compareDiagnostics } from './diagnostics.ts';
import type { LintContext, Locator, MediaInfo, Position, PostDoc } from './model.ts';
import { netiquetteFindings, type PatternSafety } from './moderation/charter-lint.ts';
import { postIdFromPath } from './post.ts';
import type { Rule } from './rules/rule.ts';
import { editorialLineSchema, netiquetteSchema, postSchema, type EditorialLine, type Netiquette } from './schema/index.ts';
import { documentBodyFindings } from './rules/mdx-body.ts';
import { summarizePost, type PostSummary } from './summary.ts';
import { validateWith } from './validate.ts';

/** A file as the edge read it: parsed frontmatter with a locator, or why it could not be parsed. */
export type ParsedDocument =
  | { file: string; ok: true; data: unknown; body: string; bodyLine: number; locate: Locator }
  | { file: string; ok: false; message: string; position: Position };

export interface ValidateInput {
  /** The posts to report on, fully parsed. */
  posts: readonly ParsedDocument[];
  editorialLine?: ParsedDocument | undefined;
  /** The editorial line already validated (by an earlier run): `editorialLine` is then not needed. */
  knownLine?: EditorialLine | undefined;
  netiquette?: ParsedDocument | undefined;
  /** The ReDoS verdict of a moderation pattern (recheck, memoized by the edge); without it, not checked. */
  patternSafety?: ((source: string) => PatternSafety) | undefined;
}

export interface RuleInput {
  rules: readonly Rule[];
  nowMs: number;
  media: ReadonlyMap<string, MediaInfo>;
  /** Every other post of the repository, as summaries (for cadence, duplicates, mix). */
  otherSummaries?: readonly PostSummary[];
  published?: ReadonlySet<string> | undefined;
}

export type LintInput = ValidateInput & RuleInput;

/** Documents checked against their schemas: what the rules can run on. */
export interface Validated {
  diagnostics: Diagnostic[];
  line: EditorialLine | undefined;
  netiquette: Netiquette | undefined;
  /** Valid posts, as the rules see them. */
  posts: PostDoc[];
}

export interface LintResult extends Validated {
  /** Summaries of the valid posts linted (what a cache keeps). */
  summaries: PostSummary[];
}

type Report = (file: string, locate: Locator | undefined, rule: string, severity: Severity, finding: Finding) => void;

function reporter(diagnostics: Diagnostic[]): Report {
  return (file, locate, rule, severity, finding) => {
    const at = finding.at ?? [];
    const position = 'line' in at ? at : locate ? locate(at, finding.atKey) : { line: 1, column: 1 };
    diagnostics.push({
      file,
      line: position.line,
      column: position.column,
      rule,
      severity: finding.severity ?? severity,
      message: finding.message,
      ...(finding.channel ? { channel: finding.channel } : {}),
    });
  };
}

/** Parses nothing and reads nothing: validates already-parsed documents against the content model. */
export function validateDocuments(input: ValidateInput): Validated {
  const diagnostics: Diagnostic[] = [];
  const report = reporter(diagnostics);
  const line = input.knownLine ?? validateDocument(input.editorialLine, editorialLineSchema, report);
  const netiquette = validateDocument(input.netiquette, netiquetteSchema, report);
  if (netiquette && input.netiquette?.ok) {
    for (const finding of netiquetteFindings(netiquette, input.patternSafety)) report(input.netiquette.file, input.netiquette.locate, finding.rule, 'warning', finding);
  }
  if (line && input.editorialLine?.ok) {
    for (const finding of editorialLineFindings(line)) report(input.editorialLine.file, input.editorialLine.locate, finding.rule, 'warning', finding);
  }
  for (const doc of [input.editorialLine, input.netiquette]) {
    if (!doc?.ok) continue;
    for (const f of documentBodyFindings(doc.body, doc.bodyLine)) report(doc.file, doc.locate, f.rule, 'error', { at: { line: f.line, column: f.column }, message: f.message });
  }
  const posts: PostDoc[] = [];
  for (const doc of input.posts) {
    if (!doc.ok) {
      report(doc.file, undefined, 'syntax/frontmatter', 'error', { at: doc.position, message: doc.message });
      continue;
    }
    const validation = validateWith(postSchema, doc.data);
    if (!validation.ok) {
      for (const finding of validation.findings) report(doc.file, doc.locate, finding.rule, 'error', finding);
      continue;
    }
    posts.push({
      file: doc.file,
      id: validation.value.id ?? postIdFromPath(doc.file),
      data: validation.value,
      body: doc.body,
      bodyLine: doc.bodyLine,
      locate: doc.locate,
    });
  }
  return { diagnostics, line, netiquette, posts };
}

function contextOf(validated: Pick<Validated, 'line' | 'netiquette'>, input: RuleInput, targets: ReadonlySet<string>): LintContext {
  const { line, netiquette } = validated;
  return {
    ...(line ? { line } : {}),
    ...(netiquette ? { netiquette } : {}),
    nowMs: input.nowMs,
    media: input.media,
    targets,
    ...(input.published ? { published: input.published } : {}),
  };
}

/**
 * The rules that look at one post at a time, and each post's summary for the cross-post rules.
 * Independent per post; a large lint runs `postFindings` on another thread instead (see lint-parallel.ts).
 */
export function runPostRules(validated: Validated, input: RuleInput): { diagnostics: Diagnostic[]; summaries: PostSummary[] } {
  const locators = new Map(validated.posts.map((p) => [p.file, p.locate]));
  const diagnostics = locateFindings(postFindings(validated, input), (file) => locators.get(file));
  return { diagnostics, summaries: validated.posts.map((post) => summarizePost(post, validated.line)) };
}

/** A per-post rule's finding before it is given a position (plain data: it may come from another thread). */
export interface PostFinding {
  file: string;
  rule: string;
  severity: Severity;
  finding: Finding;
}

/** What the per-post rules find, unlocated: `locate` is not needed, so posts may come without one. */
export function postFindings(validated: Pick<Validated, 'line' | 'netiquette' | 'posts'>, input: RuleInput): PostFinding[] {
  const found: PostFinding[] = [];
  const ctx = contextOf(validated, input, new Set(validated.posts.map((p) => p.file)));
  for (const rule of input.rules) {
    if (rule.scope !== 'post') continue;
    for (const post of validated.posts) {
      for (const finding of rule.check(post, ctx)) found.push({ file: post.file, rule: rule.id, severity: rule.severity, finding });
    }
  }
  return found;
}

/** Findings as diagnostics, positioned by each file's locator. */
export function locateFindings(findings: readonly PostFinding[], locate: (file: string) => Locator | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = reporter(diagnostics);
  for (const { file, rule, severity, finding } of findings) report(file, locate(file), rule, severity, finding);
  return diagnostics;
}

/**
 * The rules that compare posts, on the summaries of the posts reported on (`targets`) and of the
 * others. Positions come from `locate`, asked only for files with a finding.
 */
export function runCollectionRules(
  validated: Pick<Validated, 'line' | 'netiquette'>,
  input: RuleInput & { targets: readonly PostSummary[] },
  locate: (file: string) => Locator | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = reporter(diagnostics);
  const targetFiles = new Set(input.targets.map((s) => s.file));
  const ctx = contextOf(validated, input, targetFiles);
  const everyPost = [...input.targets, ...(input.otherSummaries ?? []).filter((s) => !targetFiles.has(s.file))];
  for (const rule of input.rules) {
    if (rule.scope !== 'collection') continue;
    for (const { file, finding } of rule.check(everyPost, ctx)) {
      if (targetFiles.has(file)) report(file, locate(file), rule.id, rule.severity, finding);
    }
  }
  return diagnostics;
}

/** Runs every rule on validated posts; cross-post rules also see `otherSummaries`. */
export function runRules(validated: Validated, input: RuleInput): LintResult {
  const perPost = runPostRules(validated, input);
  const locators = new Map(validated.posts.map((p) => [p.file, p.locate]));
  const acrossPosts = runCollectionRules(validated, { ...input, targets: perPost.summaries }, (file) => locators.get(file));
  const diagnostics = [...validated.diagnostics, ...perPost.diagnostics, ...acrossPosts].sort(compareDiagnostics);
  return { diagnostics, line: validated.line, netiquette: validated.netiquette, posts: validated.posts, summaries: perPost.summaries };
}

/** Validation then rules, for callers that have everything at hand (tests, previews). */
export function lint(input: LintInput): LintResult {
  return runRules(validateDocuments(input), input);
}

function validateDocument<S extends z.ZodType>(
  doc: ParsedDocument | undefined,
  schema: S,
  report: Report,
): z.output<S> | undefined {
  if (!doc) return undefined;
  if (!doc.ok) {
    report(doc.file, undefined, 'syntax/frontmatter', 'error', { at: doc.position, message: doc.message });
    return undefined;
  }
  const validation = validateWith(schema, doc.data);
  if (validation.ok) return validation.value;
  for (const finding of validation.findings) report(doc.file, doc.locate, finding.rule, 'error', finding);
  return undefined;
}

/** Checks of the editorial line itself that the schema cannot express. */
function editorialLineFindings(line: EditorialLine): (Finding & { rule: string })[] {
  const findings: (Finding & { rule: string })[] = [];
  if (line.pillars.length) {
    const total = line.pillars.reduce((sum, p) => sum + p.target, 0);
    if (Math.abs(total - 100) > 0.5) {
      findings.push({ rule: 'editorial/pillar-targets', at: ['pillars'], message: `pillar targets add up to ${total}%, not 100%` });
    }
    line.pillars.forEach((p, i) => {
      if (p.max !== undefined && p.max < p.target) {
        findings.push({ rule: 'editorial/pillar-targets', at: ['pillars', i, 'max'], message: `pillar \`${p.id}\` has a max (${p.max}%) below its target (${p.target}%)` });
      }
    });
    const seen = new Set<string>();
    line.pillars.forEach((p, i) => {
      if (seen.has(p.id)) findings.push({ rule: 'editorial/duplicate-id', severity: 'error', at: ['pillars', i, 'id'], message: `pillar id \`${p.id}\` is defined twice` });
      seen.add(p.id);
    });
  }
  for (const [channel, settings] of Object.entries(line.channels)) {
    for (const [day, times] of Object.entries(settings?.slots ?? {})) {
      if (new Set(times).size !== times?.length) {
        findings.push({ rule: 'editorial/slots', at: ['channels', channel, 'slots', day], message: `${channel} lists the same slot twice on ${day}` });
      }
    }
  }
  return findings;
}
