// The extension contract, end to end on a copy of the project: a new experiment that reuses an existing
// model, figure kind and claim is a params.yaml entry plus experiments/<id>.ts and nothing else. Its nodes
// run, every other node is a cache hit, and its figure and claim appear in the report. And editing one
// figure kind reruns only the figure nodes that draw it.

import { readFileSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../pipeline/fs-atomic.ts';
import { digestFile } from '../../pipeline/hash.ts';
import { COPY_BASE_SEEDS, copyProject, runMain, setParam, runResults } from './project-copy.ts';

let dir: string;

/** sha256 of every source and parameter file of the copy (what a user edits; outputs and caches left out). */
async function sources(root: string): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const file of await listFiles(root)) {
    if (/^(node_modules|cache|artifacts|reports|\.dvc)\//.test(file) || file === 'dvc.lock') continue;
    digests[file] = await digestFile(join(root, file));
  }
  return digests;
}

const NEW_ID = 'intro-sparse';
const NEW_MODULE = `// A user's experiment: the 5 → 2 model at two densities, drawn and checked with what exists.
import { defineExperiment } from './types.ts';

export default defineExperiment({
  id: '${NEW_ID}',
  title: 'Five features in two dimensions, dense and sparse',
  recipe: 'notebook',
  claims: ['intro_dense'],
  figures: [{ id: '${NEW_ID}-geometry', figure: { kind: 'intro-geometry' } }],
});
`;

beforeAll(async () => {
  dir = await copyProject({ experiments: ['intro', 'correlated-pairs'] });
  const cold = runMain(dir, ['reproduce']);
  if (cold.status !== 0) throw new Error(`cold reproduce failed: ${cold.stderr}`);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('adding an experiment', () => {
  it('takes a params.yaml entry and experiments/<id>.ts, runs only its nodes and puts its figure and claim in the report', async () => {
    const before = await sources(dir);
    await setParam(dir, ['experiments', NEW_ID], {
      features: 5,
      hidden: 2,
      importance_decay: 0.9,
      eval_samples: 128,
      runs: [{ recipe: 'notebook', activation: 'relu', densities: [1, 0.1], restarts: 2 }],
    });
    await writeFile(join(dir, 'experiments', `${NEW_ID}.ts`), NEW_MODULE);
    const after = await sources(dir);
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
    expect(changed.sort()).toEqual([`experiments/${NEW_ID}.ts`, 'params.yaml']);

    const run = runMain(dir, ['reproduce']);
    expect(run.status, run.stderr).toBe(0);
    const rows = runResults(run.stderr);
    const ran = Object.keys(rows).filter((n) => rows[n] === 'ran');
    const seedNodes = COPY_BASE_SEEDS.flatMap((seed) => ['generate', 'train', 'analyze'].map((s) => `${s}@${NEW_ID}/${seed}`));
    expect(ran.sort()).toEqual([...seedNodes, `figures@${NEW_ID}`, `verdicts@${NEW_ID}`, 'report'].sort());
    expect(Object.keys(rows).length).toBeGreaterThan(ran.length + 10); // the other nodes: all cache hits

    const report = await readFile(join(dir, 'reports', 'replication', 'report.md'), 'utf8');
    const appendix = report.slice(report.indexOf('## Appendix B: Further experiments'));
    expect(appendix.length).toBeLessThan(report.length);
    expect(appendix).toContain('### B.1 Five features in two dimensions, dense and sparse');
    expect(appendix).toContain(`](figures/${NEW_ID}-geometry.svg)`);
    expect(appendix).toMatch(
      new RegExp(
        `\\| \\[\`intro_dense\`\\]\\(#claim-${NEW_ID}-intro_dense\\) \\| With dense inputs .* \\| <span class="verdict (holds|does-not-hold|not-judged)">.*</span> \\d/\\d \\|`,
      ),
    );
    // and with every other claim in Section 14, where that link leads
    expect(report).toContain(`<details class="claim" id="claim-${NEW_ID}-intro_dense" data-experiment="${NEW_ID}"`);
    const html = await readFile(join(dir, 'reports', 'replication', 'report.html'), 'utf8');
    expect(html).toContain('Five features in two dimensions, dense and sparse');
  }, 300_000);

  it('reruns only the figure nodes that draw a figure kind when that kind is edited', async () => {
    await appendFile(join(dir, 'figures', 'kinds', 'feature-set-geometry.ts'), '// an edit that changes no figure\n');
    const run = runMain(dir, ['reproduce']);
    expect(run.status, run.stderr).toBe(0);
    const rows = runResults(run.stderr);
    // the figures are byte-identical, but the report cites the key of the node that drew each one, and that
    // key changed: the report reruns too (and only it), so its citation is never stale
    expect(Object.keys(rows).filter((n) => rows[n] === 'ran')).toEqual(['figures@correlated-pairs', 'report']);
    const { key } = JSON.parse(readFileSync(join(dir, 'cache', 'nodes', 'figures@correlated-pairs.json'), 'utf8')) as { key: string };
    expect(readFileSync(join(dir, 'reports', 'replication', 'report.md'), 'utf8')).toContain(
      `*Drawn by \`figures@correlated-pairs\` (cache key \`${key.slice(0, 12)}\`)`,
    );
  }, 300_000);

  it('stops with one line naming the file when an experiment names a figure kind that does not exist', async () => {
    await writeFile(join(dir, 'experiments', `${NEW_ID}.ts`), NEW_MODULE.replace("kind: 'intro-geometry'", "kind: 'intro-geometri'"));
    const run = runMain(dir, ['reproduce']);
    expect(run.status).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `experiments/${NEW_ID}\\.ts: figures\\[0\\]\\.figure\\.kind: no figure kind 'intro-geometri' \\(no file figures/kinds/intro-geometri\\.ts; figure kinds: .*intro-geometry.*\\)`,
      ),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 300_000);
});
