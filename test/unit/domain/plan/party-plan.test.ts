import { describe, expect, it } from '@jest/globals';
import { readSubmission } from '../../../../functions/domain/job/submission.js';
import type { JobPlan, PartyPlan, TaskPlan } from '../../../../functions/domain/plan/job-plan.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, minimalConf, REMOVE, withValue, withValues } from '../../../fixtures/jobs.js';

/** Reader → Scale → Model, every component declaring data and model outputs. */
const dsl = {
  components: {
    reader_0: { module: 'Reader', output: { data: ['data'] } },
    scale_0: {
      module: 'FeatureScale',
      input: { data: { data: ['reader_0.data'] } },
      output: { data: ['data'], model: ['model'] },
    },
    model_0: {
      module: 'HomoLR',
      input: { data: { train_data: ['scale_0.data'] } },
      output: { data: ['data'], model: ['model'] },
    },
  },
};

/** Guest 9999, hosts 10000, 10001 and 10002 (indexes 0, 1, 2), arbiter 10003. */
const threeHosts = withValue(minimalConf(), ['role'], {
  guest: [9999],
  host: [10000, 10001, 10002],
  arbiter: [10003],
});

const partyOf = (plan: JobPlan, role: string, partyId: number): PartyPlan => {
  const party = plan.parties.find((candidate) => candidate.role === role && candidate.partyId === partyId);
  if (party === undefined) throw new Error(`no party ${role} ${partyId} in the plan`);
  return party;
};

const taskOf = (plan: JobPlan, role: string, partyId: number, component: string): TaskPlan => {
  const task = partyOf(plan, role, partyId).tasks.find((candidate) => candidate.component === component);
  if (task === undefined) throw new Error(`no task ${component} at ${role} ${partyId}`);
  return task;
};

describe('component parameters', () => {
  const conf = withValue(threeHosts, ['component_parameters'], {
    common: { model_0: { penalty: 'L2', optimizer: { name: 'sgd', lr: 0.1 }, level: 'common', columns: ['x0', 'x1'] } },
    role: {
      host: {
        // Most specific first on purpose: the order of the keys must not matter.
        '1': { model_0: { level: 'index 1', optimizer: { lr: 0.5 } } },
        '0|1': { model_0: { level: 'indexes 0|1', pair: true, columns: ['x9'] } },
        all: { model_0: { level: 'all hosts', optimizer: { momentum: 0.9 }, every_host: true } },
      },
      guest: { '0': { model_0: { level: 'guest' } } },
    },
  });
  const plan = planJob(dsl, conf);

  it('lets "all" < "0|1" < "1" < nothing else, over common, merging nested objects', () => {
    expect(taskOf(plan, 'host', 10000, 'model_0').parameters).toEqual({
      penalty: 'L2',
      optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
      level: 'indexes 0|1',
      columns: ['x9'],
      every_host: true,
      pair: true,
    });
    expect(taskOf(plan, 'host', 10001, 'model_0').parameters).toEqual({
      penalty: 'L2',
      optimizer: { name: 'sgd', lr: 0.5, momentum: 0.9 },
      level: 'index 1',
      columns: ['x9'],
      every_host: true,
      pair: true,
    });
    expect(taskOf(plan, 'host', 10002, 'model_0').parameters).toEqual({
      penalty: 'L2',
      optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
      level: 'all hosts',
      columns: ['x0', 'x1'],
      every_host: true,
    });
  });

  it('applies role sections only to their own role', () => {
    expect(taskOf(plan, 'guest', 9999, 'model_0').parameters).toEqual({
      penalty: 'L2',
      optimizer: { name: 'sgd', lr: 0.1 },
      level: 'guest',
      columns: ['x0', 'x1'],
    });
    expect(taskOf(plan, 'arbiter', 10003, 'model_0').parameters).toEqual({
      penalty: 'L2',
      optimizer: { name: 'sgd', lr: 0.1 },
      level: 'common',
      columns: ['x0', 'x1'],
    });
  });

  it('gives a component without any parameters an empty object', () => {
    expect(taskOf(plan, 'guest', 9999, 'scale_0').parameters).toEqual({});
  });

  it('does not let one party see another party’s overrides', () => {
    const first = taskOf(plan, 'host', 10000, 'model_0').parameters;
    const second = taskOf(plan, 'host', 10001, 'model_0').parameters;
    expect(first).not.toBe(second);
    expect(first.optimizer).not.toBe(second.optimizer);
  });
});

describe('need_run', () => {
  const needRunMatrix = (plan: JobPlan) =>
    plan.parties.map((party) => [
      `${party.role} ${party.partyId}`,
      party.tasks.map((task) => `${task.component}:${task.needRun}`).join(' '),
    ]);

  it('defaults to true for every party and component', () => {
    const plan = planJob(dsl, threeHosts);
    expect(plan.parties.every((party) => party.tasks.every((task) => task.needRun))).toBe(true);
  });

  it('skips a component everywhere when common says need_run false, and a role section can turn it back on', () => {
    const conf = withValue(threeHosts, ['component_parameters'], {
      common: { scale_0: { need_run: false, method: 'min_max' } },
      role: { host: { '2': { scale_0: { need_run: true } } } },
    });
    const plan = planJob(dsl, conf);
    expect(needRunMatrix(plan)).toEqual([
      ['guest 9999', 'reader_0:true scale_0:false model_0:true'],
      ['host 10000', 'reader_0:true scale_0:false model_0:true'],
      ['host 10001', 'reader_0:true scale_0:false model_0:true'],
      ['host 10002', 'reader_0:true scale_0:true model_0:true'],
      ['arbiter 10003', 'reader_0:true scale_0:false model_0:true'],
    ]);
    expect(taskOf(plan, 'guest', 9999, 'scale_0').parameters).toEqual({ method: 'min_max' });
  });

  it('skips a component at the parties an index key names', () => {
    const conf = withValue(threeHosts, ['component_parameters', 'role', 'host', '0|2'], {
      model_0: { need_run: false },
    });
    expect(needRunMatrix(planJob(dsl, conf))).toEqual([
      ['guest 9999', 'reader_0:true scale_0:true model_0:true'],
      ['host 10000', 'reader_0:true scale_0:true model_0:false'],
      ['host 10001', 'reader_0:true scale_0:true model_0:true'],
      ['host 10002', 'reader_0:true scale_0:true model_0:false'],
      ['arbiter 10003', 'reader_0:true scale_0:true model_0:true'],
    ]);
  });

  it('keeps need_run out of the parameters handed to the component', () => {
    const conf = withValue(threeHosts, ['component_parameters', 'common'], { model_0: { need_run: true, a: 1 } });
    expect(taskOf(planJob(dsl, conf), 'host', 10000, 'model_0').parameters).toEqual({ a: 1 });
  });
});

describe('providers', () => {
  const dslWithProviders = withValues(dsl, [
    [['components', 'reader_0', 'provider'], 'fate@1.9.0'],
    [['components', 'scale_0', 'provider'], 'fate@1.9.0'],
    [['components', 'model_0', 'provider'], 'fate@1.9.0'],
  ]);
  const conf = withValue(threeHosts, ['provider'], {
    common: { scale_0: 'fate@1.10.0', model_0: 'fate@1.10.0' },
    role: {
      host: {
        '1': { model_0: 'fate@1.11.2' },
        all: { model_0: 'fate@1.11.0' },
      },
      guest: { '0': { scale_0: 'fate' } },
    },
  });
  const plan = planJob(dslWithProviders, conf);
  const providers = (component: string) =>
    plan.parties.map((party) => taskOf(plan, party.role, party.partyId, component).provider);

  it('takes the DSL provider when the conf names none', () => {
    expect(providers('reader_0')).toEqual(['fate@1.9.0', 'fate@1.9.0', 'fate@1.9.0', 'fate@1.9.0', 'fate@1.9.0']);
  });

  it('lets the conf common provider beat the DSL and a role section beat common', () => {
    expect(providers('scale_0')).toEqual(['fate', 'fate@1.10.0', 'fate@1.10.0', 'fate@1.10.0', 'fate@1.10.0']);
  });

  it('lets a single index beat "all" within a role', () => {
    expect(providers('model_0')).toEqual(['fate@1.10.0', 'fate@1.11.0', 'fate@1.11.2', 'fate@1.11.0', 'fate@1.10.0']);
  });

  it('leaves the provider null (the site default) when nobody names one', () => {
    expect(taskOf(planJob(dsl, threeHosts), 'guest', 9999, 'model_0').provider).toBeNull();
  });
});

describe('job parameters', () => {
  it("applies FATE's defaults when the conf gives none", () => {
    const plan = planJob(dsl, minimalConf());
    expect(partyOf(plan, 'guest', 9999).jobParameters).toEqual({
      job_type: 'train',
      task_cores: 4,
      task_parallelism: 1,
      computing_partitions: 20,
      timeout: 259_200,
      auto_retries: 0,
      auto_retry_delay: 1,
      federated_status_collect_type: 'PUSH',
      federated_mode: 'MULTIPLE',
      priority: 0,
    });
  });

  it('lets role sections override common, most specific key last', () => {
    const conf = withValue(threeHosts, ['job_parameters'], {
      common: { task_cores: 2, timeout: 600, computing_engine: 'EGGROLL' },
      role: {
        host: { '1': { task_cores: 1 }, all: { task_cores: 3, timeout: 900 } },
        arbiter: { '0': { auto_retries: 2 } },
      },
    });
    const plan = planJob(dsl, conf);
    expect(
      plan.parties.map((party) => [
        party.partyId,
        party.jobParameters.task_cores,
        party.jobParameters.timeout,
        party.jobParameters.auto_retries,
        party.jobParameters.computing_engine,
      ]),
    ).toEqual([
      [9999, 2, 600, 0, 'EGGROLL'],
      [10000, 3, 900, 0, 'EGGROLL'],
      [10001, 1, 900, 0, 'EGGROLL'],
      [10002, 3, 900, 0, 'EGGROLL'],
      [10003, 2, 600, 2, 'EGGROLL'],
    ]);
  });

  it('drops the removed parameters backend and work_mode from the resolved parameters', () => {
    const conf = withValue(minimalConf(), ['job_parameters', 'common'], { backend: 0, work_mode: 1 });
    const parameters = partyOf(planJob(dsl, conf), 'guest', 9999).jobParameters;
    expect(Object.hasOwn(parameters, 'backend')).toBe(false);
    expect(Object.hasOwn(parameters, 'work_mode')).toBe(false);
  });

  it('takes computing_partitions from the conf when given', () => {
    const conf = withValue(minimalConf(), ['job_parameters', 'common'], { computing_partitions: 8 });
    expect(partyOf(planJob(dsl, conf), 'host', 10000).jobParameters.computing_partitions).toBe(8);
  });
});

describe('dsl_version and the submission body', () => {
  it('accepts dsl_version as the number 2 or the string "2" with the same plan', () => {
    const { dsl: heteroDsl, conf } = exampleJob('hetero-lr');
    const asNumber = planJob(heteroDsl, withValue(conf, ['dsl_version'], 2));
    const asString = planJob(heteroDsl, withValue(conf, ['dsl_version'], '2'));
    expect(asString).toEqual(asNumber);
    expect(asNumber.stages).toHaveLength(5);
  });

  it('plans the same job from {dsl, runtime_conf} and {job_dsl, job_runtime_conf}', () => {
    const { dsl: heteroDsl, conf } = exampleJob('hetero-lr');
    const fromFlow = readSubmission({ dsl: heteroDsl, runtime_conf: conf });
    const fromClient = readSubmission({ job_dsl: heteroDsl, job_runtime_conf: conf });
    const planA = planJob(fromFlow.dsl, fromFlow.runtimeConf);
    const planB = planJob(fromClient.dsl, fromClient.runtimeConf);
    expect(planB).toEqual(planA);
    expect(planA.stages.flat()).toEqual([
      'reader_0',
      'data_transform_0',
      'intersection_0',
      'hetero_lr_0',
      'evaluation_0',
    ]);
  });

  it('accepts party ids given as strings of digits, as FATE casts them', () => {
    const conf = withValues(minimalConf(), [
      [['role'], { guest: ['9999'], host: ['10000'] }],
      [['initiator', 'party_id'], '9999'],
    ]);
    const plan = planJob(dsl, conf);
    expect(plan.roles).toEqual({ guest: [9999], host: [10000] });
    expect(plan.initiator).toEqual({ role: 'guest', partyId: 9999 });
  });

  it('lets the same party id play two roles', () => {
    const conf = withValue(minimalConf(), ['role', 'arbiter'], [10000]);
    const plan = planJob(dsl, conf);
    expect(plan.parties.map((party) => `${party.role} ${party.partyId}`)).toEqual([
      'guest 9999',
      'host 10000',
      'arbiter 10000',
    ]);
  });

  it('accepts a conf without the optional sections', () => {
    const conf = withValues(exampleJob('hetero-lr').conf, [
      [['job_parameters'], REMOVE],
      [['component_parameters'], REMOVE],
    ]);
    const plan = planJob(exampleJob('hetero-lr').dsl, conf);
    expect(plan.parties.every((party) => party.tasks.every((task) => task.needRun))).toBe(true);
  });
});
