import { describe, expect, it } from '@jest/globals';
import { AppError } from '../../../../functions/domain/errors.js';
import { readSubmission } from '../../../../functions/domain/job/submission.js';
import type { JobPlan } from '../../../../functions/domain/plan/job-plan.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, type Path, REMOVE, thrownBy, withValue, withValues } from '../../../fixtures/jobs.js';

/**
 * Malformed submissions, each a small change to the valid hetero-lr pair (or its predict pair),
 * sent the way the API receives them: one body, read by readSubmission, planned by planJob.
 */

const train = exampleJob('hetero-lr');
const predict = exampleJob('hetero-lr-predict');

function submit(body: unknown): JobPlan {
  const { dsl, runtimeConf } = readSubmission(body);
  return planJob(dsl, runtimeConf);
}

type Change = readonly [Path, unknown];
const dslWith = (...changes: Change[]) => ({ dsl: withValues(train.dsl, changes), runtime_conf: train.conf });
const confWith = (...changes: Change[]) => ({ dsl: train.dsl, runtime_conf: withValues(train.conf, changes) });
const predictConfWith = (...changes: Change[]) => ({
  dsl: predict.dsl,
  runtime_conf: withValues(predict.conf, changes),
});
const cpn = (name: string, ...rest: Path): Path => ['components', name, ...rest];
const evaluationData = cpn('evaluation_0', 'input', 'data', 'data');
const party = (value: unknown): Change => [['role', 'host'], [value]];

interface Case {
  readonly what: string;
  readonly body: unknown;
  readonly retcode: 101 | 103;
  readonly message: string | RegExp;
}

const cases: Case[] = [
  // ── the DSL ──
  {
    what: 'a cycle between two components',
    body: dslWith([cpn('intersection_0', 'input', 'data', 'data'), ['data_transform_0.data', 'hetero_lr_0.data']]),
    retcode: 101,
    message: 'dsl.components: the component graph has a cycle: intersection_0 → hetero_lr_0 → intersection_0',
  },
  {
    what: 'a cycle through three components',
    body: dslWith([cpn('data_transform_0', 'input', 'data', 'data'), ['reader_0.data', 'hetero_lr_0.data']]),
    retcode: 101,
    message:
      'dsl.components: the component graph has a cycle: data_transform_0 → intersection_0 → hetero_lr_0 → data_transform_0',
  },
  {
    what: 'a component reading its own output',
    body: dslWith([evaluationData, ['evaluation_0.data']]),
    retcode: 101,
    message: 'dsl.components: the component graph has a cycle: evaluation_0 → evaluation_0',
  },
  {
    what: 'an unknown upstream component',
    body: dslWith([evaluationData, ['hetero_lr_9.data']]),
    retcode: 101,
    message:
      'dsl.components.evaluation_0.input.data.data[0]: "hetero_lr_9.data" refers to component "hetero_lr_9", which the DSL does not declare',
  },
  {
    what: 'an output name the upstream does not declare',
    body: dslWith([evaluationData, ['hetero_lr_0.predictions']]),
    retcode: 101,
    message:
      'dsl.components.evaluation_0.input.data.data[0]: "hetero_lr_0.predictions": component "hetero_lr_0" has no data output named "predictions" (its data outputs are: data)',
  },
  {
    what: 'a model input that names a data output',
    body: dslWith([cpn('evaluation_0', 'input', 'model'), ['intersection_0.data']]),
    retcode: 101,
    message:
      'dsl.components.evaluation_0.input.model[0]: "intersection_0.data": component "intersection_0" has no model output named "data" (it declares no model output)',
  },
  {
    what: 'a data input that names a model output',
    body: dslWith([evaluationData, ['hetero_lr_0.model']]),
    retcode: 101,
    message:
      'dsl.components.evaluation_0.input.data.data[0]: "hetero_lr_0.model": component "hetero_lr_0" has no data output named "model" (its data outputs are: data)',
  },
  {
    what: 'a Reader with an input',
    body: dslWith([cpn('reader_0', 'input'), { data: { data: ['args.data'] } }]),
    retcode: 101,
    message: 'dsl.components.reader_0.input: a Reader has outputs only; remove its input',
  },
  {
    what: 'a component name with a space',
    body: dslWith([cpn('reader 1'), { module: 'Reader', output: { data: ['data'] } }]),
    retcode: 101,
    message: 'dsl.components.reader 1: component names may only use letters, digits, "_" and "-"',
  },
  {
    what: 'a component name with a dot',
    body: dslWith([cpn('reader.1'), { module: 'Reader', output: { data: ['data'] } }]),
    retcode: 101,
    message: 'dsl.components.reader.1: component names may only use letters, digits, "_" and "-"',
  },
  {
    what: 'a component named "__proto__"',
    body: dslWith([cpn('__proto__'), { module: 'Reader', output: { data: ['data'] } }]),
    retcode: 101,
    message:
      'dsl.components.__proto__: cannot be a key: the store would drop it (JavaScript reads "__proto__" as the prototype)',
  },
  {
    what: 'no components at all',
    body: dslWith([['components'], {}]),
    retcode: 101,
    message: 'dsl.components: the DSL declares no components',
  },
  {
    what: 'components given as a list',
    body: dslWith([['components'], [{ module: 'Reader' }]]),
    retcode: 101,
    message: 'dsl.components: components is required and must be an object of component name to component',
  },
  {
    what: 'components missing',
    body: dslWith([['components'], REMOVE]),
    retcode: 101,
    message: 'dsl.components: components is required and must be an object of component name to component',
  },
  {
    what: 'a component that is a string',
    body: dslWith([cpn('reader_0'), 'Reader']),
    retcode: 101,
    message: 'dsl.components.reader_0: a component must be an object with a module',
  },
  {
    what: 'a component without a module',
    body: dslWith([cpn('intersection_0', 'module'), REMOVE]),
    retcode: 101,
    message: 'dsl.components.intersection_0.module: module is required and must be a string such as "Reader"',
  },
  {
    what: 'an empty module',
    body: dslWith([cpn('intersection_0', 'module'), '']),
    retcode: 101,
    message: 'dsl.components.intersection_0.module: module must not be empty',
  },
  {
    what: 'a module that is not a string',
    body: dslWith([cpn('intersection_0', 'module'), ['Intersection']]),
    retcode: 101,
    message: 'dsl.components.intersection_0.module: module is required and must be a string such as "Reader"',
  },
  {
    what: 'a reference without an output name',
    body: dslWith([evaluationData, ['hetero_lr_0']]),
    retcode: 101,
    message:
      'dsl.components.evaluation_0.input.data.data[0]: "hetero_lr_0" is not a reference; write "<component>.<output name>", e.g. "reader_0.data"',
  },
  {
    what: 'a reference with too many parts',
    body: dslWith([evaluationData, ['hetero_lr_0.data.x']]),
    retcode: 101,
    message:
      'dsl.components.evaluation_0.input.data.data[0]: "hetero_lr_0.data.x" is not a reference; write "<component>.<output name>", e.g. "reader_0.data"',
  },
  {
    what: 'an empty reference',
    body: dslWith([evaluationData, ['']]),
    retcode: 101,
    message:
      'dsl.components.evaluation_0.input.data.data[0]: a reference must not be empty; write "<component>.<output name>", e.g. "reader_0.data"',
  },
  {
    what: 'a reference that is not a string',
    body: dslWith([evaluationData, [{ component: 'hetero_lr_0' }]]),
    retcode: 101,
    message: 'dsl.components.evaluation_0.input.data.data[0]: a reference must be a string such as "reader_0.data"',
  },
  {
    what: 'a reference list that is a string',
    body: dslWith([evaluationData, 'hetero_lr_0.data']),
    retcode: 101,
    message: 'dsl.components.evaluation_0.input.data.data: must be a list of references such as ["reader_0.data"]',
  },
  {
    what: 'an input kind FATE does not have',
    body: dslWith([cpn('evaluation_0', 'input', 'models'), ['hetero_lr_0.model']]),
    retcode: 101,
    message: 'dsl.components.evaluation_0.input: must be an object with data, model, isometric_model or cache',
  },
  {
    what: 'an output name with a space',
    body: dslWith([cpn('hetero_lr_0', 'output', 'model'), ['lr model']]),
    retcode: 101,
    message: 'dsl.components.hetero_lr_0.output.model[0]: an output name may only use letters, digits, "_" and "-"',
  },
  {
    what: 'need_deploy that is not a boolean',
    body: dslWith([cpn('hetero_lr_0', 'need_deploy'), 'yes']),
    retcode: 101,
    message: 'dsl.components.hetero_lr_0.need_deploy: need_deploy must be true or false',
  },
  {
    what: 'a pipeline model in a train job',
    body: dslWith([cpn('data_transform_0', 'input', 'model'), ['pipeline.data_transform_0.model']]),
    retcode: 101,
    message:
      'dsl.components.data_transform_0.input.model[0]: "pipeline.data_transform_0.model" reads a model of a trained pipeline; only predict jobs (job_type "predict") may do that',
  },
  {
    what: 'a pipeline model under a data input of a predict job',
    body: {
      dsl: withValue(predict.dsl, cpn('intersection_0', 'input', 'data', 'data'), ['pipeline.data_transform_0.model']),
      runtime_conf: predict.conf,
    },
    retcode: 101,
    message:
      'dsl.components.intersection_0.input.data.data[0]: "pipeline.data_transform_0.model" is a pipeline model; it belongs under input.model or input.isometric_model',
  },
  {
    what: 'an args.* input in a train job',
    body: dslWith([cpn('data_transform_0', 'input', 'data', 'data'), ['args.train_data']]),
    retcode: 101,
    message:
      'dsl.components.data_transform_0.input.data.data[0]: "args.train_data" is a v1 "args." input, accepted only in predict DSLs',
  },
  {
    what: 'a DSL that is a string',
    body: { dsl: 'components', runtime_conf: train.conf },
    retcode: 101,
    message: 'dsl: the DSL must be a JSON object with "components"',
  },
  {
    what: 'a DSL that is null',
    body: { dsl: null, runtime_conf: train.conf },
    retcode: 101,
    message: 'dsl: the DSL must be a JSON object with "components"',
  },
  // ── the runtime conf ──
  {
    what: 'a conf that is a list',
    body: { dsl: train.dsl, runtime_conf: [train.conf] },
    retcode: 101,
    message: 'runtime_conf: the runtime conf must be a JSON object',
  },
  {
    what: 'a body without runtime_conf',
    body: { dsl: train.dsl },
    retcode: 101,
    message: 'runtime_conf (or job_runtime_conf) is required',
  },
  {
    what: 'a body with both spellings of the DSL',
    body: { dsl: train.dsl, job_dsl: train.dsl, runtime_conf: train.conf },
    retcode: 101,
    message: 'give the DSL once: either "dsl" or "job_dsl", not both',
  },
  {
    what: 'a party index key that is not an index',
    body: confWith([['component_parameters', 'role', 'host', 'first'], { reader_0: {} }]),
    retcode: 101,
    message:
      'runtime_conf.component_parameters.role.host.first: party index key "first" is not valid; use "all", an index such as "0", or indexes joined by "|" such as "0|2"',
  },
  {
    what: 'a party index out of range',
    body: confWith([['component_parameters', 'role', 'guest', '1'], { reader_0: {} }]),
    retcode: 101,
    message:
      'runtime_conf.component_parameters.role.guest.1: party index 1 is out of range; the role lists 1 party (indexes 0..0)',
  },
  {
    what: 'a party index out of range in job_parameters',
    body: confWith([['job_parameters', 'role', 'host', '0|1'], { task_cores: 1 }]),
    retcode: 101,
    message:
      'runtime_conf.job_parameters.role.host.0|1: party index 1 is out of range; the role lists 1 party (indexes 0..0)',
  },
  {
    what: 'a role section for a role the job does not have',
    body: confWith([['component_parameters', 'role', 'local', '0'], { reader_0: {} }]),
    retcode: 101,
    message: "runtime_conf.component_parameters.role.local: the conf's role section lists no local",
  },
  {
    what: 'a provider role section for a role the job does not have',
    body: confWith(
      [['role', 'arbiter'], REMOVE],
      [['provider', 'role', 'arbiter', '0'], { hetero_lr_0: 'fate@1.11.2' }],
    ),
    retcode: 101,
    message: "runtime_conf.provider.role.arbiter: the conf's role section lists no arbiter",
  },
  {
    what: 'a role section for an unknown role',
    body: confWith([['component_parameters', 'role', 'server', '0'], { reader_0: {} }]),
    retcode: 101,
    message: 'runtime_conf.component_parameters.role: "server" is not a role; use guest, host, arbiter, local',
  },
  {
    what: 'an initiator not in its role list',
    body: confWith([['initiator', 'party_id'], 9998]),
    retcode: 101,
    message: 'runtime_conf.initiator.party_id: initiator party 9998 is not in runtime_conf.role.guest [9999]',
  },
  {
    what: "an initiator whose role the job doesn't have",
    body: confWith([['initiator', 'role'], 'local']),
    retcode: 101,
    message: 'runtime_conf.initiator.role: the initiator\'s role "local" is not in runtime_conf.role',
  },
  {
    what: 'an initiator role that is not a role',
    body: confWith([['initiator', 'role'], 'boss']),
    retcode: 101,
    message: 'runtime_conf.initiator.role: role must be one of guest, host, arbiter, local',
  },
  {
    what: 'no initiator',
    body: confWith([['initiator'], REMOVE]),
    retcode: 101,
    message: 'runtime_conf.initiator: initiator is required: {"role": "guest", "party_id": 9999}',
  },
  {
    what: 'an initiator with an extra key',
    body: confWith([['initiator', 'partyId'], 9999]),
    retcode: 101,
    message: 'runtime_conf.initiator: initiator takes only "role" and "party_id", not "partyId"',
  },
  {
    what: 'a fractional party id',
    body: confWith(party(1.5)),
    retcode: 101,
    message: 'runtime_conf.role.host[0]: party id must be a non-negative integer such as 9999, got 1.5',
  },
  {
    what: 'a party id made of letters',
    body: confWith(party('abc')),
    retcode: 101,
    message: 'runtime_conf.role.host[0]: party id must be a non-negative integer such as 9999, got "abc"',
  },
  {
    what: 'a negative party id',
    body: confWith(party(-1)),
    retcode: 101,
    message: 'runtime_conf.role.host[0]: party id must be a non-negative integer such as 9999, got -1',
  },
  {
    what: 'a boolean party id',
    body: confWith(party(true)),
    retcode: 101,
    message: 'runtime_conf.role.host[0]: party id must be a non-negative integer such as 9999, got true',
  },
  {
    what: 'a party id past 32 bits',
    body: confWith(party(2_147_483_648)),
    retcode: 101,
    message: 'runtime_conf.role.host[0]: party id must be a non-negative integer such as 9999, got 2147483648',
  },
  {
    what: 'a party id string with a leading zero',
    body: confWith(party('010000')),
    retcode: 101,
    message: 'runtime_conf.role.host[0]: party id must be a non-negative integer such as 9999, got "010000"',
  },
  {
    what: 'an initiator party id that is not an integer',
    body: confWith([['initiator', 'party_id'], 'guest']),
    retcode: 101,
    message: 'runtime_conf.initiator.party_id: party id must be a non-negative integer such as 9999, got "guest"',
  },
  {
    what: 'a party listed twice in one role',
    body: confWith([
      ['role', 'host'],
      [10000, 10001, 10000],
    ]),
    retcode: 101,
    message: 'runtime_conf.role.host: party 10000 is listed twice',
  },
  {
    what: 'an unknown role name',
    body: confWith([['role', 'server'], [1]]),
    retcode: 101,
    message: 'runtime_conf.role: "server" is not a role; use guest, host, arbiter, local',
  },
  {
    what: 'an empty role list',
    body: confWith([['role', 'host'], []]),
    retcode: 101,
    message: 'runtime_conf.role.host: must list at least one party id',
  },
  {
    what: 'a role list that is a number',
    body: confWith([['role', 'host'], 10000]),
    retcode: 101,
    message: 'runtime_conf.role.host: must be a list of party ids such as [9999]',
  },
  {
    what: 'no roles',
    body: confWith([['role'], {}]),
    retcode: 101,
    message: 'runtime_conf.role: no role lists any party',
  },
  {
    what: 'no role section',
    body: confWith([['role'], REMOVE]),
    retcode: 101,
    message: 'runtime_conf.role: role is required: an object such as {"guest": [9999], "host": [10000]}',
  },
  {
    what: 'no dsl_version',
    body: confWith([['dsl_version'], REMOVE]),
    retcode: 101,
    message:
      'runtime_conf.dsl_version: only the v2 version runtime conf is supported; set "dsl_version": 2 (got nothing)',
  },
  {
    what: 'dsl_version 1',
    body: confWith([['dsl_version'], 1]),
    retcode: 101,
    message: 'runtime_conf.dsl_version: only the v2 version runtime conf is supported; set "dsl_version": 2 (got 1)',
  },
  {
    what: 'dsl_version "3"',
    body: confWith([['dsl_version'], '3']),
    retcode: 101,
    message: 'runtime_conf.dsl_version: only the v2 version runtime conf is supported; set "dsl_version": 2 (got "3")',
  },
  {
    what: 'an unknown job_type',
    body: confWith([['job_parameters', 'common', 'job_type'], 'inference']),
    retcode: 101,
    message: 'runtime_conf.job_parameters.common.job_type: job_type must be "train" or "predict"',
  },
  {
    what: 'a predict job without model_id',
    body: predictConfWith([['job_parameters', 'common', 'model_id'], REMOVE]),
    retcode: 101,
    message: 'runtime_conf.job_parameters.common.model_id: a predict job needs the model_id of the trained model',
  },
  {
    what: 'a predict job without model_version',
    body: predictConfWith([['job_parameters', 'common', 'model_version'], REMOVE]),
    retcode: 101,
    message:
      'runtime_conf.job_parameters.common.model_version: a predict job needs the model_version of the trained model',
  },
  {
    what: 'a model_id that is not a string',
    body: predictConfWith([['job_parameters', 'common', 'model_id'], 42]),
    retcode: 101,
    message: 'runtime_conf.job_parameters.common.model_id: model_id must be a string',
  },
  {
    what: 'task_cores 0',
    body: confWith([['job_parameters', 'common', 'task_cores'], 0]),
    retcode: 101,
    message: 'runtime_conf.job_parameters.common.task_cores: task_cores must be a positive integer',
  },
  {
    what: 'task_cores as a string',
    body: confWith([['job_parameters', 'common', 'task_cores'], '4']),
    retcode: 101,
    message: 'runtime_conf.job_parameters.common.task_cores: task_cores must be a positive integer',
  },
  {
    what: 'a fractional task_parallelism in a role section',
    body: confWith([['job_parameters', 'role', 'host', '0', 'task_parallelism'], 1.5]),
    retcode: 101,
    message: 'runtime_conf.job_parameters.role.host.0.task_parallelism: task_parallelism must be a positive integer',
  },
  {
    what: 'a timeout of 0 seconds',
    body: confWith([['job_parameters', 'common', 'timeout'], 0]),
    retcode: 101,
    message: 'runtime_conf.job_parameters.common.timeout: timeout (seconds) must be a positive integer',
  },
  {
    what: 'auto_retries -1',
    body: confWith([['job_parameters', 'common', 'auto_retries'], -1]),
    retcode: 101,
    message: 'runtime_conf.job_parameters.common.auto_retries: auto_retries must be an integer of 0 or more',
  },
  {
    what: 'an unknown federated_status_collect_type',
    body: confWith([['job_parameters', 'common', 'federated_status_collect_type'], 'POLL']),
    retcode: 101,
    message:
      'runtime_conf.job_parameters.common.federated_status_collect_type: federated_status_collect_type must be "PUSH" or "PULL"',
  },
  {
    what: 'job_parameters in the v1 flat form',
    body: confWith([['job_parameters'], { job_type: 'train', task_cores: 2 }]),
    retcode: 101,
    message:
      'runtime_conf.job_parameters: the v2 format puts job parameters under job_parameters.common (and job_parameters.role)',
  },
  {
    what: 'component parameters that are not an object',
    body: confWith([['component_parameters', 'common', 'hetero_lr_0'], 'L2']),
    retcode: 101,
    message: 'runtime_conf.component_parameters.common.hetero_lr_0: component parameters must be an object',
  },
  {
    what: 'component_parameters in the v1 role_parameters form',
    body: confWith([['component_parameters'], { guest: { args: { data: {} } } }]),
    retcode: 101,
    message: 'runtime_conf.component_parameters: component_parameters must be {"common": {...}, "role": {...}}',
  },
  {
    what: 'need_run that is not a boolean',
    body: confWith([['component_parameters', 'role', 'host', '0', 'evaluation_0', 'need_run'], 'false']),
    retcode: 101,
    message: 'runtime_conf.component_parameters (host 10000).evaluation_0.need_run: need_run must be true or false',
  },
  {
    what: 'a provider that is not "name@version"',
    body: confWith([['provider', 'common', 'hetero_lr_0'], 'fate 1.11.2']),
    retcode: 101,
    message: 'runtime_conf.provider.common.hetero_lr_0: a provider must look like "name" or "name@version"',
  },
  {
    what: 'a provider that is not a string',
    body: confWith([['provider', 'role', 'guest', '0', 'hetero_lr_0'], 1.11]),
    retcode: 101,
    message: 'runtime_conf.provider.role.guest.0.hetero_lr_0: a provider must be a string such as "fate@1.11.2"',
  },
  {
    what: 'HeteroLR with a party that is guest and arbiter but not host',
    body: confWith([['role', 'arbiter'], [9999]]),
    retcode: 101,
    message:
      "runtime_conf.role: party 9999 is both guest and arbiter, so HeteroLR needs it to be a host as well (FATE's constraint)",
  },
  {
    what: 'more cores than the per-job limit',
    body: confWith([['job_parameters', 'common', 'task_parallelism'], 11]),
    retcode: 103,
    message:
      /^max cores per job is 20 base on \(site pool cores 20 \* max_cores_percent_per_job 1\), expect 22 cores at guest 9999 /,
  },
];

describe('malformed submissions', () => {
  it('has at least 40 distinct cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((entry) => entry.what)).size).toBe(cases.length);
  });

  it('starts from a valid pair, so each case fails only because of its change', () => {
    expect(submit({ dsl: train.dsl, runtime_conf: train.conf }).stages).toHaveLength(5);
    expect(submit({ dsl: predict.dsl, runtime_conf: predict.conf }).jobType).toBe('predict');
  });

  it.each(cases)('refuses $what with retcode $retcode and a message naming the field', ({ body, retcode, message }) => {
    const error = thrownBy(() => submit(body));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toHaveProperty('retcode', retcode);
    if (typeof message === 'string') {
      expect(error).toHaveProperty('message', message);
    } else {
      expect(error).toHaveProperty('message', expect.stringMatching(message));
    }
  });
});
