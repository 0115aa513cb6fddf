/** The real CLI (child process) publishing to a fake Facebook Graph API served over HTTP on 127.0.0.1. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { basicPost } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, spawnCliAsync } from '../publish/helpers.ts';
import { AT, cliScenario, lineWith } from './fixtures/cli-scenario.ts';
import { fakeFacebook, PAGE_ID, type FakeFacebook } from './fixtures/facebook/fake.ts';

const TOKEN = 'EAAcliPageToken-8Hq2mZ';
const scenario = cliScenario();

describe('cadence publish → Facebook Page (real CLI, fake Graph API over HTTP)', () => {
  it('publishes once (photo uploaded, then the post, then the first comment), records the post id and permalink, and the rerun publishes nothing', async () => {
    let fake: FakeFacebook | undefined;
    const served = await scenario.serve((base) => (fake = fakeFacebook(base, TOKEN)).handlers);
    const remote = scenario.brand(lineWith('facebook'));
    remote.seed.write('content/posts/2026/12/pain.png', await sharp({ create: { width: 80, height: 60, channels: 3, background: '#c80' } }).png().toBuffer());
    remote.seed.post(
      '2026/12/pain.mdx',
      basicPost({ channels: ['facebook'], link: 'https://boulangerie.example/blog/pain/', media: [{ src: './pain.png', alt: 'Une miche dorée' }], variants: { facebook: { firstComment: 'Recette complète sur le blog.' } } }),
    );
    firstPush(remote);
    const runner = remote.clone();
    const env = { FACEBOOK_PAGE_TOKEN: TOKEN, FACEBOOK_PAGE_ID: PAGE_ID, FACEBOOK_API_URL: served.base };

    const run = await spawnCliAsync(['publish', AT], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 published/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);

    expect(fake!.posts).toHaveLength(1);
    const post = fake!.posts[0]!;
    expect(post.message).toBe(`${basicPost().text}\n\nhttps://boulangerie.example/blog/pain/`);
    expect(post.photos).toHaveLength(1);
    expect(fake!.photos.get(post.photos[0]!)).toMatchObject({ published: true, alt: 'Une miche dorée' });
    expect(post.comments).toEqual(['Recette complète sur le blog.']);
    expect(fake!.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && !r.href.includes(TOKEN))).toBe(true);

    const events = ledgerEvents(remote.clone(), '2026-12-pain', 'facebook');
    expect(events.filter((e) => e.type === 'published')).toEqual([
      expect.objectContaining({ adapter: 'facebook', remoteId: post.id, url: `https://www.facebook.com/${PAGE_ID}/posts/${post.id.split('_')[1]}` }),
    ]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);

    const again = await spawnCliAsync(['publish', AT], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(fake!.posts).toHaveLength(1);
    expect(fake!.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });
});
