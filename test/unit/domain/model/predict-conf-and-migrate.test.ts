import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { checkMigration, type MigrateRequest, migrateModel } from '../../../../functions/domain/model/migrate-model.js';
import type { PipelinedModel } from '../../../../functions/domain/model/pipelined-model.js';
import { predictConfTemplate } from '../../../../functions/domain/model/predict-conf.js';

const trainConf = {
  dsl_version: 2,
  initiator: { role: 'guest', party_id: 1 },
  role: { guest: [1], host: [2, 3], arbiter: [2] },
  job_parameters: { common: { task_cores: 2 } },
  component_parameters: { role: { guest: { '0': { read_a: { table: { name: 't', namespace: 'n' } } } } } },
};

describe('predictConfTemplate (FATE generate_predict_conf_template)', () => {
  it('keeps roles and initiator, names the model and a table to fill per Reader for the guest and each host', () => {
    const inference = { components: { read_a: { module: 'Reader' }, lr_a: { module: 'HeteroLR' } } };
    const fill = { read_a: { table: { name: 'name_to_be_filled_0', namespace: 'namespace_to_be_filled_0' } } };
    expect(predictConfTemplate(inference, trainConf, 'm', '202601010000000000002')).toEqual({
      dsl_version: 2,
      role: trainConf.role,
      initiator: trainConf.initiator,
      job_parameters: {
        common: { task_cores: 2, model_id: 'm', model_version: '202601010000000000002', job_type: 'predict' },
      },
      component_parameters: { role: { guest: { '0': fill }, host: { '0': fill, '1': fill } } },
    });
  });
});

const request: MigrateRequest = {
  modelId: 'arbiter-2#guest-1#host-2#model',
  modelVersion: '202601010000000000002',
  role: { guest: [1], host: [2], arbiter: [2] },
  migrateRole: { guest: [11], host: [12], arbiter: [13] },
  migrateInitiator: { role: 'guest', partyId: 11 },
  unifyModelVersion: '202601010000000000009',
};

const hostModel: PipelinedModel = {
  modelId: request.modelId,
  modelVersion: request.modelVersion,
  role: 'host',
  partyId: 2,
  initiator: { role: 'guest', partyId: 1 },
  roles: request.role,
  jobId: '202601010000000000001',
  parent: false,
  parentInfo: { modelId: request.modelId, modelVersion: '202601010000000000001' },
  trainDsl: { components: {} },
  trainRuntimeConf: { ...trainConf, job_parameters: { common: { model_id: request.modelId } } },
  inferenceDsl: { components: {} },
  components: {
    lr_a: { module: 'HeteroLR', ranHere: true, models: { model: { location: 'outputs/x.json', meta: {} } } },
  },
  imported: false,
  createTime: 1,
};

describe('model migration (FATE migrate)', () => {
  it('moves a party to the same role and position of the new roles, with the new model id and version', () => {
    const moved = migrateModel(hostModel, request, 5);
    expect(moved).toMatchObject({
      modelId: 'arbiter-13#guest-11#host-12#model',
      modelVersion: request.unifyModelVersion,
      role: 'host',
      partyId: 12,
      initiator: { role: 'guest', partyId: 11 },
      roles: request.migrateRole,
      parentInfo: { modelId: request.modelId, modelVersion: request.modelVersion },
      components: hostModel.components,
      createTime: 5,
    });
    expect(moved.trainRuntimeConf.role).toEqual(request.migrateRole);
    expect(moved.trainRuntimeConf.initiator).toEqual({ role: 'guest', party_id: 11 });
    expect(moved.trainRuntimeConf.job_parameters).toEqual({
      common: { model_id: 'arbiter-13#guest-11#host-12#model', model_version: request.unifyModelVersion },
    });
  });

  it('refuses the same roles, a role with another number of parties, and an initiator outside the new roles', () => {
    expect(() => checkMigration({ ...request, migrateRole: request.role })).toThrow(/no need to migrate/);
    expect(() => checkMigration({ ...request, migrateRole: { ...request.migrateRole, host: [12, 14] } })).toThrow(
      'migrate_role.host: must list 1 party, as role.host does',
    );
    expect(() => checkMigration({ ...request, migrateInitiator: { role: 'guest', partyId: 1 } })).toThrow(
      ArgumentError,
    );
    expect(() => checkMigration(request)).not.toThrow();
  });
});

describe('model migration: what FATE refuses, and confs of every shape', () => {
  it('names the field of each refusal: a missing or extra role, a party outside the old roles', () => {
    const { arbiter: _dropped, ...withoutArbiter } = request.migrateRole;
    expect(() => checkMigration({ ...request, migrateRole: withoutArbiter })).toThrow(
      'migrate_role.arbiter: must list 1 party, as role.arbiter does',
    );
    const twoHosts = {
      ...request,
      role: { ...request.role, host: [2, 3] },
      migrateRole: { ...request.migrateRole, host: [12, 14] },
    };
    expect(() => checkMigration(twoHosts)).not.toThrow();
    expect(() => checkMigration({ ...request, migrateRole: { ...request.migrateRole, host: [12, 14] } })).toThrow(
      'migrate_role.host: must list 1 party, as role.host does',
    );
    expect(() =>
      checkMigration({
        ...request,
        role: { guest: [1], host: [2] },
        migrateRole: { guest: [11], host: [12], arbiter: [13] },
      }),
    ).toThrow('migrate_role.arbiter: the model has no arbiter role');
    expect(() => migrateModel({ ...hostModel, partyId: 99 }, request, 5)).toThrow(
      'execute_party: host 99 is not one of role.host',
    );
  });

  it('keeps a training conf without job parameters, or with a common section that is not an object', () => {
    const bare = { ...hostModel, trainRuntimeConf: { ...hostModel.trainRuntimeConf, job_parameters: undefined } };
    expect(migrateModel(bare as unknown as PipelinedModel, request, 5).trainRuntimeConf.job_parameters).toEqual({
      common: { model_id: 'arbiter-13#guest-11#host-12#model', model_version: request.unifyModelVersion },
    });
    const odd = { ...hostModel, trainRuntimeConf: { ...hostModel.trainRuntimeConf, job_parameters: { common: 7 } } };
    expect(migrateModel(odd, request, 5).trainRuntimeConf.job_parameters).toEqual({
      common: { model_id: 'arbiter-13#guest-11#host-12#model', model_version: request.unifyModelVersion },
    });
  });
});

describe('predictConfTemplate on training confs of every shape', () => {
  it('refuses a training conf without roles or initiator, naming the model', () => {
    expect(() => predictConfTemplate({ components: {} }, { role: { guest: [1] } }, 'm', 'v')).toThrow(
      'model m v: its training conf has no role or initiator',
    );
    expect(() =>
      predictConfTemplate({ components: {} }, { initiator: { role: 'guest', party_id: 1 } }, 'm', 'v'),
    ).toThrow('model m v: its training conf has no role or initiator');
  });

  it('gives a DSL without components and a conf without job parameters no table to fill', () => {
    const conf = { role: { guest: [1], arbiter: [2] }, initiator: { role: 'guest', party_id: 1 } };
    expect(predictConfTemplate({}, conf, 'm', 'v')).toEqual({
      dsl_version: 2,
      role: conf.role,
      initiator: conf.initiator,
      job_parameters: { common: { model_id: 'm', model_version: 'v', job_type: 'predict' } },
      component_parameters: { role: { guest: { '0': {} } } },
    });
  });
});
