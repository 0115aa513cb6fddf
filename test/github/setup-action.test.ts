// .github/actions/setup: the one-line setup of every workflow job (docs/workflows.md). A job installs only
// what it runs: the production dependencies, node_modules cached between runs, nothing compiled.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/brand.ts';

type Step = { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; shell?: string };
type Action = { runs: { using: string; steps: Step[] }; inputs?: Record<string, { default?: string }> };
type Workflow = { jobs: Record<string, { steps?: Step[] }> };

const action = parse(readFileSync(path.join(REPO_ROOT, '.github/actions/setup/action.yml'), 'utf8')) as Action;
const workflowDir = path.join(REPO_ROOT, '.github/workflows');
const workflows = readdirSync(workflowDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
  .map((file) => ({ file, wf: parse(readFileSync(path.join(workflowDir, file), 'utf8')) as Workflow }));

describe('.github/actions/setup', () => {
  const steps = action.runs.steps;
  const install = steps.find((s) => s.run !== undefined)!;
  const restore = steps.find((s) => s.uses?.startsWith('actions/cache/restore@'))!;
  const save = steps.find((s) => s.uses?.startsWith('actions/cache/save@'))!;

  it('sets up Node 22 (the project needs 22.12 or later)', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps[0]).toMatchObject({ id: 'node', uses: expect.stringMatching(/^actions\/setup-node@/), with: { 'node-version': '${{ inputs.node-version }}' } });
    expect(action.inputs?.['node-version']?.default).toBe('22');
  });

  it('installs exactly the lockfile without the devDependencies, and only when node_modules was not restored', () => {
    expect(install.run).toBe('npm ci --omit=dev --prefer-offline --no-audit --no-fund');
    expect(install.shell).toBe('bash');
    expect(install.if).toBe("steps.restore.outputs.cache-hit != 'true'");
    expect(steps.filter((s) => s.run !== undefined)).toHaveLength(1);
  });

  it('caches node_modules by platform, exact Node version and lockfile, saved right after the install', () => {
    expect(restore.with?.path).toBe('node_modules');
    const key = String(restore.with?.key);
    for (const part of ['runner.os', 'runner.arch', 'steps.node.outputs.node-version', "hashFiles('package-lock.json')"]) expect(key).toContain(part);
    // Saved before the job writes anything else under node_modules (Astro's caches in site.yml).
    expect(steps.indexOf(save)).toBe(steps.indexOf(install) + 1);
    expect(save.if).toBe(install.if);
    expect(save.with).toEqual({ path: 'node_modules', key: '${{ steps.restore.outputs.cache-primary-key }}' });
  });
});

describe('every workflow job sets Cadence up with it', () => {
  const jobs = workflows.flatMap(({ file, wf }) => Object.entries(wf.jobs).filter(([, job]) => job.steps).map(([name, job]) => ({ id: `${file} › ${name}`, steps: job.steps! })));

  it.each(workflows.map(({ file }) => file))('%s installs nothing itself (use `- uses: ./.github/actions/setup` after actions/checkout)', (file) => {
    const { wf } = workflows.find((w) => w.file === file)!;
    for (const job of Object.values(wf.jobs)) {
      for (const step of job.steps ?? []) {
        expect(step.run ?? '', `${file}: ${step.run}`).not.toMatch(/\bnpm (install|i|ci)\b/);
        expect(step.uses ?? '', file).not.toMatch(/^actions\/setup-node@/);
      }
    }
  });

  it('right after actions/checkout, in every job that runs the project', () => {
    const running = jobs.filter(({ steps }) => steps.some((s) => /\b(npx|npm run|npm start|node)\b/.test(s.run ?? '')));
    expect(running.length).toBeGreaterThanOrEqual(4);
    for (const { id, steps } of running) {
      const setup = steps.findIndex((s) => s.uses === './.github/actions/setup');
      expect(setup, id).toBeGreaterThan(0);
      expect(steps[setup - 1]!.uses, id).toMatch(/^actions\/checkout@/);
    }
  });
});

describe('what the workflows run needs only the production dependencies', () => {
  const { dependencies } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // The CLI, the sites and what they import: every package they name must survive `npm ci --omit=dev`.
  const files = ['bin', 'src', 'site'].flatMap((dir) =>
    readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|mjs|js|astro)$/.test(entry.name))
      .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)))
      // Not what Astro or Vite generated next to a site (node_modules/.vite, .astro).
      .filter((file) => !file.split(path.sep).some((part) => part === 'node_modules' || part.startsWith('.'))),
  );
  files.push('astro.config.mjs', 'site/calendar/astro.config.mjs');

  it('imports no devDependency', () => {
    expect(files.length).toBeGreaterThan(50);
    const outside: string[] = [];
    for (const file of new Set(files)) {
      // Type-only imports are erased before anything runs.
      const source = readFileSync(path.join(REPO_ROOT, file), 'utf8').replace(/^\s*(?:import|export)\s+type\b[^;]*;/gms, '');
      for (const [, specifier] of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'([^'./][^']*)'/gm)) {
        if (specifier!.startsWith('node:') || specifier!.startsWith('astro:')) continue;
        const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
        if (!(name in dependencies)) outside.push(`${file}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
