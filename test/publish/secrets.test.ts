import { describe, expect, it } from 'vitest';
import { secretValues } from '../../src/publish/run.ts';

describe('secretValues', () => {
  it('covers required and optional credentials, never API base URLs', () => {
    const secrets = secretValues({
      X_ACCESS_TOKEN: 'x-token',
      X_API_SECRET: 'x-consumer-secret',
      X_ACCESS_TOKEN_SECRET: 'x-token-secret',
      MASTODON_TOKEN: 'm-token',
      MASTODON_API_URL: 'https://piaille.fr',
      HOME: '/root',
    });
    expect(secrets.sort()).toEqual(['m-token', 'x-consumer-secret', 'x-token', 'x-token-secret']);
  });
});
