import { readFileSync } from 'node:fs';
import type { JsonObject } from '../../../../../functions/domain/job/deep-merge.js';
import type { CommandBodies, CommandName } from '../../../../../functions/domain/ports/peer-client.js';
import type { EnvelopeInput } from '../../../../../functions/federation/codec/index.js';

export const JOB_ID = '202611271544180123450';
export const MESSAGE_ID = 'msg_01JDX3K9Q2V7';
export const CREATED_TIME = 1_795_794_258_123;

/** FATE's own hetero-LR example job, as shipped in examples/. */
export function heteroLrJob(): { dsl: JsonObject; runtimeConf: JsonObject } {
  const read = (name: string): JsonObject =>
    JSON.parse(readFileSync(new URL(`../../../../../examples/hetero-lr/${name}`, import.meta.url), 'utf8'));
  return { dsl: read('dsl.json'), runtimeConf: read('conf.json') };
}

/** A guest (9999) telling a host (10000) something about {@link JOB_ID}. */
export function envelopeInput<C extends CommandName>(command: C, body: CommandBodies[C]): EnvelopeInput {
  return {
    messageId: MESSAGE_ID,
    createdTime: CREATED_TIME,
    command,
    jobId: JOB_ID,
    src: { role: 'guest', partyId: 9999 },
    dest: { role: 'host', partyId: 10000 },
    body,
  };
}

/** Every command at least once, with and without its optional fields. */
export function everyCommand(): Array<[string, EnvelopeInput]> {
  const { dsl, runtimeConf } = heteroLrJob();
  return [
    ['job.create', envelopeInput('job.create', { dsl, runtimeConf, createTime: 1_795_794_200_000 })],
    ['job.resource.apply', envelopeInput('job.resource.apply', {})],
    ['job.resource.return', envelopeInput('job.resource.return', {})],
    ['job.start', envelopeInput('job.start', { startTime: 1_795_794_260_000 })],
    ['job.status with a tag', envelopeInput('job.status', { status: 'failed', tag: 'submit_failed' })],
    ['job.status without a tag', envelopeInput('job.status', { status: 'ready' })],
    ['job.status with an empty tag', envelopeInput('job.status', { status: 'waiting', tag: '' })],
    ['job.stop', envelopeInput('job.stop', { status: 'canceled' })],
    ['job.party.stop without a tag', envelopeInput('job.party.stop', { status: 'canceled' })],
    [
      'job.party.stop with a tag',
      envelopeInput('job.party.stop', {
        status: 'failed',
        tag: 'federated_error: initiator guest 9999 silent for 612 s',
      }),
    ],
    ['job.clean', envelopeInput('job.clean', {})],
    ['task.start', envelopeInput('task.start', { component: 'hetero_lr_0', taskVersion: 0 })],
    ['task.stop', envelopeInput('task.stop', { component: 'intersection_0', taskVersion: 3, status: 'timeout' })],
    [
      'task.report with every field',
      envelopeInput('task.report', {
        component: 'hetero_lr_0',
        taskVersion: 1,
        partyStatus: 'failed',
        startTime: 1_795_794_260_500,
        endTime: 1_795_794_290_750,
        elapsed: 30_250,
        errorReport: 'ValueError: label column "y" not found\n  at reader_0',
      }),
    ],
    [
      'task.report with only its status',
      envelopeInput('task.report', { component: 'reader_0', taskVersion: 0, partyStatus: 'pass' }),
    ],
    [
      'transfer inline',
      envelopeInput('transfer', {
        tag: 'hetero_lr_0.iter_3.gradient',
        payload: { kind: 'inline', base64: 'AAEC/f7/' },
      }),
    ],
    [
      'transfer of nothing inline',
      envelopeInput('transfer', { tag: 'psi.done', payload: { kind: 'inline', base64: '' } }),
    ],
    [
      'transfer by object',
      envelopeInput('transfer', {
        tag: 'intersection_0.host_ids',
        payload: {
          kind: 'object',
          key: 'transfers/202611271544180123450/intersection_0/host_ids',
          size: 5_242_880,
          sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        },
      }),
    ],
    [
      'model.deploy',
      envelopeInput('model.deploy', {
        modelId: 'arbiter-10000#guest-9999#host-10000#model',
        childModelVersion: '202611271544180123451',
        inferenceDsl: {
          components: { hetero_lr_0: { module: 'HeteroLR', input: { model: ['pipeline.hetero_lr_0.model'] } } },
        },
      }),
    ],
    [
      'model.check with an empty version (refused by the check, not the codec)',
      envelopeInput('model.check', { modelId: '', modelVersion: '', predictDsl: { components: {} } }),
    ],
    [
      'model.infer with two records',
      envelopeInput('model.infer', {
        modelId: 'arbiter-10000#guest-9999#host-10000#model',
        modelVersion: '202611271544180123451',
        serviceId: 'breast-lr',
        records: [{ id: '133' }, { device_id: 'a', phone_num: '122222222' }],
      }),
    ],
    [
      'a message from an arbiter to a local party',
      {
        ...envelopeInput('job.clean', {}),
        src: { role: 'arbiter', partyId: 0 },
        dest: { role: 'local', partyId: 2_147_483_647 },
      },
    ],
  ];
}

/** What `decodeEnvelope` should return for an input. */
export function decodedFrom(input: EnvelopeInput) {
  const { messageId, createdTime, ...message } = input;
  return { messageId, createdTime, message };
}
