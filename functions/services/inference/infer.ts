import { partialScore, sigmoid } from '../../domain/inference/partial-score.js';
import { ServingCode, ServingError } from '../../domain/inference/serving-codes.js';
import type { InferenceRequest } from '../../domain/inference/serving-request.js';
import type { PartyRef } from '../../domain/job/roles.js';
import type { PipelinedModel } from '../../domain/model/pipelined-model.js';
import { callParties } from '../federation/fan-out.js';
import { type ReadModelDeps, readPartyModel } from '../models/read-model.js';
import type { SiteServices } from '../site-services.js';
import { servingPipeline } from './serving-cache.js';

export type InferDeps = Pick<SiteServices, 'clock' | 'objects' | 'peers' | 'site'> & ReadModelDeps;

/** One record's answer, FATE-Serving's: the probability, or the code and message of why there is none. */
export type RecordAnswer =
  | {
      readonly retcode: 0;
      readonly retmsg: 'success';
      readonly data: { score: number; modelId: string; modelVersion: string; timestamp: number };
    }
  | { readonly retcode: Exclude<ServingCode, 0>; readonly retmsg: string };

/**
 * FATE-Serving's guest: the service's model scores each record — its own part (DataTransform,
 * FeatureScale, its weights and the intercept) here, each host's part (w_host·x_host of the row the
 * record's ids name) asked of that host in one signed `model.infer` call for all the records — and
 * the probability is sigmoid of the sum. A record any party cannot score gets no score, only the
 * refusal; a HomoLR model is the guest's alone. Throws a ServingError when the request as a whole
 * cannot be served (unknown service, missing model, a host that does not answer).
 */
export async function infer(deps: InferDeps, request: InferenceRequest): Promise<RecordAnswer[]> {
  const model = await servedModel(deps, request.serviceId);
  const pipeline = await servingPipeline(deps.objects, model);
  const partials = request.records.map((record): number | ServingError => {
    try {
      return partialScore(pipeline, record.featureData);
    } catch (error) {
      if (error instanceof ServingError) return error;
      throw error;
    }
  });
  const scored = request.records.flatMap((_, i) => (typeof partials[i] === 'number' ? [i] : []));
  const hosts = pipeline.lr.modelType === 'HeteroLR' ? (model.roles.host ?? []) : [];
  const sums = new Map<number, number | ServingError>(scored.map((i) => [i, partials[i] as number]));
  for (const [host, results] of await askHosts(deps, model, request, scored, hosts)) {
    scored.forEach((row, k) => {
      const sum = sums.get(row);
      const part = results[k];
      if (typeof sum !== 'number' || part === undefined) return;
      sums.set(row, 'score' in part ? sum + part.score : hostError(host, part.retcode, part.retmsg));
    });
  }
  const timestamp = deps.clock();
  return request.records.map((_, i): RecordAnswer => {
    const outcome = sums.get(i) ?? partials[i];
    if (outcome instanceof ServingError) return { retcode: outcome.code, retmsg: outcome.message };
    return {
      retcode: 0,
      retmsg: 'success',
      data: { score: sigmoid(outcome ?? 0), modelId: model.modelId, modelVersion: model.modelVersion, timestamp },
    };
  });
}

async function servedModel(deps: InferDeps, serviceId: string): Promise<PipelinedModel> {
  const binding = await deps.models.getBinding(serviceId);
  if (binding === undefined || binding.role !== 'guest' || binding.partyId !== deps.site.partyId) {
    throw new ServingError(
      ServingCode.SERVICE_NOT_FOUND,
      `service ${serviceId} is not bound here; bind a deployed model to it (flow model bind)`,
    );
  }
  const model = await readPartyModel(deps, binding.modelVersion, { role: 'guest', partyId: deps.site.partyId });
  if (model === undefined) {
    throw new ServingError(
      ServingCode.MODEL_NULL,
      `service ${serviceId}: model ${binding.modelId} ${binding.modelVersion} is no longer at guest ${deps.site.partyId}`,
    );
  }
  return model;
}

type HostResults = readonly ({ score: number } | { retcode: number; retmsg: string })[];

/** Each host's part for the records the guest could score, all hosts at once; a host that fails fails the request. */
async function askHosts(
  deps: InferDeps,
  model: PipelinedModel,
  request: InferenceRequest,
  rows: readonly number[],
  hosts: readonly number[],
): Promise<[number, HostResults][]> {
  if (rows.length === 0 || hosts.length === 0) return [];
  const destinations: PartyRef[] = hosts.map((partyId) => ({ role: 'host', partyId }));
  const { replies } = await callParties(
    deps.peers,
    {
      jobId: model.jobId,
      src: { role: 'guest', partyId: deps.site.partyId },
      command: 'model.infer',
      body: {
        modelId: model.modelId,
        modelVersion: model.modelVersion,
        serviceId: request.serviceId,
        records: rows.map((i) => request.records[i]?.sendToRemoteFeatureData ?? {}),
      },
    },
    destinations,
  );
  return replies.map(({ party, reply }): [number, HostResults] => {
    const data = (reply.data ?? {}) as { results?: unknown; serving_code?: unknown };
    if (reply.retcode !== 0) {
      const code = typeof data.serving_code === 'number' ? data.serving_code : ServingCode.NET_ERROR;
      throw hostError(party.partyId, code, reply.retmsg);
    }
    if (!Array.isArray(data.results) || data.results.length !== rows.length || !data.results.every(isHostResult)) {
      throw new ServingError(ServingCode.NET_ERROR, `host ${party.partyId} answered no score per record`);
    }
    return [party.partyId, data.results];
  });
}

function isHostResult(value: unknown): value is HostResults[number] {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  return (
    (typeof result.score === 'number' && Number.isFinite(result.score)) ||
    (typeof result.retcode === 'number' && result.retcode !== 0 && typeof result.retmsg === 'string')
  );
}

const CODES = new Set<number>(Object.values(ServingCode));

function hostError(host: number, code: number, message: string): ServingError {
  const known = CODES.has(code) && code !== 0 ? (code as Exclude<ServingCode, 0>) : ServingCode.NET_ERROR;
  return new ServingError(known, `host ${host}: ${message}`);
}
