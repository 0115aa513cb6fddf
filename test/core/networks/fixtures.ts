/** Builders for network rule tests: posts parsed by the real schema, media facts, an editorial line. */
import type { LintContext, MediaInfo, PostDoc } from '../../../src/core/model.ts';
import type { PostRule } from '../../../src/core/rules/rule.ts';
import { editorialLineSchema, postSchema, type PostFrontmatterInput } from '../../../src/core/schema/index.ts';

export const POST_FILE = 'content/posts/2026/12/fete-des-lumieres.mdx';

export function makePost(data: Omit<PostFrontmatterInput, 'title' | 'publishAt'> & Partial<PostFrontmatterInput>): PostDoc {
  return {
    file: POST_FILE,
    id: 'fete-des-lumieres',
    data: postSchema.parse({ title: 'Fête des Lumières', publishAt: '2026-12-08T18:30', ...data }),
    body: '',
    bodyLine: 1,
    locate: () => ({ line: 1, column: 1 }),
  };
}

/** Media facts keyed by file name under the post's folder (`images/x.jpg` → content/posts/2026/12/images/x.jpg). */
export function makeContext(media: Record<string, MediaInfo> = {}, channels?: Record<string, unknown>): LintContext {
  const folder = POST_FILE.slice(0, POST_FILE.lastIndexOf('/') + 1);
  const ctx: LintContext = {
    nowMs: Date.parse('2026-12-01T00:00:00Z'),
    media: new Map(Object.entries(media).map(([name, info]) => [folder + name, info])),
  };
  if (channels) {
    ctx.line = editorialLineSchema.parse({ brand: { name: 'Fournil des Pentes', siteUrl: 'https://fournil.example' }, channels });
  }
  return ctx;
}

export function image(format: string, width: number, height: number, bytes = 400_000, extra: Partial<Extract<MediaInfo, { ok: true }>> = {}): MediaInfo {
  return { ok: true, format, width, height, bytes, animated: false, space: 'srgb', ...extra };
}

export function animatedGif(width: number, height: number, bytes: number): MediaInfo {
  return { ok: true, format: 'gif', width, height, bytes, animated: true };
}

export function video(bytes = 5_000_000): MediaInfo {
  return { ok: true, format: 'mp4', width: 0, height: 0, bytes, animated: true };
}

export const photo = (src = 'images/lumignons.jpg', alt = 'Des lumignons sur le rebord d’une fenêtre') => ({ src, alt });

/** Runs a rule and keeps what the tests look at. */
export function run(rule: PostRule, post: PostDoc, ctx: LintContext = makeContext()) {
  return rule.check(post, ctx).map((f) => ({
    at: f.at,
    channel: f.channel,
    severity: f.severity ?? rule.severity,
    message: f.message,
  }));
}
