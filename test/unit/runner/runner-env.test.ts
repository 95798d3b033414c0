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
      testComponents: false,
      cores: 1,
    });
  });

  it('takes the cores FATE_FLOW_TASK_CORES gives (a job asking for none gets one), refusing a non-integer', () => {
    expect(readRunnerEnv({ ...complete, FATE_FLOW_TASK_CORES: '4' }).cores).toBe(4);
    expect(readRunnerEnv({ ...complete, FATE_FLOW_TASK_CORES: '0' }).cores).toBe(1);
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_TASK_CORES: '1.5' })).toThrow(
      'FATE_FLOW_TASK_CORES must be an integer of at least 0, got "1.5"',
    );
  });

  it('runs the test components only when its site opted in with FATE_FLOW_TEST_COMPONENTS=true', () => {
    expect(readRunnerEnv({ ...complete, FATE_FLOW_TEST_COMPONENTS: 'true' }).testComponents).toBe(true);
    expect(readRunnerEnv({ ...complete, FATE_FLOW_TEST_COMPONENTS: '' }).testComponents).toBe(false);
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_TEST_COMPONENTS: 'yes' })).toThrow(
      'FATE_FLOW_TEST_COMPONENTS must be "true" or unset, got "yes"',
    );
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

  it('reads how its key is certified and the CA peers chain to, and has neither when unset', () => {
    expect(readRunnerEnv(complete)).toMatchObject({ delegation: undefined, federationCa: undefined });
    expect(
      readRunnerEnv({
        ...complete,
        FATE_FLOW_DELEGATION_CHANNEL: 'ipc',
        FATE_FLOW_DELEGATION_TICKET: 'ticket-1',
        FATE_FLOW_FEDERATION_CA: '-----BEGIN CERTIFICATE-----\n',
      }),
    ).toMatchObject({
      delegation: { kind: 'ipc', ticket: 'ticket-1' },
      federationCa: '-----BEGIN CERTIFICATE-----\n',
      outboxFunction: undefined,
    });
  });

  it('asks the delegation function and goes out through the outbox in AWS', () => {
    const config = readRunnerEnv({
      ...complete,
      FATE_FLOW_DELEGATION_FUNCTION: 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-delegation',
      FATE_FLOW_DELEGATION_TICKET: 'ticket-2',
      FATE_FLOW_OUTBOX_FUNCTION: 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-runner-outbox',
    });
    expect([config.delegation, config.outboxFunction]).toEqual([
      {
        kind: 'lambda',
        functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-delegation',
        ticket: 'ticket-2',
      },
      'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-runner-outbox',
    ]);
  });

  it('refuses two routes, an unknown channel, a route without its ticket and a ticket without a route', () => {
    const ticket = { FATE_FLOW_DELEGATION_TICKET: 't' };
    expect(() =>
      readRunnerEnv({
        ...complete,
        ...ticket,
        FATE_FLOW_DELEGATION_CHANNEL: 'ipc',
        FATE_FLOW_DELEGATION_FUNCTION: 'f',
      }),
    ).toThrow('FATE_FLOW_DELEGATION_CHANNEL and FATE_FLOW_DELEGATION_FUNCTION are both set; set one');
    expect(() => readRunnerEnv({ ...complete, ...ticket, FATE_FLOW_DELEGATION_CHANNEL: 'pipe' })).toThrow(
      'FATE_FLOW_DELEGATION_CHANNEL must be "ipc", got "pipe"',
    );
    expect(() => readRunnerEnv({ ...complete, FATE_FLOW_DELEGATION_CHANNEL: 'ipc' })).toThrow(
      'FATE_FLOW_DELEGATION_TICKET is not set',
    );
    expect(() => readRunnerEnv({ ...complete, ...ticket })).toThrow(
      'FATE_FLOW_DELEGATION_TICKET is set but neither FATE_FLOW_DELEGATION_CHANNEL nor FATE_FLOW_DELEGATION_FUNCTION',
    );
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
