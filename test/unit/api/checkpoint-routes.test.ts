import { describe, expect, it } from '@jest/globals';
import type { ApiRequest, ApiResult } from '../../../functions/api/route.js';
import { checkpointRoutes } from '../../../functions/api/routes/checkpoint-routes.js';
import { deployModel } from '../../../functions/services/models/deploy-model.js';
import type { SiteServices } from '../../../functions/services/site-services.js';
import { fakeFederation, GUEST } from '../../support/fakes/fake-federation.js';
import { MODEL_ID, trainedJob } from '../services/models/trained-job.js';

function call(services: SiteServices, path: string, body: unknown): Promise<ApiResult> {
  const route = checkpointRoutes.find((r) => r.path === path);
  if (route === undefined) throw new Error(`no route ${path}`);
  const request: ApiRequest = { method: 'POST', path, body, query: {}, headers: {}, files: [] };
  return route.handler(request, services);
}

const dataOf = (result: ApiResult) => (result.kind === 'envelope' ? result.envelope.data : undefined);

describe('/v1/checkpoint routes', () => {
  it("list and get the checkpoints the training job's component wrote, by the deployed model", async () => {
    const federation = fakeFederation();
    const jobId = await trainedJob(federation);
    const { services } = federation.guest;
    for (const step of [0, 1]) {
      const location = `outputs/${jobId}/fit_a/guest/${GUEST}/v0/checkpoints/00000${step}.json`;
      await services.objects.put(location, JSON.stringify({ coef: [step] }));
      await services.tracking.putOutput({
        jobId,
        component: 'fit_a',
        role: 'guest',
        partyId: GUEST,
        kind: 'checkpoint',
        name: `00000${step}`,
        location,
        meta: { model_type: 'PassThrough', step_index: step, step_name: `iter_${step}`, model_alias: 'model' },
        createTime: 10 + step,
      });
    }
    const { data } = await deployModel(services, { modelId: MODEL_ID, modelVersion: jobId });
    const query = {
      model_id: MODEL_ID,
      model_version: String(data.model_version),
      role: 'guest',
      party_id: GUEST,
      component_name: 'fit_a',
    };

    expect(dataOf(await call(services, '/v1/checkpoint/list', query))).toEqual([
      { create_time: 10, step_index: 0, step_name: 'iter_0', models: { model: { model_type: 'PassThrough' } } },
      { create_time: 11, step_index: 1, step_name: 'iter_1', models: { model: { model_type: 'PassThrough' } } },
    ]);
    expect(dataOf(await call(services, '/v1/checkpoint/get', { ...query, step_index: '1' }))).toEqual({
      create_time: 11,
      step_index: 1,
      step_name: 'iter_1',
      models: { model: { coef: [1] } },
    });
    expect(dataOf(await call(services, '/v1/checkpoint/get', { ...query, step_name: 'iter_0' }))).toMatchObject({
      step_index: 0,
    });
    await expect(call(services, '/v1/checkpoint/get', query)).rejects.toMatchObject({
      retcode: 101,
      message: 'step_index or step_name is required',
    });
    await expect(call(services, '/v1/checkpoint/get', { ...query, step_index: 7 })).rejects.toMatchObject({
      retcode: 101,
      message: 'The checkpoint was not found: no step_index 7 of fit_a',
    });
    await expect(call(services, '/v1/checkpoint/list', { ...query, component_name: 'lr_z' })).rejects.toMatchObject({
      retcode: 101,
      message: `component_name: model ${MODEL_ID} ${query.model_version} has no component lr_z`,
    });
  });
});
