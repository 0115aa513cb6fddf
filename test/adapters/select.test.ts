import { describe, expect, it } from 'vitest';
import { selectAdapter } from '../../src/adapters/select.ts';

describe('selectAdapter', () => {
  const root = '/tmp/brand';
  it('uses the outbox for a channel without credentials on a workstation', () => {
    expect(selectAdapter('mastodon', { root, env: {} })).toMatchObject({ ok: true, via: 'outbox' });
  });
  it('refuses the outbox on a GitHub runner, where it would be thrown away, unless asked for', () => {
    const refused = selectAdapter('mastodon', { root, env: { GITHUB_ACTIONS: 'true' } });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('no credentials in this workflow (MASTODON_TOKEN)') });
    expect(selectAdapter('mastodon', { root, env: { GITHUB_ACTIONS: 'true', CADENCE_OUTBOX: '1' } })).toMatchObject({ ok: true, via: 'outbox' });
  });
  it('reports half a set of credentials and never falls back silently', () => {
    expect(selectAdapter('telegram', { root, env: { TELEGRAM_BOT_TOKEN: 'x' } })).toMatchObject({ ok: false, message: expect.stringContaining('TELEGRAM_CHAT_ID is missing') });
  });
  it('publishes the blog through the site whatever the environment', () => {
    expect(selectAdapter('blog', { root, env: { GITHUB_ACTIONS: 'true' }, siteUrl: 'https://b.example' })).toMatchObject({ ok: true, via: 'site' });
  });
});
