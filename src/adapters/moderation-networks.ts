/**
 * Registers each network's moderation (a section at the end of its adapter file), loaded on first use:
 * a run reading only the local inbox never loads a network's code.
 */
import { registerModeration } from './moderation-select.ts';

registerModeration('mastodon', async () => {
  const { mastodonModeration } = await import('./mastodon.ts');
  return (env) => mastodonModeration(env);
});
registerModeration('bluesky', async () => {
  const { blueskyModerationFromEnv } = await import('./bluesky.ts');
  return (env) => blueskyModerationFromEnv(env);
});
registerModeration('x', async () => {
  const { xModeration } = await import('./x.ts');
  return (env) => xModeration(env);
});
registerModeration('facebook', async () => {
  const { facebookModeration } = await import('./facebook.ts');
  return (env) => facebookModeration(env);
});
registerModeration('instagram', async () => {
  const { instagramModeration } = await import('./instagram.ts');
  return (env) => instagramModeration(env);
});
registerModeration('threads', async () => {
  const { threadsModeration } = await import('./threads.ts');
  return (env) => threadsModeration(env);
});
registerModeration('linkedin', async () => {
  const { linkedInModeration } = await import('./linkedin.ts');
  return (env) => linkedInModeration(env);
});
registerModeration('telegram', async () => {
  const { telegramModeration } = await import('./telegram.ts');
  return (env) => telegramModeration(env);
});
registerModeration('discord', async () => {
  const { discordModeration } = await import('./discord.ts');
  return (env) => discordModeration(env);
});
registerModeration('blog', async () => {
  const { giscusModeration } = await import('./blog.ts');
  return (env) => giscusModeration(env);
});
