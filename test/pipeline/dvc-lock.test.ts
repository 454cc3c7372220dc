import { describe, expect, it } from 'vitest';
import { pruneDvcLock } from '../../pipeline/dvc.ts';

// the layout DVC 3 writes (ruamel: two-space mappings, sequences level with their key)
const LOCK = `schema: '2.0'
stages:
  train.intro.1:
    cmd: npx tsx main.ts run-node train@intro/1
    deps:
    - path: stages/train.ts
      hash: md5
      md5: 0123456789abcdef0123456789abcdef
      size: 120
    outs:
    - path: artifacts/train/intro/1
      hash: md5
      md5: fedcba9876543210fedcba9876543210.dir
      size: 33
      nfiles: 1
  analyze.intro:
    cmd: npx tsx main.ts run-node analyze@intro
`;

describe('pruneDvcLock', () => {
  it('drops the records of stages dvc.yaml no longer has and keeps the rest byte for byte', () => {
    const pruned = pruneDvcLock(LOCK, new Set(['train.intro.1']));
    expect(pruned).toBe(LOCK.slice(0, LOCK.indexOf('  analyze.intro:')));
  });

  it('returns the file untouched when every record has its stage', () => {
    expect(pruneDvcLock(LOCK, new Set(['train.intro.1', 'analyze.intro', 'report']))).toBe(LOCK);
  });
});
