import { describe, expect, it } from 'vitest';
import { buildDag, nodeId, parseNodeId, topologicalOrder, upstreamClosure } from '../../pipeline/dag.ts';
import type { PipelineDefinition, StageDefinition } from '../../pipeline/types.ts';

function stage(name: string, foreach: boolean, needs: StageDefinition<unknown>['needs']): StageDefinition<unknown> {
  return { name, description: name, file: `${name}.ts`, foreach, needs, paramKeys: () => [], run: async () => {} };
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
        [stage('report', false, [{ stage: 'train', items: 'all' }]), stage('train', true, [{ stage: 'data', items: 'same' }]), stage('data', true, [])],
        ['a', 'b'],
      ),
      {},
    );
    expect(dag.nodes.map((n) => n.id)).toEqual(['data@a', 'data@b', 'train@a', 'train@b', 'report']);
    expect(dag.byId.get('train@b')!.upstream).toEqual(['data@b']);
    expect(dag.byId.get('report')!.upstream).toEqual(['train@a', 'train@b']);
  });

  it('rejects a need of an unknown stage, naming the known ones', () => {
    expect(() => buildDag(definition([stage('a', true, [{ stage: 'nope', items: 'same' }])], ['x']), {})).toThrow(/unknown stage 'nope' \(stages: a\)/);
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
    expect(parseNodeId('report')).toEqual({ stage: 'report', item: undefined });
  });
});
