import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS } from '../../src/adapters/select.ts';
import { basicPost, REPO_ROOT } from '../helpers/brand.ts';
import { firstPush, remoteBrand } from '../publish/helpers.ts';

type Step = { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string; 'continue-on-error'?: boolean };
type Job = { 'runs-on'?: string; needs?: string | string[]; if?: string; uses?: string; permissions?: Record<string, string>; outputs?: Record<string, string>; steps?: Step[]; env?: unknown };
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; concurrency: { group: string; 'cancel-in-progress': boolean }; env?: unknown; jobs: Record<string, Job> };

const dir = path.join(REPO_ROOT, '.github/workflows');
const source = readFileSync(path.join(dir, 'publish.yml'), 'utf8');
const wf = parse(source) as Workflow;
const site = parse(readFileSync(path.join(dir, 'site.yml'), 'utf8')) as Workflow;
const publish = wf.jobs.publish!;
const steps = publish.steps!;
const publishStep = steps.find((s) => s.id === 'publish')!;

describe('.github/workflows/publish.yml', () => {
  it('runs on its schedule, on pushes to main and by hand', () => {
    expect(Array.isArray(wf.on.schedule) && wf.on.schedule.length).toBeGreaterThan(0);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    expect(wf.on.push).toMatchObject({ branches: ['main'] });
  });

  it('never overlaps itself and never cancels a run half-way', () => {
    expect(wf.concurrency).toEqual({ group: 'publish', 'cancel-in-progress': false });
  });

  it('asks for contents: write and pull-requests: read, nothing more', () => {
    expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'read' });
    expect(publish.permissions).toBeUndefined();
  });

  it('checks out the whole history, sets the project up with the shared setup (production dependencies, cached), lints, then publishes', () => {
    expect(steps[0]).toMatchObject({ uses: expect.stringMatching(/^actions\/checkout@/), with: { 'fetch-depth': 0 } });
    const install = steps.findIndex((s) => s.uses === './.github/actions/setup');
    const runs = steps.map((s) => s.run ?? '');
    const lint = runs.findIndex((r) => /^npx cadence lint\b/.test(r));
    const pub = runs.findIndex((r) => r === 'npx cadence publish');
    expect(install).toBeGreaterThan(0);
    expect(lint).toBeGreaterThan(install);
    expect(pub).toBeGreaterThan(lint);
    expect(steps[pub]).toBe(publishStep);
  });

  it('does not build or load the Astro sites', () => {
    for (const step of steps) expect(`${step.run ?? ''} ${step.uses ?? ''}`).not.toMatch(/astro|npm run build|configure-pages|deploy-pages/);
  });

  it('gives every credential (and GITHUB_TOKEN) to the publish step, from secrets of the same name', () => {
    const names = ['GITHUB_TOKEN', ...Object.values(CREDENTIALS).flatMap((c) => [...c.required, ...(c.secrets ?? [])])];
    expect(Object.keys(publishStep.env ?? {}).sort()).toEqual([...new Set(names)].sort());
    for (const [name, value] of Object.entries(publishStep.env!)) expect(value).toBe(`\${{ secrets.${name} }}`);
  });

  it('uses secrets in the publish step only', () => {
    const elsewhere = { ...wf, jobs: { ...wf.jobs, publish: { ...publish, steps: steps.filter((s) => s !== publishStep) } } };
    expect(JSON.stringify(elsewhere)).not.toMatch(/secrets\./);
    expect(wf.env).toBeUndefined();
    expect(publish.env).toBeUndefined();
  });

  it('deploys the site through site.yml when publish says deploy-site=true, with the Pages permissions on that job only', () => {
    expect(publish.outputs).toEqual({ 'deploy-site': '${{ steps.publish.outputs.deploy-site }}' });
    const job = wf.jobs.site!;
    expect(job.uses).toBe('./.github/workflows/site.yml');
    expect(job.needs).toBe('publish');
    expect(job.if).toMatch(/needs\.publish\.outputs\.deploy-site == 'true'/);
    expect(site.on).toHaveProperty('workflow_call');
    // A called workflow gets at most the calling job's permissions: everything site.yml asks for.
    const asked = { ...site.permissions, ...Object.assign({}, ...Object.values(site.jobs).map((j) => j.permissions ?? {})) };
    expect(job.permissions).toEqual(asked);
    expect(asked).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write', 'pull-requests': 'read' });
  });
});

describe('the publish path', () => {
  it('publishes a due blog post, writes deploy-site=true to GITHUB_OUTPUT, and never loads Astro', () => {
    const remote = remoteBrand();
    const tmp = mkdtempSync(path.join(tmpdir(), 'cadence-noastro-'));
    try {
      remote.seed.post('2026-12-pain.mdx', basicPost({ channels: ['blog', 'mastodon'], description: 'Notre nouveau pain au levain.' }), 'Le pain au levain, enfin.\n');
      firstPush(remote);
      const clone = remote.clone();
      const loaded = path.join(tmp, 'loaded.txt');
      const hook = path.join(tmp, 'hook.mjs');
      writeFileSync(hook, `import { registerHooks } from 'node:module';\nimport { appendFileSync } from 'node:fs';\nregisterHooks({ resolve(specifier, context, next) { const r = next(specifier, context); appendFileSync(${JSON.stringify(loaded)}, r.url + '\\n'); return r; } });\n`);
      const output = path.join(tmp, 'output.txt');
      writeFileSync(output, '');
      writeFileSync(loaded, '');
      const r = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, path.join(REPO_ROOT, 'bin/cadence.js'), 'publish', '--at', '2026-12-07T09:05:00+01:00'], {
        cwd: clone,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: path.join(tmp, 'summary.md') },
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readFileSync(output, 'utf8')).toMatch(/^deploy-site=true$/m);
      const urls = readFileSync(loaded, 'utf8').split('\n').filter(Boolean);
      expect(urls.length).toBeGreaterThan(10);
      expect(urls.filter((u) => /\/node_modules\/(astro|@astrojs)\//.test(u))).toEqual([]);
    } finally {
      remote.cleanup();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
