import { ArgumentError } from '../../functions/domain/errors.js';
import type { DslComponent } from '../../functions/domain/job/dsl-schema.js';
import type { BoundTables } from '../../functions/domain/ports/bound-tables.js';
import type { TableStore } from '../../functions/domain/ports/table-store.js';
import type { MetricRecord } from '../../functions/domain/ports/tracking-store.js';
import { assertRecordFits } from '../../functions/domain/records/stored-size.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import type { ComponentContext, FederationChannel, TaskThreads } from '../components/component.js';
import { summarizeCsv } from './csv.js';
import { outputKey } from './output-keys.js';
import { type InputSources, readInputs } from './read-inputs.js';
import { jobModelSource, type ModelSource, readModels } from './read-models.js';
import { readStoredTable } from './read-table.js';

export interface ContextDeps extends InputSources {
  readonly now: () => number;
  /** A component's line on the task's log (the runner's logger at INFO). */
  readonly log: (message: string) => void;
  /** The task's data plane to the other parties; without one, a component that exchanges values fails clearly. */
  readonly federation?: FederationChannel;
  /** The site's stored tables (uploads), for `readTable`; without them, reading one fails clearly. */
  readonly tables?: TableStore;
  /** Where bound tables' rows are read (`flow table bind`). */
  readonly boundTables?: BoundTables;
  /** Resolves model references; by default this job's models at this party (`jobModelSource`). */
  readonly models?: ModelSource;
  /** The task's threads for CPU-bound work; without them, one. */
  readonly threads?: TaskThreads;
}

/** A step index is kept in 6 digits, so that checkpoints list in step order. */
const MAX_CHECKPOINT_STEP = 999_999;

/** A context built without a data plane: every exchange fails, naming why. */
const noFederation: FederationChannel = {
  roles: {},
  remote: () => Promise.reject(new ArgumentError('this task has no federation channel to send values through')),
  // Nothing to get ready: the first `remote` fails, naming why.
  prepare: () => undefined,
  get: () => Promise.reject(new ArgumentError('this task has no federation channel to receive values from')),
};

/**
 * Builds a component's context for one task: reads its inputs up front (a missing upstream table
 * fails the task before the component starts, with the reference named) and binds the writers to
 * the task's object keys and tracking records.
 */
export async function createComponentContext<P>(
  deps: ContextDeps,
  task: TaskKey & { readonly module: string },
  parameters: P,
  spec: DslComponent,
): Promise<ComponentContext<P>> {
  const key: TaskKey = {
    jobId: task.jobId,
    component: task.component,
    taskVersion: task.taskVersion,
    role: task.role,
    partyId: task.partyId,
  };
  const ref = { jobId: key.jobId, component: key.component, role: key.role, partyId: key.partyId };
  const outputs = { data: spec.output?.data ?? [], model: spec.output?.model ?? [] };
  const inputs = await readInputs(deps, key, spec);
  const models = await readModels(deps.models ?? jobModelSource(deps), key, spec);
  // The series this task has logged so far: the store replaces a series on each put, so appending
  // means putting the whole series again. Starting empty makes a retry's series replace the old one.
  const series = new Map<string, MetricRecord['data']>();

  const declared = (kind: 'data' | 'model', name: string): void => {
    if (outputs[kind].includes(name)) return;
    throw new ArgumentError(
      `${key.component} writes ${kind} output "${name}", which the DSL does not declare in output.${kind} ` +
        `(declared: ${outputs[kind].join(', ') || 'none'})`,
    );
  };

  return {
    ...key,
    module: task.module,
    parameters,
    inputs,
    models,
    async readTable(namespace, name) {
      const at = `${key.role} ${key.partyId}`;
      if (deps.tables === undefined) {
        throw new ArgumentError(`this task cannot read stored tables: the runner was given no table store (${at})`);
      }
      const sources = {
        tables: deps.tables,
        objects: deps.objects,
        ...(deps.boundTables === undefined ? {} : { bound: deps.boundTables }),
      };
      return readStoredTable(sources, namespace, name, at);
    },
    outputs,
    async writeData(name, csv, meta = {}) {
      declared('data', name);
      const summary = summarizeCsv(csv);
      const location = outputKey(key, name, 'csv');
      await deps.objects.put(location, summary.normalized, 'text/csv');
      await deps.tracking.putOutput({
        ...ref,
        kind: 'data',
        name,
        location,
        // The facts of the table win over what the component says of it.
        meta: { ...meta, header: summary.header, total: summary.total, sid: summary.sid, delimiter: ',' },
        createTime: deps.now(),
      });
    },
    async writeModel(name, model, meta = {}) {
      declared('model', name);
      const json = JSON.stringify(model);
      if (json === undefined) throw new ArgumentError(`model "${name}" has no JSON form`);
      const location = outputKey(key, name, 'json');
      await deps.objects.put(location, json, 'application/json');
      await deps.tracking.putOutput({ ...ref, kind: 'model', name, location, meta, createTime: deps.now() });
    },
    async writeCheckpoint(stepIndex, stepName, model, meta = {}) {
      const [alias] = outputs.model;
      if (alias === undefined) {
        throw new ArgumentError(`${key.component} writes a checkpoint, but the DSL declares no model output for it`);
      }
      if (!Number.isSafeInteger(stepIndex) || stepIndex < 0 || stepIndex > MAX_CHECKPOINT_STEP) {
        throw new ArgumentError(
          `checkpoint step_index must be an integer from 0 to ${MAX_CHECKPOINT_STEP}, got ${stepIndex}`,
        );
      }
      const json = JSON.stringify(model);
      if (json === undefined) throw new ArgumentError(`checkpoint ${stepIndex} has no JSON form`);
      const step = String(stepIndex).padStart(6, '0');
      const location = outputKey(key, `checkpoints/${step}`, 'json');
      await deps.objects.put(location, json, 'application/json');
      await deps.tracking.putOutput({
        ...ref,
        kind: 'checkpoint',
        name: step,
        location,
        meta: { ...meta, step_index: stepIndex, step_name: stepName, model_alias: alias },
        createTime: deps.now(),
      });
    },
    async logMetric(namespace, name, points, meta = {}) {
      const id = JSON.stringify([namespace, name]);
      const data = [...(series.get(id) ?? []), ...points];
      series.set(id, data);
      await deps.tracking.putMetric({ ...ref, namespace, name, data, meta });
    },
    async writeSummary(summary) {
      const record = { ...ref, summary };
      assertRecordFits(record, `the summary of ${key.component}`, 'keep lists of values in metrics or models instead');
      await deps.tracking.putSummary(record);
    },
    log: deps.log,
    federation: deps.federation ?? noFederation,
    ...(deps.threads === undefined ? {} : { threads: deps.threads }),
  };
}
