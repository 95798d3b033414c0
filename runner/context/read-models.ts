import { parseReference } from '../../functions/domain/dag/references.js';
import { DataError } from '../../functions/domain/errors.js';
import type { DslComponent } from '../../functions/domain/job/dsl-schema.js';
import type { PipelinedModel } from '../../functions/domain/model/pipelined-model.js';
import type { ObjectStore } from '../../functions/domain/ports/object-store.js';
import type { TrackingStore } from '../../functions/domain/ports/tracking-store.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';

/** A model a component reads (`input.model` / `input.isometric_model`): its reference, content and meta. */
export interface InputModel {
  /** The reference as the DSL wrote it, e.g. `pipeline.hetero_lr_0.model` or `hetero_lr_0.model`. */
  readonly name: string;
  readonly model: unknown;
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface ModelSources {
  readonly tracking: TrackingStore;
  readonly objects: ObjectStore;
  /**
   * This party's model of the predict job's model_version (a deployed model), for `pipeline.*`
   * references; absent, or resolving to nothing, when the job names none.
   */
  readonly pipelineModel?: () => Promise<PipelinedModel | undefined>;
}

const MODEL_KINDS = ['model', 'isometric_model'] as const;

/**
 * The models of every model input kind the DSL gives this component, read at this party: a
 * `<component>.<output>` reference is the model that component of this job wrote here; a
 * `pipeline.<component>.<output>` one is that component's model in the deployed model the predict
 * job names. A missing model fails the task naming the reference and the party.
 */
export async function readModelInputs(
  sources: ModelSources,
  task: TaskKey,
  spec: DslComponent,
): Promise<Record<string, InputModel[]>> {
  const inputs: Record<string, InputModel[]> = {};
  for (const kind of MODEL_KINDS) {
    const references = spec.input?.[kind];
    if (references === undefined) continue;
    inputs[kind] = await Promise.all(references.map((text) => readModel(sources, task, kind, text)));
  }
  return inputs;
}

async function readModel(sources: ModelSources, task: TaskKey, kind: string, text: string): Promise<InputModel> {
  const where = `input.${kind} "${text}"`;
  const at = `${task.role} ${task.partyId}`;
  const reference = parseReference(text);
  let stored: { readonly location: string; readonly meta: Readonly<Record<string, unknown>> } | undefined;
  if (reference?.kind === 'pipeline') {
    const pipeline = await sources.pipelineModel?.();
    if (pipeline === undefined) throw new DataError(`${where}: this job names no deployed model at ${at}`);
    stored = pipeline.components[reference.component]?.models[reference.model];
    if (stored === undefined) {
      throw new DataError(
        `${where}: model ${pipeline.modelId} ${pipeline.modelVersion} has no model "${reference.model}" of ${reference.component} at ${at}`,
      );
    }
  } else if (reference?.kind === 'component') {
    const outputs = await sources.tracking.listOutputs(
      { jobId: task.jobId, component: reference.component, role: task.role, partyId: task.partyId },
      'model',
    );
    stored = outputs.find((output) => output.name === reference.output);
    if (stored === undefined) {
      throw new DataError(`${where}: ${reference.component} stored no model output "${reference.output}" at ${at}`);
    }
  } else {
    throw new DataError(`${where}: a model reference is "<component>.<output>" or "pipeline.<component>.<output>"`);
  }
  const body = await sources.objects.get(stored.location);
  if (body === undefined)
    throw new DataError(`${where}: the model at ${at} is missing from the object store (${stored.location})`);
  return { name: text, model: JSON.parse(new TextDecoder().decode(body)), meta: stored.meta };
}
