import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runnerEnvironment } from '../../../../functions/adapters/launchers/runner-environment.js';
import { taskLogPath } from '../../../../local/launcher/task-log-path.js';

const task = {
  jobId: '202601011200000000001',
  component: 'pass_0',
  taskVersion: 2,
  role: 'host',
  partyId: 10000,
  cores: 2,
} as const;

describe('runnerEnvironment', () => {
  it('adds the task identity to the site part', () => {
    expect(runnerEnvironment({ FATE_FLOW_TABLE: 'fate-flow', FATE_FLOW_OBJECTS_DIR: '/srv/objects' }, task)).toEqual({
      FATE_FLOW_TABLE: 'fate-flow',
      FATE_FLOW_OBJECTS_DIR: '/srv/objects',
      FATE_FLOW_PARTY_ID: '10000',
      FATE_FLOW_JOB_ID: '202601011200000000001',
      FATE_FLOW_COMPONENT: 'pass_0',
      FATE_FLOW_TASK_VERSION: '2',
      FATE_FLOW_ROLE: 'host',
      FATE_FLOW_TASK_CORES: '2',
    });
  });

  it('refuses a site part that sets a per-task variable', () => {
    expect(() => runnerEnvironment({ FATE_FLOW_ROLE: 'guest' }, task)).toThrow(
      "FATE_FLOW_ROLE is set per task; the site's runner environment may not set it",
    );
  });
});

describe('taskLogPath', () => {
  it("follows FATE's party log layout, one file per task version", () => {
    expect(taskLogPath('/srv/logs', task)).toBe(
      join('/srv/logs', '202601011200000000001', 'host', '10000', 'pass_0', 'v2.log'),
    );
  });

  it('refuses ids that would leave the logs folder', () => {
    expect(() => taskLogPath('/srv/logs', { ...task, jobId: '..' })).toThrow('job id ".." cannot name a log folder');
    expect(() => taskLogPath('/srv/logs', { ...task, component: 'a/../../b' })).toThrow(
      'component "a/../../b" cannot name a log folder',
    );
  });
});
