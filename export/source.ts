// Reading one experiment seed's trained models from the pipeline's cache, the way `npm run pipeline --
// show` reads a node's outputs: the node's manifest from the pipeline's status (its current key's run when
// that is cached, else its latest run), and every file from the content-addressed objects, each verified
// against its sha256 as it is read. The workspace copies under artifacts/ are never read: they may be
// missing, or edited by hand.
//
// The plan is the exact plan.json the train run consumed (its digest is in the train manifest's inputs),
// not generate's latest output, so weights and plan always belong together even when generate has run
// again since.

import type { WeightSnapshots } from '../core/types.ts';
import { PLAN_FILE, WEIGHTS_FILE, type TrainedWeights, type TrainingPlan } from '../data/plan.ts';
import { decodeSnapshots, SNAPSHOTS_FILE } from '../data/snapshots.ts';
import type { Params } from '../experiments/params.ts';
import { cacheOf } from '../pipeline/runner.ts';
import { pipelineStatus } from '../pipeline/status.ts';
import type { PipelineDefinition } from '../pipeline/types.ts';
import { seedItem, seedsOf } from '../stages/items.ts';
import type { ExportSource } from './model-arrays.ts';

/** A problem the user can act on: printed as one line, with exit code 2 for bad arguments and 1 otherwise. */
export class ExportError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** "train@intro/20221014" or "intro/20221014" → its parts; undefined seed for a bare "intro". */
export function parseExportItem(arg: string): { experiment: string; seed: string | undefined } {
  const at = arg.indexOf('@');
  if (at >= 0 && arg.slice(0, at) !== 'train')
    throw new ExportError(2, `'${arg}': give a train node or its item, e.g. train@intro/20221014 or intro/20221014`);
  const item = arg.slice(at + 1);
  const slash = item.lastIndexOf('/');
  return slash < 0 ? { experiment: item, seed: undefined } : { experiment: item.slice(0, slash), seed: item.slice(slash + 1) };
}

/** Each experiment's seed items, compactly: "intro/{20221014,20221015}, uniform/20221014, …". */
function allowedItems(params: Params): string {
  return Object.keys(params.experiments)
    .map((id) => {
      const seeds = seedsOf(params, id);
      return seeds.length === 1 ? `${id}/${seeds[0]}` : `${id}/{${seeds.join(',')}}`;
    })
    .join(', ');
}

/** The models of one experiment seed, read from the verified cache; `note` is set when the cached run is not current. */
export async function readExportSource(
  definition: PipelineDefinition<Params>,
  arg: string,
): Promise<{ source: ExportSource; note: string | undefined }> {
  const { experiment, seed } = parseExportItem(arg);
  const status = await pipelineStatus(definition);
  const params = status.params;
  if (params.experiments[experiment] === undefined)
    throw new ExportError(2, `unknown experiment '${experiment}' in '${arg}': one of ${allowedItems(params)}`);
  const seeds = seedsOf(params, experiment);
  if (seed === undefined || !seeds.map(String).includes(seed)) {
    const items = seeds.map((s) => seedItem(experiment, s)).join(', ');
    throw new ExportError(
      2,
      seed === undefined
        ? `'${arg}' names no base seed: give one of ${items}`
        : `'${arg}' is not a seed of ${experiment}: one of ${items} (params.yaml base_seeds, or --base-seeds)`,
    );
  }
  const item = seedItem(experiment, Number(seed));
  const node = `train@${item}`;
  const entry = status.entries.find((e) => e.node.id === node);
  const manifest = entry?.manifest;
  if (entry === undefined || manifest === undefined)
    throw new ExportError(1, `${node} has not been built yet: run \`npm run reproduce -- ${node}\` first`);
  const note =
    entry.state === 'fresh' || entry.state === 'cached'
      ? undefined
      : `note: ${node} is ${entry.state}: it would rerun (\`npm run -s pipeline -- explain ${node}\` says why); exporting its latest run (${manifest.key.slice(0, 12)}, ${manifest.createdAt})`;

  const cache = cacheOf(definition);
  const planDigest = manifest.inputs[`generate@${item}`]?.[PLAN_FILE];
  const weightsEntry = manifest.outputs[WEIGHTS_FILE];
  if (planDigest === undefined || weightsEntry === undefined)
    throw new ExportError(
      1,
      `${node}'s cached run (${manifest.key.slice(0, 12)}) records no ${planDigest === undefined ? PLAN_FILE : WEIGHTS_FILE}`,
    );
  // readObject verifies each object against its digest (a corrupt or missing one is a PipelineError)
  const plan = JSON.parse((await cache.readObject(planDigest)).toString('utf8')) as TrainingPlan;
  const weights = JSON.parse((await cache.readObject(weightsEntry.digest)).toString('utf8')) as TrainedWeights;
  const files: Record<string, string> = { [PLAN_FILE]: planDigest, [WEIGHTS_FILE]: weightsEntry.digest };

  let snapshots: Array<WeightSnapshots | null> = plan.groups.map(() => null);
  const snapshotsEntry = manifest.outputs[SNAPSHOTS_FILE];
  if (snapshotsEntry !== undefined) {
    const shapes = plan.groups.map((g) => ({ instances: g.instances.length, features: plan.features, hidden: plan.hidden }));
    // decodeSnapshots refuses a file whose length or offsets disagree with weights.json
    snapshots = decodeSnapshots(await cache.readObject(snapshotsEntry.digest), weights, shapes);
    files[SNAPSHOTS_FILE] = snapshotsEntry.digest;
  } else if (weights.groups.some((g) => g.snapshots !== undefined)) {
    throw new ExportError(1, `${node}: weights.json indexes weight snapshots, but the run has no ${SNAPSHOTS_FILE}`);
  }

  return {
    source: {
      node,
      experiment,
      baseSeed: Number(seed),
      plan,
      weights,
      snapshots,
      provenance: { trainKey: manifest.key, createdAt: manifest.createdAt, files },
    },
    note,
  };
}
