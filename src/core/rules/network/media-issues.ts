import type { LintContext, PostDoc } from '../../model.ts';
import { planMedia, type MediaIssue, type ReadableMedia } from '../../networks/media-plan.ts';
import { channelScopes, mediaItems, type ChannelScope, type MediaItem } from './scope.ts';

export interface FoundIssue<K extends MediaIssue['kind'] = MediaIssue['kind']> {
  scope: ChannelScope;
  item: MediaItem;
  info: ReadableMedia;
  issue: Extract<MediaIssue, { kind: K }>;
}

const issueCache = new WeakMap<PostDoc, { ctx: LintContext; issues: readonly FoundIssue[] }>();

/** Every issue each channel has with each readable media file it publishes; four rules share it. */
function allIssues(post: PostDoc, ctx: LintContext): readonly FoundIssue[] {
  const cached = issueCache.get(post);
  if (cached?.ctx === ctx) return cached.issues;
  const issues: FoundIssue[] = [];
  for (const scope of channelScopes(post, ctx)) {
    for (const item of mediaItems(post, scope, ctx)) {
      const info = item.info;
      if (!info?.ok) continue; // media/missing and media/unreadable report those
      for (const issue of planMedia(info, scope.limits)) issues.push({ scope, item, info, issue });
    }
  }
  issueCache.set(post, { ctx, issues });
  return issues;
}

/** The issues of the given kinds. */
export function mediaIssues<K extends MediaIssue['kind']>(post: PostDoc, ctx: LintContext, kinds: readonly K[]): FoundIssue<K>[] {
  const wanted: readonly string[] = kinds;
  const found: FoundIssue<K>[] = [];
  for (const { issue, ...where } of allIssues(post, ctx)) {
    if (wanted.includes(issue.kind)) found.push({ ...where, issue: issue as Extract<MediaIssue, { kind: K }> });
  }
  return found;
}

/** What the media is, for messages: "this PNG", "this animated GIF", "this video". */
export function describeMedia(info: ReadableMedia, kind: 'image' | 'animated' | 'video'): string {
  if (kind === 'video') return 'this video';
  return `this ${kind === 'animated' ? 'animated ' : ''}${info.format.toUpperCase()}`;
}
