import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/review/schema.ts';
import type { ReviewReport } from '../../src/review/types.ts';
import { basicPost, runCli, spawnCli, type TempBrand } from '../helpers/brand.ts';
import { commitAll, recordPublished, reviewBrand, writeJpeg } from './helpers.ts';

const AT = '--at=2026-12-07T12:00:00+01:00';
let brand: TempBrand;
afterEach(() => brand?.cleanup());

/** main: four posts, three of them already published; the branch adds, edits, renames and deletes. */
async function pullRequestBrand(): Promise<TempBrand> {
  brand = reviewBrand();
  brand.post('2026/12/garde.mdx', basicPost({ title: 'Le pain du jour', publishAt: '2026-12-09T18:00', text: 'La miche du mercredi sort du four.' }));
  brand.post('2026/12/modifie.mdx', basicPost({ title: 'Horaires', publishAt: '2026-12-01T09:00', text: 'Nos horaires changent en décembre : ouverts le lundi.' }));
  brand.post('2026/12/ancien-nom.mdx', basicPost({ title: 'Le fournil la nuit', publishAt: '2026-12-02T09:00', text: 'Une nuit au fournil avec Julien, de 2 h à 7 h, pour cuire les 400 baguettes du matin.' }));
  brand.post('2026/12/supprime.mdx', basicPost({ title: 'Recette de la fougasse', publishAt: '2026-12-03T09:00', pillar: 'coulisses', text: 'La fougasse aux olives, pas à pas.' }));
  recordPublished(brand, '2026-12-modifie', 'mastodon', 'https://piaille.example/@b/1');
  recordPublished(brand, '2026-12-ancien-nom', 'mastodon', 'https://piaille.example/@b/2');
  recordPublished(brand, '2026-12-supprime', 'mastodon', 'https://piaille.example/@b/3');
  await writeJpeg(brand, 'content/posts/2026/12/images/fournee.jpg');
  commitAll(brand, 'main');
  brand.git('checkout', '-q', '-b', 'proposition');
  brand.post('2026/12/nouveau.mdx', {
    title: 'La fournée de Noël',
    publishAt: '2026-12-09T09:00',
    channels: ['mastodon', 'bluesky', 'x'],
    pillar: 'produits',
    text: 'La fournée de Noël est prête : pains d’épices, brioches et bûches.',
    link: 'https://boulangerie.example/noel',
    media: [{ src: './images/fournee.jpg', alt: 'Des brioches dorées sur une plaque, à la sortie du four.' }],
    thread: [{ text: 'Les bûches se précommandent jusqu’au 20 décembre.' }, { text: 'Et les brioches partent avant 10 h : venez tôt !' }],
    variants: { x: { text: `${'Une très longue annonce de la fournée de Noël, avec tous les détails. '.repeat(5)}Fin.` } },
  });
  brand.post('2026/12/modifie.mdx', basicPost({ title: 'Horaires', publishAt: '2026-12-01T09:00', text: 'Nos horaires changent en décembre : ouverts le lundi matin.' }));
  brand.git('mv', 'content/posts/2026/12/ancien-nom.mdx', 'content/posts/2026/12/nouveau-nom.mdx');
  brand.git('rm', '-q', 'content/posts/2026/12/supprime.mdx');
  brand.post('2026/12/trop-tard.mdx', basicPost({ title: 'Trop tard', publishAt: '2026-12-04T18:00', text: 'Ce post aurait dû partir vendredi.' }));
  commitAll(brand, 'proposition');
  return brand;
}

describe('cadence review --base (a pull request in a real repository)', () => {
  it('reports the added, changed, renamed and deleted posts with previews, calendar, mix and labels (json)', async () => {
    await pullRequestBrand();
    const r = await runCli(['review', '--base', 'main', AT, '--format', 'json', '--no-cache'], brand.root);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ReviewReport;
    expect(parseReport(r.stdout)).toMatchObject({ ok: true });
    const byFile = new Map(report.posts.map((p) => [p.file.replace('content/posts/2026/12/', ''), p]));
    expect([...byFile].map(([f, p]) => [f, p.status])).toEqual([
      ['modifie.mdx', 'modified'],
      ['nouveau-nom.mdx', 'renamed'],
      ['nouveau.mdx', 'added'],
      ['supprime.mdx', 'deleted'],
      ['trop-tard.mdx', 'added'],
    ]);

    // A rename that changes the id of a published post would publish it again.
    const renamed = byFile.get('nouveau-nom.mdx')!;
    expect(renamed).toMatchObject({ previousFile: 'content/posts/2026/12/ancien-nom.mdx', previousId: '2026-12-ancien-nom', id: '2026-12-nouveau-nom' });
    expect(renamed.diagnostics).toContainEqual(expect.objectContaining({ rule: 'review/renamed-id', severity: 'error', message: expect.stringContaining('add `id: 2026-12-ancien-nom`') }));
    // Deleting a published post's file does not take it down.
    expect(byFile.get('supprime.mdx')!.diagnostics).toEqual([expect.objectContaining({ rule: 'review/deleted-published', severity: 'warning' })]);
    expect(byFile.get('supprime.mdx')).toMatchObject({ title: 'Recette de la fougasse', channels: ['mastodon'], published: [{ channel: 'mastodon', url: 'https://piaille.example/@b/3' }] });
    // Editing a published post is not reposted.
    expect(byFile.get('modifie.mdx')!.diagnostics).toContainEqual(expect.objectContaining({ rule: 'review/published-edit', severity: 'note' }));
    expect(byFile.get('modifie.mdx')!.previews[0]!.state).toBe('published');

    // Expired while unmerged: an error at the publishAt line, instead of lint's date/past warning.
    const late = byFile.get('trop-tard.mdx')!;
    expect(late.expired).toEqual(['mastodon']);
    expect(late.diagnostics.filter((d) => d.rule === 'review/expired')).toEqual([expect.objectContaining({ severity: 'error', line: 3, message: expect.stringMatching(/^expired: reschedule\. `publishAt` 2026-12-04T18:00:00\+01:00 has passed/) })]);
    expect(late.diagnostics.some((d) => d.rule === 'date/past')).toBe(false);

    // Per-network preview of the new post.
    const added = byFile.get('nouveau.mdx')!;
    const [mastodon, bluesky, x] = added.previews;
    expect(mastodon).toMatchObject({ channel: 'mastodon', state: 'scheduled', threadSupported: true, publishAt: { local: '2026-12-09T09:00:00+01:00', utc: '2026-12-09T08:00:00Z', timeZone: 'Europe/Paris' }, link: { placement: 'text', appended: true } });
    expect(mastodon!.parts.map((p) => p.text.text)).toEqual([
      'La fournée de Noël est prête : pains d’épices, brioches et bûches.\n\nhttps://boulangerie.example/noel',
      'Les bûches se précommandent jusqu’au 20 décembre.',
      'Et les brioches partent avant 10 h : venez tôt !',
    ]);
    expect(mastodon!.parts[0]!.media).toEqual([{ src: './images/fournee.jpg', path: 'content/posts/2026/12/images/fournee.jpg', alt: 'Des brioches dorées sur une plaque, à la sortie du four.', format: 'jpeg', width: 1200, height: 900, bytes: expect.any(Number), animated: false }]);
    expect(bluesky).toMatchObject({ link: { placement: 'field', appended: false } });
    expect(bluesky!.parts[0]!.text.text).not.toContain('https://');
    // X: over 280, cut on a grapheme boundary where X would stop.
    const xText = x!.parts[0]!.text;
    expect(xText.length).toBeGreaterThan(280);
    expect(xText.limit).toBe(280);
    expect(xText.cutAt).toBeGreaterThan(200);
    expect(xText.cutAt).toBeLessThan(xText.text.length);
    expect(added.diagnostics).toContainEqual(expect.objectContaining({ rule: 'text/length', severity: 'error', channel: 'x' }));

    // Calendar: same day on Mastodon, and the conflicts (two Mastodon posts on Wednesday 9th).
    expect(added.calendar!.days.find((d) => d.channel === 'mastodon')).toEqual({ channel: 'mastodon', day: '2026-12-09', time: '09:00', others: [{ postId: '2026-12-garde', title: 'Le pain du jour', file: 'content/posts/2026/12/garde.mdx', time: '18:00', status: 'approved' }] });
    // The mix after merge counts the new post and no longer the deleted one.
    const produits = report.mix!.rows.find((row) => row.pillar === 'produits')!;
    const coulisses = report.mix!.rows.find((row) => row.pillar === 'coulisses')!;
    expect(produits.after.count).toBe(produits.before.count + 2);
    expect(coulisses.after.count).toBe(coulisses.before.count - 1);
    expect(report.labels).toEqual(['channel:bluesky', 'channel:mastodon', 'channel:x', 'pillar:produits']);
    expect(report.counts.error).toBeGreaterThanOrEqual(3);
    expect(r.code).toBe(1);
  });

  it('prints the Markdown comment and GitHub annotations', async () => {
    await pullRequestBrand();
    const md = await runCli(['review', '--base', 'main', AT], brand.root);
    expect(md.code).toBe(1);
    expect(md.stdout.startsWith('<!-- cadence-review -->\n## Cadence review\n')).toBe(true);
    // The renamed post lost its id, so the ledger no longer covers it: it would go out again, late.
    expect(md.stdout).toContain('⛔ **Expired: reschedule** Le fournil la nuit, Trop tard: the time has passed');
    expect(md.stdout).toContain('✂ ──── the network cuts here');
    expect(md.stdout).toContain('| ➜ renamed | Le fournil la nuit |');
    const gh = await runCli(['review', '--base', 'main', AT, '--format', 'github'], brand.root);
    expect(gh.stdout).toMatch(/^::error file=content\/posts\/2026\/12\/trop-tard\.mdx,line=3,col=\d+,title=review\/expired::expired: reschedule/m);
    expect(gh.stdout).toMatch(/^::error file=content\/posts\/2026\/12\/nouveau\.mdx,line=\d+,col=\d+,title=text\/length \(x\)::/m);
    expect(gh.code).toBe(1);
  });

  it('writes review.md, review.json and a social card per post with --out (the real binary)', async () => {
    brand = reviewBrand();
    commitAll(brand, 'main');
    brand.git('checkout', '-q', '-b', 'p');
    brand.post('2026/12/pain.mdx', basicPost({ publishAt: '2026-12-14T09:00' }));
    commitAll(brand, 'p');
    const out = path.join(brand.root, '.cadence/review');
    const r = spawnCli(['review', '--base', 'main', AT, '--out', out, '--format', 'markdown'], brand.root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'review.md'), 'utf8')).toBe(r.stdout);
    expect(r.stdout).toContain('![Social card: Nouveau pain](cards/2026-12-pain.png)');
    const report = parseReport(readFileSync(path.join(out, 'review.json')));
    expect(report.ok && report.report.posts[0]!.card).toBe('cards/2026-12-pain.png');
    const meta = await sharp(path.join(out, 'cards/2026-12-pain.png')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    expect(existsSync(path.join(brand.root, '.cadence/cache/cards'))).toBe(true);
  });

  it('says so when no post changed, and refuses a missing or unknown base (exit 2)', async () => {
    brand = reviewBrand();
    commitAll(brand, 'main');
    const none = await runCli(['review', '--base', 'main', AT], brand.root);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('**✅ no problems** · no post changed');
    expect((await runCli(['review', AT], brand.root)).code).toBe(2);
    const unknown = await runCli(['review', '--base', 'origin/nope', AT], brand.root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('`origin/nope` is not a commit');
    expect((await runCli(['review', '--base', 'main', '--format', 'html'], brand.root)).code).toBe(2);
  });
});
