import { FIRST_TASK_VERSION } from '../../domain/ids.js';
import type { TableRecord } from '../../domain/ports/table-store.js';
import type { OutputRecord } from '../../domain/ports/tracking-store.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { newTaskRecord } from '../../domain/records/new-task-record.js';
import type { TaskRecord } from '../../domain/records/task-record.js';
import type { CsvTableSummary } from './csv-table.js';
import type { UploadConf } from './upload-conf.js';

/** FATE runs an upload as a one-party `local` job with one component, `upload_0`. */
export const UPLOAD_COMPONENT = 'upload_0';

/** Everything an upload stores besides the rows, built (and checked) before any of it is written. */
export interface UploadRecords {
  readonly job: JobRecord;
  readonly task: TaskRecord;
  readonly table: TableRecord;
  readonly output: OutputRecord;
}

export interface UploadInput {
  readonly jobId: string;
  readonly partyId: number;
  readonly conf: UploadConf;
  readonly table: CsvTableSummary;
  /** The rows' object key. */
  readonly location: string;
  /** The storage engine tables report (`S3`, `LOCALFS`). */
  readonly engine: string;
  readonly now: number;
}

export function uploadRecords(input: UploadInput): UploadRecords {
  const job = uploadJob(input);
  const { conf, table } = input;
  return {
    job,
    task: uploadTask(job, conf, input.now),
    table: {
      namespace: conf.namespace,
      name: conf.tableName,
      count: table.count,
      partitions: conf.partition,
      schema: {
        header: table.header.join(conf.idDelimiter),
        sid: table.sid,
        ...(conf.withMeta && conf.meta ? { meta: conf.meta } : {}),
      },
      idDelimiter: conf.idDelimiter,
      location: input.location,
      engine: input.engine,
      origin: 'upload',
      enable: true,
      extendSid: conf.extendSid,
      jobId: input.jobId,
      createTime: input.now,
    },
    output: {
      jobId: input.jobId,
      component: UPLOAD_COMPONENT,
      role: 'local',
      partyId: input.partyId,
      kind: 'data',
      name: 'data',
      location: input.location,
      meta: { header: [table.sid, ...table.header], total: table.count, sid: table.sid, delimiter: conf.idDelimiter },
      createTime: input.now,
    },
  };
}

function uploadJob({ jobId, partyId, conf, now }: UploadInput): JobRecord {
  const runtimeConf = {
    dsl_version: 2,
    initiator: { role: 'local', party_id: partyId },
    role: { local: [partyId] },
    component_parameters: {
      role: {
        local: { '0': { [UPLOAD_COMPONENT]: { namespace: conf.namespace, name: conf.tableName, head: conf.head } } },
      },
    },
  };
  return {
    jobId,
    role: 'local',
    partyId,
    initiatorRole: 'local',
    initiatorPartyId: partyId,
    isInitiator: true,
    status: 'waiting',
    jobType: 'train',
    roles: { local: [partyId] },
    dsl: { components: { [UPLOAD_COMPONENT]: { module: 'Upload', output: { data: ['data'] } } } },
    runtimeConf,
    runtimeConfOnParty: runtimeConf,
    trainRuntimeConf: {},
    stages: [[UPLOAD_COMPONENT]],
    modelId: `local-${partyId}#model`,
    modelVersion: jobId,
    description: `upload ${conf.namespace}.${conf.tableName}`,
    progress: 0,
    tag: '',
    cancelSignal: false,
    rerunSignal: false,
    // Uploads hold no scheduler resources; they never wait in the queue.
    priority: 0,
    cores: 0,
    memory: 0,
    resourceInUse: false,
    runCount: 0,
    createTime: now,
    updateTime: now,
  };
}

function uploadTask(job: JobRecord, conf: UploadConf, now: number): TaskRecord {
  return newTaskRecord(
    {
      jobId: job.jobId,
      component: UPLOAD_COMPONENT,
      taskVersion: FIRST_TASK_VERSION,
      role: 'local',
      partyId: job.partyId,
      module: 'Upload',
      needRun: true,
      provider: null,
      parameters: { namespace: conf.namespace, name: conf.tableName, head: conf.head, partition: conf.partition },
      isLocal: true,
    },
    now,
  );
}
