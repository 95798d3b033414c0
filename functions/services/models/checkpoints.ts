import { ArgumentError, NotFoundError, ServerError } from '../../domain/errors.js';
import type { PartyRef } from '../../domain/job/roles.js';
import type { OutputRecord } from '../../domain/ports/tracking-store.js';
import type { SiteServices } from '../site-services.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

export interface CheckpointQuery {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly party: PartyRef;
  readonly component: string;
}

export type CheckpointDeps = Pick<SiteServices, 'objects'> & ReadModelDeps;

/** The checkpoints a component of the model's training job wrote at the party, in step order. */
async function checkpointsOf(deps: CheckpointDeps, query: CheckpointQuery): Promise<OutputRecord[]> {
  const { party } = query;
  const model = await readPartyModel(deps, query.modelVersion, party);
  if (model === undefined || model.modelId !== query.modelId) {
    throw new NotFoundError(
      `model ${query.modelId} ${query.modelVersion} does not exist at ${party.role} ${party.partyId}`,
    );
  }
  if (model.components[query.component] === undefined) {
    throw new ArgumentError(
      `component_name: model ${query.modelId} ${query.modelVersion} has no component ${query.component}`,
      {
        details: { field: 'component_name' },
      },
    );
  }
  return deps.tracking.listOutputs(
    { jobId: model.jobId, component: query.component, role: party.role, partyId: party.partyId },
    'checkpoint',
  );
}

function summary(checkpoint: OutputRecord) {
  const { step_index, step_name, model_alias, ...meta } = checkpoint.meta;
  return {
    create_time: checkpoint.createTime,
    step_index,
    step_name,
    models: { [String(model_alias)]: meta },
  };
}

/** FATE's `checkpoint list`: each step's index, name, time and model. */
export async function listCheckpoints(deps: CheckpointDeps, query: CheckpointQuery) {
  return (await checkpointsOf(deps, query)).map(summary);
}

/** FATE's `checkpoint get` by `step_index` or `step_name`: the step and its model's content. */
export async function getCheckpoint(
  deps: CheckpointDeps,
  query: CheckpointQuery & { readonly stepIndex?: number; readonly stepName?: string },
) {
  if (query.stepIndex === undefined && query.stepName === undefined) {
    throw new ArgumentError('step_index or step_name is required', { details: { field: 'step_index' } });
  }
  const checkpoint = (await checkpointsOf(deps, query)).find((c) =>
    query.stepIndex !== undefined ? c.meta.step_index === query.stepIndex : c.meta.step_name === query.stepName,
  );
  if (checkpoint === undefined) {
    const step = query.stepIndex !== undefined ? `step_index ${query.stepIndex}` : `step_name ${query.stepName}`;
    throw new NotFoundError(`The checkpoint was not found: no ${step} of ${query.component}`);
  }
  const bytes = await deps.objects.get(checkpoint.location);
  if (bytes === undefined) throw new ServerError(`checkpoint ${checkpoint.name} is missing at ${checkpoint.location}`);
  const { models, ...rest } = summary(checkpoint);
  const [alias = 'model'] = Object.keys(models);
  return { ...rest, models: { [alias]: JSON.parse(new TextDecoder().decode(bytes)) } };
}
