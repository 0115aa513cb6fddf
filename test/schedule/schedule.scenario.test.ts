import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { editorialLine, REPO_ROOT, runCli, spawnCli, tempBrand, type TempBrand } from '../helpers/brand.ts';

const AT = ['--at', '2026-11-02T00:00:00Z'];
const brands: TempBrand[] = [];
function brand(line?: Record<string, unknown>): TempBrand {
  const b = tempBrand(line ? { line } : {});
  brands.push(b);
  return b;
}
afterEach(() => {
  for (const b of brands.splice(0)) b.cleanup();
});

function workflow(crons: string[] | undefined): string {
  const on: Record<string, unknown> = { workflow_dispatch: null };
  if (crons) on.schedule = crons.map((cron) => ({ cron }));
  return `name: publish\non:\n${crons ? `  schedule:\n${crons.map((c) => `    - cron: '${c}'`).join('\n')}\n` : ''}  workflow_dispatch:\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx cadence publish\n`;
}

describe('cadence schedule (temporary brand, Europe/Paris)', () => {
  // The helper's line: mastodon at 09:00 and 18:00 on weekdays, 10:00 at the weekend; the others without slots.
  it('prints the UTC cron lines for winter and summer time, with the notes', async () => {
    const b = brand();
    const r = await runCli(['schedule', ...AT], b.root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}0 7,8,16,17 \* \* 1-5 +# 09:00, 18:00 Mon–Fri: 08:00, 17:00 UTC in winter time \(UTC\+01:00\), 07:00, 16:00 UTC in summer time \(UTC\+02:00\)$/m);
    expect(r.stdout).toMatch(/^ {2}0 8,9 \* \* 0,6 +# 10:00 Sat, Sun: 09:00 UTC in winter time/m);
    expect(r.stdout).toContain('Europe/Paris is at winter time (UTC+01:00) until 2027-03-28, summer time (UTC+02:00) until 2027-10-31');
    expect(r.stdout).toContain('bluesky, x, instagram, linkedin, blog have no posting slots');
    expect(r.stdout).toContain('several minutes late');
  });

  it('--format yaml prints the schedule block; pasted into a workflow, --check passes', async () => {
    const b = brand();
    const r = await runCli(['schedule', '--format', 'yaml', ...AT], b.root);
    expect(r.code).toBe(0);
    const block = parse(`on:\n${r.stdout}`) as { on: { schedule: { cron: string }[] } };
    expect(block.on.schedule.map((s) => s.cron)).toEqual(['0 7,8,16,17 * * 1-5', '0 8,9 * * 0,6']);
    b.write('.github/workflows/publish.yml', `name: publish\non:\n${r.stdout}  workflow_dispatch:\njobs: {}\n`);
    const check = await runCli(['schedule', '--check', ...AT], b.root);
    expect(check.stdout).toContain('✓ .github/workflows/publish.yml starts a publish run at every posting slot (12 a week');
    expect(check.code).toBe(0);
  });

  it('--check exits 1 naming each slot whose summer (or winter) run is missing', async () => {
    const b = brand();
    b.write('.github/workflows/publish.yml', workflow(['0 8,17 * * 1-5', '0 9 * * 0,6']));
    const r = await runCli(['schedule', '--check', ...AT], b.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ Mon 09:00 Europe/Paris (mastodon): needs Mon 07:00 UTC in summer time (UTC+02:00) ✗ missing, Mon 08:00 UTC in winter time (UTC+01:00) ✓; first missed 2027-03-29');
    expect(r.stdout).toContain('✗ Sun 10:00 Europe/Paris (mastodon): needs Sun 08:00 UTC in summer time (UTC+02:00) ✗ missing');
    expect(r.stdout.match(/^✗ /gm)).toHaveLength(12);
    expect(r.stdout).toContain("- cron: '0 7,8,16,17 * * 1-5'");
  });

  it('--check: extra lines are fine, a run a few minutes after the slot is fine, a run before it is not', async () => {
    const b = brand();
    b.write('.github/workflows/publish.yml', workflow(['0 7,8,16,17 * * 1-5', '3 8,9 * * 0,6', '*/30 12 * * *']));
    expect((await runCli(['schedule', '--check', ...AT], b.root)).code).toBe(0);
    expect((await runCli(['schedule', '--check', '--tolerance', '2', ...AT], b.root)).code).toBe(1);
    b.write('.github/workflows/publish.yml', workflow(['0 7,8,16,17 * * 1-5', '58 7,8 * * 0,6']));
    const r = await runCli(['schedule', '--check', ...AT], b.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ Sat 10:00 Europe/Paris (mastodon)');
  });

  it('--check --format json lists what is missing', async () => {
    const b = brand();
    b.write('.github/workflows/publish.yml', workflow(['0 7,8,16,17 * * 1-5']));
    const r = await runCli(['schedule', '--check', '--format', 'json', ...AT], b.root);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ ok: false, timeZone: 'Europe/Paris', cron: ['0 7,8,16,17 * * 1-5'], suggested: ['0 7,8,16,17 * * 1-5', '0 8,9 * * 0,6'] });
    expect(json.uncovered.map((u: { weekday: string; time: string; missing: unknown[] }) => [u.weekday, u.time, u.missing.length])).toEqual([['sat', '10:00', 2], ['sun', '10:00', 2]]);
    expect(json.uncovered[0].missing[0]).toMatchObject({ offset: '+02:00', label: 'summer time (UTC+02:00)', weekday: 'sat', time: '08:00' });
  });

  it('--check: a workflow without a schedule, an invalid cron line, a missing workflow', async () => {
    const b = brand();
    b.write('.github/workflows/publish.yml', workflow(undefined));
    const none = await runCli(['schedule', '--check', ...AT], b.root);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('✗ .github/workflows/publish.yml has no on.schedule cron lines');
    b.write('.github/workflows/publish.yml', workflow(['0 7,8,16,17 * * 1-5', '0 8,9 * * 0,6', '0 25 * * *']));
    const invalid = await runCli(['schedule', '--check', ...AT], b.root);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('"0 25 * * *": hour: "25" is outside 0-23');
    const missing = await runCli(['schedule', '--check', '--workflow', '.github/workflows/nope.yml'], b.root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the workflow .github/workflows/nope.yml');
    b.write('.github/workflows/broken.yml', 'on: [\n');
    expect((await runCli(['schedule', '--check', '--workflow', '.github/workflows/broken.yml'], b.root)).code).toBe(2);
  });

  it('usage errors exit 2', async () => {
    const b = brand();
    expect((await runCli(['schedule', '--format', 'csv'], b.root)).code).toBe(2);
    expect((await runCli(['schedule', '--workflow', 'x.yml'], b.root)).code).toBe(2);
    expect((await runCli(['schedule', '--check', '--tolerance', 'soon'], b.root)).code).toBe(2);
    expect((await runCli(['schedule', '--at', '2026-11-02T00:00'], b.root)).code).toBe(2);
    const noLine = tempBrand({ line: false });
    brands.push(noLine);
    const r = await runCli(['schedule'], noLine.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('content/editorial-line.mdx');
  });

  it('Asia/Kolkata (+05:30): minutes :30, one line per slot set, no DST note', async () => {
    const b = brand(editorialLine({ brand: { name: 'Chai', siteUrl: 'https://chai.example', locale: 'en', timezone: 'Asia/Kolkata' }, channels: { linkedin: { slots: { weekdays: ['09:00', '17:30'] } }, x: { enabled: false, slots: { daily: ['07:00'] } } } }));
    const r = await runCli(['schedule', ...AT], b.root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}30 3 \* \* 1-5 +# 09:00 Mon–Fri: 03:30 UTC in all year \(UTC\+05:30\)$/m);
    expect(r.stdout).toMatch(/^ {2}0 12 \* \* 1-5 /m);
    expect(r.stdout).toContain('Asia/Kolkata stays at UTC+05:30 all year');
    expect(r.stdout).not.toContain('07:00'); // the disabled channel
  });

  it('America/New_York with a late-evening slot: the UTC weekday moves', async () => {
    const b = brand(editorialLine({ brand: { name: 'Bagels', siteUrl: 'https://bagels.example', locale: 'en', timezone: 'America/New_York' }, channels: { bluesky: { slots: { fri: ['21:00'] } } } }));
    const r = await runCli(['schedule', '--format', 'json', ...AT], b.root);
    const json = JSON.parse(r.stdout);
    expect(json.cron).toEqual([{ expression: '0 1,2 * * 6', covers: expect.any(Array) }]);
    expect(json.slots).toEqual([{ weekday: 'fri', time: '21:00', channels: ['bluesky'], utc: [
      { offset: '-04:00', label: 'summer time (UTC-04:00)', weekday: 'sat', time: '01:00' },
      { offset: '-05:00', label: 'winter time (UTC-05:00)', weekday: 'sat', time: '02:00' },
    ] }]);
    const text = await runCli(['schedule', ...AT], b.root);
    expect(text.stdout).toContain('21:00 Fri: 02:00 the day after UTC in winter time (UTC-05:00), 01:00 the day after UTC in summer time (UTC-04:00)');
  });

  it('a brand without posting slots needs no schedule', async () => {
    const b = brand(editorialLine({ channels: { mastodon: {} } }));
    const r = await runCli(['schedule', ...AT], b.root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No enabled channel has posting slots');
    b.write('.github/workflows/publish.yml', workflow(undefined));
    expect((await runCli(['schedule', '--check'], b.root)).code).toBe(0);
  });
});

describe('the sample brand and the committed publish workflow', () => {
  it('.github/workflows/publish.yml covers every posting slot of content/editorial-line.mdx for the next 12 months (regenerate with `cadence schedule --format yaml`)', async () => {
    const r = await runCli(['schedule', '--check'], REPO_ROOT);
    expect(r.stdout).toMatch(/^✓ /);
    expect(r.code).toBe(0);
  });

  it('its cron lines are exactly the generated ones (no stray runs)', async () => {
    const generated = await runCli(['schedule', '--format', 'json', ...AT], REPO_ROOT);
    const committed = parse(readFileSync(path.join(REPO_ROOT, '.github/workflows/publish.yml'), 'utf8')) as { on: { schedule: { cron: string }[] } };
    expect(committed.on.schedule.map((s) => s.cron)).toEqual(JSON.parse(generated.stdout).cron.map((c: { expression: string }) => c.expression));
  });

  it('the real binary checks it too', () => {
    const r = spawnCli(['schedule', '--check'], REPO_ROOT);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
