import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeClosure, codeDigest, localSpecifiers } from '../../pipeline/code-digest.ts';

describe('localSpecifiers', () => {
  it('finds runtime imports, dynamic imports and assets, but not type-only imports or packages', () => {
    const source = [
      "import type { A } from './a.ts';",
      "import { type B, c } from './b.ts';",
      "export type { D } from './d.ts';",
      "export { e } from '../e.ts';",
      "import 'side-effect-free-package';",
      "import './side.ts';",
      "const m = await import('./lazy.ts');",
      "const t = new URL('./template.md', import.meta.url);",
      "import { x } from 'vega';",
    ].join('\n');
    expect(localSpecifiers(source).sort()).toEqual(['../e.ts', './b.ts', './lazy.ts', './side.ts', './template.md']);
  });
});

describe('codeDigest', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tms-code-'));
    await mkdir(join(root, 'lib'));
    await writeFile(join(root, 'stage.ts'), "import { f } from './lib/f.ts';\nimport type { T } from './lib/types.ts';\n");
    await writeFile(join(root, 'lib', 'f.ts'), "import { g } from './g';\nexport const f = g;\n");
    await writeFile(join(root, 'lib', 'g.ts'), "export const g = 1;\nconst t = new URL('./t.md', import.meta.url);\n");
    await writeFile(join(root, 'lib', 't.md'), 'text');
    await writeFile(join(root, 'lib', 'types.ts'), 'export type T = 1;\n');
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('follows imports transitively, resolving extensionless paths', async () => {
    expect(await codeClosure(root, ['stage.ts'])).toEqual(['lib/f.ts', 'lib/g.ts', 'lib/t.md', 'stage.ts']);
  });

  it('changes when a transitively imported file or asset changes', async () => {
    const before = await codeDigest(root, ['stage.ts']);
    await writeFile(join(root, 'lib', 't.md'), 'other text');
    const after = await codeDigest(root, ['stage.ts']);
    expect(after.digest).not.toBe(before.digest);
    expect(Object.keys(after.files).filter((f) => after.files[f] !== before.files[f])).toEqual(['lib/t.md']);
  });

  it('names the file and specifier it cannot resolve', async () => {
    await writeFile(join(root, 'broken.ts'), "import { x } from './missing.ts';\n");
    await expect(codeClosure(root, ['broken.ts'])).rejects.toThrow(/broken.ts: cannot resolve import '.\/missing.ts'/);
  });
});
