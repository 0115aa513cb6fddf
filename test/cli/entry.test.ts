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

  // These machines ship Node 20: run directly with it, the entry explains instead of failing on an import.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => /^v(1\d|20|21)\./.test(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout ?? ''));
  it.skipIf(!systemNode)('tells how to run it when started with an older Node', () => {
    const result = spawnSync(systemNode!, [bin, '--version'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^cadence needs Node >= 22\.12 \(this is 2\d\.[\d.]+\)\.\nRun it through npm/);
    expect(result.stderr).not.toContain('SyntaxError');
  });
});
