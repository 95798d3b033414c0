import { expect } from '@jest/globals';
import { type FakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import { jobStatuses, submitAndStart, succeedRunning } from '../../../support/fakes/fake-jobs.js';

export const MODEL_ID = `arbiter-${HOST}#guest-${GUEST}#host-${HOST}#model`;

/** Two components: `read_a` passes data on, `fit_a` writes a model at every party. */
const trainingDsl = {
  components: {
    read_a: { module: 'PassThrough', output: { data: ['data'] } },
    fit_a: {
      module: 'PassThrough',
      input: { data: { train_data: ['read_a.data'] } },
      output: { data: ['data'], model: ['model'] },
    },
  },
};

export function conf(
  jobParameters: Record<string, unknown> = { job_type: 'train' },
  componentParameters?: Record<string, unknown>,
) {
  return {
    dsl_version: 2,
    initiator: { role: 'guest', party_id: GUEST },
    role: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
    job_parameters: { common: { task_cores: 1, ...jobParameters } },
    ...(componentParameters === undefined ? {} : { component_parameters: componentParameters }),
  };
}

/** Runs a training job (with these component_parameters) to success; each running task of fit_a writes its model as a runner would. */
export async function trainedJob(
  federation: FakeFederation,
  componentParameters?: Record<string, unknown>,
): Promise<string> {
  const runtimeConf = conf({ job_type: 'train' }, componentParameters);
  const jobId = await submitAndStart(federation, { job_dsl: trainingDsl, job_runtime_conf: runtimeConf });
  for (let stage = 0; stage < 2; stage++) {
    for (const site of federation.sites) {
      for (const launch of site.launcher.runningWorkers()) {
        const { component, role } = launch.task;
        if (component !== 'fit_a') continue;
        const location = `outputs/${jobId}/fit_a/${role}/${site.partyId}/v0/model.json`;
        await site.services.objects.put(location, JSON.stringify({ weights: [role.length] }));
        await site.services.tracking.putOutput({
          jobId,
          component,
          role,
          partyId: site.partyId,
          kind: 'model',
          name: 'model',
          location,
          meta: { model_type: 'PassThrough' },
          createTime: 1,
        });
      }
    }
    await succeedRunning(federation);
  }
  expect(await jobStatuses(federation, jobId)).toEqual([
    `arbiter ${HOST} success`,
    `guest ${GUEST} success`,
    `host ${HOST} success`,
  ]);
  return jobId;
}
