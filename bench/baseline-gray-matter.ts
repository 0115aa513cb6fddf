/**
 * The baseline of target (a): read every post file of a brand and parse its frontmatter with
 * gray-matter, nothing else. Run as a child process by bench/run.ts, like the lint it is compared to.
 *
 *   node bench/baseline-gray-matter.ts <brand root>
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';

const root = path.resolve(process.argv[2] ?? '.');
const postsDir = path.join(root, 'content/posts');
let files = 0;
let keys = 0;
for (const entry of readdirSync(postsDir, { recursive: true, encoding: 'utf8' })) {
  if (!/\.mdx?$/.test(entry)) continue;
  const parsed = matter(readFileSync(path.join(postsDir, entry), 'utf8'));
  files++;
  keys += Object.keys(parsed.data).length;
}
// Printed so the work cannot be optimised away, and so run.ts can check every file was parsed.
process.stdout.write(`${JSON.stringify({ files, keys })}\n`);
