import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { CHANNEL_IDS, isChannelId, type ChannelId } from '../../core/channels.ts';
import { validateDocuments } from '../../core/lint.ts';
import { localPublishAt, mostNeededPillar, nextFreeSlot } from '../../core/schedule.ts';
import { EDITORIAL_LINE_FILE, POSTS_DIR } from '../../content/paths.ts';
import { collectSummaries, readDocument } from '../../content/repository.ts';
import { resolveDateTime } from '../../core/time.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brandRoot, parseAt, parseCommandArgs } from '../options.ts';

export const newHelp = `Usage: cadence new "<title>" [options]

Creates content/posts/YYYY/MM/<slug>.mdx for a new post, scheduled in the next free slot of each
channel (its posting slots, maxPerDay and minGapMinutes), with the editorial line's defaults.
The post starts as a draft: write its text, then set \`status: ready\` and open a pull request.

Options:
  --channels <ids>   Comma-separated channels (default: every enabled channel but the blog)
  --blog             Also publish it as a blog article (adds \`blog\` and an article skeleton)
  --pillar <id>      Content pillar (default: the pillar furthest below its target share)
  --campaign <name>  Campaign
  --after <iso>      Schedule after this instant (default: now), e.g. 2026-12-01T00:00:00+01:00
  --author <name>    Author
  --root <dir>       The brand repository (default: the nearest folder with content/)
  --dry-run          Print the file instead of writing it
  -h, --help         Show this help
`;

export async function newCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('new', args, {
    channels: { type: 'string' },
    blog: { type: 'boolean' },
    pillar: { type: 'string' },
    campaign: { type: 'string' },
    after: { type: 'string' },
    at: { type: 'string' },
    author: { type: 'string' },
    root: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(newHelp);
    return EXIT.ok;
  }
  const title = positionals.join(' ').trim();
  if (!title) throw new UsageError('give the post a title: cadence new "Galette des rois : nos recettes"');
  const root = brandRoot(io.cwd, values.root as string | undefined);
  const afterMs = parseAt((values.after ?? values.at) as string | undefined, Date.now());

  const { line } = validateDocuments({ posts: [], editorialLine: readDocument(root, EDITORIAL_LINE_FILE) });
  if (!line) throw new UsageError(`${EDITORIAL_LINE_FILE} is missing or invalid; run \`cadence lint ${EDITORIAL_LINE_FILE}\``);

  const enabled = CHANNEL_IDS.filter((c) => line.channels[c]?.enabled);
  const channels = values.channels === undefined ? enabled.filter((c) => c !== 'blog') : parseChannels(values.channels as string, enabled);
  if (values.blog && !channels.includes('blog')) channels.push('blog');
  if (channels.length === 0) throw new UsageError('no channel: enable channels in the editorial line or pass --channels');
  if (values.pillar !== undefined && !line.pillars.some((p) => p.id === values.pillar)) {
    throw new UsageError(`unknown pillar "${values.pillar}"; the editorial line has ${line.pillars.map((p) => p.id).join(', ')}`);
  }

  const summaries = await collectSummaries(root, line);
  const slots = new Map<ChannelId, number>();
  for (const channel of channels) {
    const slot = nextFreeSlot(line, summaries, channel, afterMs);
    if (slot === undefined) throw new UsageError(`no free ${channel} slot in the next 120 days; check its slots and cadence in the editorial line`);
    slots.set(channel, slot);
  }
  // The time most channels share becomes publishAt; the others get their own in their variant.
  const byTime = new Map<number, ChannelId[]>();
  for (const [channel, time] of slots) byTime.set(time, [...(byTime.get(time) ?? []), channel]);
  const [mainTime] = [...byTime.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0]!;
  const timeZone = line.brand.timezone;

  const french = line.brand.locale === 'fr';
  const frontmatter: Record<string, unknown> = {
    title,
    publishAt: localPublishAt(mainTime, timeZone),
    channels,
    status: 'draft',
    pillar: (values.pillar as string | undefined) ?? mostNeededPillar(line, summaries, mainTime),
  };
  if (values.campaign) frontmatter.campaign = values.campaign;
  if (values.author) frontmatter.author = values.author;
  if (channels.some((c) => c !== 'blog')) frontmatter.text = title;
  if (channels.includes('blog')) frontmatter.description = title;
  const variants: Record<string, { publishAt: string }> = {};
  for (const [channel, time] of slots) if (time !== mainTime) variants[channel] = { publishAt: localPublishAt(time, timeZone) };
  if (Object.keys(variants).length) frontmatter.variants = variants;

  const body = channels.includes('blog')
    ? french
      ? `\n## ${title}\n\nÉcrivez ici l'article du blog.\n`
      : `\n## ${title}\n\nWrite the blog article here.\n`
    : '';
  const source = `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n${body}`;

  const local = resolveDateTime(frontmatter.publishAt as string, timeZone);
  const month = localPublishAt(local.ok ? local.epochMs : mainTime, timeZone).slice(0, 7).replace('-', '/');
  const file = uniquePath(root, `${POSTS_DIR}/${month}`, slugify(title));
  if (values['dry-run']) {
    io.stdout(`# ${file}\n${source}`);
    return EXIT.ok;
  }
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), source, { flag: 'wx' });
  io.stdout(`created ${file}\n  publishAt ${frontmatter.publishAt} (${timeZone})${Object.keys(variants).length ? `, ${Object.entries(variants).map(([c, v]) => `${c} at ${v.publishAt}`).join(', ')}` : ''}\n  channels  ${channels.join(', ')}\n  pillar    ${frontmatter.pillar ?? '-'}\n  status    draft: write the text, then set \`status: ready\`\n`);
  return EXIT.ok;
}

function parseChannels(list: string, enabled: readonly ChannelId[]): ChannelId[] {
  const channels = list.split(',').map((c) => c.trim()).filter(Boolean);
  for (const channel of channels) {
    if (!isChannelId(channel)) throw new UsageError(`--channels: unknown channel "${channel}" (known: ${CHANNEL_IDS.join(', ')})`);
    if (!enabled.includes(channel)) throw new UsageError(`--channels: \`${channel}\` is not enabled in the editorial line`);
  }
  return [...new Set(channels)] as ChannelId[];
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'post';
}

function uniquePath(root: string, folder: string, slug: string): string {
  for (let n = 1; ; n++) {
    const file = `${folder}/${n === 1 ? slug : `${slug}-${n}`}.mdx`;
    if (!existsSync(path.join(root, file))) return file;
  }
}
