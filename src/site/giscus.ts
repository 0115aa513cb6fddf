/**
 * giscus, the blog's comments (GitHub Discussions): its settings from the build's environment, and the one
 * origin the blog's Content-Security-Policy must allow for it (script and frame) when it is on.
 */
export const GISCUS_ORIGIN = 'https://giscus.app';

export interface GiscusSettings {
  repo: string;
  repoId: string;
  category: string;
  categoryId: string;
}

/** The four CADENCE_GISCUS_* values (from giscus.app for the brand repository), or undefined: no comments. */
export function giscusSettings(env: NodeJS.ProcessEnv = process.env): GiscusSettings | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  const settings = { repo: value('CADENCE_GISCUS_REPO'), repoId: value('CADENCE_GISCUS_REPO_ID'), category: value('CADENCE_GISCUS_CATEGORY'), categoryId: value('CADENCE_GISCUS_CATEGORY_ID') };
  return Object.values(settings).every((v) => v !== undefined) ? (settings as GiscusSettings) : undefined;
}

/** What to add to the blog's policy (src/site/csp.ts `blogContentSecurityPolicy`): nothing when comments are off. */
export function giscusPolicy(env: NodeJS.ProcessEnv = process.env): { scriptOrigins: string[]; frameOrigins: string[] } | Record<string, never> {
  return giscusSettings(env) ? { scriptOrigins: [GISCUS_ORIGIN], frameOrigins: [GISCUS_ORIGIN] } : {};
}
