import { parseReference, type Reference } from '../../functions/domain/dag/references.js';
import { DataError } from '../../functions/domain/errors.js';
import type { DslComponent } from '../../functions/domain/job/dsl-schema.js';
import type { PipelinedModel } from '../../functions/domain/model/pipelined-model.js';
import type { ObjectStore } from '../../functions/domain/ports/object-store.js';
import type { TrackingStore } from '../../functions/domain/ports/tracking-store.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import type { InputModel, ModelInputKind } from '../components/component.js';

/**
 * Resolves one model reference of a component's `input.model` / `input.isometric_model` to the
 * model object a training component wrote with `ctx.writeModel`, at this party. `where` names the
 * reference for error messages. The runner's own source reads `<component>.<output>` of the same
 * job; a site that serves predict jobs adds the `pipeline.<component>.<model>` form (a deployed
 * model's component model at this party) by composing its own source over this one.
 */
export interface ModelSource {
  resolve(reference: Reference, task: TaskKey, where: string): Promise<InputModel>;
}

/** This job's models, as the upstream component stored them at this party (the tracking store's output record). */
export function jobModelSource(stores: {
  readonly tracking: TrackingStore;
  readonly objects: ObjectStore;
}): ModelSource {
  return {
    async resolve(reference, task, where) {
      if (reference.kind !== 'component') {
        throw new DataError(`${where}: this runner reads only "<component>.<output>" models of the same job`);
      }
      const at = `${task.role} ${task.partyId}`;
      const outputs = await stores.tracking.listOutputs(
        { jobId: task.jobId, component: reference.component, role: task.role, partyId: task.partyId },
        'model',
      );
      const output = outputs.find((candidate) => candidate.name === reference.output);
      if (output === undefined) {
        throw new DataError(`${where}: ${reference.component} stored no model "${reference.output}" at ${at}`);
      }
      const body = await stores.objects.get(output.location);
      if (body === undefined) {
        throw new DataError(`${where}: the model at ${at} is missing from the object store (${output.location})`);
      }
      return {
        name: `${reference.component}.${reference.output}`,
        component: reference.component,
        model: JSON.parse(new TextDecoder().decode(body)) as unknown,
        meta: output.meta,
      };
    },
  };
}

/** Every model input the DSL gives this component, by kind, in DSL order; a reference that resolves to nothing fails the task. */
export async function readModels(
  source: ModelSource,
  task: TaskKey,
  spec: DslComponent,
): Promise<Record<ModelInputKind, InputModel[]>> {
  const read = async (kind: ModelInputKind): Promise<InputModel[]> =>
    Promise.all(
      (spec.input?.[kind] ?? []).map((text) => {
        const where = `input.${kind} "${text}"`;
        const reference = parseReference(text);
        if (reference === undefined || reference.kind === 'args') {
          throw new DataError(
            `${where}: not a model reference ("<component>.<output>" or "pipeline.<component>.<model>")`,
          );
        }
        return source.resolve(reference, task, where);
      }),
    );
  return { model: await read('model'), isometric_model: await read('isometric_model') };
}

/**
 * A predict job's models: `pipeline.<component>.<model>` is that component's model in the deployed
 * model the job names (model_id / model_version), at this party; any other reference goes to `job`.
 * The deployed model is read once, at the first pipeline reference.
 */
export function deployedModelSource(
  job: ModelSource,
  objects: ObjectStore,
  deployed: () => Promise<PipelinedModel | undefined>,
): ModelSource {
  let model: Promise<PipelinedModel | undefined> | undefined;
  return {
    async resolve(reference, task, where) {
      if (reference.kind !== 'pipeline') return job.resolve(reference, task, where);
      const at = `${task.role} ${task.partyId}`;
      model ??= deployed();
      const pipeline = await model;
      if (pipeline === undefined) throw new DataError(`${where}: this job names no deployed model at ${at}`);
      const stored = pipeline.components[reference.component]?.models[reference.model];
      if (stored === undefined) {
        throw new DataError(
          `${where}: model ${pipeline.modelId} ${pipeline.modelVersion} has no model "${reference.model}" of ${reference.component} at ${at}`,
        );
      }
      const body = await objects.get(stored.location);
      if (body === undefined) {
        throw new DataError(`${where}: the model at ${at} is missing from the object store (${stored.location})`);
      }
      return {
        name: `${reference.component}.${reference.model}`,
        component: reference.component,
        model: JSON.parse(new TextDecoder().decode(body)) as unknown,
        meta: stored.meta,
      };
    },
  };
}
