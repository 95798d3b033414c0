import { describe, expect, it } from '@jest/globals';
import { type AppError, ArgumentError } from '../../../../functions/domain/errors.js';
import { submitJob } from '../../../../functions/services/jobs/submit-job.js';
import { deployModel } from '../../../../functions/services/models/deploy-model.js';
import { predictConf, predictDsl, queryModels } from '../../../../functions/services/models/model-queries.js';
import { bindModel, loadModel } from '../../../../functions/services/models/serve-model.js';
import { type FakeFederation, fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import { jobStatuses } from '../../../support/fakes/fake-jobs.js';
import { conf, MODEL_ID, trainedJob } from './trained-job.js';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as AppError,
  );
}

describe('model deploy', () => {
  it('makes a new version with the predict DSL at every party of the model, through signed calls', async () => {
    const federation = fakeFederation();
    const jobId = await trainedJob(federation);

    const deployed = await deployModel(federation.guest.services, {
      modelId: MODEL_ID,
      modelVersion: jobId,
      cpnList: ['read_a', 'fit_a'],
    });

    const version = String(deployed.data.model_version);
    expect(version).toMatch(/^\d{21}$/);
    expect(version).not.toBe(jobId);
    expect(deployed).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: {
        model_id: MODEL_ID,
        model_version: version,
        guest: { [GUEST]: 0 },
        host: { [HOST]: 0 },
        arbiter: { [HOST]: 0 },
        detail: {
          guest: { [GUEST]: { retcode: 0, retmsg: `deploy model of role guest ${GUEST} success` } },
          host: { [HOST]: { retcode: 0, retmsg: `deploy model of role host ${HOST} success` } },
          arbiter: { [HOST]: { retcode: 0, retmsg: `deploy model of role arbiter ${HOST} success` } },
        },
      },
    });
    const commands = federation.network.deliveries.filter((d) => d.message.command === 'model.deploy');
    expect(commands.map((d) => `${d.message.dest.role} ${d.message.dest.partyId}`).sort()).toEqual([
      `arbiter ${HOST}`,
      `host ${HOST}`,
    ]);
    const inference = {
      components: {
        read_a: { module: 'PassThrough', output: { data: ['data'] } },
        fit_a: {
          module: 'PassThrough',
          input: { data: { test_data: ['read_a.data'] }, model: ['pipeline.fit_a.model'] },
          output: { data: ['data'] },
        },
      },
    };
    const hostModel = await federation.host.services.models.getModel(version, 'host', HOST);
    expect(hostModel).toMatchObject({
      modelId: MODEL_ID,
      modelVersion: version,
      jobId,
      parent: false,
      parentInfo: { modelId: MODEL_ID, modelVersion: jobId },
      inferenceDsl: inference,
      components: {
        read_a: { module: 'PassThrough', ranHere: true, models: {} },
        fit_a: {
          module: 'PassThrough',
          ranHere: true,
          models: {
            model: {
              location: `outputs/${jobId}/fit_a/host/${HOST}/v0/model.json`,
              meta: { model_type: 'PassThrough' },
            },
          },
        },
      },
    });
    expect(await predictDsl(federation.guest.services, { modelVersion: version })).toEqual(inference);
    expect(await predictConf(federation.guest.services, { modelVersion: version, modelId: MODEL_ID })).toMatchObject({
      job_parameters: { common: { model_id: MODEL_ID, model_version: version, job_type: 'predict' } },
    });
    const rows = await queryModels(federation.host.services, {
      modelVersion: version,
      queryFilters: ['role', 'party_id', 'parent'],
    });
    expect(rows).toEqual([
      { f_role: 'arbiter', f_party_id: String(HOST), f_parent: false },
      { f_role: 'host', f_party_id: String(HOST), f_parent: false },
    ]);
  });

  it("refuses a model id that is not the version's, and a job that is not a successful training job", async () => {
    const federation = fakeFederation();
    const jobId = await trainedJob(federation);
    const wrongId = await refusal(
      deployModel(federation.guest.services, { modelId: 'guest-1#model', modelVersion: jobId }),
    );
    expect([wrongId.retcode, wrongId.message]).toEqual([
      101,
      `model_id: model version ${jobId} belongs to model ${MODEL_ID}, not guest-1#model`,
    ]);
    const unknown = await refusal(
      deployModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: '202601010000000000001' }),
    );
    expect(unknown.message).toBe(
      `Deploy model failed. Model ${MODEL_ID} 202601010000000000001 not found at party ${GUEST}`,
    );
  });
});

describe('a predict job', () => {
  const predictJob = (version: string, dsl: unknown = undefined) => ({
    job_dsl: dsl ?? {
      components: {
        read_a: { module: 'PassThrough', output: { data: ['data'] } },
        fit_a: {
          module: 'PassThrough',
          input: { data: { test_data: ['read_a.data'] }, model: ['pipeline.fit_a.model'] },
          output: { data: ['data'] },
        },
      },
    },
    job_runtime_conf: conf({ job_type: 'predict', model_id: MODEL_ID, model_version: version }),
  });

  async function deployedVersion(federation: FakeFederation): Promise<string> {
    const jobId = await trainedJob(federation);
    const deployed = await deployModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: jobId });
    return String(deployed.data.model_version);
  }

  async function storedJobs(federation: FakeFederation): Promise<number> {
    const counts = await Promise.all(
      federation.sites.map(async (site) => (await site.jobs.listJobs({ limit: 100, page: 1 })).count),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  it('is created at every party with a model deployed at each', async () => {
    const federation = fakeFederation();
    const version = await deployedVersion(federation);

    const { job_id: jobId } = await submitJob(federation.guest.services, predictJob(version));
    await federation.settle();

    expect(await jobStatuses(federation, jobId)).toEqual([
      `arbiter ${HOST} waiting`,
      `guest ${GUEST} waiting`,
      `host ${HOST} waiting`,
    ]);
  });

  it('is refused with 101 and nothing stored when the model is empty, unknown, missing at one party, or lacks a component', async () => {
    const federation = fakeFederation();
    const version = await deployedVersion(federation);
    const before = await storedJobs(federation);

    const empty = await refusal(submitJob(federation.guest.services, predictJob('')));
    expect([empty.retcode, empty.message]).toEqual([
      101,
      `guest ${GUEST}: job_parameters.common.model_id and model_version must name a deployed model (flow model deploy)`,
    ]);

    const unknown = await refusal(submitJob(federation.guest.services, predictJob('202601010000000000066')));
    expect([unknown.retcode, unknown.message]).toEqual([
      101,
      `guest ${GUEST}: model ${MODEL_ID} 202601010000000000066 does not exist at guest ${GUEST}`,
    ]);

    // A version only the guest holds: the host's and the arbiter's sites lack it.
    const guestModel = await federation.guest.services.models.getModel(version, 'guest', GUEST);
    if (guestModel === undefined) throw new Error('the guest has no deployed model');
    await federation.guest.services.models.putModel({ ...guestModel, modelVersion: '202601010000000000077' });
    const missing = await refusal(submitJob(federation.guest.services, predictJob('202601010000000000077')));
    expect(missing).toBeInstanceOf(ArgumentError);
    expect(missing.message).toBe(
      "the predict job's model is not usable at every party: " +
        `host ${HOST}: model ${MODEL_ID} 202601010000000000077 does not exist at host ${HOST}; ` +
        `arbiter ${HOST}: model ${MODEL_ID} 202601010000000000077 does not exist at arbiter ${HOST}`,
    );

    const lacking = await refusal(
      submitJob(
        federation.guest.services,
        predictJob(version, {
          components: {
            scale_a: {
              module: 'PassThrough',
              input: { model: ['pipeline.scale_a.model'] },
              output: { data: ['data'] },
            },
          },
        }),
      ),
    );
    expect(lacking.message).toBe(
      `guest ${GUEST}: scale_a.input.model reads pipeline.scale_a.model, but model ${MODEL_ID} ${version} has no component scale_a (its components: read_a, fit_a)`,
    );
    expect(await storedJobs(federation)).toBe(before);
  });

  it("runs with its model's training parameters under its own, at every party (FATE's predict-conf inheritance)", async () => {
    const federation = fakeFederation();
    const jobId = await trainedJob(federation, {
      common: { fit_a: { rows: 3 } },
      role: { guest: { 0: { read_a: { rows: 7 } } }, host: { 0: { read_a: { rows: 8 } } } },
    });
    const deployed = await deployModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: jobId });
    const version = String(deployed.data.model_version);
    const job = predictJob(version);
    const own = { ...job.job_runtime_conf, component_parameters: { role: { host: { 0: { read_a: { rows: 9 } } } } } };

    const { job_id: predictId } = await submitJob(federation.guest.services, { ...job, job_runtime_conf: own });
    await federation.settle();

    // Each site's own tasks (host and arbiter share a site, which lists both).
    const tasks = [
      ...(await federation.guest.jobs.listTasks(predictId, { partyId: GUEST })),
      ...(await federation.host.jobs.listTasks(predictId, { partyId: HOST })),
    ];
    const parameters = tasks.map((task) => `${task.component} ${task.role} ${JSON.stringify(task.parameters)}`).sort();
    expect(parameters).toEqual([
      'fit_a arbiter {"rows":3}',
      'fit_a guest {"rows":3}',
      'fit_a host {"rows":3}',
      'read_a arbiter {}',
      'read_a guest {"rows":7}',
      'read_a host {"rows":9}',
    ]);
  });

  it('refuses a training version that was never deployed', async () => {
    const federation = fakeFederation();
    const jobId = await trainedJob(federation);
    const notDeployed = await refusal(submitJob(federation.guest.services, predictJob(jobId)));
    expect(notDeployed.message).toMatch(
      new RegExp(`^guest ${GUEST}: model .* ${jobId} at guest ${GUEST} has not been deployed`),
    );
  });
});

describe('model load and bind', () => {
  it('load checks the deployed version at the guest and the host; bind records the service id at the guest', async () => {
    const federation = fakeFederation();
    const jobId = await trainedJob(federation);
    const version = String(
      (await deployModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: jobId })).data.model_version,
    );

    expect(await loadModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: version })).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: {
        guest: { [GUEST]: 0 },
        host: { [HOST]: 0 },
        detail: {
          guest: { [GUEST]: { retcode: 0, retmsg: 'success' } },
          host: { [HOST]: { retcode: 0, retmsg: 'success' } },
        },
      },
    });
    const binding = await bindModel(federation.guest.services, {
      modelId: MODEL_ID,
      modelVersion: version,
      serviceId: 'svc-a',
    });
    expect(await federation.guest.services.models.getBinding('svc-a')).toEqual(binding);
    expect(binding).toMatchObject({ modelId: MODEL_ID, modelVersion: version, role: 'guest', partyId: GUEST });

    const guestTable = await refusal(
      bindModel(federation.guest.services, {
        modelId: MODEL_ID,
        modelVersion: version,
        serviceId: 'svc-t',
        table: { namespace: 'experiment', name: 'breast' },
      }),
    );
    expect(guestTable.message).toBe(
      "table_name: the guest's features come with each inference request; a feature table is bound at a host",
    );

    const parent = await refusal(
      bindModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: jobId, serviceId: 'svc-b' }),
    );
    expect(parent.message).toMatch(/has not been deployed/);
    const atHost = await refusal(
      bindModel(federation.host.services, { modelId: MODEL_ID, modelVersion: version, serviceId: 'svc-c' }),
    );
    // At a host the bind names the host's feature table for online inference (docs/models.md, "Serving").
    expect(atHost.message).toBe(
      "table_name and namespace: a host's bind names the table its features are read from for this service",
    );
    const noTable = await refusal(
      bindModel(federation.host.services, {
        modelId: MODEL_ID,
        modelVersion: version,
        serviceId: 'svc-c',
        table: { namespace: 'experiment', name: 'missing' },
      }),
    );
    expect(noTable.message).toBe(`table_name: table experiment.missing does not exist at party ${HOST}`);
    expect(await federation.host.services.models.getBinding('svc-c')).toBeUndefined();
  });
});

describe('model deploy elsewhere than at the initiator', () => {
  it('is refused at a party of the training job, naming the initiator, and for a deployed version', async () => {
    const federation = fakeFederation();
    const jobId = await trainedJob(federation);
    const atHost = await refusal(deployModel(federation.host.services, { modelId: MODEL_ID, modelVersion: jobId }));
    expect(atHost.message).toBe(
      `Deploy model failed. Model ${MODEL_ID} ${jobId} was initiated by guest ${GUEST}; deploy it at that party's site`,
    );
    const { data } = await deployModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: jobId });
    const child = String(data.model_version);
    const again = await refusal(deployModel(federation.guest.services, { modelId: MODEL_ID, modelVersion: child }));
    expect(again.message).toBe(
      `Deploy model failed. Model ${MODEL_ID} ${child} is a deployed (child) version; deploy its training version ${jobId}`,
    );
  });
});
