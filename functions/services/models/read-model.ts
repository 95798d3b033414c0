import { isJsonObject } from '../../domain/job/deep-merge.js';
import type { PartyRef } from '../../domain/job/roles.js';
import type { ComponentModelOutput, PipelinedComponent, PipelinedModel } from '../../domain/model/pipelined-model.js';
import type { SiteServices } from '../site-services.js';

export type ReadModelDeps = Pick<SiteServices, 'jobs' | 'models' | 'tracking'>;

/**
 * A party's model of this version at this site: a stored one (deployed, migrated, imported), else
 * the one a successful training job of that id left at the party (FATE saves it at the job's end;
 * here it is read from the job's records and model outputs, which never change once the job ended).
 */
export async function readPartyModel(
  deps: ReadModelDeps,
  modelVersion: string,
  party: PartyRef,
): Promise<PipelinedModel | undefined> {
  return (
    (await deps.models.getModel(modelVersion, party.role, party.partyId)) ??
    (await trainedModel(deps, modelVersion, party))
  );
}

/** Every party's model of this version at this site. */
export async function modelsAtSite(deps: ReadModelDeps, modelVersion: string): Promise<PipelinedModel[]> {
  const stored = await deps.models.listModels(modelVersion);
  if (stored.length > 0) return stored;
  const records = await deps.jobs.getJobRecords(modelVersion);
  const trained = await Promise.all(records.map((job) => trainedModel(deps, modelVersion, job)));
  return trained.filter((model) => model !== undefined);
}

async function trainedModel(deps: ReadModelDeps, jobId: string, party: PartyRef): Promise<PipelinedModel | undefined> {
  const job = await deps.jobs.getJob({ jobId, role: party.role, partyId: party.partyId });
  if (job === undefined || job.jobType !== 'train' || job.status !== 'success') return undefined;
  const tasks = await deps.jobs.listTasks(jobId, { role: party.role, partyId: party.partyId, latestOnly: true });
  const dslComponents = isJsonObject(job.dsl.components) ? job.dsl.components : {};
  const components: Record<string, PipelinedComponent> = {};
  for (const [name, component] of Object.entries(dslComponents)) {
    const module = isJsonObject(component) && typeof component.module === 'string' ? component.module : '';
    const ranHere = tasks.some((task) => task.component === name && task.needRun);
    const outputs = ranHere
      ? await deps.tracking.listOutputs({ jobId, component: name, role: party.role, partyId: party.partyId }, 'model')
      : [];
    const models: Record<string, ComponentModelOutput> = {};
    for (const output of outputs) models[output.name] = { location: output.location, meta: output.meta };
    components[name] = { module, ranHere, models };
  }
  return {
    modelId: job.modelId,
    modelVersion: jobId,
    role: job.role,
    partyId: job.partyId,
    initiator: { role: job.initiatorRole, partyId: job.initiatorPartyId },
    roles: job.roles,
    jobId,
    parent: true,
    trainDsl: job.dsl,
    trainRuntimeConf: job.runtimeConf,
    inferenceDsl: { components: {} },
    components,
    imported: false,
    createTime: job.createTime,
  };
}
