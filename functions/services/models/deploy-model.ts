import { ArgumentError, NotFoundError, RetCode } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/job/deep-merge.js';
import { dslSchema } from '../../domain/job/dsl-schema.js';
import { partiesOf } from '../../domain/job/roles.js';
import { parseOrThrow } from '../../domain/job/zod-errors.js';
import { deployDsl } from '../../domain/model/deploy-dsl.js';
import { callParties } from '../federation/fan-out.js';
import type { SiteServices } from '../site-services.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

export interface DeployRequest {
  readonly modelId: string;
  readonly modelVersion: string;
  /** `--cpn-list` / `--cpn-path`: the components to deploy (every one when absent). */
  readonly cpnList?: readonly string[];
  /** `--dsl-path`: the predict DSL itself. */
  readonly predictDsl?: JsonObject;
}

/** FATE's answer: `{model_id, model_version, detail: {role: {party: {retcode, retmsg}}}, role: {party: retcode}}`. */
export interface DeployResult {
  readonly retcode: number;
  readonly retmsg: string;
  readonly data: Record<string, unknown>;
}

export type DeployModelDeps = Pick<SiteServices, 'newJobId' | 'peers' | 'site'> & ReadModelDeps;

/**
 * FATE-Flow 1.11's `model deploy`, run at the model's initiator: a new model version (a new id,
 * as FATE's) with the predict DSL made from the listed components (or given), made at every party
 * of the model by a signed `model.deploy` — this site's own roles through its loopback. Only a
 * training version (a parent) is deployed, as FATE refuses to deploy a child.
 */
export async function deployModel(deps: DeployModelDeps, request: DeployRequest): Promise<DeployResult> {
  const models = await initiatorModel(deps, request);
  const trainDsl = parseOrThrow(dslSchema, models.trainDsl, 'model train_dsl');
  const inferenceDsl =
    request.predictDsl === undefined
      ? (deployDsl(trainDsl, request.cpnList) as JsonObject)
      : checkedPredictDsl(request.predictDsl, Object.keys(trainDsl.components));
  const childModelVersion = deps.newJobId();
  const src = models.initiator;
  const parties = partiesOf(models.roles).filter((party) => party.role !== 'local');
  const deployed = await callParties(
    deps.peers,
    {
      jobId: request.modelVersion,
      src,
      command: 'model.deploy',
      body: { modelId: request.modelId, childModelVersion, inferenceDsl },
    },
    parties,
  );
  const data: Record<string, unknown> = { model_id: request.modelId, model_version: childModelVersion };
  const detail: Record<string, Record<string, unknown>> = {};
  for (const { party, reply } of deployed.replies) {
    const byRole = (data[party.role] ?? {}) as Record<string, number>;
    byRole[String(party.partyId)] = reply.retcode;
    data[party.role] = byRole;
    detail[party.role] = { ...detail[party.role], [party.partyId]: { retcode: reply.retcode, retmsg: reply.retmsg } };
  }
  data.detail = detail;
  const ok = deployed.replies.every((r) => r.reply.retcode === RetCode.SUCCESS);
  return { retcode: ok ? RetCode.SUCCESS : RetCode.ARGUMENT_ERROR, retmsg: ok ? 'success' : 'failed', data };
}

async function initiatorModel(deps: DeployModelDeps, request: DeployRequest) {
  const { modelId, modelVersion } = request;
  const here = await deps.jobs.getJobRecords(modelVersion);
  const initiator = here.find((job) => job.isInitiator);
  if (initiator === undefined) {
    const [record] = here;
    const [stored] = record === undefined ? await deps.models.listModels(modelVersion) : [];
    if (record !== undefined) {
      throw new ArgumentError(
        `Deploy model failed. Model ${modelId} ${modelVersion} was initiated by ${record.initiatorRole} ${record.initiatorPartyId}; deploy it at that party's site`,
      );
    }
    if (stored === undefined) {
      throw new NotFoundError(
        `Deploy model failed. Model ${modelId} ${modelVersion} not found at party ${deps.site.partyId}`,
      );
    }
    throw new ArgumentError(
      stored.parent
        ? `Deploy model failed. Model ${modelId} ${modelVersion} was not trained here; deploy it at its initiator's site`
        : `Deploy model failed. Model ${modelId} ${modelVersion} is a deployed (child) version; deploy its training version ${stored.parentInfo?.modelVersion ?? ''}`,
    );
  }
  const model = await readPartyModel(deps, modelVersion, { role: initiator.role, partyId: initiator.partyId });
  if (model === undefined) {
    throw new ArgumentError(
      `Deploy model failed. Job ${modelVersion} is a ${initiator.jobType} job in status ${initiator.status}; only a successful training job's model can be deployed`,
    );
  }
  if (model.modelId !== modelId) {
    throw new ArgumentError(
      `model_id: model version ${modelVersion} belongs to model ${model.modelId}, not ${modelId}`,
      {
        details: { field: 'model_id' },
      },
    );
  }
  return model;
}

/** A predict DSL given whole (`--dsl-path`): a DSL, whose components are all the training DSL's. */
function checkedPredictDsl(dsl: JsonObject, trained: readonly string[]): JsonObject {
  const parsed = parseOrThrow(dslSchema, dsl, 'predict_dsl');
  const unknown = Object.keys(parsed.components).filter((name) => !trained.includes(name));
  if (unknown.length > 0) {
    throw new ArgumentError(
      `predict_dsl: ${unknown.join(', ')} not in the training DSL (its components: ${trained.join(', ')})`,
      {
        details: { field: 'predict_dsl' },
      },
    );
  }
  return dsl;
}
