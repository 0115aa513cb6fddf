/**
 * The brand's own blog: nothing to call. The Astro site shows a post once its time has passed and the
 * site is rebuilt, so "publishing" records the article URL in the ledger and asks for a deploy
 * (`deploy-site=true` in GITHUB_OUTPUT). A retraction is honoured by the next build (retracted posts are
 * not rendered), so deleting only needs the deploy too.
 */
import type { Adapter } from './adapter.ts';

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
