import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import type {
  ComponentContext,
  FederationChannel,
  InputModel,
  InputTable,
  ModelInputKind,
} from '../../../../runner/components/component.js';
import { parseCsv } from '../../../../runner/context/csv.js';

/** What a component stored through its fake context. */
export interface Written {
  readonly data: Map<string, { csv: string; meta: Readonly<Record<string, unknown>> }>;
  readonly models: Map<string, { model: unknown; meta: Readonly<Record<string, unknown>> }>;
  readonly metrics: Map<string, (readonly [string | number, number])[]>;
  readonly logs: string[];
  /** Every summary written, in order (the last one is what the store keeps). */
  readonly summaries: Readonly<Record<string, unknown>>[];
}

/** An input table as the runner would read it from a CSV with the given meta. */
export function inputTable(name: string, csv: string, meta: Readonly<Record<string, unknown>> = {}): InputTable {
  const { header, rows } = parseCsv(csv, ',');
  return { name, header, rows, csv, meta: { delimiter: ',', ...meta } };
}

/** A component context at one party, in memory: inputs given, outputs captured in `written`. */
export function fakeContext<P>(
  party: PartyRef,
  parameters: P,
  federation: FederationChannel,
  inputs: Readonly<Record<string, readonly InputTable[]>>,
  module: string,
  models: Partial<Record<ModelInputKind, readonly InputModel[]>> = {},
): { ctx: ComponentContext<P>; written: Written } {
  const written: Written = { data: new Map(), models: new Map(), metrics: new Map(), logs: [], summaries: [] };
  const ctx: ComponentContext<P> = {
    jobId: 'job-1',
    component: `${module.toLowerCase()}_0`,
    taskVersion: 0,
    role: party.role,
    partyId: party.partyId,
    module,
    parameters,
    inputs,
    models: { model: models.model ?? [], isometric_model: models.isometric_model ?? [] },
    outputs: { data: ['data'], model: ['model'] },
    readTable: () => Promise.reject(new Error('no stored tables in this test')),
    async writeData(name, csv, meta = {}) {
      written.data.set(name, { csv, meta });
    },
    async writeModel(name, model, meta = {}) {
      written.models.set(name, { model: JSON.parse(JSON.stringify(model)), meta });
    },
    async writeCheckpoint(stepIndex, stepName, model, meta = {}) {
      written.models.set(`checkpoint ${stepIndex} ${stepName}`, { model: JSON.parse(JSON.stringify(model)), meta });
    },
    async logMetric(namespace, name, points) {
      const key = `${namespace}/${name}`;
      written.metrics.set(key, [...(written.metrics.get(key) ?? []), ...points]);
    },
    async writeSummary(summary) {
      written.summaries.push(JSON.parse(JSON.stringify(summary)));
    },
    log(message) {
      written.logs.push(message);
    },
    federation,
  };
  return { ctx, written };
}
