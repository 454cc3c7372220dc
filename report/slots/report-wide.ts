// The report-wide slots: the abstract's settings, the experiments missing from this run, the methods and the
// provenance.

import { orderedExperimentIds, type SlotFn } from './context.ts';
import { describeImportance } from './facts.ts';
import { capitalise, escapeMd, fmt, joinAnd, mdTable, plural, sentence } from './format.ts';
import { fmtParam, get, num } from './params-view.ts';
import { runsTable } from './params-tables.ts';
import { ANTIPODAL_COSINE, HIGH_SPARSITY_DENSITY, ORTHOGONAL_SCORE, REPRESENTED_NORM } from './thresholds.ts';

export function reportSlots(): Record<string, SlotFn> {
  return {
    'abstract.settings': (ctx) => {
      const sizes: Array<{ n: number; m: number }> = [];
      for (const id of orderedExperimentIds(ctx.input)) {
        const f = ctx.experiment(id);
        if (f && !sizes.some((z) => z.n === f.features && z.m === f.hidden)) sizes.push({ n: f.features, m: f.hidden });
      }
      const phrase = ({ n, m }: { n: number; m: number }): string =>
        `${plural(n, 'feature', 'features')} in ${plural(m, 'hidden dimension', 'hidden dimensions')}`;
      if (sizes.length === 0) return 'no experiment (none is configured in this run)';
      if (sizes.length === 1) return phrase(sizes[0]!);
      // smallest and largest by the size of W, then by the number of features
      sizes.sort((a, b) => a.n * a.m - b.n * b.m || a.n - b.n);
      return `${sizes.length} model sizes from ${phrase(sizes[0]!)} to ${phrase(sizes[sizes.length - 1]!)}`;
    },
    'report.missing': (ctx) => {
      const missing = ctx.input.declared.filter((e) => !(e.id in ctx.input.experiments));
      if (missing.length === 0) return `All ${ctx.input.declared.length} experiments ran.`;
      return `${joinAnd(missing.map((e) => `\`${e.id}\` (${escapeMd(e.title)})`))} ${missing.length === 1 ? 'is' : 'are'} not in this run's parameters, so ${missing.length === 1 ? 'its section reports' : 'their sections report'} no results.`;
    },
    'methods.norm_threshold': () => fmt(REPRESENTED_NORM),
    'methods.orthogonal_threshold': () => fmt(ORTHOGONAL_SCORE),
    'methods.antipodal_cosine': () => fmt(ANTIPODAL_COSINE),
    'methods.high_sparsity': () => fmt(HIGH_SPARSITY_DENSITY),
    'methods.base_seeds': (ctx) => escapeMd(fmtParam(ctx.params.baseSeeds)),
    'methods.eval_samples': (ctx) => {
      const vals = new Map<string, string[]>();
      for (const [id, e] of ctx.params.experiments) {
        const v = fmtParam(get(e, 'eval_samples'));
        vals.set(v, [...(vals.get(v) ?? []), id]);
      }
      if (vals.size === 0) return 'a held-out set of';
      if (vals.size === 1) return [...vals.keys()][0] ?? '';
      return joinAnd([...vals].map(([v, ids]) => `${v} (${ids.map((i) => `\`${i}\``).join(', ')})`));
    },
    'methods.experiments_table': (ctx) => {
      const ids = [...new Set([...orderedExperimentIds(ctx.input), ...ctx.params.experiments.map(([id]) => id)])];
      if (ids.length === 0) return '*(No experiments.)*';
      const rows = ids.map((id) => {
        const f = ctx.experiment(id);
        const e = ctx.params.experiments.find(([name]) => name === id)?.[1];
        const F = f?.features ?? (e ? num(get(e, 'features')) : undefined);
        const H = f?.hidden ?? (e ? num(get(e, 'hidden')) : undefined);
        // a run with extra_importance gives the last feature its own r per model: say so beside the shared rule
        const perModel = f?.report.analysis.models.some((m) => m.importance !== undefined) ?? false;
        const others = (): string => describeImportance(f!.importance.slice(0, -1)).replace(' for every feature', '');
        const imp = f
          ? perModel
            ? `last feature: its own r per model (see the runs below); others: ${others()}`
            : describeImportance(f.importance)
          : e
            ? `Iᵢ = ${fmtParam(get(e, 'importance_decay'))}ⁱ`
            : '—';
        return [
          `\`${id}\``,
          F !== undefined && H !== undefined ? `${F} → ${H}` : '—',
          imp,
          e ? escapeMd(fmtParam(get(e, 'eval_samples'))) : '—',
          f ? String(f.report.analysis.models.length) : 'not run',
          f ? String(f.models.length) : '—',
        ];
      });
      return mdTable(['experiment', 'features → hidden', 'importance', 'held-out samples', 'models trained', 'models shown'], rows);
    },
    'methods.runs_table': (ctx) => runsTable(ctx.params.runs),

    'prov.training': (ctx) => `\`${ctx.input.provenance.training}\``,
    'prov.training_reason': (ctx) => capitalise(sentence(escapeMd(ctx.input.provenance.trainingReason))),
    'prov.node': (ctx) => `\`${ctx.input.provenance.node}\``,
    'prov.params_digest': (ctx) => `\`${ctx.input.provenance.paramsDigest}\``,
    'prov.packages_table': (ctx) => {
      const pkgs = Object.entries(ctx.input.provenance.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (pkgs.length === 0) return '*(No package versions were recorded.)*';
      return mdTable(
        ['package', 'version'],
        pkgs.map(([n, v]) => [`\`${n}\``, `\`${v}\``]),
      );
    },
    'prov.nodes_table': (ctx) => {
      const nodes = ctx.input.provenance.nodes;
      if (nodes.length === 0) return '*(No pipeline nodes were cached.)*';
      // one preformatted block, not a table: hundreds of rows of two codes each were a quarter of the page's
      // elements, and aligned columns of names and digests read as well
      const width = Math.max(...nodes.map((x) => x.node.length));
      const lines = nodes.map((x) => `${x.node.padEnd(width)}  ${x.cacheKey.slice(0, 12)}`);
      return ['```text', `${'node'.padEnd(width)}  cache key (prefix)`, ...lines, '```'].join('\n');
    },
  };
}
