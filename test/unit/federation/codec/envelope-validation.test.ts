import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import type { JsonObject } from '../../../../functions/domain/job/deep-merge.js';
import { decodeEnvelope, type EnvelopeInput, encodeEnvelope } from '../../../../functions/federation/codec/index.js';
import {
  type Envelope,
  EnvelopeSchema,
  JobStatus,
  Role,
  StopStatus,
  TaskStatus,
} from '../../../../proto/fateflow/federation/v1/federation_pb.js';
import { envelopeInput, JOB_ID, MESSAGE_ID } from './support/messages.js';

/** Numbers proto3's open enums may carry but this version does not define. */
const UNKNOWN_ROLE: Role = Number('9');
const UNKNOWN_JOB_STATUS: JobStatus = Number('42');
const UNKNOWN_STOP_STATUS: StopStatus = Number('7');

const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The plain-object form of `create(EnvelopeSchema, ...)`'s argument. */
type EnvelopeInit = Exclude<MessageInitShape<typeof EnvelopeSchema>, Envelope>;

/** A valid job.start envelope with some fields replaced. */
function wire(overrides: EnvelopeInit): Uint8Array {
  return toBinary(
    EnvelopeSchema,
    create(EnvelopeSchema, {
      messageId: MESSAGE_ID,
      source: { role: Role.GUEST, partyId: 9999n },
      destination: { role: Role.HOST, partyId: 10000n },
      jobId: JOB_ID,
      createdTimeMs: 1_795_794_258_123n,
      command: { case: 'jobStart', value: { startTimeMs: 1_795_794_260_000n } },
      ...overrides,
    }),
  );
}

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${text} is valid JSON`);
}

function decodeError(bytes: Uint8Array): unknown {
  try {
    decodeEnvelope(bytes);
  } catch (error) {
    return error;
  }
  throw new Error('decodeEnvelope accepted the bytes');
}

function encodeError(input: EnvelopeInput): unknown {
  try {
    encodeEnvelope(input);
  } catch (error) {
    return error;
  }
  throw new Error('encodeEnvelope accepted the message');
}

describe('decodeEnvelope', () => {
  it.each<[string, Uint8Array, string]>([
    ['an empty body', new Uint8Array(0), 'envelope.message_id: is empty'],
    ['an empty message id', wire({ messageId: '' }), 'envelope.message_id: is empty'],
    ['a missing source', wire({ source: undefined }), 'envelope.source: is missing'],
    ['a missing destination', wire({ destination: undefined }), 'envelope.destination: is missing'],
    [
      'an unspecified source role',
      wire({ source: { role: Role.UNSPECIFIED, partyId: 9999n } }),
      'envelope.source.role: is unspecified',
    ],
    [
      'an unknown destination role',
      wire({ destination: { role: UNKNOWN_ROLE, partyId: 10000n } }),
      'envelope.destination.role: 9 is not a role',
    ],
    [
      'a negative party id',
      wire({ source: { role: Role.GUEST, partyId: -1n } }),
      'envelope.source.party_id: must be an integer from 0 to 2147483647, got -1',
    ],
    [
      'a party id above 32 bits',
      wire({ destination: { role: Role.HOST, partyId: 2_147_483_648n } }),
      'envelope.destination.party_id: must be an integer from 0 to 2147483647, got 2147483648',
    ],
    ['an empty job id', wire({ jobId: '' }), 'envelope.job_id: is empty'],
    [
      'a job id that climbs out of a folder',
      wire({ jobId: '../../etc' }),
      'envelope.job_id: must be a job id of 21 digits, got "../../etc"',
    ],
    [
      'a job id with a NUL',
      wire({ jobId: '20261127154418012345\u0000' }),
      'envelope.job_id: must be a job id of 21 digits, got "20261127154418012345\\u0000"',
    ],
    [
      'a job id with a space',
      wire({ jobId: '2026112715441801234 5' }),
      'envelope.job_id: must be a job id of 21 digits, got "2026112715441801234 5"',
    ],
    [
      'a job id with a key separator',
      wire({ jobId: '20261127154418012345#' }),
      'envelope.job_id: must be a job id of 21 digits, got "20261127154418012345#"',
    ],
    [
      'a job id of 22 digits',
      wire({ jobId: '2026112715441801234500' }),
      'envelope.job_id: must be a job id of 21 digits, got "2026112715441801234500"',
    ],
    [
      'a job id of 5,000 characters',
      wire({ jobId: '9'.repeat(5000) }),
      `envelope.job_id: must be a job id of 21 digits, got "${'9'.repeat(32)}"… (5000 characters)`,
    ],
    [
      'a task.start version beyond the 6 digits versions have in the store',
      wire({ command: { case: 'taskStart', value: { component: 'reader_0', taskVersion: 1_000_000 } } }),
      'envelope.task_start.task_version: must be an integer from 0 to 999999, got 1000000',
    ],
    [
      'a task.stop version beyond the 6 digits versions have in the store',
      wire({
        command: {
          case: 'taskStop',
          value: { component: 'reader_0', taskVersion: 4_294_967_295, status: StopStatus.CANCELED },
        },
      }),
      'envelope.task_stop.task_version: must be an integer from 0 to 999999, got 4294967295',
    ],
    [
      'a task.report version beyond the 6 digits versions have in the store',
      wire({
        command: {
          case: 'taskReport',
          value: { component: 'reader_0', taskVersion: 1_000_000, partyStatus: TaskStatus.SUCCESS },
        },
      }),
      'envelope.task_report.task_version: must be an integer from 0 to 999999, got 1000000',
    ],
    [
      'a negative creation time',
      wire({ createdTimeMs: -5n }),
      'envelope.created_time_ms: must be an integer from 0 to 999999999999999, got -5',
    ],
    [
      'a creation time beyond the 15 digits times have in the store',
      wire({ createdTimeMs: 1_000_000_000_000_000n }),
      'envelope.created_time_ms: must be an integer from 0 to 999999999999999, got 1000000000000000',
    ],
    [
      'a job.create time beyond the 15 digits times have in the store',
      wire({
        command: { case: 'jobCreate', value: { dslJson: '{}', runtimeConfJson: '{}', createTimeMs: 10n ** 15n } },
      }),
      'envelope.job_create.create_time_ms: must be an integer from 0 to 999999999999999, got 1000000000000000',
    ],
    ['no command', wire({ command: { case: undefined } }), 'envelope.command: is missing'],
    [
      'a command from a newer version (field 30)',
      new Uint8Array([...wire({ command: { case: undefined } }), 0xf2, 0x01, 0x00]),
      'envelope.command: is missing or unknown to this version (unknown fields 30)',
    ],
    [
      'a job.create DSL that is not JSON',
      wire({ command: { case: 'jobCreate', value: { dslJson: '{oops', runtimeConfJson: '{}' } } }),
      `envelope.job_create.dsl_json: is not valid JSON: ${jsonError('{oops')}`,
    ],
    [
      'a job.create DSL that is an array',
      wire({ command: { case: 'jobCreate', value: { dslJson: '[]', runtimeConfJson: '{}' } } }),
      'envelope.job_create.dsl_json: must be a JSON object, got an array',
    ],
    [
      'an empty job.create runtime conf',
      wire({ command: { case: 'jobCreate', value: { dslJson: '{}', runtimeConfJson: '' } } }),
      `envelope.job_create.runtime_conf_json: is not valid JSON: ${jsonError('')}`,
    ],
    [
      'a job.create runtime conf that is null',
      wire({ command: { case: 'jobCreate', value: { dslJson: '{}', runtimeConfJson: 'null' } } }),
      'envelope.job_create.runtime_conf_json: must be a JSON object, got null',
    ],
    [
      'a negative job.create time',
      wire({ command: { case: 'jobCreate', value: { dslJson: '{}', runtimeConfJson: '{}', createTimeMs: -1n } } }),
      'envelope.job_create.create_time_ms: must be an integer from 0 to 999999999999999, got -1',
    ],
    [
      'a negative job.start time',
      wire({ command: { case: 'jobStart', value: { startTimeMs: -1n } } }),
      'envelope.job_start.start_time_ms: must be an integer from 0 to 999999999999999, got -1',
    ],
    [
      'an unspecified job status',
      wire({ command: { case: 'jobStatusUpdate', value: { status: JobStatus.UNSPECIFIED } } }),
      'envelope.job_status_update.status: is unspecified',
    ],
    [
      'an unknown job status',
      wire({ command: { case: 'jobStatusUpdate', value: { status: UNKNOWN_JOB_STATUS } } }),
      'envelope.job_status_update.status: 42 is not a job status',
    ],
    [
      'an unspecified job stop status',
      wire({ command: { case: 'jobStop', value: {} } }),
      'envelope.job_stop.status: is unspecified',
    ],
    [
      'an unknown task stop status',
      wire({ command: { case: 'taskStop', value: { component: 'reader_0', status: UNKNOWN_STOP_STATUS } } }),
      'envelope.task_stop.status: 7 is not a stop status',
    ],
    [
      'a model.deploy without its new version',
      wire({ command: { case: 'modelDeploy', value: { modelId: 'm', inferenceDslJson: '{}' } } }),
      'envelope.model_deploy.child_model_version: is empty',
    ],
    [
      'a model.check whose predict DSL is not a JSON object',
      wire({ command: { case: 'modelCheck', value: { modelId: 'm', modelVersion: 'v', dslJson: '[1]' } } }),
      'envelope.model_check.dsl_json: must be a JSON object, got an array',
    ],
    [
      'a task.start without a component',
      wire({ command: { case: 'taskStart', value: { taskVersion: 1 } } }),
      'envelope.task_start.component: is empty',
    ],
    [
      'a task.stop without a component',
      wire({ command: { case: 'taskStop', value: { status: StopStatus.CANCELED } } }),
      'envelope.task_stop.component: is empty',
    ],
    [
      'a task report without a party status',
      wire({ command: { case: 'taskReport', value: { component: 'reader_0' } } }),
      'envelope.task_report.party_status: is unspecified',
    ],
    [
      'a task report without a component',
      wire({ command: { case: 'taskReport', value: { partyStatus: TaskStatus.RUNNING } } }),
      'envelope.task_report.component: is empty',
    ],
    [
      'a negative task report end time',
      wire({
        command: { case: 'taskReport', value: { component: 'c', partyStatus: TaskStatus.SUCCESS, endTimeMs: -2n } },
      }),
      'envelope.task_report.end_time_ms: must be an integer from 0 to 999999999999999, got -2',
    ],
    [
      'a negative task report elapsed time',
      wire({
        command: { case: 'taskReport', value: { component: 'c', partyStatus: TaskStatus.SUCCESS, elapsedMs: -3n } },
      }),
      'envelope.task_report.elapsed_ms: must be an integer from 0 to 9007199254740991, got -3',
    ],
    [
      'a transfer without a tag',
      wire({ command: { case: 'transfer', value: { payload: { case: 'inline', value: new Uint8Array([1]) } } } }),
      'envelope.transfer.tag: is empty',
    ],
    [
      'a transfer without a payload',
      wire({ command: { case: 'transfer', value: { tag: 'g' } } }),
      'envelope.transfer.payload: is missing',
    ],
    [
      'a transfer object without a key',
      wire({
        command: {
          case: 'transfer',
          value: { tag: 'g', payload: { case: 'object', value: { size: 1n, sha256: SHA256 } } },
        },
      }),
      'envelope.transfer.object.key: is empty',
    ],
    [
      'a transfer object with a negative size',
      wire({
        command: {
          case: 'transfer',
          value: { tag: 'g', payload: { case: 'object', value: { key: 'k', size: -1n, sha256: SHA256 } } },
        },
      }),
      'envelope.transfer.object.size: must be an integer from 0 to 9007199254740991, got -1',
    ],
    [
      'a transfer object with an upper-case digest',
      wire({
        command: {
          case: 'transfer',
          value: { tag: 'g', payload: { case: 'object', value: { key: 'k', size: 1n, sha256: SHA256.toUpperCase() } } },
        },
      }),
      `envelope.transfer.object.sha256: must be 64 lower-case hex digits, got "${SHA256.toUpperCase()}"`,
    ],
    ['a truncated field', new Uint8Array([0x0a, 0x05, 0x61]), 'not a federation envelope: premature EOF'],
    ['field number 0', new Uint8Array([0x07]), 'not a federation envelope: illegal tag: field no 0 wire type 7'],
    ['an endless varint', new Uint8Array(11).fill(0x80), 'not a federation envelope: invalid varint'],
    [
      'a message id that is not UTF-8',
      new Uint8Array([0x0a, 0x02, 0xff, 0xfe]),
      'not a federation envelope: The encoded data was not valid for encoding utf-8',
    ],
  ])('refuses %s with an ArgumentError naming the problem', (_name, bytes, message) => {
    const error = decodeError(bytes);

    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ message, retcode: 101, statusCode: 400 });
  });

  it('names the field in the error details', () => {
    expect(decodeError(wire({ jobId: '' }))).toMatchObject({ details: { field: 'envelope.job_id' } });
  });

  it('keeps the parser error as the cause of a malformed body', () => {
    expect(decodeError(new Uint8Array([0x07]))).toMatchObject({
      cause: new Error('illegal tag: field no 0 wire type 7'),
    });
  });

  it('ignores unknown fields beside a known command', () => {
    const bytes = new Uint8Array([...wire({}), 0xf8, 0x07, 0x01]);

    expect(decodeEnvelope(bytes).message).toStrictEqual({
      command: 'job.start',
      jobId: JOB_ID,
      src: { role: 'guest', partyId: 9999 },
      dest: { role: 'host', partyId: 10000 },
      body: { startTime: 1_795_794_260_000 },
    });
  });
});

describe('encodeEnvelope', () => {
  const cyclic: JsonObject = {};
  cyclic.self = cyclic;

  it.each<[string, EnvelopeInput, string]>([
    [
      'a fractional party id',
      { ...envelopeInput('job.clean', {}), src: { role: 'guest', partyId: 1.5 } },
      'envelope.source.party_id: must be an integer from 0 to 2147483647, got 1.5',
    ],
    [
      'a negative party id',
      { ...envelopeInput('job.clean', {}), dest: { role: 'host', partyId: -10000 } },
      'envelope.destination.party_id: must be an integer from 0 to 2147483647, got -10000',
    ],
    [
      'a role FATE does not have',
      { ...envelopeInput('job.clean', {}), dest: JSON.parse('{"role":"coordinator","partyId":1}') },
      'envelope.destination.role: "coordinator" is not a role',
    ],
    ['an empty job id', { ...envelopeInput('job.clean', {}), jobId: '' }, 'envelope.job_id: is empty'],
    ['an empty message id', { ...envelopeInput('job.clean', {}), messageId: '' }, 'envelope.message_id: is empty'],
    [
      'a creation time that is not a number',
      { ...envelopeInput('job.clean', {}), createdTime: Number.NaN },
      'envelope.created_time_ms: must be an integer from 0 to 999999999999999, got NaN',
    ],
    [
      'a command this version does not know',
      { ...envelopeInput('job.clean', {}), ...JSON.parse('{"command":"job.rerun"}') },
      'envelope.command: unknown command "job.rerun"',
    ],
    [
      'a command without a body',
      envelopeInput('job.start', JSON.parse('null')),
      'envelope.job_start: is missing (no body)',
    ],
    [
      'a job status FATE does not have',
      envelopeInput('job.status', JSON.parse('{"status":"pass"}')),
      'envelope.job_status_update.status: "pass" is not a job status',
    ],
    [
      'a stop status that is not an interrupt status',
      envelopeInput('task.stop', JSON.parse('{"component":"c","taskVersion":0,"status":"success"}')),
      'envelope.task_stop.status: "success" is not a stop status',
    ],
    [
      'a negative task version',
      envelopeInput('task.start', { component: 'c', taskVersion: -1 }),
      'envelope.task_start.task_version: must be an integer from 0 to 999999, got -1',
    ],
    [
      'a task version beyond the 6 digits versions have in the store',
      envelopeInput('task.report', { component: 'c', taskVersion: 1_000_000, partyStatus: 'success' }),
      'envelope.task_report.task_version: must be an integer from 0 to 999999, got 1000000',
    ],
    [
      'a job id that is not one',
      { ...envelopeInput('job.clean', {}), jobId: 'job-1' },
      'envelope.job_id: must be a job id of 21 digits, got "job-1"',
    ],
    [
      'a DSL with a cycle',
      envelopeInput('job.create', { dsl: cyclic, runtimeConf: {}, createTime: 0 }),
      `envelope.job_create.dsl_json: cannot be written as JSON: ${jsonStringifyError(cyclic)}`,
    ],
    [
      'URL-safe base64',
      envelopeInput('transfer', { tag: 'g', payload: { kind: 'inline', base64: '-_8=' } }),
      'envelope.transfer.inline: must be canonical base64 (padded, no line breaks or URL-safe letters)',
    ],
    [
      'base64 without padding',
      envelopeInput('transfer', { tag: 'g', payload: { kind: 'inline', base64: 'AAE' } }),
      'envelope.transfer.inline: must be canonical base64 (padded, no line breaks or URL-safe letters)',
    ],
    [
      'an object digest in base64',
      envelopeInput('transfer', {
        tag: 'g',
        payload: { kind: 'object', key: 'k', size: 0, sha256: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' },
      }),
      'envelope.transfer.object.sha256: must be 64 lower-case hex digits, got "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="',
    ],
    [
      'a payload of an unknown kind',
      envelopeInput('transfer', { tag: 'g', payload: JSON.parse('{"kind":"stream"}') }),
      'envelope.transfer.payload: unknown payload kind "stream"',
    ],
  ])('refuses %s with an ArgumentError naming the field', (_name, input, message) => {
    const error = encodeError(input);

    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ message });
  });
});

function jsonStringifyError(value: unknown): string {
  try {
    JSON.stringify(value);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('value is JSON');
}
