import { symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { basicPost, mdx, runCli, spawnCli, tempBrand, type TempBrand } from '../helpers/brand.ts';

const AT = '--at=2026-11-21T12:00:00+01:00';
let brand: TempBrand;
afterEach(() => brand?.cleanup());

describe('cadence lint on a brand repository', () => {
  it('exits 0 on clean content and says so', async () => {
    brand = tempBrand();
    brand.post('2026/12/pain.mdx', basicPost());
    const r = await runCli(['lint', AT], brand.root);
    expect(r.stdout).toContain('✓ no problems');
    expect(r.code).toBe(0);
  });

  it('reports every problem of every file at once, a malformed file never stopping the others (exit 1)', async () => {
    brand = tempBrand();
    brand.write('content/posts/2026/12/casse.mdx', '---\ntitle: "Guillemet jamais fermé\npublishAt: 2026-12-07T09:00\n---\n');
    brand.post('2026/12/inconnu.mdx', basicPost({ chanels: ['mastodon'] }));
    brand.post('2026/12/ok.mdx', basicPost({ publishAt: '2026-12-08T09:00', text: 'Autre texte' }));
    brand.post('2026/12/threads.mdx', basicPost({ publishAt: '2026-12-09T09:00', channels: ['threads'], text: 'Encore' }));
    const r = await runCli(['lint', AT, '--format', 'json'], brand.root);
    expect(r.code).toBe(1);
    const diagnostics = JSON.parse(r.stdout) as { file: string; line: number; column: number; rule: string; severity: string; message: string; channel?: string }[];
    const byFile = Object.groupBy(diagnostics, (d) => d.file);
    expect(byFile['content/posts/2026/12/casse.mdx']?.[0]).toMatchObject({ rule: 'syntax/frontmatter', severity: 'error' });
    expect(byFile['content/posts/2026/12/inconnu.mdx']).toContainEqual(expect.objectContaining({ rule: 'schema/unknown-key', line: 8, column: 1, message: expect.stringContaining('did you mean `channels`') }));
    expect(byFile['content/posts/2026/12/threads.mdx']).toContainEqual(expect.objectContaining({ rule: 'channel/not-enabled', channel: 'threads' }));
    expect(byFile['content/posts/2026/12/ok.mdx']).toBeUndefined();
    for (const d of diagnostics) expect(Object.keys(d).sort()).toEqual(expect.arrayContaining(['column', 'file', 'line', 'message', 'rule', 'severity']));
  });

  it("names an article's missing body image before the blog build would fail on it", async () => {
    brand = tempBrand();
    brand.post('2026/12/article.mdx', basicPost({ channels: ['blog', 'mastodon'] }), 'Le four.\n\n![Le four à bois](./four.jpg)\n');
    const r = await runCli(['lint', AT], brand.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/content\/posts\/2026\/12\/article\.mdx:\d+:1 +error +content\/posts\/2026\/12\/four\.jpg does not exist .*blog\/image/);
    brand.write('content/posts/2026/12/four.jpg', await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a0522d' } }).jpeg().toBuffer());
    expect((await runCli(['lint', AT], brand.root)).code).toBe(0);
  });

  it('prints GitHub workflow commands with escaped properties', async () => {
    brand = tempBrand();
    brand.post('2026/12/a,b.mdx', basicPost({ pillar: 'inconnu' }));
    const r = await runCli(['lint', AT, '--format', 'github'], brand.root);
    expect(r.stdout).toMatch(/^::error file=content\/posts\/2026\/12\/a%2Cb\.mdx,line=\d+,col=\d+,title=pillar\/unknown::unknown pillar `inconnu`/m);
  });

  it('limits the report to the given paths while cross-post rules still see every post', async () => {
    brand = tempBrand();
    brand.post('2026/12/a.mdx', basicPost({ channels: ['linkedin'], text: 'a', pillar: 'inconnu' }));
    brand.post('2026/12/b.mdx', basicPost({ channels: ['linkedin'], text: 'b', publishAt: '2026-12-07T18:00' }));
    const r = await runCli(['lint', AT, '--format', 'json', 'content/posts/2026/12/b.mdx'], brand.root);
    const d = JSON.parse(r.stdout) as { file: string; rule: string }[];
    expect(d.map((x) => [x.file, x.rule])).toEqual([['content/posts/2026/12/b.mdx', 'cadence/max-per-day']]);
  });

  it('gives the same verdict from the cache, and notices an edited file', async () => {
    brand = tempBrand();
    brand.post('2026/12/a.mdx', basicPost({ channels: ['linkedin'], text: 'a' }));
    const b = brand.post('2026/12/b.mdx', basicPost({ channels: ['linkedin'], text: 'b', publishAt: '2026-12-08T09:00' }));
    const first = await runCli(['lint', AT, '--format', 'json', b], brand.root);
    expect(JSON.parse(first.stdout)).toEqual([]);
    // a moves onto b's day: b now breaks maxPerDay although only b is linted (a comes from the cache, refreshed).
    brand.post('2026/12/a.mdx', basicPost({ channels: ['linkedin'], text: 'a', publishAt: '2026-12-08T08:00' }));
    const future = new Date(Date.now() + 5000);
    utimesSync(path.join(brand.root, 'content/posts/2026/12/a.mdx'), future, future);
    const second = await runCli(['lint', AT, '--format', 'json', b], brand.root);
    expect(JSON.parse(second.stdout)).toEqual([expect.objectContaining({ rule: 'cadence/max-per-day' })]);
  });

  it('--changed-since reports only what changed in Git, and everything when the editorial line changed', async () => {
    brand = tempBrand({ git: true });
    brand.post('2026/12/old.mdx', basicPost({ pillar: 'inconnu' }));
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'old');
    brand.git('checkout', '-qb', 'proposal');
    brand.post('2026/12/new.mdx', basicPost({ publishAt: '2026-12-08T09:00', text: 'nouveau', pillar: 'mauvais' }));
    const r = await runCli(['lint', AT, '--format', 'json', '--changed-since', 'main'], brand.root);
    expect((JSON.parse(r.stdout) as { file: string }[]).map((d) => d.file)).toEqual(['content/posts/2026/12/new.mdx']);
    brand.write('content/editorial-line.mdx', `${(await import('node:fs')).readFileSync(path.join(brand.root, 'content/editorial-line.mdx'), 'utf8')}\nUne phrase de plus.\n`);
    const all = await runCli(['lint', AT, '--format', 'json', '--changed-since', 'main'], brand.root);
    expect(new Set((JSON.parse(all.stdout) as { file: string }[]).map((d) => d.file))).toEqual(new Set(['content/posts/2026/12/new.mdx', 'content/posts/2026/12/old.mdx']));
    const bad = await runCli(['lint', '--changed-since', 'no-such-branch'], brand.root);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('`no-such-branch` is not a commit') });
  });

  it('exits 2 on usage errors and unreadable input, without a stack trace', async () => {
    brand = tempBrand();
    const usage = spawnCli(['lint', '--format', 'xml'], brand.root);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of text, json, github') });
    expect(spawnCli(['lint', '--bogus'], brand.root)).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--bogus'") });
    expect(spawnCli(['lint', 'content/posts/nope.mdx'], brand.root)).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    symlinkSync(path.join(brand.root, 'nowhere.mdx'), path.join(brand.root, 'content/posts/lien.mdx'));
    const unreadable = spawnCli(['lint', AT], brand.root);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stdout).toContain('content/posts/lien.mdx:1:1');
    expect(unreadable.stdout + unreadable.stderr).not.toMatch(/\n\s+at /);
    expect(spawnCli(['lint'], path.dirname(brand.root))).toMatchObject({ code: 2, stderr: expect.stringContaining('no brand repository') });
  });

  it('reports an invalid editorial line once and says which checks were skipped', async () => {
    brand = tempBrand();
    writeFileSync(path.join(brand.root, 'content/editorial-line.mdx'), mdx({ brand: { name: 'x' }, channels: {} }));
    brand.post('2026/12/a.mdx', basicPost());
    const whole = await runCli(['lint', AT, '--format', 'json'], brand.root);
    expect(JSON.parse(whole.stdout)).toContainEqual(expect.objectContaining({ file: 'content/editorial-line.mdx', rule: 'schema/missing-key', message: 'missing required field `brand.siteUrl`' }));
    const one = await runCli(['lint', AT, '--format', 'json', 'content/posts/2026/12/a.mdx'], brand.root);
    expect(JSON.parse(one.stdout)).toEqual([expect.objectContaining({ rule: 'editorial/invalid', severity: 'warning' })]);
  });
});

describe('cadence lint after publishing', () => {
  it('does not warn that a publish time has passed for pairs the ledger says are published', async () => {
    brand = tempBrand({ git: true });
    brand.post('2026/12/pain.mdx', basicPost({ channels: ['mastodon', 'bluesky'] }));
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'pain');
    const at = '--at=2026-12-07T09:30:00+01:00';
    const before = await runCli(['lint', at, '--format', 'json'], brand.root);
    expect(JSON.parse(before.stdout)).toEqual([expect.objectContaining({ rule: 'date/past', message: expect.stringContaining('mastodon, bluesky will publish') })]);
    const published = spawnCli(['publish', at, '--channel', 'mastodon'], brand.root);
    expect(published.code).toBe(0);
    const after = await runCli(['lint', at, '--format', 'json'], brand.root);
    expect(JSON.parse(after.stdout)).toEqual([expect.objectContaining({ rule: 'date/past', message: expect.stringContaining(': bluesky will publish') })]);
  });
});
