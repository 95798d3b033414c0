/** Record factories for the store tests: complete, valid records with the fields a test changes. */

import type { TableRecord } from '../../../functions/domain/ports/table-store.js';
import type { JobRecord } from '../../../functions/domain/records/job-record.js';
import type { TaskRecord } from '../../../functions/domain/records/task-record.js';

export const GUEST = 9999;
export const HOST = 10000;

let counter = 0;

/** A job id no other test in the file uses, FATE-shaped: 20 digits. */
export function newJobId(): string {
  counter += 1;
  return `2026010112000000${String(counter).padStart(4, '0')}`;
}

export function jobRecord(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId: newJobId(),
    role: 'guest',
    partyId: GUEST,
    initiatorRole: 'guest',
    initiatorPartyId: GUEST,
    isInitiator: true,
    status: 'waiting',
    jobType: 'train',
    roles: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
    dsl: { components: { reader_0: { module: 'Reader', output: { data: ['data'] } } } },
    runtimeConf: { dsl_version: 2, initiator: { role: 'guest', party_id: GUEST } },
    runtimeConfOnParty: { job_parameters: { task_cores: 4 } },
    trainRuntimeConf: {},
    stages: [['reader_0'], ['hetero_lr_0', 'evaluation_0']],
    modelId: 'guest-9999#host-10000#model',
    modelVersion: '202601011200000000001',
    description: '',
    progress: 0,
    tag: '',
    cancelSignal: false,
    rerunSignal: false,
    priority: 0,
    cores: 4,
    memory: 0,
    resourceInUse: false,
    runCount: 0,
    createTime: 1_767_268_800_000,
    updateTime: 1_767_268_800_000,
    ...overrides,
  };
}

export function taskRecord(overrides: Partial<TaskRecord> & { readonly jobId: string }): TaskRecord {
  const component = overrides.component ?? 'reader_0';
  const taskVersion = overrides.taskVersion ?? 0;
  return {
    component,
    taskId: `${overrides.jobId}_${component}`,
    taskVersion,
    role: 'guest',
    partyId: GUEST,
    module: 'Reader',
    needRun: true,
    provider: null,
    parameters: { table: { namespace: 'experiment', name: 'breast_hetero_guest' } },
    partyStatus: 'waiting',
    status: 'waiting',
    isLocal: true,
    statusHistory: [],
    createTime: 1_767_268_800_000,
    updateTime: 1_767_268_800_000,
    ...overrides,
  };
}

export function tableRecord(overrides: Partial<TableRecord> = {}): TableRecord {
  return {
    namespace: 'experiment',
    name: 'breast_hetero_guest',
    count: 569,
    partitions: 4,
    schema: { header: 'y,x0,x1,x2', sid: 'id' },
    idDelimiter: ',',
    location: 'tables/experiment/breast_hetero_guest.csv',
    engine: 'STANDALONE',
    origin: 'upload',
    enable: true,
    extendSid: false,
    jobId: newJobId(),
    createTime: 1_767_268_800_000,
    ...overrides,
  };
}
