import { parseReference } from '../../functions/domain/dag/references.js';
import { DataError } from '../../functions/domain/errors.js';
import type { DslComponent } from '../../functions/domain/job/dsl-schema.js';
import type { ObjectStore } from '../../functions/domain/ports/object-store.js';
import type { TrackingStore } from '../../functions/domain/ports/tracking-store.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import type { InputTable } from '../components/component.js';
import { parseCsv } from './csv.js';

export interface InputSources {
  readonly tracking: TrackingStore;
  readonly objects: ObjectStore;
  /**
   * Whether the upstream component does not run at this party (need_run false: FATE's arbiter has
   * no Reader, DataTransform or Intersection). Its output is then absent by design, not missing.
   */
  readonly skippedHere?: (component: string) => Promise<boolean>;
}

/**
 * The upstream tables of every data input kind the DSL gives this component (`input.data.<kind>`),
 * read at this party: in a federated job each party's task reads its own side of the upstream
 * component's output (guest reads guest's, host reads host's), never another party's data.
 */
export async function readInputs(
  sources: InputSources,
  task: TaskKey,
  spec: DslComponent,
): Promise<Record<string, InputTable[]>> {
  const inputs: Record<string, InputTable[]> = {};
  for (const [kind, references] of Object.entries(spec.input?.data ?? {})) {
    const tables = await Promise.all(references.map((reference) => readInput(sources, task, kind, reference)));
    inputs[kind] = tables.filter((table) => table !== undefined);
  }
  return inputs;
}

async function readInput(
  sources: InputSources,
  task: TaskKey,
  kind: string,
  text: string,
): Promise<InputTable | undefined> {
  const where = `input.data.${kind} "${text}"`;
  const reference = parseReference(text);
  // `args.*` and `pipeline.*` name data a predict job hands over; no component of ours reads them yet.
  if (reference?.kind !== 'component') {
    throw new DataError(`${where}: the runner reads only "<component>.<output>" data references`);
  }
  const at = `${task.role} ${task.partyId}`;
  const outputs = await sources.tracking.listOutputs(
    { jobId: task.jobId, component: reference.component, role: task.role, partyId: task.partyId },
    'data',
  );
  const output = outputs.find((candidate) => candidate.name === reference.output);
  if (output === undefined) {
    if (await sources.skippedHere?.(reference.component)) return undefined;
    throw new DataError(`${where}: ${reference.component} stored no data output "${reference.output}" at ${at}`);
  }
  const body = await sources.objects.get(output.location);
  if (body === undefined) {
    throw new DataError(
      `${where}: the table of ${text} at ${at} is missing from the object store (${output.location})`,
    );
  }
  const csv = new TextDecoder().decode(body);
  const delimiter = typeof output.meta.delimiter === 'string' ? output.meta.delimiter : ',';
  const { header, rows } = parseCsv(csv, delimiter);
  return { name: text, header, rows, csv, meta: output.meta };
}
