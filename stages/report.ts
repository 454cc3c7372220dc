// Stage 6, report: assemble the replication document from every experiment's analysis, claims and
// figures — Markdown and HTML under reports/replication/, beside the figures they show and claims.json (every
// verdict and claim number as data) — with a provenance block.
// (reports/bench/ belongs to `npm run bench`; this node owns only its own folder.)

import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { digestJson } from '../pipeline/hash.ts';
import { NARROW_SVG_SUFFIX } from '../figures/narrow.ts';
import { crossCheckJob, jobDifferences, type CrossCheckResults } from '../crosscheck/job.ts';
import { runTraining } from '../report/training.ts';
import { claimsFileText } from '../report/claims-file.ts';
import type { CrossCheckInput, ExperimentReport, ReportInput } from '../report/types.ts';
import { declarationFile, declaredNames, loadExperiment } from './declarations.ts';
import { defineStage } from './define.ts';
import { packageVersions } from './package-versions.ts';
import { FIGURE_INDEX, METRICS, VERDICTS } from './outputs.ts';
import { parseSeedItem, primarySeedItem } from './items.ts';

/** The committed results of `npm run crosscheck`; a code dependency of this node, so new results rebuild the report. */
const CROSS_CHECK_RESULTS = new URL('../crosscheck/results.json', import.meta.url);

async function readCrossCheck(params: Parameters<typeof crossCheckJob>[0]): Promise<CrossCheckInput> {
  const results = JSON.parse(await readFile(fileURLToPath(CROSS_CHECK_RESULTS), 'utf8')) as CrossCheckResults;
  try {
    return { results, differences: jobDifferences(results.job, crossCheckJob(params, results.job.seeds)) };
  } catch (error) {
    // params.yaml no longer holds the cross-check's experiments as toy_models.py trains them
    return { results, differences: [(error as Error).message] };
  }
}

export default defineStage({
  name: 'report',
  description: 'assemble the replication report (Markdown and HTML beside its figures) with claims and provenance',
  file: 'stages/report.ts',
  foreach: false,
  needs: [
    // the descriptive text shows the first base seed's models; the verdicts cover every seed
    { stage: 'analyze', items: (_, params) => Object.keys(params.experiments).map((id) => primarySeedItem(params, id)) },
    { stage: 'verdicts', items: 'all' },
    { stage: 'figures', items: 'all' },
  ],
  paramKeys: () => ['base_seeds', 'verdict_threshold', 'backend', 'engine', 'recipes', 'experiments'],
  // every experiment module: the report prints each one's title (adding a module reruns the report, which
  // a new experiment's outputs would anyway)
  itemFiles: () => declaredNames('experiment').map((id) => declarationFile('experiment', id)),
  outDir: () => 'reports/replication',
  // committed: the baseline the drift gate compares a new report with
  outputsInGit: true,
  // the template engine and Markdown plugins only the report uses (the packages every stage shares are the
  // pipeline's toolchain)
  toolchain: () => packageVersions(['handlebars', 'markdown-it-anchor', 'github-slugger']),
  // under each figure the report cites the cache key of the node that drew it: those keys are part of its own
  readsRuns: true,
  async run(ctx) {
    await mkdir(join(ctx.outDir, 'figures'), { recursive: true });
    const experiments: Record<string, ExperimentReport> = {};
    for (const id of ctx.items) {
      const definition = await loadExperiment(id);
      const analysisDir = ctx.input(
        'analyze',
        ctx.inputItems('analyze').find((item) => parseSeedItem(item).experiment === id),
      );
      const verdicts = await VERDICTS.read(ctx.input('verdicts', id));
      const figuresDir = ctx.input('figures', id);
      const index = await FIGURE_INDEX.read(figuresDir);
      const figures = [];
      for (const figure of index) {
        for (const suffix of ['.svg', '.vl.json']) {
          await copyFile(join(figuresDir, `${figure.id}${suffix}`), join(ctx.outDir, 'figures', `${figure.id}${suffix}`));
        }
        const rendered = { ...figure, svg: await readFile(join(figuresDir, `${figure.id}.svg`), 'utf8'), file: `figures/${figure.id}.svg` };
        // a wide figure's variant restacked for a phone, where the figures stage drew one
        const narrow = join(figuresDir, `${figure.id}${NARROW_SVG_SUFFIX}`);
        if (existsSync(narrow)) {
          await copyFile(narrow, join(ctx.outDir, 'figures', `${figure.id}${NARROW_SVG_SUFFIX}`));
          figures.push({ ...rendered, narrow: { svg: await readFile(narrow, 'utf8'), file: `figures/${figure.id}${NARROW_SVG_SUFFIX}` } });
        } else figures.push(rendered);
      }
      experiments[id] = {
        id,
        title: definition.title,
        seeds: verdicts.seeds,
        analysis: await METRICS.read(analysisDir),
        claims: verdicts.claims,
        changes: verdicts.changes,
        seedModels: verdicts.models,
        figures,
        paramsDigest: digestJson(ctx.params.experiments[id]),
      };
    }
    const { chooseTraining } = await import('../model/engine.ts');
    const training = chooseTraining(ctx.params.engine, ctx.params.backend);
    const { node: nodeVersion, backend: _backend, engine: _engine, ...packages } = ctx.toolchain;
    const runs = await ctx.runs();
    const declared = [];
    for (const id of declaredNames('experiment')) {
      const { title, claims } = await loadExperiment(id);
      declared.push({ id, title, claims });
    }
    const input: ReportInput = {
      experiments,
      declared,
      params: ctx.params,
      crossCheck: await readCrossCheck(ctx.params),
      training: runTraining(ctx.params),
      provenance: {
        training: training.backend === null ? training.engine : `${training.engine} on the ${training.backend.id} backend`,
        trainingReason: training.reason,
        node: nodeVersion ?? process.version,
        paramsDigest: digestJson(ctx.params),
        packages,
        nodes: runs.map((r) => ({ node: r.node, cacheKey: r.key })),
      },
    };
    const { buildReport } = await import('../report/build.ts');
    const report = buildReport(input);
    await writeFile(join(ctx.outDir, 'report.md'), report.markdown);
    await writeFile(join(ctx.outDir, 'report.html'), report.html);
    // every verdict and claim number as data, for the drift gate and for readers who load the results
    await writeFile(join(ctx.outDir, 'claims.json'), claimsFileText(experiments));
    ctx.log('wrote reports/replication/report.md, report.html and claims.json');
  },
});
