import { describe, expect, it } from '@jest/globals';
import { RUNNER_ENV } from '../../../functions/domain/ports/task-launcher.js';
import { errorReportOf } from '../../../runner/error-report.js';
import { readRunnerEnv } from '../../../runner/runner-env.js';

const complete = {
  FATE_FLOW_PARTY_ID: '9999',
  FATE_FLOW_JOB_ID: '202601011200000000001',
  FATE_FLOW_COMPONENT: 'sleep_0',
  FATE_FLOW_TASK_VERSION: '2',
  FATE_FLOW_ROLE: 'guest',
  FATE_FLOW_TABLE: 'fate-flow',
  FATE_FLOW_DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
  FATE_FLOW_OBJECTS_DIR: '/data/objects',
};

describe('readRunnerEnv', () => {
  it('reads the task and the local stores from a complete local environment', () => {
    expect(readRunnerEnv(complete)).toEqual({
      task: { jobId: '202601011200000000001', component: 'sleep_0', taskVersion: 2, role: 'guest', partyId: 9999 },
      tableName: 'fate-flow',
      dynamodbEndpoint: 'http://127.0.0.1:4567',
      objects: { kind: 'dir', dir: '/data/objects' },
      heartbeatMs: 10_000,
    });
  });

  it('beats as often as FATE_FLOW_HEARTBEAT_MS says, and refuses an interval that is not a positive integer', () => {
    expect(readRunnerEnv({ ...complete, FATE_FLOW_HEARTBEAT_MS: '250' }).heartbeatMs).toBe(250);
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_HEARTBEAT_MS: '0' })).toThrow(
      'FATE_FLOW_HEARTBEAT_MS must be an integer of at least 1, got "0"',
    );
  });

  it('uses the SDK default endpoint and the bucket in AWS', () => {
    const { FATE_FLOW_DYNAMODB_ENDPOINT, FATE_FLOW_OBJECTS_DIR, ...aws } = complete;
    const config = readRunnerEnv({ ...aws, FATE_FLOW_BUCKET: 'fate-flow-9999-objects' });

    expect([config.dynamodbEndpoint, config.objects]).toEqual([
      undefined,
      { kind: 'bucket', bucket: 'fate-flow-9999-objects' },
    ]);
  });

  it('reads where the signing keys are and the CA peers chain to, and has neither when unset', () => {
    expect(readRunnerEnv(complete)).toMatchObject({ signingKeys: undefined, federationCa: undefined });
    expect(
      readRunnerEnv({
        ...complete,
        FATE_FLOW_SIGNING_KEY_FILE: '/data/party-9999/signing-keys.json',
        FATE_FLOW_FEDERATION_CA: '-----BEGIN CERTIFICATE-----\n',
      }),
    ).toMatchObject({
      signingKeys: { kind: 'file', path: '/data/party-9999/signing-keys.json' },
      federationCa: '-----BEGIN CERTIFICATE-----\n',
    });
    expect(readRunnerEnv({ ...complete, FATE_FLOW_SIGNING_KEY_SECRET_ARN: 'arn:secret' }).signingKeys).toEqual({
      kind: 'secret',
      secretId: 'arn:secret',
    });
  });

  it('refuses both a signing-key file and a secret', () => {
    expect(() =>
      readRunnerEnv({ ...complete, FATE_FLOW_SIGNING_KEY_FILE: '/k.json', FATE_FLOW_SIGNING_KEY_SECRET_ARN: 'arn:s' }),
    ).toThrow('FATE_FLOW_SIGNING_KEY_FILE and FATE_FLOW_SIGNING_KEY_SECRET_ARN are both set; set one');
  });

  it.each([
    RUNNER_ENV.partyId,
    RUNNER_ENV.jobId,
    RUNNER_ENV.component,
    RUNNER_ENV.taskVersion,
    RUNNER_ENV.role,
    RUNNER_ENV.tableName,
  ])('names %s when it is missing', (name) => {
    expect(() => readRunnerEnv({ ...complete, [name]: undefined })).toThrow(`${name} is not set`);
  });

  it('says neither objects location is set when both are missing', () => {
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_OBJECTS_DIR: '' })).toThrow(
      'neither FATE_FLOW_OBJECTS_DIR nor FATE_FLOW_BUCKET is set',
    );
  });

  it('refuses an unknown role and a version that is not a whole number', () => {
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_ROLE: 'guests' })).toThrow(
      'FATE_FLOW_ROLE must be guest, host, arbiter or local, got "guests"',
    );
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_TASK_VERSION: '-1' })).toThrow(
      'FATE_FLOW_TASK_VERSION must be an integer of at least 0, got "-1"',
    );
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_PARTY_ID: '99x' })).toThrow(
      'FATE_FLOW_PARTY_ID must be an integer of at least 0, got "99x"',
    );
  });
});

describe('errorReportOf', () => {
  it('keeps the name, the message and the top five stack frames', () => {
    const nested = (depth: number): Error => (depth === 0 ? new TypeError('bad cell') : nested(depth - 1));
    const lines = errorReportOf(nested(10)).split('\n');

    expect(lines[0]).toBe('TypeError: bad cell');
    expect(lines.length).toBe(6);
    expect(lines.slice(1).every((line) => line.startsWith('    at '))).toBe(true);
  });

  it('words a thrown non-error as a string', () => {
    expect(errorReportOf('plain text')).toBe('plain text');
  });
});
