// Stage 4, verdicts: one node per experiment. Reads every base seed's claim results (analyze) and judges
// each claim over the seeds: pass, fail or not judged per seed, and the verdict k of N by the rule of
// params.yaml's verdict_threshold (analysis/verdicts.ts). Judges the same models by the old rule of every
// change to the checks as well (analysis/change-verdicts.ts), for the report's table of changes.

import { judgeChanges } from '../analysis/change-verdicts.ts';
import { selectedSummaries } from '../analysis/model-summary.ts';
import type { ClaimResult, ExperimentAnalysis } from '../analysis/types.ts';
import { judgeClaim, type ClaimVerdict } from '../analysis/verdicts.ts';
import { defineStage } from './define.ts';
import { claimFilesOf, loadClaims, loadExperiment } from './declarations.ts';
import { CLAIMS, METRICS, VERDICTS, type ExperimentVerdicts } from './outputs.ts';
import { experimentSeedItems, parseSeedItem } from './items.ts';

export default defineStage({
  name: 'verdicts',
  description: "judge each of the experiment's claims over its base seeds: pass, fail or not judged per seed, and the verdict",
  file: 'stages/verdicts.ts',
  foreach: true,
  needs: [{ stage: 'analyze', items: (item, params) => experimentSeedItems(params, item!) }],
  paramKeys: () => ['verdict_threshold'],
  itemFiles: (item) => claimFilesOf(item!),
  async run(ctx) {
    const id = ctx.node.item!;
    const experiment = await loadExperiment(id);
    const definitions = await loadClaims(id, experiment);
    const items = ctx.inputItems('analyze');
    const perSeed: Array<{ seed: number; claims: ClaimResult[]; analysis: ExperimentAnalysis }> = [];
    for (const item of items) {
      const dir = ctx.input('analyze', item);
      const claims = await CLAIMS.read(dir);
      const analysis = await METRICS.read(dir);
      perSeed.push({ seed: parseSeedItem(item).seed, claims, analysis });
    }
    const threshold = ctx.params.verdict_threshold;
    const claims = definitions.flatMap(({ id: claimId, title }): ClaimVerdict[] => {
      const verdict = judgeClaim(
        claimId,
        perSeed.map(({ seed, claims: c }) => ({ seed, result: c.find((r) => r.id === claimId) ?? null })),
        threshold,
        title,
      );
      return verdict === null ? [] : [verdict];
    });
    const changes = judgeChanges(id, perSeed, claims, threshold, definitions);
    const models = perSeed.map((p) => ({ seed: p.seed, models: selectedSummaries(p.analysis) }));
    const out: ExperimentVerdicts = { experiment: id, seeds: perSeed.map((p) => p.seed), threshold, claims, changes, models };
    await VERDICTS.write(ctx.outDir, out);
    const holding = claims.filter((c) => c.verdict === 'holds').length;
    ctx.log(
      `${claims.length} claim(s) over ${perSeed.length} base seed(s): ${holding} hold (${claims.map((c) => `${c.id} ${c.passed}/${c.judged}`).join(', ')})`,
    );
  },
});
