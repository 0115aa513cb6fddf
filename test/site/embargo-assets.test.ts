import { describe, expect, it } from 'vitest';
import { embargoedPublicFiles, loadEditorialLine } from '../../src/site/content.ts';
import { REPO_ROOT } from '../helpers/brand.ts';

// Instagram, Threads and Slack download images from the deployed site (public/): an image goes online
// when its post comes due on one of its channels, never before.
describe('embargoedPublicFiles (sample brand)', () => {
  const line = loadEditorialLine(REPO_ROOT);
  const at = (iso: string) => Date.parse(iso);
  it('keeps the images of future posts off the site, and releases them when their post comes due', () => {
    const december = embargoedPublicFiles(REPO_ROOT, line, at('2026-12-20T12:00:00+01:00'));
    expect(december).toContain('public/images/bugnes.jpg'); // February posts
    expect(december).not.toContain('public/images/brioche-lumieres.jpg'); // 4 December
    expect(december).not.toContain('public/logo.svg'); // referenced by no post
    expect(embargoedPublicFiles(REPO_ROOT, line, at('2027-03-01T12:00:00+01:00'))).toEqual([]);
  });
  it('embargoes everything a post references before the first post', () => {
    expect(embargoedPublicFiles(REPO_ROOT, line, at('2026-11-21T12:00:00+01:00')).length).toBeGreaterThan(10);
  });
});
