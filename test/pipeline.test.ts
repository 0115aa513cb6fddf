import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/brand.ts';
import { withLock } from './site/helpers.ts';

const workspace = mkdtempSync(path.join(tmpdir(), 'cadence-pipeline-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

// The README's main command, as a user runs it (without serving): the whole pipeline on the sample brand.
describe('npm start (scripts/pipeline.ts)', () => {
  it('lints, publishes due posts to the outbox with the ledger pushed, and builds both sites', () => {
    const result = withLock(() =>
      spawnSync(process.execPath, ['scripts/pipeline.ts', '--no-serve', '--at', '2026-12-08T20:00:00+01:00', '--workspace', workspace], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', MASTODON_TOKEN: 'must-not-be-used' },
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    const brand = path.join(workspace, 'brand');
    const outbox = path.join(brand, '.cadence/outbox');
    expect(readdirSync(path.join(outbox, 'mastodon')).length).toBe(6);
    expect(existsSync(path.join(brand, 'data/ledger/fete-des-lumieres-2026/blog.jsonl'))).toBe(true);
    // The ledger was committed and pushed to the bare remote.
    const log = spawnSync('git', ['log', '--format=%s', 'main'], { cwd: path.join(workspace, 'remote.git'), encoding: 'utf8' }).stdout;
    expect(log.split('\n').length).toBeGreaterThan(2);
    // The blog shows the article that came due, not the ones still embargoed.
    const home = readFileSync(path.join(brand, 'dist/public/index.html'), 'utf8');
    expect(home).toContain('Fête des Lumières 2026 : la Croix-Rousse côté fournil');
    expect(home).not.toContain('Nos bûches de Noël 2026');
    expect(existsSync(path.join(brand, 'dist/internal/calendar.ics'))).toBe(true);
    // Moderation ran on the sample replies: its log was pushed without a word or a handle of theirs,
    // and the internal site shows the queue.
    const data = spawnSync('git', ['log', '-p', '--format=', 'main', '--', 'data/moderation'], { cwd: path.join(workspace, 'remote.git'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
    expect(data).toContain('"type":"decided"');
    for (const word of ['connard', 'c0nn4rd', 'claire.croixrousse', 'Josette', '06 71 22 48 90', 'thomas.bernard', 'réductions', 'spamlyon', 'SCANDALEUX']) expect(data, word).not.toContain(word);
    expect(readFileSync(path.join(brand, 'dist/internal/moderation/index.html'), 'utf8')).toContain('Modération');
    expect(result.stdout).toContain('✓ pipeline done');
    // The whole pipeline: lint, publish, the community jobs and both sites' first build.
  }, 600_000);
});
