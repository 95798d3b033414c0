import { ServingCode, ServingError } from '../../domain/inference/serving-codes.js';
import { parseInferenceRequest } from '../../domain/inference/serving-request.js';
import { type InferDeps, infer } from '../../services/inference/infer.js';
import type { ApiResult, Route } from '../route.js';

export type InferenceRoutesDeps = InferDeps;

/** FATE-Serving answers HTTP 200 with its code in the body; a refusal carries no score. */
async function served(answer: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof ServingError) {
      return { kind: 'envelope', envelope: { retcode: error.code, retmsg: error.message } };
    }
    throw error;
  }
}

/**
 * FATE-Serving's inference routes at the guest's site (FATE needs FATE-Serving for them): one
 * record, or a batch of records, scored with the model bound to `head.serviceId`.
 */
export const inferenceRoutes: Route<InferenceRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/federation/v1/inference',
    handler: (request, services) =>
      served(async () => {
        const parsed = parseInferenceRequest(request.body, false);
        const [answer] = await infer(services, parsed);
        return {
          kind: 'envelope',
          envelope: answer ?? { retcode: ServingCode.PARAM_ERROR, retmsg: 'body: no record to score' },
        };
      }),
  },
  {
    method: 'POST',
    path: '/federation/v1/batchInference',
    handler: (request, services) =>
      served(async () => {
        const parsed = parseInferenceRequest(request.body, true);
        const answers = await infer(services, parsed);
        const batchDataList = answers.map((answer, i) => ({ index: parsed.indexes[i] ?? i, ...answer }));
        return { kind: 'envelope', envelope: { retcode: 0, retmsg: 'success', data: { batchDataList } } };
      }),
  },
];
