// Expands a pipeline definition into its DAG of nodes and orders it. The DAG is small (tens of
// nodes), so plain arrays and Kahn's algorithm are enough; a cycle is reported with its path.

import { PipelineError } from './errors.ts';
import type { NodeRef, PipelineDefinition, StageDefinition } from './types.ts';

/** An item: one or more segments of letters, digits, '-' and '_', joined by '/' (e.g. "intro" or "intro/7"). */
const ITEM_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export function nodeId(stage: string, item: string | undefined): string {
  return item === undefined ? stage : `${stage}@${item}`;
}

export function parseNodeId(id: string): { stage: string; item: string | undefined } {
  const at = id.indexOf('@');
  return at < 0 ? { stage: id, item: undefined } : { stage: id.slice(0, at), item: id.slice(at + 1) };
}

export interface DagNode<P> extends NodeRef {
  definition: StageDefinition<P>;
  /** ids of the nodes this one reads */
  upstream: string[];
}

export interface Dag<P> {
  /** in topological order: every node after all of its upstream nodes */
  nodes: DagNode<P>[];
  byId: Map<string, DagNode<P>>;
  items: string[];
}

export function buildDag<P>(definition: PipelineDefinition<P>, params: P): Dag<P> {
  const items = definition.items(params);
  const stages = new Map(definition.stages.map((s) => [s.name, s]));
  const itemsOf = new Map(definition.stages.map((s) => [s.name, s.foreach ? (s.items?.(params) ?? items) : []]));
  for (const [name, list] of itemsOf) {
    // items name workspace folders (artifacts/<stage>/<item>) and DVC stages: plain path segments only
    const bad = list.find((item) => !ITEM_PATTERN.test(item));
    if (bad !== undefined)
      throw new PipelineError(
        'E_DAG',
        `stage '${name}' has item '${bad}' (allowed: letters, digits, '-' and '_', in segments joined by '/')`,
      );
    const duplicate = list.find((item, k) => list.indexOf(item) !== k);
    if (duplicate !== undefined) throw new PipelineError('E_DAG', `stage '${name}' lists item '${duplicate}' twice`);
  }
  const nodes: DagNode<P>[] = [];
  for (const stage of definition.stages) {
    for (const item of stage.foreach ? itemsOf.get(stage.name)! : [undefined]) {
      const upstream: string[] = [];
      for (const need of stage.needs) {
        const target = stages.get(need.stage);
        if (!target) {
          throw new PipelineError(
            'E_DAG',
            `stage '${stage.name}' needs unknown stage '${need.stage}' (stages: ${[...stages.keys()].join(', ')})`,
          );
        }
        if (!target.foreach) {
          upstream.push(nodeId(target.name, undefined));
          continue;
        }
        const available = itemsOf.get(target.name)!;
        let wanted: readonly string[];
        if (need.items === 'all') wanted = available;
        else if (need.items === 'same') {
          if (item === undefined)
            throw new PipelineError('E_DAG', `stage '${stage.name}' runs once but needs '${need.stage}' of the same item`);
          wanted = [item];
        } else wanted = need.items(item, params);
        for (const other of wanted) {
          if (!available.includes(other)) {
            throw new PipelineError(
              'E_DAG',
              `${nodeId(stage.name, item)} needs '${nodeId(target.name, other)}', which is not a node (items of '${target.name}': ${available.join(', ')})`,
            );
          }
          upstream.push(nodeId(target.name, other));
        }
      }
      nodes.push({ stage: stage.name, item, id: nodeId(stage.name, item), definition: stage, upstream });
    }
  }
  const ordered = topologicalOrder(nodes);
  return { nodes: ordered, byId: new Map(ordered.map((n) => [n.id, n])), items };
}

/** Kahn's algorithm, stable with respect to the declaration order. Throws on a cycle. */
export function topologicalOrder<N extends { id: string; upstream: string[] }>(nodes: N[]): N[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const remaining = new Map(nodes.map((n) => [n.id, n.upstream.length]));
  for (const node of nodes) {
    for (const up of node.upstream) {
      if (!byId.has(up)) throw new PipelineError('E_DAG', `node '${node.id}' needs unknown node '${up}'`);
    }
  }
  const ordered: N[] = [];
  const done = new Set<string>();
  while (ordered.length < nodes.length) {
    const ready = nodes.filter((n) => !done.has(n.id) && n.upstream.every((u) => done.has(u)));
    if (ready.length === 0) {
      const stuck = nodes.filter((n) => !done.has(n.id));
      throw new PipelineError('E_CYCLE', `the DAG has a cycle: ${describeCycle(stuck)}`);
    }
    for (const node of ready) {
      ordered.push(node);
      done.add(node.id);
      remaining.delete(node.id);
    }
  }
  return ordered;
}

function describeCycle<N extends { id: string; upstream: string[] }>(stuck: N[]): string {
  const byId = new Map(stuck.map((n) => [n.id, n]));
  const path: string[] = [];
  let current = stuck[0];
  while (current && !path.includes(current.id)) {
    path.push(current.id);
    current = current.upstream.map((u) => byId.get(u)).find((n) => n !== undefined);
  }
  if (current) path.push(current.id);
  return path.reverse().join(' → ');
}

/** Up to this many node ids are listed in full when a name matches none; a larger DAG gets suggestions. */
const LIST_ALL_UP_TO = 12;
const SUGGESTIONS = 5;

/** Edit distance (insertions, deletions, substitutions and swaps of two neighbours, the commonest typos). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The error for a node name that matches none of `ids`: every id when there are few, else the closest
 * ones (those that contain the name, else the fewest edits away, of the same stage where it names one)
 * and how to list them all: one line either way, not a screenful of every seed of every experiment.
 */
export function unknownNodeError(id: string, ids: readonly string[]): PipelineError {
  if (ids.length <= LIST_ALL_UP_TO) return new PipelineError('E_NODE', `unknown node '${id}' (nodes: ${ids.join(', ')})`);
  const containing = ids.filter((n) => n.includes(id));
  const stage = id.includes('@') ? id.slice(0, id.indexOf('@') + 1) : '';
  const sameStage = ids.filter((n) => stage !== '' && n.startsWith(stage));
  const closest =
    containing.length > 0
      ? containing.slice(0, SUGGESTIONS)
      : (sameStage.length > 0 ? sameStage : ids)
          .map((n, i) => ({ n, i, d: editDistance(id, n) }))
          .sort((a, b) => a.d - b.d || a.i - b.i)
          .slice(0, SUGGESTIONS)
          .map((e) => e.n);
  return new PipelineError('E_NODE', `unknown node '${id}' (closest: ${closest.join(', ')}; 'ls' lists all ${ids.length} nodes)`);
}

/** The nodes `targets` depend on, transitively, plus the targets themselves, in DAG order. */
export function upstreamClosure<P>(dag: Dag<P>, targets: string[]): DagNode<P>[] {
  const wanted = new Set<string>();
  const visit = (id: string): void => {
    if (wanted.has(id)) return;
    const node = dag.byId.get(id);
    if (!node) throw unknownNodeError(id, [...dag.byId.keys()]);
    wanted.add(id);
    node.upstream.forEach(visit);
  };
  targets.forEach(visit);
  return dag.nodes.filter((n) => wanted.has(n.id));
}

/**
 * Each node's critical-path weight: its own cost plus the largest weight among the nodes that read it,
 * i.e. the estimated work from starting it to the end of the DAG. `nodes` must be in topological order.
 */
export function criticalPathWeights<N extends { id: string; upstream: string[] }>(
  nodes: readonly N[],
  cost: (node: N) => number,
): Map<string, number> {
  const downstreamMax = new Map<string, number>();
  const weights = new Map<string, number>();
  for (let k = nodes.length - 1; k >= 0; k -= 1) {
    const node = nodes[k]!;
    const own = cost(node);
    if (!(Number.isFinite(own) && own >= 0))
      throw new PipelineError('E_DAG', `cost estimate of node '${node.id}' is ${own}, not a finite number ≥ 0`);
    const weight = own + (downstreamMax.get(node.id) ?? 0);
    weights.set(node.id, weight);
    for (const up of node.upstream) downstreamMax.set(up, Math.max(downstreamMax.get(up) ?? 0, weight));
  }
  return weights;
}
