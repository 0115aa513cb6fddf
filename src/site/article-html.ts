/**
 * Rendered article bodies kept beside Astro's cache rather than in its data store: the store is bundled
 * into the build as one JSON string, and 10,000 bodies made it 22 MB to bundle, parse and hold in memory
 * (docs/benchmarks.md). Bodies with images stay in the store, where Astro's render() resolves them.
 *
 * One pack file of every body and an index of where each is, both rewritten whole by each content sync
 * (20 MB for 10,000 articles; one file per body cost 10 s on a slow disk).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from './env.ts';

interface Pack {
  /** digest → [byte offset, byte length] in the pack. */
  index: Record<string, [number, number]>;
  bytes: Buffer;
}

function files(): { pack: string; index: string } {
  const dir = path.join(cacheDir('public'), 'article-html');
  return { pack: path.join(dir, 'bodies.pack'), index: path.join(dir, 'bodies.json') };
}

function readPack(): Pack | undefined {
  const { pack, index } = files();
  try {
    return { index: JSON.parse(readFileSync(index, 'utf8')) as Pack['index'], bytes: readFileSync(pack) };
  } catch {
    return undefined;
  }
}

/** The bodies of the previous sync, to keep those whose digest has not changed. */
export class ArticleHtmlWriter {
  private readonly previous = readPack();
  private readonly next = new Map<string, Buffer>();

  /** Keeps an unchanged body from the previous pack; false when it is not there. */
  keep(digest: string): boolean {
    const at = this.previous?.index[digest];
    if (!at) return false;
    this.next.set(digest, this.previous!.bytes.subarray(at[0], at[0] + at[1]));
    return true;
  }

  add(digest: string, html: string): void {
    this.next.set(digest, Buffer.from(html));
  }

  /** Writes the new pack and its index (the index last: a reader never sees an index without its pack). */
  save(): void {
    const { pack, index } = files();
    mkdirSync(path.dirname(pack), { recursive: true });
    const positions: Pack['index'] = {};
    let offset = 0;
    for (const [digest, bytes] of this.next) {
      positions[digest] = [offset, bytes.length];
      offset += bytes.length;
    }
    for (const [file, contents] of [[pack, Buffer.concat([...this.next.values()])], [index, JSON.stringify(positions)]] as const) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, contents);
      renameSync(tmp, file);
    }
  }
}

let loaded: Pack | undefined;

/**
 * An article body by content digest. The pack is read once per process, and again for a digest it does not
 * have (a sync in `astro dev` rewrote it): a digest names one body, so a body found is never stale, and a
 * build's 10,000 pages need no check of the file each (1 s of stat calls on a slow disk).
 */
export function readArticleHtml(digest: string): string {
  let at = loaded?.index[digest];
  if (!at) {
    loaded = readPack();
    if (!loaded) throw new Error(`no rendered article bodies in ${path.dirname(files().pack)}: rebuild without the cache`);
    at = loaded.index[digest];
    if (!at) throw new Error(`the rendered body of article ${digest} is missing from ${files().pack}: rebuild without the cache`);
  }
  return loaded!.bytes.toString('utf8', at[0], at[0] + at[1]);
}
