// The claims declare themselves: every file of analysis/claims/checks/ is one claim named by its file, and
// every claim an experiment names resolves to such a file. Both lists are read from the folders.

import { describe, expect, it } from 'vitest';
import type { ClaimDefinition } from '../../analysis/claims/define.ts';
import type { ExperimentDefinition } from '../../experiments/types.ts';
import {
  checkSelfNamed,
  claimFilesOf,
  declarationFile,
  declaredNames,
  loadClaims,
  loadDeclaration,
  loadExperiment,
} from '../../stages/declarations.ts';

function experimentNaming(id: string, claims: string[]): ExperimentDefinition {
  return { id, title: 'a test experiment', recipe: 'notebook', claims, figures: [] };
}

describe('claim declarations', () => {
  it('each file of analysis/claims/checks/ default-exports one claim whose id is the file name', async () => {
    const names = declaredNames('claim');
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const claim = await loadDeclaration<ClaimDefinition>('claim', name, 'test');
      expect(claim.id, declarationFile('claim', name)).toBe(name);
      expect(claim.title.length, name).toBeGreaterThan(10);
      expect(typeof claim.check, name).toBe('function');
    }
  });

  it("every experiment's claims resolve to claim files, each named once, in the experiment's order", async () => {
    for (const id of declaredNames('experiment')) {
      const experiment = await loadExperiment(id);
      expect(new Set(experiment.claims).size, id).toBe(experiment.claims.length);
      const claims = await loadClaims(id, experiment);
      expect(claims.map((c) => c.id)).toEqual([...experiment.claims]);
      expect(await claimFilesOf(id)).toEqual([
        declarationFile('experiment', id),
        ...experiment.claims.map((c) => declarationFile('claim', c)),
      ]);
    }
  });

  it('every claim file is checked against some experiment', async () => {
    const named = new Set<string>();
    for (const id of declaredNames('experiment')) for (const c of (await loadExperiment(id)).claims) named.add(c);
    expect(declaredNames('claim').filter((c) => !named.has(c))).toEqual([]);
  });

  it('stops on an unknown claim with one line naming the experiment file, the id and the claims that exist', async () => {
    const error = await loadClaims('intro', experimentNaming('intro', ['intro_dense', 'intro_dens'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(
      /^experiments\/intro\.ts: claims\[1\]: no claim 'intro_dens' \(no file analysis\/claims\/checks\/intro_dens\.ts; claims: /,
    );
    for (const name of declaredNames('claim')) expect(message).toContain(name);
  });
});

describe("a declaration whose name is not its file's", () => {
  it('stops the run with one line naming the file and both names', () => {
    expect(() => checkSelfNamed('claim', 'intro_dense', 'intro_sparse', 'experiments/intro.ts: claims[0]')).toThrow(
      "analysis/claims/checks/intro_dense.ts: declares the claim 'intro_sparse', not 'intro_dense' (its name is its file's; experiments/intro.ts: claims[0] names it)",
    );
    expect(() => checkSelfNamed('figure kind', 'dynamics', 'dynamics', 'experiments/dynamics.ts: figures[0].figure.kind')).not.toThrow();
  });
});
