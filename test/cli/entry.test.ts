import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/brand.ts';

const bin = path.join(REPO_ROOT, 'bin/cadence.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });

// bin/cadence.js runs the bundle from `npm install` while it is fresh, else the TypeScript sources.
describe('the cadence entry point', () => {
  it('says which code runs', () => {
    expect(run(['--version']).stdout).toMatch(/^cadence \d+\.\d+\.\d+ \(node 22\.\d+\.\d+, (bundle|sources)\)\n$/);
    expect(run(['--version'], { CADENCE_FROM_SOURCE: '1' }).stdout).toContain(', sources)');
  });
  it('gives the same lint verdict from the bundle and from the sources', () => {
    const args = ['lint', '--no-cache', '--format', 'json', '--at', '2026-12-20T12:00:00+01:00'];
    const fromEntry = run(args);
    const fromSource = run(args, { CADENCE_FROM_SOURCE: '1' });
    expect(fromEntry.status).toBe(fromSource.status);
    expect(fromEntry.stdout).toBe(fromSource.stdout);
    expect(JSON.parse(fromEntry.stdout).length).toBeGreaterThan(0);
  });
});
