/**
 * The real CLI (child process) publishing to a fake Instagram Graph API served over HTTP on 127.0.0.1,
 * with the brand's site on the same server (Instagram downloads images from the site's public URL).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { basicPost, editorialLine } from '../helpers/brand.ts';
import { firstPush, ledgerEvents, spawnCliAsync } from '../publish/helpers.ts';
import { AT, cliScenario } from './fixtures/cli-scenario.ts';
import { fakeInstagram, IG_USER_ID, type FakeInstagram } from './fixtures/instagram/fake.ts';

const TOKEN = 'IGAAcliToken-8Hq2mZ';
const scenario = cliScenario();

describe('cadence publish → Instagram (real CLI, fake Graph API and site over HTTP)', () => {
  it('publishes once from the public URL of a file under public/, records the media id and permalink, and the rerun publishes nothing', async () => {
    let fake: FakeInstagram | undefined;
    let site = '';
    const siteFiles = new Map<string, Buffer>();
    const served = await scenario.serve((base) => {
      fake = fakeInstagram(base, TOKEN);
      site = `${base}/site`;
      const serveFile = ({ request }: { request: Request }) => {
        const file = siteFiles.get(new URL(request.url).pathname.replace(/^\/site/, ''));
        return file ? new HttpResponse(request.method === 'HEAD' ? null : file, { headers: { 'content-type': 'image/jpeg', 'content-length': String(file.length) } }) : new HttpResponse(null, { status: 404 });
      };
      return [http.head(`${base}/site/*`, serveFile), http.get(`${base}/site/*`, serveFile), ...fake.handlers];
    });
    const line = editorialLine();
    const remote = scenario.brand({ ...line, brand: { ...(line.brand as object), siteUrl: site } });
    const jpeg = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#c80' } }).jpeg().toBuffer();
    remote.seed.write('public/images/pain.jpg', jpeg);
    siteFiles.set('/images/pain.jpg', readFileSync(path.join(remote.seed.root, 'public/images/pain.jpg'))); // "deployed"
    remote.seed.post(
      '2026/12/pain.mdx',
      basicPost({ channels: ['instagram'], media: [{ src: '../../../../public/images/pain.jpg', alt: 'Une miche dorée' }], variants: { instagram: { firstComment: 'Recette en bio.' } } }),
    );
    firstPush(remote);
    const runner = remote.clone();
    const env = { INSTAGRAM_TOKEN: TOKEN, INSTAGRAM_USER_ID: IG_USER_ID, INSTAGRAM_API_URL: served.base };

    const run = await spawnCliAsync(['publish', AT], runner, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 published/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);

    expect(fake!.media).toHaveLength(1);
    const media = fake!.media[0]!;
    expect(media.container.params).toEqual({ image_url: `${site}/images/pain.jpg`, caption: basicPost().text, alt_text: 'Une miche dorée' });
    expect(media.comments).toEqual(['Recette en bio.']);
    expect(fake!.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && !r.href.includes(TOKEN))).toBe(true);

    const events = ledgerEvents(remote.clone(), '2026-12-pain', 'instagram');
    expect(events.filter((e) => e.type === 'published')).toEqual([expect.objectContaining({ adapter: 'instagram', remoteId: media.id, url: media.permalink })]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);

    const again = await spawnCliAsync(['publish', AT], runner, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing due');
    expect(fake!.media).toHaveLength(1);
    expect(fake!.requests.filter((r) => r.method === 'POST')).toHaveLength(3); // container, media_publish, comment
  });
});
