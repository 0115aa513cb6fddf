/**
 * A brand of minimal posts for the lint and publish benchmarks: a title, one channel, one line of text each
 * (and a pillar, so that lint has nothing to report and the figures are not its output)
 * (bench/generate.ts writes rich ones), with the same editorial line. Lint's fixed cost (Node's start,
 * loading, the editorial line) weighs most next to posts this small.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initGit, WORK_DIR } from './brand.ts';
import { editorialLine, netiquette, pad, PILLARS } from './generate.ts';

/** Bump when the output changes, so a cached brand is generated again. */
const MINIMAL_VERSION = 4; // 4: committed (initGit failed on the missing public/)

export interface MinimalBrand {
  dir: string;
  posts: number;
  files: string[];
  /** Before the first post: nothing is past. */
  lintAt: string;
  git: boolean;
}

export function ensureMinimalBrand(posts: number, log: (line: string) => void = () => {}): MinimalBrand {
  const dir = path.join(WORK_DIR, `minimal-${posts}`);
  const manifest = path.join(dir, '.bench-minimal.json');
  if (existsSync(manifest)) {
    const saved = JSON.parse(readFileSync(manifest, 'utf8')) as MinimalBrand & { version: number };
    if (saved.version === MINIMAL_VERSION && saved.posts === posts) return { ...saved, dir };
  }
  log(`generating ${posts} minimal posts into ${path.relative(path.dirname(WORK_DIR), dir)}…`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'content/posts'), { recursive: true });
  writeFileSync(path.join(dir, 'content/editorial-line.mdx'), editorialLine());
  writeFileSync(path.join(dir, 'content/netiquette.mdx'), netiquette());
  const files: string[] = [];
  // One post a day at 10:00 on Mastodon (a slot of the editorial line every day), from 2027-01-01.
  for (let i = 0; i < posts; i++) {
    const day = new Date(Date.UTC(2027, 0, 1 + i));
    const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
    const file = `content/posts/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8)}-note-${i + 1}.mdx`;
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), `---\ntitle: Note ${i + 1}\npublishAt: ${date}T10:00\nchannels: [mastodon]\npillar: ${PILLARS[i % PILLARS.length]!.id}\ntext: Le café du jour numéro ${i + 1}, torréfié ce matin.\n---\n`);
    files.push(file);
  }
  writeFileSync(path.join(dir, '.gitignore'), '.cadence/\n.bench-minimal.json\n');
  const brand: MinimalBrand = { dir, posts, files, lintAt: '2026-12-31T12:00:00+01:00', git: initGit(dir) };
  writeFileSync(manifest, JSON.stringify({ ...brand, version: MINIMAL_VERSION }));
  return brand;
}
