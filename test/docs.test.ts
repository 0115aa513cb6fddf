import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/brand.ts';

describe('generated docs', () => {
  it('docs/rules.md lists every rule (regenerate with `cadence rules --format markdown > docs/rules.md`)', async () => {
    const r = await runCli(['rules', '--format', 'markdown'], REPO_ROOT);
    expect(readFileSync(path.join(REPO_ROOT, 'docs/rules.md'), 'utf8')).toBe(r.stdout);
  });
});
