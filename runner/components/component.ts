import type { Worker } from 'node:worker_threads';
import type * as z from 'zod';
import type { PartyRef, RoleParties } from '../../functions/domain/job/roles.js';
import type { ComponentSpec } from '../../functions/domain/plan/component-catalog.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';

/**
 * The contract between the task runner and a component. A component is its spec (module, roles,
 * zod parameter schema: what the planner checks at submit; `components/`) plus `run`, which the
 * runner calls once per task at one party with everything it may touch in `ctx`. Components never
 * see the stores: the context reads their inputs and writes their outputs, so where data lives (S3
 * or a folder, which object key) is decided in one place.
 */
export interface RunnableComponent<S extends z.ZodType = z.ZodType> extends ComponentSpec<S> {
  /**
   * Does the party's part of the work. Resolving is success; throwing is failure (the message goes
   * to the task's error report). A method, not a property, so that a component with a precise
   * schema still fits a registry of `RunnableComponent`.
   */
  run(ctx: ComponentContext<z.output<S>>): Promise<void>;
}

/**
 * A spec paired with the code that runs it: the spec's schema types `run`'s parameters, and the
 * schema exists once, in the spec.
 */
export function defineComponent<S extends z.ZodType>(
  spec: ComponentSpec<S>,
  implementation: Pick<RunnableComponent<S>, 'run'>,
): RunnableComponent<S> {
  return { ...spec, run: (ctx) => implementation.run(ctx) };
}

/**
 * A component of a runner's catalog by its module name, its code (and its parameter schema)
 * loaded only when a task needs it: a runner process runs one task, so it loads one component,
 * not the whole catalog (docs/task-start.md).
 */
export interface ComponentLoader {
  readonly module: string;
  load(): Promise<RunnableComponent>;
}

/** A component already loaded, as a catalog entry (tests hand the runner their own components so). */
export function loadedComponent(component: RunnableComponent): ComponentLoader {
  return { module: component.module, load: async () => component };
}

/**
 * An upstream component's data output as this party holds it. CSV, cells split on the stored
 * delimiter without quoting (as FATE reads its tables).
 */
export interface InputTable {
  /** The DSL reference it was read through, e.g. "reader_0.data". */
  readonly name: string;
  /** The header line's cells, the id column first (FATE's `meta.header` leaves the id out). */
  readonly header: readonly string[];
  /** The data rows' cells, aligned with `header`. */
  readonly rows: readonly (readonly string[])[];
  /** The table exactly as stored, header line first. */
  readonly csv: string;
  /** The upstream output's meta: {header, total, sid, delimiter, …}. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** The DSL's model input kinds: `input.model` (predict, warm start) and `input.isometric_model` (FATE's transform with a fitted model). */
export type ModelInputKind = 'model' | 'isometric_model';

/**
 * A model input as this party holds it: the object the upstream training component wrote with
 * `ctx.writeModel` (its own party's side), whether from this job or a deployed model.
 */
export interface InputModel {
  /** The reference without a `pipeline.` prefix, e.g. "hetero_lr_0.model". */
  readonly name: string;
  /** The component that wrote it. */
  readonly component: string;
  /** The model object, as written. */
  readonly model: unknown;
  /** The meta stored with it, e.g. {model_type}. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/**
 * What parties exchange through the federation's data plane: JSON values, plus bigints (Paillier
 * ciphertexts, RSA values) and byte arrays (curve points), which the channel encodes losslessly.
 */
export type TransferValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | Uint8Array
  | readonly TransferValue[]
  | { readonly [key: string]: TransferValue };

/**
 * FATE's federation `remote` / `get` for one task: values sent to and received from the other
 * parties' tasks of the same component. Tags are scoped by the channel to the job, the component
 * and the task version, so a retry never reads a value of an earlier attempt.
 */
export interface FederationChannel {
  /** The job's parties by role, as the runtime conf gives them (this party included). */
  readonly roles: RoleParties;
  /**
   * Sends `value` under `tag` to each party (signed, over the same HTTPS federation as every
   * command). Sending the same tag to the same party twice is harmless; a different value is refused.
   */
  remote(tag: string, value: TransferValue, to: readonly PartyRef[]): Promise<void>;
  /**
   * Gets ready to send to each party without sending anything (locally: the peer client's code,
   * the task's delegated key, each party's registry entry), so that the first `remote` does not
   * wait for them; a component calls it before work that keeps it busy. Nothing is reported here:
   * what fails is reported by the first `remote` that needs it.
   */
  prepare(to: readonly PartyRef[]): void;
  /**
   * The value `from` sent to this party under `tag`, waiting for it to arrive; rejects when it has
   * not arrived within `timeoutMs` (default: the channel's, minutes), never waits forever.
   */
  get(tag: string, from: PartyRef, options?: { readonly timeoutMs?: number }): Promise<TransferValue>;
}

/** What a component may know and do while it runs. The task identity comes first (TaskKey). */
/** What a worker thread of the runner serves (runner/serve-worker.ts): HeteroLR's Paillier work. */
export type WorkerKind = 'paillier';

/**
 * The task's cores for a component's CPU-bound work: how many threads it may keep busy (FATE's
 * task_cores, at most the machine's cores) and how to start one — the runner's own file entered
 * again as a worker thread, so the bundle and the container image need nothing beside it.
 */
export interface TaskThreads {
  /** 1: the work stays on the runner's own thread. */
  readonly count: number;
  start(kind: WorkerKind): Worker;
}

export interface ComponentContext<P = unknown> extends TaskKey {
  readonly module: string;
  /** This party's parameters, already validated (and defaulted) by the component's schema. */
  readonly parameters: P;
  /** Per data input kind of the DSL (`input.data.<kind>`: data, train_data …), the upstream tables, in DSL order. */
  readonly inputs: Readonly<Record<string, readonly InputTable[]>>;
  /**
   * The models the DSL gives (`input.model`, `input.isometric_model`), this party's side, in DSL
   * order: this job's `<component>.<output>`, or `pipeline.<component>.<output>` of the deployed
   * model a predict job names.
   */
  readonly models: Readonly<Record<ModelInputKind, readonly InputModel[]>>;
  /**
   * A table this party stored by name (`flow data upload`), cells split on its own delimiter; fails
   * naming `namespace.name` and the party when there is none. What FATE's Reader reads.
   */
  readTable(namespace: string, name: string): Promise<InputTable>;
  /** The output names the DSL declares for this component; only these may be written. */
  readonly outputs: { readonly data: readonly string[]; readonly model: readonly string[] };
  /**
   * Stores a data output: `csv` has a header line (id column first) and `,`-separated cells.
   * Its meta records {header (without the id), total, sid, delimiter} computed from the CSV, over `meta`.
   */
  writeData(outputName: string, csv: string, meta?: Readonly<Record<string, unknown>>): Promise<void>;
  /** Stores a model output as JSON, with `meta` (e.g. {model_type}). */
  writeModel(name: string, model: unknown, meta?: Readonly<Record<string, unknown>>): Promise<void>;
  /**
   * Stores the model as it stands after one step of an iterative component (FATE's checkpoint:
   * `step_index` from 0, `step_name` e.g. the iteration), for `flow checkpoint list/get`. A step
   * written again replaces the earlier one; a component without a model output has no checkpoints.
   */
  writeCheckpoint(
    stepIndex: number,
    stepName: string,
    model: unknown,
    meta?: Readonly<Record<string, unknown>>,
  ): Promise<void>;
  /**
   * Appends points to a metric series of this task (FATE's metric_namespace / metric_name). The
   * first call of a task version replaces what an earlier version stored under the same name.
   */
  logMetric(
    namespace: string,
    name: string,
    points: ReadonlyArray<readonly [string | number, number]>,
    meta?: Readonly<Record<string, unknown>>,
  ): Promise<void>;
  /**
   * Stores what the component says of its run (FATE's `set_summary`, shown by `flow component
   * get-summary`), replacing an earlier one of this task; a summary over the store's record limit
   * fails the task, naming its size.
   */
  writeSummary(summary: Readonly<Record<string, unknown>>): Promise<void>;
  /** A line on the task's log: a JSON line at INFO with the task's job, role, party and component. */
  log(message: string): void;
  /** The data plane to this component's tasks at the other parties of the job. */
  readonly federation: FederationChannel;
  /** The task's threads; absent, one (the runner's own). */
  readonly threads?: TaskThreads;
}

/**
 * Thrown by a component that wants the runner's process to end with a given exit code (the Sleep
 * component, to test how launchers report failures). The task is still recorded failed first.
 */
export class ComponentExit extends Error {
  override readonly name = 'ComponentExit';

  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
