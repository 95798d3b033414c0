import type { Role } from '../job/roles.js';

/** Identifies one component's task at one party (FATE's tracking key). */
export interface ComponentRef {
  readonly jobId: string;
  readonly component: string;
  readonly role: Role;
  readonly partyId: number;
}

/** A metric series (FATE: metric_namespace / metric_name with [[key, value]] points and a meta). */
export interface MetricRecord extends ComponentRef {
  readonly namespace: string;
  readonly name: string;
  readonly data: ReadonlyArray<readonly [string | number, number]>;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** What a component stores besides metrics: data tables, models, and iterative models' checkpoints. */
export type OutputKind = 'data' | 'model' | 'checkpoint';

/** An output of a component: a data table (rows in the object store), a model, or a model's checkpoint. */
export interface OutputRecord extends ComponentRef {
  readonly kind: OutputKind;
  /** The DSL's output name, e.g. "data" or "model". */
  readonly name: string;
  /** Object-store key of the content. */
  readonly location: string;
  /** Data: {header: string[], total: number, sid}; model: the model's meta; checkpoint: {step_index, step_name, model_alias, …}. */
  readonly meta: Readonly<Record<string, unknown>>;
  readonly createTime: number;
}

/**
 * What a component says of its run (FATE's `set_summary`, read by `flow component get-summary`):
 * one JSON object per task, e.g. Intersection's intersect_num and intersect_rate.
 */
export interface SummaryRecord extends ComponentRef {
  readonly summary: Readonly<Record<string, unknown>>;
}

export interface TrackingStore {
  putMetric(metric: MetricRecord): Promise<void>;
  listMetrics(ref: ComponentRef): Promise<MetricRecord[]>;
  getMetric(ref: ComponentRef, namespace: string, name: string): Promise<MetricRecord | undefined>;
  putOutput(output: OutputRecord): Promise<void>;
  listOutputs(ref: ComponentRef, kind?: OutputKind): Promise<OutputRecord[]>;
  /** Replaces the component's summary at this party (a retried task's summary is the newest). */
  putSummary(summary: SummaryRecord): Promise<void>;
  getSummary(ref: ComponentRef): Promise<SummaryRecord | undefined>;
  /** Deletes the component's metrics, outputs and summary (FATE's `clean`); returns how many records went. */
  clean(ref: ComponentRef): Promise<number>;
}
