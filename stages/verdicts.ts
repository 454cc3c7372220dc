// Stage 4, verdicts: one node per experiment. Reads every base seed's claim results (analyze) and judges
// each claim over the seeds: pass, fail or not judged per seed, and the verdict k of N by the rule of
// params.yaml's verdict_threshold (analysis/verdicts.ts). Judges the same models by the old rule of every
// change to the checks as well (analysis/change-verdicts.ts), for the report's table of changes.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { judgeChanges, type ChangeOutcome } from '../analysis/change-verdicts.ts';
import { selectedSummaries, type ModelSummary } from '../analysis/model-summary.ts';
import type { ClaimResult, ExperimentAnalysis } from '../analysis/types.ts';
import { judgeClaim, type ClaimVerdict } from '../analysis/verdicts.ts';
import { CLAIMS_FILE, METRICS_FILE } from './analyze.ts';
import { defineStage } from './define.ts';
import { experimentModuleFile, loadExperiment } from './experiment-module.ts';
import { experimentSeedItems, parseSeedItem } from './items.ts';

export const VERDICTS_FILE = 'verdicts.json';

/** What verdicts.json holds: every claim of one experiment judged over its base seeds. */
export interface ExperimentVerdicts {
  experiment: string;
  /** the base seeds, in params.yaml order (the first is the one the figures show) */
  seeds: number[];
  threshold: number;
  claims: ClaimVerdict[];
  /** the same models judged by the old rule of every change to the checks that concerns these claims */
  changes: ChangeOutcome[];
  /** per base seed, the summary of each selected model (for statistics over seeds) */
  models: Array<{ seed: number; models: ModelSummary[] }>;
}

export default defineStage({
  name: 'verdicts',
  description: "judge each of the experiment's claims over its base seeds: pass, fail or not judged per seed, and the verdict",
  file: 'stages/verdicts.ts',
  foreach: true,
  needs: [{ stage: 'analyze', items: (item, params) => experimentSeedItems(params, item!) }],
  paramKeys: () => ['verdict_threshold'],
  itemFiles: (item) => [experimentModuleFile(item)],
  async run(ctx) {
    const id = ctx.node.item!;
    const experiment = await loadExperiment(id);
    const items = ctx.inputItems('analyze');
    const perSeed: Array<{ seed: number; claims: ClaimResult[]; analysis: ExperimentAnalysis }> = [];
    for (const item of items) {
      const dir = ctx.input('analyze', item);
      const claims = JSON.parse(await readFile(join(dir, CLAIMS_FILE), 'utf8')) as ClaimResult[];
      const analysis = JSON.parse(await readFile(join(dir, METRICS_FILE), 'utf8')) as ExperimentAnalysis;
      perSeed.push({ seed: parseSeedItem(item).seed, claims, analysis });
    }
    const threshold = ctx.params.verdict_threshold;
    const claims = experiment.claims.flatMap((claimId): ClaimVerdict[] => {
      const verdict = judgeClaim(
        claimId,
        perSeed.map(({ seed, claims: c }) => ({ seed, result: c.find((r) => r.id === claimId) ?? null })),
        threshold,
      );
      return verdict === null ? [] : [verdict];
    });
    const changes = judgeChanges(id, perSeed, claims, threshold);
    const models = perSeed.map((p) => ({ seed: p.seed, models: selectedSummaries(p.analysis) }));
    const out: ExperimentVerdicts = { experiment: id, seeds: perSeed.map((p) => p.seed), threshold, claims, changes, models };
    await writeFile(join(ctx.outDir, VERDICTS_FILE), `${JSON.stringify(out, null, 1)}\n`);
    const holding = claims.filter((c) => c.verdict === 'holds').length;
    ctx.log(
      `${claims.length} claim(s) over ${perSeed.length} base seed(s): ${holding} hold (${claims.map((c) => `${c.id} ${c.passed}/${c.judged}`).join(', ')})`,
    );
  },
});
