// DVC's cache, filled by the pipeline itself, so that the two caches meet. dvc.yaml's outputs are cached
// by DVC (that is what `dvc push` and `dvc pull` carry), and DVC calls an output "not in cache" (and its
// stage changed) until its content is in .dvc/cache, even when the workspace matches dvc.lock. Copying
// every output there with `dvc commit` would double the disk used and take minutes; instead, every
// output the pipeline restores or runs is hard-linked from the pipeline's own cache object into DVC's
// content-addressed layout (DVC 3: .dvc/cache/files/md5/<2 hex>/<30 hex>, and the folder's listing as a
// `.dir` object), which costs an md5 per file once and no second copy. After `npm run reproduce`,
// `dvc status` is clean and `dvc push` has everything to send.
//
// Only the project's own .dvc/cache is filled: where .dvc/config (or config.local) names a cache
// elsewhere (cache.dir, a machine-wide cache), one note says `dvc commit` does it instead.

import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { outputDigests, type Cache, type Manifest } from './cache.ts';
import { exists, tempSibling, writeFileAtomic } from './fs-atomic.ts';
import { digestJson } from './hash.ts';

/** What DVC's cache holds for one set of outputs: the folder's `.dir` object and each file's md5. */
interface DvcObjects {
  dir: string;
  files: Record<string, string>;
}

const md5 = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex');

/**
 * The bytes of DVC's `.dir` object for a folder of files (file → md5): DVC 3's tree listing, sorted by
 * path and serialised as Python's json.dumps(…, sort_keys=True) does (", " and ": " separators, non-ASCII
 * escaped). Its md5 plus ".dir" is the folder's hash that dvc.lock records.
 */
export function dvcDirListing(files: Record<string, string>): string {
  const entries = Object.keys(files)
    .sort(comparePythonStrings)
    .map((relpath) => `{"md5": ${pythonJsonString(files[relpath]!)}, "relpath": ${pythonJsonString(relpath)}}`);
  return `[${entries.join(', ')}]`;
}

/** Python compares strings by code point; JavaScript's default sort compares UTF-16 units. */
function comparePythonStrings(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let k = 0; k < Math.min(x.length, y.length); k += 1) if (x[k] !== y[k]) return x[k]! - y[k]!;
  return x.length - y.length;
}

/** A string as Python's json.dumps writes it with ensure_ascii (the default). */
function pythonJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class DvcCache {
  private constructor(
    /** .dvc/cache/files/md5 */
    private readonly objectsDir: string,
  ) {}

  /**
   * The project's DVC cache, or undefined when the project does not use DVC (no .dvc folder) or keeps its
   * DVC cache elsewhere (then `note` gets one line).
   */
  static async open(root: string, note: (line: string) => void): Promise<DvcCache | undefined> {
    const dvcDir = join(root, '.dvc');
    if (!(await exists(dvcDir))) return undefined;
    for (const name of ['config', 'config.local']) {
      const text = await readFile(join(dvcDir, name), 'utf8').catch(() => '');
      if (namesCacheDir(text)) {
        note(`.dvc/${name} keeps DVC's cache elsewhere (cache.dir): run 'dvc commit' to put the outputs there`);
        return undefined;
      }
    }
    return new DvcCache(join(dvcDir, 'cache', 'files', 'md5'));
  }

  private objectPath(hash: string): string {
    return join(this.objectsDir, hash.slice(0, 2), hash.slice(2));
  }

  /** Put a run's outputs into DVC's cache (hard links to `cache`'s objects), unless they are there already. */
  async add(cache: Cache, manifest: Manifest): Promise<void> {
    // what DVC calls these outputs, remembered per folder content (names and digests: the .dir listing
    // holds both), so that a warm run only checks that the objects are still there
    const memoPath = join(cache.dir, 'dvc', `${digestJson(outputDigests(manifest))}.json`);
    let known: DvcObjects | undefined;
    try {
      const parsed = JSON.parse(await readFile(memoPath, 'utf8')) as Partial<DvcObjects>;
      const files = parsed.files ?? {};
      const wellFormed =
        /^[0-9a-f]{32}\.dir$/.test(String(parsed.dir)) && Object.values(files).every((h) => /^[0-9a-f]{32}$/.test(String(h)));
      if (wellFormed) known = { dir: parsed.dir!, files };
    } catch {
      // not filled yet, or a damaged memo: fill again
    }
    if (known !== undefined && (await this.holds(known))) return;
    const files: Record<string, string> = {};
    for (const [file, entry] of Object.entries(manifest.outputs)) {
      const data = await cache.readObject(entry.digest);
      files[file] = md5(data);
      await this.place(files[file]!, cache.objectPath(entry.digest));
    }
    const listing = dvcDirListing(files);
    const dir = `${md5(listing)}.dir`;
    // written whole before it is linked; a temporary's name, so that a killed run's is swept (sweep.ts)
    const staged = tempSibling(join(cache.dir, 'tmp', 'dvc-dir'));
    await mkdir(dirname(staged), { recursive: true });
    try {
      await writeFile(staged, listing);
      await this.place(dir, staged);
    } finally {
      await rm(staged, { force: true });
    }
    await writeFileAtomic(memoPath, JSON.stringify({ dir, files } satisfies DvcObjects));
  }

  private async holds(objects: DvcObjects): Promise<boolean> {
    for (const hash of [objects.dir, ...Object.values(objects.files)]) if (!(await exists(this.objectPath(hash)))) return false;
    return true;
  }

  /**
   * DVC's object `hash` as a hard link to `source`; a copy where a link cannot be made (another file
   * system). A link appears whole or not at all; a copy goes through a temporary.
   */
  private async place(hash: string, source: string): Promise<void> {
    const target = this.objectPath(hash);
    if (await exists(target)) return;
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(source, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
      const temp = tempSibling(target);
      try {
        await copyFile(source, temp);
        await rename(temp, target);
      } catch (copyError) {
        await rm(temp, { force: true });
        throw copyError;
      }
    }
  }
}

/** Whether a DVC config file's [cache] section sets `dir`. */
function namesCacheDir(config: string): boolean {
  let section = '';
  for (const line of config.split('\n')) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (header) section = header[1]!.replace(/^['"]|['"]$/g, '');
    else if (section === 'cache' && /^\s*dir\s*=/.test(line)) return true;
  }
  return false;
}
