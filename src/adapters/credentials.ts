/** Which environment variables each network reads (its own module: moderation needs them without loading every publishing adapter). */
import type { ChannelId } from '../core/channels.ts';

/** Every environment variable a network reads. `<NETWORK>_API_URL` overrides its API base (self-hosted, tests). */
/** `secrets`: further variables whose values must never be printed (optional credentials such as X's OAuth 1.0a keys). */
export const CREDENTIALS: Record<Exclude<ChannelId, 'blog'>, { required: readonly string[]; secrets?: readonly string[]; apiUrl: string; defaultApiUrl: string | undefined }> = {
  mastodon: { required: ['MASTODON_TOKEN', 'MASTODON_API_URL'], apiUrl: 'MASTODON_API_URL', defaultApiUrl: undefined },
  bluesky: { required: ['BLUESKY_IDENTIFIER', 'BLUESKY_APP_PASSWORD'], apiUrl: 'BLUESKY_API_URL', defaultApiUrl: 'https://bsky.social' },
  x: { required: ['X_ACCESS_TOKEN'], secrets: ['X_API_KEY', 'X_API_SECRET', 'X_ACCESS_TOKEN_SECRET'], apiUrl: 'X_API_URL', defaultApiUrl: 'https://api.x.com' },
  linkedin: { required: ['LINKEDIN_ACCESS_TOKEN', 'LINKEDIN_AUTHOR_URN'], apiUrl: 'LINKEDIN_API_URL', defaultApiUrl: 'https://api.linkedin.com' },
  facebook: { required: ['FACEBOOK_PAGE_TOKEN', 'FACEBOOK_PAGE_ID'], apiUrl: 'FACEBOOK_API_URL', defaultApiUrl: 'https://graph.facebook.com' },
  instagram: { required: ['INSTAGRAM_TOKEN', 'INSTAGRAM_USER_ID'], apiUrl: 'INSTAGRAM_API_URL', defaultApiUrl: 'https://graph.instagram.com' },
  threads: { required: ['THREADS_TOKEN', 'THREADS_USER_ID'], apiUrl: 'THREADS_API_URL', defaultApiUrl: 'https://graph.threads.net' },
  discord: { required: ['DISCORD_WEBHOOK_URL'], apiUrl: 'DISCORD_API_URL', defaultApiUrl: 'https://discord.com/api/v10' },
  slack: { required: ['SLACK_WEBHOOK_URL'], apiUrl: 'SLACK_API_URL', defaultApiUrl: undefined },
  telegram: { required: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID'], apiUrl: 'TELEGRAM_API_URL', defaultApiUrl: 'https://api.telegram.org' },
};


/** Values of every credential variable set, to be redacted from anything printed or recorded. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.values(CREDENTIALS)
    .flatMap((spec) => [...spec.required.filter((name) => name !== spec.apiUrl), ...(spec.secrets ?? [])])
    .map((name) => env[name])
    .filter((v): v is string => Boolean(v));
}
