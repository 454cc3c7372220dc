import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXPERIMENT_IDS } from '../../experiments/index.ts';
import { parseParams } from '../../experiments/params.ts';
import { buildPlan } from '../../stages/generate.ts';

const params = parseParams(parse(readFileSync(new URL('../../params.yaml', import.meta.url), 'utf8')), 'params.yaml', EXPERIMENT_IDS);

describe('buildPlan: snapshots', () => {
  it('carries snapshot_every into the plan of the runs that set it, and nowhere else', () => {
    const dynamics = buildPlan('dynamics', params.experiments['dynamics']!, params, 1);
    expect(dynamics.groups.map((g) => g.snapshotEvery)).toEqual([50]);
    const uniform = buildPlan('uniform', params.experiments['uniform']!, params, 1);
    // absent, not undefined-valued: the plans of runs without snapshots keep their bytes
    expect(uniform.groups.every((g) => !('snapshotEvery' in g))).toBe(true);
    expect(JSON.stringify(uniform)).not.toContain('snapshotEvery');
  });
});
