import { describe, expect, it } from 'vitest';
import { checkJob, describePart } from '../../pipeline/queue.ts';

const KEY = 'a'.repeat(64);

describe('checkJob', () => {
  it('takes a whole node, one shard of it, or the merge of its shards', () => {
    expect(checkJob({ node: 'train@intro/1', key: KEY, force: false })).toEqual({ job: { node: 'train@intro/1', key: KEY, force: false } });
    const shard = { node: 'make@a', key: KEY, force: true, part: { kind: 'shard', index: 19, count: 20 } };
    expect(checkJob(shard)).toEqual({ job: shard });
    const merge = { node: 'make@a', key: KEY, force: false, part: { kind: 'merge', count: 4096 } };
    expect(checkJob(merge)).toEqual({ job: merge });
  });

  it.each([
    [{ kind: 'shard', index: 20, count: 20 }, 'an index past the count'],
    [{ kind: 'shard', index: -1, count: 20 }, 'a negative index'],
    [{ kind: 'shard', index: 0.5, count: 20 }, 'a fractional index'],
    [{ kind: 'shard', count: 20 }, 'a shard without an index'],
    [{ kind: 'merge', count: 1 }, 'a merge of one'],
    [{ kind: 'merge', count: 4097 }, 'more shards than allowed'],
    [{ kind: 'merge', index: 0, count: 3 }, 'a merge with an index'],
    [{ kind: 'merge', count: 3, path: '../x' }, 'a field of its own'],
    [{ kind: 'run', count: 3 }, 'another kind'],
    ['shard 1/3', 'a string'],
    [null, 'null'],
  ])('refuses the part %j (%s) with its reason', (part, _what) => {
    const checked = checkJob({ node: 'make@a', key: KEY, force: false, part });
    expect(checked).toEqual({ why: `its part ${JSON.stringify(part)} is not a shard or a merge of at most 4096 shards` });
  });

  it('names a part as the logs do, counting shards from 1', () => {
    expect(describePart({ kind: 'shard', index: 0, count: 3 })).toBe(' shard 1/3');
    expect(describePart({ kind: 'merge', count: 3 })).toBe(' (merge of 3 shards)');
    expect(describePart(undefined)).toBe('');
  });
});
