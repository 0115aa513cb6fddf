/**
 * The brand's own blog: nothing to call. The Astro site shows a post once its time has passed and the
 * site is rebuilt, so "publishing" records the article URL in the ledger and asks for a deploy
 * (`deploy-site=true` in GITHUB_OUTPUT). A retraction is honoured by the next build (retracted posts are
 * not rendered), so deleting only needs the deploy too.
 */
import type { Adapter, PublishFailure } from './adapter.ts';
import type { Interaction } from '../core/moderation/types.ts';
import type { GitHubClient } from '../github/octokit.ts';
import type { ModerationAdapter } from './moderation.ts';

export function blogAdapter(siteUrl: string | undefined): Adapter {
  const base = siteUrl?.replace(/\/+$/, '');
  return {
    name: 'site',
    channel: 'blog',
    render: (publication) => [publication.title],
    async publish(publication) {
      return { ok: true, remoteId: publication.postId, ...(base ? { url: `${base}/blog/${publication.postId}/` } : {}) };
    },
    async lookup(publication) {
      return { found: true, remoteId: publication.postId, ...(base ? { url: `${base}/blog/${publication.postId}/` } : {}) };
    },
    async delete() {
      return { ok: true };
    },
  };
}

// ---- Metrics ---------------------------------------------------------------------------------------
// The blog's audience from Plausible Analytics (cookie-free, EU-hosted or self-hosted Community Edition),
// through its Stats API v2: `POST /api/v2/query` with a Bearer key (PLAUSIBLE_API_KEY; PLAUSIBLE_SITE_ID,
// default the host of brand.siteUrl; PLAUSIBLE_API_URL for a self-hosted instance). Per complete day:
// visitors and pageviews per page, and visits per UTM source/campaign/content with utm_medium=social
// (the tags publishing adds). A post's readings are its article page's pageviews since publication.
// Plausible allows 600 requests an hour per key: a daily run needs a handful.

import type { Counters as MetricCounters } from '../core/metrics/model.ts';
import { requestJson } from './http/failures.ts';
import { num, type BlogAnalytics, type MetricsReader, type ReadOutcome } from './metrics.ts';

export const DEFAULT_PLAUSIBLE_API_URL = 'https://plausible.io';

type PlausibleResult = { results?: { dimensions?: (string | null)[]; metrics?: (number | null)[] }[] };

export function plausibleAnalytics(env: NodeJS.ProcessEnv, siteUrl: string | undefined, options: { fetch?: typeof fetch; medium?: string } = {}): BlogAnalytics & MetricsReader {
  const key = env.PLAUSIBLE_API_KEY?.trim() ?? '';
  const base = (env.PLAUSIBLE_API_URL?.trim() || DEFAULT_PLAUSIBLE_API_URL).replace(/\/+$/, '');
  const site = env.PLAUSIBLE_SITE_ID?.trim() || (siteUrl ? new URL(siteUrl).host : '');
  const prefix = siteUrl ? new URL(siteUrl).pathname.replace(/\/+$/, '') : '';
  const query = async (body: Record<string, unknown>, what: string) => {
    const res = await requestJson<PlausibleResult>(`${base}/api/v2/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      json: { site_id: site, ...body },
      what,
      describe: (b) => (b as { error?: string } | undefined)?.error,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return res.ok ? res : { ...res, message: key ? res.message.split(key).join('***') : res.message };
  };
  const analytics: BlogAnalytics & MetricsReader = {
    channel: 'blog',
    name: 'plausible',
    provides: ['views'],
    async readDay(day) {
      const pages = await query({ metrics: ['visitors', 'pageviews'], date_range: [day, day], dimensions: ['event:page'] }, 'POST /api/v2/query (pages)');
      if (!pages.ok) return pages;
      const utm = await query(
        { metrics: ['visits', 'visitors'], date_range: [day, day], dimensions: ['visit:utm_source', 'visit:utm_campaign', 'visit:utm_content'], filters: [['is', 'visit:utm_medium', [options.medium ?? 'social']]] },
        'POST /api/v2/query (utm)',
      );
      if (!utm.ok) return utm;
      return {
        ok: true,
        api: 'plausible-v2',
        value: {
          pages: (pages.body?.results ?? []).map((r) => ({ path: String(r.dimensions?.[0] ?? ''), visitors: num(r.metrics?.[0]), pageviews: num(r.metrics?.[1]) })),
          utm: (utm.body?.results ?? [])
            .filter((r) => r.dimensions?.[0])
            .map((r) => ({ src: String(r.dimensions![0]), ...(r.dimensions?.[1] ? { campaign: String(r.dimensions[1]) } : {}), ...(r.dimensions?.[2] ? { content: String(r.dimensions[2]) } : {}), visits: num(r.metrics?.[0]), visitors: num(r.metrics?.[1]) })),
        },
      };
    },
    async readPath(path, fromDay, toDay) {
      const res = await query({ metrics: ['visitors', 'pageviews'], date_range: [fromDay, toDay], filters: [['is', 'event:page', [path]]] }, 'POST /api/v2/query (page)');
      if (!res.ok) return res;
      const row = res.body?.results?.[0];
      return { ok: true, value: { visitors: num(row?.metrics?.[0]) ?? 0, pageviews: num(row?.metrics?.[1]) ?? 0 } };
    },
    async readPosts(posts, nowMs): Promise<ReadOutcome<Map<string, MetricCounters>>> {
      const found = new Map<string, MetricCounters>();
      const today = new Date(nowMs).toISOString().slice(0, 10);
      for (const post of posts) {
        const res = await analytics.readPath!(`${prefix}/blog/${post.post}/`, new Date(post.publishedMs).toISOString().slice(0, 10), today);
        if (!res.ok) return res;
        found.set(post.remoteId, { views: res.value.pageviews });
      }
      return { ok: true, value: found, api: 'plausible-v2' };
    },
  };
  return analytics;
}

// ---- Moderation (cadence moderate) ----------------------------------------------------------------
// Blog comments are GitHub Discussions written through giscus (site/blog's Comments component, one
// discussion per article titled with the post id, in the category CADENCE_GISCUS_CATEGORY_ID). Read and
// moderated through GitHub's GraphQL API with the workflow's token (octokit, never a hand-written client):
// hidden with `minimizeComment` (ABUSE, SPAM or OFF_TOPIC; `unminimizeComment` undoes it), answered with
// `addDiscussionComment`. GitHub has no API to report content: its form. The repository's members are the team.

interface DiscussionCommentNode {
  id?: string;
  bodyText?: string;
  createdAt?: string;
  url?: string;
  isMinimized?: boolean;
  authorAssociation?: string;
  author?: { login?: string; id?: string } | null;
  replyTo?: { id?: string } | null;
  replies?: { nodes?: DiscussionCommentNode[] };
}

interface DiscussionsAnswer {
  repository?: { discussions?: { nodes?: { id?: string; title?: string; url?: string; comments?: { nodes?: DiscussionCommentNode[] } }[] } } | null;
}

const DISCUSSIONS_QUERY = `query($owner: String!, $name: String!, $category: ID!) {
  repository(owner: $owner, name: $name) {
    discussions(first: 50, categoryId: $category, orderBy: {field: UPDATED_AT, direction: DESC}) {
      nodes { id title url comments(last: 100) { nodes { id bodyText createdAt url isMinimized authorAssociation author { login ... on User { id } } replyTo { id }
        replies(last: 50) { nodes { id bodyText createdAt url isMinimized authorAssociation author { login ... on User { id } } replyTo { id } } } } } }
    }
  }
}`;

const TEAM_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

// octokit is loaded on first use: publishing to the blog (this file's other half) never needs it.
let github: typeof import('../github/octokit.ts') | undefined;
const describeGitHubError = (error: unknown) => github!.describeGitHubError(error);
const githubStatus = (error: unknown) => github!.githubStatus(error);

export async function giscusModeration(env: NodeJS.ProcessEnv, given?: GitHubClient): Promise<ModerationAdapter> {
  github ??= await import('../github/octokit.ts');
  const client = given ?? github.githubClientFromEnv(env);
  const repo = github.parseRepo(env.GITHUB_REPOSITORY);
  const category = env.CADENCE_GISCUS_CATEGORY_ID?.trim() ?? '';
  const failure = (error: unknown, what: string, mayHaveActed = false): PublishFailure => {
    const status = githubStatus(error);
    const message = `${what}: ${describeGitHubError(error)}`;
    if (status === 429 || (status === 403 && /rate limit/i.test(message))) return { ok: false, kind: 'rate-limited', message, status };
    if (status === undefined || status >= 500) return { ok: false, kind: mayHaveActed ? 'unknown' : 'transient', message, ...(status ? { status } : {}) };
    return { ok: false, kind: 'refused', message, status };
  };
  const graphql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => client.graphql<T>(query, variables);
  return {
    name: 'giscus',
    channel: 'blog',
    caps: { hide: 'any', unhide: true, report: false, reply: true },
    reportUrl: () => 'https://github.com/contact/report-content',
    async list(query) {
      if (!repo) return { ok: false, kind: 'refused', message: 'GITHUB_REPOSITORY is not owner/name' };
      let answer: DiscussionsAnswer;
      try {
        answer = await graphql<DiscussionsAnswer>(DISCUSSIONS_QUERY, { owner: repo.owner, name: repo.name, category });
      } catch (error) {
        return failure(error, 'GraphQL discussions');
      }
      const discussions = answer.repository?.discussions?.nodes;
      if (!Array.isArray(discussions)) return { ok: false, kind: 'refused', message: 'GraphQL discussions: malformed answer (no discussions; is CADENCE_GISCUS_CATEGORY_ID a discussion category id of this repository?)' };
      const own = new Map(query.ownPosts.map((p) => [p.postId, p]));
      const since = Math.max(query.cursor ? Date.parse(query.cursor) : Number.NEGATIVE_INFINITY, query.sinceMs ?? Number.NEGATIVE_INFINITY);
      const items: Interaction[] = [];
      for (const discussion of discussions) {
        const post = own.get((discussion.title ?? '').trim());
        if (!post || !discussion.id) continue;
        const flat = (discussion.comments?.nodes ?? []).flatMap((c) => [c, ...(c.replies?.nodes ?? [])]);
        for (const c of flat) {
          if (!c.id || !c.createdAt) return { ok: false, kind: 'refused', message: 'GraphQL discussions: malformed comment (no id or time)' };
          if (Date.parse(c.createdAt) <= since || Date.parse(c.createdAt) > query.nowMs) continue;
          items.push({
            network: 'blog',
            id: c.id,
            ...(c.url ? { url: c.url } : {}),
            kind: 'comment',
            ownPost: { postId: post.postId, remoteId: post.remoteId, ...(post.url ? { url: post.url } : {}) },
            parentId: c.replyTo?.id ?? discussion.id,
            rootId: discussion.id,
            rootIsBrand: true,
            nested: Boolean(c.replyTo?.id),
            author: { id: c.author?.id ?? c.author?.login ?? 'ghost', ...(c.author?.login ? { handle: `@${c.author.login}` } : {}), ...(TEAM_ASSOCIATIONS.has(c.authorAssociation ?? '') ? { isBrand: true } : {}) },
            text: c.bodyText ?? '',
            createdAt: new Date(Date.parse(c.createdAt)).toISOString(),
            hidden: c.isMinimized === true,
            ref: { discussion: discussion.id },
          });
        }
      }
      items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const kept = items.slice(0, query.limit);
      const newest = kept.at(-1);
      return { ok: true, items: kept, ...(newest ? { cursor: newest.createdAt } : query.cursor ? { cursor: query.cursor } : {}) };
    },
    async setHidden(ref, hidden) {
      try {
        if (hidden) await graphql('mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: ABUSE}) { minimizedComment { isMinimized } } }', { id: ref.id });
        else await graphql('mutation($id: ID!) { unminimizeComment(input: {subjectId: $id}) { unminimizedComment { isMinimized } } }', { id: ref.id });
        return { ok: true };
      } catch (error) {
        return failure(error, hidden ? 'minimizeComment' : 'unminimizeComment', true);
      }
    },
    async reply(ref, text) {
      try {
        const node = await graphql<{ node?: { discussion?: { id?: string }; replyTo?: { id?: string } | null } }>('query($id: ID!) { node(id: $id) { ... on DiscussionComment { discussion { id } replyTo { id } } } }', { id: ref.id });
        const discussion = ref.ref?.discussion ?? node.node?.discussion?.id;
        if (!discussion) return { ok: false, kind: 'refused', message: `${ref.id} is not a discussion comment` };
        // GitHub nests one level: a reply to a reply goes under the top comment.
        const parent = node.node?.replyTo?.id ?? ref.id;
        const r = await graphql<{ addDiscussionComment?: { comment?: { id?: string; url?: string } } }>('mutation($d: ID!, $r: ID!, $b: String!) { addDiscussionComment(input: {discussionId: $d, replyToId: $r, body: $b}) { comment { id url } } }', { d: discussion, r: parent, b: text });
        return { ok: true, ...(r.addDiscussionComment?.comment?.id ? { remoteId: r.addDiscussionComment.comment.id } : {}) };
      } catch (error) {
        return failure(error, 'addDiscussionComment', true);
      }
    },
    async state(ref) {
      try {
        const r = await graphql<{ node?: { isMinimized?: boolean } | null }>('query($id: ID!) { node(id: $id) { ... on DiscussionComment { isMinimized } } }', { id: ref.id });
        return r.node ? { known: true, exists: true, hidden: r.node.isMinimized === true } : { known: true, exists: false };
      } catch (error) {
        return { known: false, message: describeGitHubError(error) };
      }
    },
  };
}
