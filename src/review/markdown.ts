/**
 * The review as Markdown: the pull request comment. Pure: the same function renders review.md from the
 * CLI and the sticky comment in the trusted workflow (from the validated JSON), so what a pull request
 * writes never reaches the comment as Markdown, only as data.
 *
 * Everything authored in a post is shown either in fenced code blocks (post texts, exactly as sent) or
 * escaped inline (titles, alt texts): no Markdown, HTML or @mention from a post is interpreted.
 */
import { CHANNEL_LABELS } from '../core/channels.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { ChannelPreview, MediaPreview, PartPreview } from './preview.ts';
import type { ReviewedPost, ReviewReport } from './types.ts';

/** The hidden marker the commenter finds its own comment by. */
export const REVIEW_MARKER = '<!-- cadence-review -->';

/** GitHub refuses comment bodies over 65,536 characters. */
export const MAX_COMMENT_CHARS = 65_536;

export interface MarkdownOptions {
  /** Where a card link points; default: the relative path (review.md next to cards/). */
  cardLink?: (card: string) => string;
  /** Embed the card as an image (true for review.md; a comment can only link to the artifact). */
  embedCards?: boolean;
  /** A link to the workflow run, shown in the footer. */
  runUrl?: string;
  /** Upper bound of the output, in characters. */
  maxChars?: number;
}

const STATUS_ICON: Record<ReviewedPost['status'], string> = { added: '✚ added', modified: '✎ changed', renamed: '➜ renamed', deleted: '✖ deleted' };
const SEVERITY_ICON: Record<Diagnostic['severity'], string> = { error: '❌', warning: '⚠️', note: 'ℹ️' };
const STATE_LABEL: Record<ChannelPreview['state'], string> = {
  scheduled: 'scheduled',
  expired: '⛔ expired: reschedule',
  published: 'already published',
  draft: 'draft (not published)',
  retracted: 'retracted',
  unresolved: '⛔ time does not resolve',
};
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Escapes text for inline Markdown and HTML, and defuses @mentions. One line. */
export function inline(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#|~])/g, '\\$1')
    .replace(/@/g, '@&#8203;');
}

/** A code span that survives any backticks inside. */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${clean.startsWith('`') || clean.endsWith('`') ? ` ${clean} ` : clean}${ticks}`;
}

/** A fenced block longer than any backtick run of the text. */
export function fenced(text: string, info = 'text'): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countsLine(counts: ReviewReport['counts']): string {
  if (counts.error + counts.warning + counts.note === 0) return '✅ no problems';
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.note) parts.push(plural(counts.note, 'note'));
  return `${counts.error ? '❌' : '⚠️'} ${parts.join(', ')}`;
}

/** `2026-12-12T10:00:00+01:00` → `Sat 2026-12-12 10:00 (+01:00)`. */
function localLabel(iso: string): string {
  const day = iso.slice(0, 10);
  const weekday = WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? '';
  return `${weekday} ${day} ${iso.slice(11, 16)} (${iso.slice(19) || 'Z'})`;
}

function utcLabel(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function dayLabel(day: string): string {
  return `${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? ''} ${day}`;
}

function bytesLabel(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1000))} kB`;
}

function mediaLine(m: MediaPreview, index: number): string {
  const facts = m.problem
    ? `⛔ ${inline(m.problem)}`
    : m.format
      ? [m.format.toUpperCase(), m.width && m.height ? `${m.width}×${m.height}` : undefined, m.bytes !== undefined ? bytesLabel(m.bytes) : undefined, m.animated ? 'animated' : undefined].filter(Boolean).join(', ')
      : undefined;
  const alt = m.alt.trim() === '' ? '⚠️ no alt text' : `alt: “${inline(m.alt)}”`;
  return `- 🖼️ ${index + 1}. ${code(m.src)}${facts ? ` · ${facts}` : ''} · ${alt}`;
}

const UNIT_LABEL: Record<string, string> = {
  weighted: 'weighted characters',
  graphemes: 'characters',
  bytes: 'bytes (UTF-8)',
  'emoji-bytes': 'characters (emoji count their bytes)',
  'code points': 'characters (code points)',
  'UTF-16 units': 'characters',
};

function countLabel(part: PartPreview, withUnit = true): string {
  const t = part.text;
  const over = t.length > t.limit;
  const unit = withUnit ? ` ${UNIT_LABEL[t.unit] ?? inline(t.unit)}` : '';
  return `${over ? '❌' : '✓'} ${t.length.toLocaleString('en-US')} / ${t.limit.toLocaleString('en-US')}${unit}`;
}

function textBlock(part: PartPreview): string {
  const t = part.text;
  if (t.text === '') return '_(no text)_';
  if (t.cutAt === undefined) return fenced(t.text);
  const kept = t.text.slice(0, t.cutAt);
  const cut = t.text.slice(t.cutAt);
  return `${fenced(`${kept}\n✂ ──── the network cuts here: everything below does not fit ────\n${cut}`)}\n\n❌ **${(t.length - t.limit).toLocaleString('en-US')} over the limit** (${inline(t.counting)}): shorten it, or give this channel its own variant.`;
}

function channelSection(preview: ChannelPreview, diagnostics: readonly Diagnostic[]): string {
  const out: string[] = [];
  const problems = diagnostics.filter((d) => d.channel === preview.channel);
  const over = preview.parts.some((p) => p.text.length > p.text.limit);
  const first = preview.parts[0];
  const summaryBits = [`<b>${preview.label}</b>`];
  if (preview.publishAt.local) summaryBits.push(localLabel(preview.publishAt.local));
  if (first) summaryBits.push(countLabel(first, false));
  if (preview.parts.length > 1) summaryBits.push(`thread of ${preview.parts.length}`);
  if (preview.state !== 'scheduled') summaryBits.push(STATE_LABEL[preview.state]);
  if (problems.length) summaryBits.push(`${SEVERITY_ICON[problems.some((d) => d.severity === 'error') ? 'error' : problems.some((d) => d.severity === 'warning') ? 'warning' : 'note']} ${plural(problems.length, 'problem')}`);
  const open = over || problems.some((d) => d.severity !== 'note') || preview.state === 'expired';
  out.push(`<details${open ? ' open' : ''}><summary>${summaryBits.join(' · ')}</summary>`, '');

  if (preview.publishAt.local && preview.publishAt.utc) {
    out.push(`🕒 **${localLabel(preview.publishAt.local)}** ${inline(preview.publishAt.timeZone)} · ${utcLabel(preview.publishAt.utc)} · ${STATE_LABEL[preview.state]}`);
  } else {
    out.push(`🕒 ${code(preview.publishAt.written)}: ${inline(preview.publishAt.problem ?? 'cannot be resolved')}`);
  }
  out.push('');

  if (preview.article) {
    const a = preview.article;
    out.push(`📰 Blog article **${inline(a.title)}**${a.url ? ` at ${code(a.url)}` : ''} · ${plural(a.words, 'word')}`);
    if (a.description) out.push('', `> ${inline(a.description)}`);
    out.push('');
  }
  if (preview.spoiler) out.push(`⚠️ Content warning: ${code(preview.spoiler)}`, '');
  preview.parts.forEach((part, i) => {
    const label = preview.parts.length > 1 ? `**${i + 1}/${preview.parts.length}**${i === 0 ? '' : ' (reply)'} · ` : '';
    out.push(`${label}${countLabel(part)}`, '', textBlock(part), '');
    if (part.media.length) out.push(...part.media.map(mediaLine), '');
  });
  if (preview.parts.length > 1 && !preview.threadSupported) out.push(`⛔ ${preview.label} cannot publish replies: only the first part goes out.`, '');
  if (preview.link) {
    const where =
      preview.link.placement === 'text'
        ? preview.link.appended
          ? 'appended to the text above; the network builds the card from it'
          : 'already in the text; the network builds the card from it'
        : preview.link.placement === 'field'
          ? 'sent as a link card, using no characters'
          : 'not clickable on this network: no card';
    out.push(`🔗 Link card: ${code(preview.link.url)} (${where})`, '');
  }
  if (preview.firstComment) out.push('💬 First comment, posted right after:', '', fenced(preview.firstComment), '');
  out.push('</details>', '');
  return out.join('\n');
}

/** A lint message: its `code` spans stay code spans, the rest is escaped. */
export function message(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((piece, i) => (i % 2 === 1 ? code(piece.slice(1, -1)) : inline(piece)))
    .join('');
}

function diagnosticLine(d: Diagnostic): string {
  const channel = d.channel ? ` · ${CHANNEL_LABELS[d.channel]}` : '';
  return `- ${SEVERITY_ICON[d.severity]} line ${d.line}: ${message(d.message)} (${code(d.rule)}${channel})`;
}

function postTitle(post: ReviewedPost): string {
  return post.title ? inline(post.title) : code(post.file.split('/').pop() ?? post.file);
}

function postSection(post: ReviewedPost, options: MarkdownOptions): string {
  const out: string[] = [];
  out.push(`### ${STATUS_ICON[post.status]}: ${postTitle(post)}`, '');
  const facts = [code(post.file)];
  if (post.previousFile) facts.push(`renamed from ${code(post.previousFile)} (${post.similarity ?? 100} % similar)`);
  if (post.id) facts.push(`id ${code(post.id)}`);
  if (post.pillar) facts.push(`pillar ${code(post.pillar)}`);
  if (post.campaign) facts.push(`campaign “${inline(post.campaign)}”`);
  if (post.postStatus && post.postStatus !== 'ready') facts.push(`status **${post.postStatus}**`);
  out.push(facts.join(' · '), '');
  if (post.published.length) out.push(`Already published on ${post.published.map((p) => CHANNEL_LABELS[p.channel]).join(', ')}.`, '');

  if (post.status === 'deleted') {
    if (post.channels.length) out.push(`Was planned on ${post.channels.map((c) => CHANNEL_LABELS[c]).join(', ')}.`, '');
    if (post.diagnostics.length) out.push(...post.diagnostics.map(diagnosticLine), '');
    return out.join('\n');
  }
  if (post.diagnostics.length) out.push('**Checks**', '', ...post.diagnostics.map(diagnosticLine), '');
  else out.push('**Checks**: ✅ no problems', '');

  if (post.previews.length) {
    out.push('**Preview per network**', '');
    for (const preview of post.previews) out.push(channelSection(preview, post.diagnostics));
  } else if (!post.id) {
    out.push('_No preview: the frontmatter does not validate (see the checks)._', '');
  }

  if (post.calendar) {
    const c = post.calendar;
    out.push('**Calendar around it**', '');
    if (c.days.length) {
      out.push('| Channel | Day | This post | Also that day on this channel |', '| --- | --- | --- | --- |');
      for (const d of c.days) {
        const others = d.others.length ? d.others.map((o) => `${o.time} ${inline(o.title)} (${o.status})`).join('<br>') : '—';
        out.push(`| ${CHANNEL_LABELS[d.channel]} | ${dayLabel(d.day)} | ${d.time} | ${others} |`);
      }
      out.push('');
    }
    if (c.conflicts.length) out.push(...c.conflicts.map((k) => `- ⚠️ ${inline(k.message)}`), '');
    else out.push('No cadence or slot conflict.', '');
  }

  if (post.card) {
    const link = options.cardLink ? options.cardLink(post.card) : post.card;
    out.push(options.embedCards ? `**Social card**\n\n![Social card: ${inline(post.title ?? '')}](${link})` : `**Social card**: [${code(post.card)}](${link})`, '');
  }
  return out.join('\n');
}

function mixSection(report: ReviewReport): string {
  const mix = report.mix;
  if (!mix || mix.rows.length === 0) return '';
  const out = [`### Pillar mix after merge (${mix.from} → ${mix.to})`, '', '| Pillar | Target | Before | After |', '| --- | ---: | ---: | ---: |'];
  for (const row of mix.rows) {
    const moved = row.after.count !== row.before.count;
    const overMax = row.max !== undefined && row.after.share > row.max;
    const after = `${row.after.share} % (${row.after.count})${moved ? ` ${row.after.count > row.before.count ? '▲' : '▼'}` : ''}${overMax ? ` ⚠️ over ${row.max} %` : ''}`;
    out.push(`| ${inline(row.label)} | ${row.target} % | ${row.before.share} % (${row.before.count}) | ${after} |`);
  }
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(report: ReviewReport, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? Infinity;
  const changed = report.posts;
  const kinds = (['added', 'modified', 'renamed', 'deleted'] as const)
    .map((status) => [status, changed.filter((p) => p.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status === 'modified' ? 'changed' : status}`);
  const head: string[] = [REVIEW_MARKER, '## Cadence review', ''];
  head.push(`**${countsLine(report.counts)}** · ${changed.length === 0 ? 'no post changed' : `${plural(changed.length, 'post')}: ${kinds.join(', ')}`} · ${code(report.base.slice(0, 7))} → ${code(report.head.slice(0, 7))}${report.dirty ? ' + uncommitted changes' : ''}`, '');
  const expired = changed.filter((p) => p.expired.length > 0);
  if (expired.length) head.push(`⛔ **Expired: reschedule** ${expired.slice(0, 20).map((p) => postTitle(p)).join(', ')}${expired.length > 20 ? ` and ${expired.length - 20} more` : ''}: the time has passed while the pull request was open.`, '');

  if (changed.length) {
    head.push(`| | Post | Channels | First time (${inline(report.brand?.timeZone ?? 'Europe/Paris')}) | Checks |`, '| --- | --- | --- | --- | --- |');
    let rows = 0;
    for (const post of changed) {
      if (head.join('\n').length > maxChars / 3) {
        head.push(`| | _and ${changed.length - rows} more_ | | | |`);
        break;
      }
      rows++;
      const times = post.previews.map((p) => p.publishAt.local).filter((t): t is string => !!t).sort();
      const c = { error: 0, warning: 0, note: 0 };
      for (const d of post.diagnostics) c[d.severity]++;
      const checks = c.error + c.warning + c.note === 0 ? '✅' : [c.error ? `❌ ${c.error}` : '', c.warning ? `⚠️ ${c.warning}` : '', c.note ? `ℹ️ ${c.note}` : ''].filter(Boolean).join(' ');
      head.push(`| ${STATUS_ICON[post.status]} | ${postTitle(post)} | ${post.channels.map((ch) => CHANNEL_LABELS[ch]).join(', ') || '—'} | ${times[0] ? localLabel(times[0]) : '—'} | ${checks} |`);
    }
    head.push('');
  }
  for (const doc of report.documents) {
    head.push(`**${code(doc.file)}** ${doc.status}: ${doc.diagnostics.length ? '' : '✅ no problems'}`, '', ...doc.diagnostics.map(diagnosticLine), '');
  }
  if (report.otherFiles.length) {
    head.push(`Other files: ${report.otherFiles.slice(0, 20).map((f) => `${code(f.file)} (${f.status})`).join(', ')}${report.otherFiles.length > 20 ? ` and ${report.otherFiles.length - 20} more` : ''}`, '');
  }

  const footer = ['---', `<sub>cadence review at ${report.at}${options.runUrl ? ` · [workflow run](${options.runUrl})` : ''} · review.json, review.md and the social cards are in the run’s artifact.</sub>`, ''].join('\n');
  const mix = mixSection(report);
  let body = `${head.join('\n')}\n`;
  let budget = maxChars - body.length - mix.length - footer.length - 300;
  let shown = 0;
  for (const post of changed) {
    const section = `${postSection(post, options)}\n`;
    if (section.length > budget) break;
    body += section;
    budget -= section.length;
    shown++;
  }
  if (shown < changed.length) body += `_${plural(changed.length - shown, 'more post')} not shown here (too long for a comment): see review.md in the run’s artifact._\n\n`;
  return `${body}${mix}${mix ? '\n' : ''}${footer}`;
}
