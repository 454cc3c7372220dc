// The vocabulary of the generic engine. Nothing here knows what the pipeline computes: a project
// supplies a PipelineDefinition (its parameters, its items and its stages) and the engine expands it
// into a DAG of nodes (stage × item), caches each node by a content hash, and runs what is stale.

/** One node of the DAG: a stage, for one item when the stage runs per item (like DVC's foreach). */
export interface NodeRef {
  stage: string;
  item: string | undefined;
  /** "stage@item", or "stage" for a stage that runs once */
  id: string;
}

/** Which nodes of another stage a stage reads. */
export interface StageNeed<P = unknown> {
  stage: string;
  /**
   * 'same': the upstream node of the same item; 'all': every node of that stage; a function: the items
   * of that stage this node reads (e.g. every item of a finer-grained stage that belongs to this one)
   */
  items: 'same' | 'all' | ((item: string | undefined, params: P) => readonly string[]);
}

export interface StageDefinition<P> {
  name: string;
  /** one line, shown by `ls` and written into dvc.yaml */
  description: string;
  /** the stage's own source file, relative to the project root: the root of its code digest */
  file: string;
  /** true: one node per item; false: one node for the whole project */
  foreach: boolean;
  /**
   * The items this stage runs for when `foreach` (default: the pipeline's items). Stages may run over
   * different item sets, e.g. one node per experiment and seed upstream of one node per experiment.
   */
  items?(params: P): string[];
  needs: StageNeed<P>[];
  /**
   * The dotted parameter keys this node reads (e.g. "experiments.intro"). The node's cache key holds
   * exactly their values, and the stage receives a params object that contains only them.
   */
  paramKeys(params: P, item: string | undefined): string[];
  /**
   * Source files (relative to root) that the stage loads at run time through computed paths (e.g. the
   * item's own definition module and the modules it names; for a stage that runs once, item is
   * undefined): they join the code digest of that node only. May depend on the parameters (a module a
   * parameter names) and be asynchronous, for a project that has to read the item's definition to know them.
   */
  itemFiles?(item: string | undefined, params: P): readonly string[] | Promise<readonly string[]>;
  /** where the node's outputs appear in the workspace, relative to the root (default artifacts/<stage>/<item>) */
  outDir?(item: string | undefined): string;
  /**
   * true for a stage whose outputs are committed to git (a report kept as the baseline of a drift check):
   * git carries them, so DVC tracks them without caching them (it refuses to cache what git tracks), and
   * a fresh clone computes them rather than adopting the committed copy (pipeline-lock.ts)
   */
  outputsInGit?: boolean;
  /**
   * versions of what only this stage's outputs depend on (e.g. the report's Markdown plugins), added to the
   * pipeline's toolchain in this stage's cache keys alone, so that updating them reruns only this stage
   */
  toolchain?(): Record<string, string>;
  /**
   * true for a stage that reads ctx.runs() (the cache keys of the runs upstream of it, e.g. to cite them):
   * those keys then join its own cache key, so that what it writes from them is never a stale citation
   */
  readsRuns?: boolean;
  /**
   * How a node of this stage splits into shards that run apart (the distributed executor's workers take
   * one each) and merge into exactly the bytes a whole run writes. Absent: a node always runs whole. The
   * local executor runs nodes whole; only an executor that spreads work over machines splits them.
   */
  shards?: StageShards<P>;
  /** runs the node, or with ctx.shard one shard of it */
  run(ctx: StageContext<P>): Promise<void>;
}

export interface StageShards<P> {
  /**
   * How many shards the node's work splits into, read from its inputs (1: not worth splitting). The same
   * inputs must always give the same count: every shard's key and the merge depend on it.
   */
  count(ctx: Pick<StageContext<P>, 'node' | 'params' | 'input'>): Promise<number>;
  /**
   * Writes into ctx.outDir exactly what a whole run writes, from the outputs of every shard (`parts`: their
   * folders, in shard order).
   */
  merge(ctx: StageContext<P>, parts: readonly string[]): Promise<void>;
}

/** One shard of a node that splits into `count` of them. */
export interface ShardRef {
  index: number;
  count: number;
}

/**
 * A part of a sharded node's work, as one job runs it: one shard, or the merge of all of them (which runs
 * any shard it does not find cached itself).
 */
export type NodePart = ({ kind: 'shard' } & ShardRef) | { kind: 'merge'; count: number };

export interface ProgressUpdate {
  done: number;
  total: number;
  /** a short text such as "loss 0.0123" */
  detail: string;
}

export interface StageContext<P> {
  node: NodeRef;
  /** only the keys the stage declared in paramKeys; reading any other key gives undefined */
  params: P;
  /** the seed of this node, derived by the project from the base seed and the node */
  seed: number;
  toolchain: Readonly<Record<string, string>>;
  /**
   * Absolute directory holding the outputs of an upstream node (must be among the stage's needs);
   * without an item, the upstream node of this node's own item.
   */
  input(stage: string, item?: string): string;
  /** the items of the project, in order (for stages that aggregate over them) */
  items: readonly string[];
  /** the items of the upstream nodes of `stage` this node reads, in DAG order ([] for a stage that runs once) */
  inputItems(stage: string): string[];
  /** the shard this run computes (a stage that declares `shards`); undefined: the whole node */
  shard?: ShardRef;
  /** absolute path of an empty temporary directory: write every output here */
  outDir: string;
  /** absolute project root */
  root: string;
  log(message: string): void;
  progress(update: ProgressUpdate): void;
  /**
   * the run of every node upstream of this one (transitively) that the workspace holds, in DAG order, for
   * provenance; only for a stage that declares `readsRuns` (their keys are part of its own key)
   */
  runs(): Promise<RunRecord[]>;
}

export interface RunRecord {
  node: string;
  key: string;
  seconds: number;
  createdAt: string;
}

export interface PipelineDefinition<P> {
  name: string;
  /** absolute project root */
  root: string;
  /** relative to root */
  paramsFile: string;
  /** validate the parsed YAML; throw a ParamsError naming the key and the allowed values */
  parseParams(raw: unknown, file: string): P;
  items(params: P): string[];
  stages: StageDefinition<P>[];
  /** everything outside the code and parameters that can change a result (Node, backend, packages) */
  toolchain(params: P): Record<string, string>;
  seed(params: P, node: NodeRef): number;
  /**
   * An estimate of a node's run time, in any unit as long as it is the same for every node (e.g.
   * multiply-accumulates). Only the order matters: the scheduler starts the stale node with the most
   * estimated work on its path to the end of the DAG first, so the longest chain does not wait behind
   * short ones. Without it every node counts 1 (DAG order, then path length).
   */
  estimateCost?(params: P, node: NodeRef): number;
  /**
   * A few human-readable lines about a binary output (its layout, element type, statistics), which
   * `show` prints in a terminal instead of the raw bytes; undefined when there is nothing to add.
   */
  describeOutput?(file: string, bytes: Uint8Array): string | undefined;
  /** files that are deps of every node for DVC (e.g. the lockfile) */
  globalDeps: string[];
  /**
   * where `reproduce` writes its run record (pipeline/run-record.ts: commit, times, host, each node's
   * result and seconds), relative to root; absent: no record. Keep it outside every stage's outputs.
   */
  runRecord?: string;
  /**
   * the lock file (pipeline/pipeline-lock.ts), relative to root: each node's key and output digests,
   * written by `reproduce` and committed, so that outputs arriving without the cache (`dvc pull`) are
   * adopted instead of rerun; absent: none is written and nothing is adopted
   */
  lockFile?: string;
  /** how the DVC stage command invokes the runner; the node id is appended */
  runNodeCommand: string;
}
