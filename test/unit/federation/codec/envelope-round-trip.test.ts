import { create, fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from '@jest/globals';
import { decodeEnvelope, encodeEnvelope } from '../../../../functions/federation/codec/index.js';
import {
  EnvelopeSchema,
  JobCreateSchema,
  JobStatus,
  JobStatusUpdateSchema,
  JobStopSchema,
  Role,
  StopStatus,
  TaskReportSchema,
  TaskStatus,
  TransferSchema,
} from '../../../../proto/fateflow/federation/v1/federation_pb.js';
import {
  CREATED_TIME,
  decodedFrom,
  envelopeInput,
  everyCommand,
  heteroLrJob,
  JOB_ID,
  MESSAGE_ID,
} from './support/messages.js';

describe('encodeEnvelope and decodeEnvelope', () => {
  it.each(everyCommand())('give back %s exactly as it was sent', (_name, input) => {
    expect(decodeEnvelope(encodeEnvelope(input))).toStrictEqual(decodedFrom(input));
  });

  it('write the envelope header as protobuf fields', () => {
    const wire = fromBinary(EnvelopeSchema, encodeEnvelope(envelopeInput('job.clean', {})));

    expect(wire.messageId).toBe(MESSAGE_ID);
    expect(wire.jobId).toBe(JOB_ID);
    expect(wire.createdTimeMs).toBe(BigInt(CREATED_TIME));
    expect(wire.source?.role).toBe(Role.GUEST);
    expect(wire.source?.partyId).toBe(9999n);
    expect(wire.destination?.role).toBe(Role.HOST);
    expect(wire.destination?.partyId).toBe(10000n);
    expect(wire.command.case).toBe('jobClean');
  });

  it('carry the DSL and runtime conf as their exact JSON text', () => {
    const { dsl, runtimeConf } = heteroLrJob();
    const wire = fromBinary(
      EnvelopeSchema,
      encodeEnvelope(envelopeInput('job.create', { dsl, runtimeConf, createTime: 1_795_794_200_000 })),
    );

    expect(wire.command).toStrictEqual({
      case: 'jobCreate',
      value: create(JobCreateSchema, {
        dslJson: JSON.stringify(dsl),
        runtimeConfJson: JSON.stringify(runtimeConf),
        createTimeMs: 1_795_794_200_000n,
      }),
    });
  });

  it('carry JSON numbers and a __proto__ key through with their values and a plain prototype', () => {
    const dsl = JSON.parse('{"components":{},"__proto__":{"x":1},"weights":[0.1,-0.5,1e21,12345678901234]}');
    const input = envelopeInput('job.create', { dsl, runtimeConf: { dsl_version: 2 }, createTime: 0 });

    const { message } = decodeEnvelope(encodeEnvelope(input));

    expect(message).toStrictEqual({
      ...decodedFrom(input).message,
      body: { dsl, runtimeConf: { dsl_version: 2 }, createTime: 0 },
    });
    expect(JSON.stringify(message.body)).toBe(
      '{"dsl":{"components":{},"__proto__":{"x":1},"weights":[0.1,-0.5,1e+21,12345678901234]},"runtimeConf":{"dsl_version":2},"createTime":0}',
    );
    expect(message.command === 'job.create' && Object.getPrototypeOf(message.body.dsl)).toBe(Object.prototype);
  });

  it('write statuses as their protobuf enum values and leave absent optionals unset', () => {
    const status = fromBinary(
      EnvelopeSchema,
      encodeEnvelope(envelopeInput('job.status', { status: 'running', tag: 'job_end' })),
    );
    const stop = fromBinary(EnvelopeSchema, encodeEnvelope(envelopeInput('job.stop', { status: 'timeout' })));
    const report = fromBinary(
      EnvelopeSchema,
      encodeEnvelope(envelopeInput('task.report', { component: 'reader_0', taskVersion: 2, partyStatus: 'pass' })),
    );

    expect(status.command).toStrictEqual({
      case: 'jobStatusUpdate',
      value: create(JobStatusUpdateSchema, { status: JobStatus.RUNNING, tag: 'job_end' }),
    });
    expect(stop.command).toStrictEqual({
      case: 'jobStop',
      value: create(JobStopSchema, { status: StopStatus.TIMEOUT }),
    });
    const tagged = envelopeInput('job.stop', { status: 'failed', tag: 'federated_error: host 10000 did not answer' });
    expect(decodeEnvelope(encodeEnvelope(tagged)).message.body).toEqual({
      status: 'failed',
      tag: 'federated_error: host 10000 did not answer',
    });
    expect(report.command).toStrictEqual({
      case: 'taskReport',
      value: create(TaskReportSchema, { component: 'reader_0', taskVersion: 2, partyStatus: TaskStatus.PASS }),
    });
  });

  it('carry an inline transfer as raw bytes, not base64 text', () => {
    const wire = fromBinary(
      EnvelopeSchema,
      encodeEnvelope(envelopeInput('transfer', { tag: 'g', payload: { kind: 'inline', base64: 'AAEC/f7/' } })),
    );

    expect(wire.command).toStrictEqual({
      case: 'transfer',
      value: create(TransferSchema, {
        tag: 'g',
        payload: { case: 'inline', value: new Uint8Array([0, 1, 2, 253, 254, 255]) },
      }),
    });
  });

  it('keep a hetero-LR job.create envelope under 2 KB, about 100 bytes over its JSON', () => {
    const { dsl, runtimeConf } = heteroLrJob();
    const bytes = encodeEnvelope(envelopeInput('job.create', { dsl, runtimeConf, createTime: 1_795_794_200_000 }));
    const jsonLength = JSON.stringify(dsl).length + JSON.stringify(runtimeConf).length;

    expect(bytes.byteLength).toBeLessThan(2048);
    expect(bytes.byteLength - jsonLength).toBeLessThan(100);
  });
});
