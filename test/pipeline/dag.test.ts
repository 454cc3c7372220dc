import { describe, expect, it } from 'vitest';
import {
  buildDag,
  criticalPathWeights,
  nodeId,
  parseNodeId,
  topologicalOrder,
  unknownNodeError,
  upstreamClosure,
} from '../../pipeline/dag.ts';
import type { PipelineDefinition, StageDefinition } from '../../pipeline/types.ts';

function stage(name: string, foreach: boolean, needs: StageDefinition<unknown>['needs'], items?: string[]): StageDefinition<unknown> {
  return {
    name,
    description: name,
    file: `${name}.ts`,
    foreach,
    needs,
    paramKeys: () => [],
    run: async () => {},
    ...(items ? { items: () => items } : {}),
  };
}

function definition(stages: StageDefinition<unknown>[], items: string[]): PipelineDefinition<unknown> {
  return {
    name: 't',
    root: '/nonexistent',
    paramsFile: 'p.yaml',
    parseParams: (raw) => raw,
    items: () => items,
    stages,
    toolchain: () => ({}),
    seed: () => 0,
    globalDeps: [],
    runNodeCommand: 'x',
  };
}

describe('buildDag', () => {
  it('expands stages × items and wires same-item and all-item needs', () => {
    const dag = buildDag(
      definition(
        [
          stage('report', false, [{ stage: 'train', items: 'all' }]),
          stage('train', true, [{ stage: 'data', items: 'same' }]),
          stage('data', true, []),
        ],
        ['a', 'b'],
      ),
      {},
    );
    expect(dag.nodes.map((n) => n.id)).toEqual(['data@a', 'data@b', 'train@a', 'train@b', 'report']);
    expect(dag.byId.get('train@b')!.upstream).toEqual(['data@b']);
    expect(dag.byId.get('report')!.upstream).toEqual(['train@a', 'train@b']);
  });

  it('runs a stage over its own items and wires the items a need names', () => {
    // train runs per experiment and seed; judge runs per experiment and reads that experiment's seeds
    const perSeed = ['a/1', 'a/2', 'b/1'];
    const dag = buildDag(
      definition(
        [
          stage('train', true, [], perSeed),
          stage('judge', true, [{ stage: 'train', items: (item) => perSeed.filter((s) => s.startsWith(`${item}/`)) }]),
          stage('report', false, [
            { stage: 'judge', items: 'all' },
            { stage: 'train', items: () => ['b/1'] },
          ]),
        ],
        ['a', 'b'],
      ),
      {},
    );
    expect(dag.nodes.map((n) => n.id)).toEqual(['train@a/1', 'train@a/2', 'train@b/1', 'judge@a', 'judge@b', 'report']);
    expect(dag.byId.get('judge@a')!.upstream).toEqual(['train@a/1', 'train@a/2']);
    expect(dag.byId.get('judge@b')!.upstream).toEqual(['train@b/1']);
    expect(dag.byId.get('report')!.upstream).toEqual(['judge@a', 'judge@b', 'train@b/1']);
  });

  it('rejects a need of an item the upstream stage does not have, and items that are not plain path segments', () => {
    const upstream = stage('train', true, [], ['a/1']);
    expect(() => buildDag(definition([upstream, stage('judge', true, [{ stage: 'train', items: () => ['a/2'] }])], ['a']), {})).toThrow(
      "judge@a needs 'train@a/2', which is not a node (items of 'train': a/1)",
    );
    for (const bad of ['../x', 'a//b', 'a b', '', 'a/']) {
      expect(() => buildDag(definition([stage('train', true, [], [bad])], []), {})).toThrow(
        `stage 'train' has item '${bad}' (allowed: letters, digits, '-' and '_', in segments joined by '/')`,
      );
    }
    expect(() => buildDag(definition([stage('train', true, [], ['x', 'x'])], []), {})).toThrow("stage 'train' lists item 'x' twice");
  });

  it('rejects a need of an unknown stage, naming the known ones', () => {
    expect(() => buildDag(definition([stage('a', true, [{ stage: 'nope', items: 'same' }])], ['x']), {})).toThrow(
      /unknown stage 'nope' \(stages: a\)/,
    );
  });

  it('reports a cycle with its path', () => {
    const nodes = [
      { id: 'a', upstream: ['c'] },
      { id: 'b', upstream: ['a'] },
      { id: 'c', upstream: ['b'] },
      { id: 'd', upstream: [] },
    ];
    expect(() => topologicalOrder(nodes)).toThrow(/cycle: .*a.*→.*→.*→/);
  });

  it('orders a diamond so every node follows its upstream nodes', () => {
    const order = topologicalOrder([
      { id: 'd', upstream: ['b', 'c'] },
      { id: 'b', upstream: ['a'] },
      { id: 'c', upstream: ['a'] },
      { id: 'a', upstream: [] },
    ]).map((n) => n.id);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('computes the upstream closure of a target', () => {
    const dag = buildDag(definition([stage('data', true, []), stage('train', true, [{ stage: 'data', items: 'same' }])], ['a', 'b']), {});
    expect(upstreamClosure(dag, ['train@b']).map((n) => n.id)).toEqual(['data@b', 'train@b']);
    expect(() => upstreamClosure(dag, ['train@z'])).toThrow(/unknown node 'train@z'/);
  });

  it('round-trips node ids', () => {
    expect(parseNodeId(nodeId('train', 'seed-intro'))).toEqual({ stage: 'train', item: 'seed-intro' });
    expect(parseNodeId(nodeId('train', 'seed-intro/7'))).toEqual({ stage: 'train', item: 'seed-intro/7' });
    expect(parseNodeId('report')).toEqual({ stage: 'report', item: undefined });
  });
});

describe('criticalPathWeights', () => {
  // a → c, b → c, c → d, b → e: costs a 5, b 1, c 2, d 3, e 10
  const nodes = [
    { id: 'a', upstream: [] },
    { id: 'b', upstream: [] },
    { id: 'c', upstream: ['a', 'b'] },
    { id: 'd', upstream: ['c'] },
    { id: 'e', upstream: ['b'] },
  ];
  const cost: Record<string, number> = { a: 5, b: 1, c: 2, d: 3, e: 10 };

  it('is each node’s cost plus the heaviest path below it', () => {
    const weights = criticalPathWeights(nodes, (n) => cost[n.id]!);
    // d 3; c 2+3 = 5; e 10; a 5+5 = 10; b 1 + max(c 5, e 10) = 11
    expect(Object.fromEntries(weights)).toEqual({ a: 10, b: 11, c: 5, d: 3, e: 10 });
  });

  it('rejects a cost that is not a finite number ≥ 0, naming the node', () => {
    expect(() => criticalPathWeights(nodes, (n) => (n.id === 'c' ? Number.NaN : 1))).toThrow(/node 'c'.*NaN/);
    expect(() => criticalPathWeights(nodes, (n) => (n.id === 'e' ? -1 : 1))).toThrow(/node 'e'/);
  });
});

describe('a node name that matches none', () => {
  const few = ['data@a', 'data@b', 'train@a', 'train@b', 'report'];
  // a DAG the size of the replication's: 3 stages × 20 experiments × 5 seeds
  const many = ['data', 'train', 'analyze'].flatMap((s) =>
    Array.from({ length: 20 }, (_, e) => `exp${e}`).flatMap((e) => [1, 2, 3, 4, 5].map((seed) => `${s}@${e}/${seed}`)),
  );

  it('lists every node of a small DAG', () => {
    expect(unknownNodeError('train@z', few).message).toBe("unknown node 'train@z' (nodes: data@a, data@b, train@a, train@b, report)");
  });

  it('names at most five close ones in a large DAG, and how many there are, in one line', () => {
    const missingSeed = unknownNodeError('train@exp7', many).message;
    expect(missingSeed).toBe(
      "unknown node 'train@exp7' (closest: train@exp7/1, train@exp7/2, train@exp7/3, train@exp7/4, train@exp7/5; 'ls' lists all 300 nodes)",
    );
    // a typo in the experiment: the closest of the same stage, by edit distance, the one-letter slip first
    expect(unknownNodeError('analyze@epx12/3', many).message).toMatch(
      /^unknown node 'analyze@epx12\/3' \(closest: analyze@exp12\/3, analyze@/,
    );
    // no stage given: the nodes that contain the name
    expect(unknownNodeError('exp19/5', many).message).toBe(
      "unknown node 'exp19/5' (closest: data@exp19/5, train@exp19/5, analyze@exp19/5; 'ls' lists all 300 nodes)",
    );
    expect(unknownNodeError('x', many).code).toBe('E_NODE');
  });
});
